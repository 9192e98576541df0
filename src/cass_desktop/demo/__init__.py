"""Realistic made-up data for trying the app, training and benchmarks.

`generate` fills an empty store with people seen at Plymouth, Bodmin and Truro Magistrates'
Courts, their court dates, consents, contacts, needs and follow-ups, supported referrals in
every status (each with the consent or lawful reason that lets it be made), and a directory
of fictional agencies across Devon and Cornwall. Everything is drawn from one seeded random
generator, ids included, so the same seed gives the same records (only the change-log clocks,
which come from the wall clock, differ). Dates are placed around today, so the Today page and
the court diary always have hearings today at every court.

Nothing here is real: names come from lists in resources/demo, phone numbers from Ofcom's
ranges kept for drama (07700 900000-900999, 01632 960000-960999), e-mail addresses from the
example domains, and the organisations are invented.

A demo store is marked as one in its own state (`data.local.is_demo`), in the same transaction
as its first records, and the app shows it as demo however it is opened; it is never
exported, gives no card, and head office takes nothing from it. Demo data never goes in a
store set up for a real court or as head office. `make_store` builds a demo all or nothing:
in a new store file beside the one asked for, moved into place only when it is complete.

So the records it starts with are not changes anyone made and have no change log: they are
written by `changelog.save_new_many(..., logged=False)` (set-based, the same path as every bulk
write, data/made_up.py), the record rows and their search rows alone, a batch of people to a
transaction, under `data.bulk.bulk_loading`, while a second thread makes the next batch:
100,000 people make about a million records (bench/bench_demo_data.py has the time against a
raw floor). Whatever is done in the demo afterwards is logged as in any store, and a person's
History says who was made up (`data.made_up.is_made_up`). `generate(..., logged=True)` writes
the same records through the change log instead (one operation per field, 8.8 million for
100,000 people), for the benchmarks that need a laptop's real workload (bench_store_size).

The parts, one module for each thing made, share one seeded generator (`base.Base`):
`world` (courts, workers, agencies), `people` (a person and everything recorded about them),
`court_dates` (hearings and outcomes), `casework` (needs, consents, contacts, follow-ups) and
`referrals`. `Generator` below puts them together; the order they draw from the generator is
what makes a seed give the same records, so a change to it shows in
tests/demo/test_same_seed_same_records.py.
"""

from __future__ import annotations

import datetime as dt
import queue
import threading
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from cass_desktop.app import durable
from cass_desktop.data import changelog, open_store, sites
from cass_desktop.data import clients as people_data
from cass_desktop.data.bulk import bulk_loading
from cass_desktop.data.local import get as setting
from cass_desktop.data.local import is_demo, mark_demo
from cass_desktop.data.passphrase import is_locked
from cass_desktop.data.store import is_protected
from cass_desktop.demo.base import BATCH, DEVICE_SITE, DEVICE_WORKER, weekday, weighted
from cass_desktop.demo.casework import Casework
from cass_desktop.demo.court_dates import CourtDates
from cass_desktop.demo.people import People
from cass_desktop.demo.referrals import Referrals
from cass_desktop.demo.world import World
from cass_desktop.records.dates import today as _today
from cass_desktop.sites.setup import set_up_device


class Generator(World, People, CourtDates, Casework, Referrals):
    """The whole demo, made in the order the seed expects: the world, then each person with
    everything recorded about them, a batch at a time."""

    def run(self) -> None:
        self.report(0, "Making courts, workers and agencies…")
        with self.db.atomic():  # marked as demo with its first records, never after them
            mark_demo(self.db)
            self.make_world()
        courts = list(self.courts.values())
        shares = [(c, c.share) for c in courts]
        # The first three people are one at each court, so even a tiny store has all three.
        assigned = [
            courts[i] if i < len(courts) else weighted(self.rng, shares) for i in range(self.total)
        ]
        # Hearings today at every court (a court list's worth, scaled with the store), and
        # more in the coming weeks for the court diary.
        pending: dict[int, dt.date] = {}
        for court in courts:
            mine = [i for i, c in enumerate(assigned) if c is court]
            today_count = max(3, min(30, self.total * court.share // 4000))
            soon_count = max(3, min(150, self.total * court.share // 1000))
            chosen = self.rng.sample(mine, min(today_count + soon_count, len(mine)))
            for n, index in enumerate(chosen):
                if n < today_count:
                    pending[index] = self.today
                else:
                    ahead = dt.timedelta(days=self.rng.randrange(1, 36))
                    pending[index] = weekday(self.today + ahead)
        # People are made in a second thread while this one writes the batch before: writing
        # is mostly SQLite's (set-based statements, run without holding Python's lock), making
        # people is all Python, so the two share two cores. Only this thread touches the store.
        made: queue.Queue = queue.Queue(maxsize=2)
        stop = threading.Event()

        def hand(item: object) -> bool:
            """Pass one item to the writing thread; False once it has stopped."""
            while not stop.is_set():
                try:
                    made.put(item, timeout=0.1)
                    return True
                except queue.Full:
                    continue
            return False

        def make_people() -> None:
            try:
                for index, court in enumerate(assigned):
                    if stop.is_set():
                        return
                    self.make_client(court, pending.get(index))
                    done = index + 1
                    if (done % BATCH == 0 or done == self.total) and not hand((done, self.take())):
                        return
                hand(None)
            except BaseException as error:  # handed to the writing thread, which raises it
                hand(error)

        maker = threading.Thread(target=make_people, name="demo-people", daemon=True)
        maker.start()
        try:
            while (batch := made.get()) is not None:
                if isinstance(batch, BaseException):
                    raise batch
                done, records = batch
                self.write(records)
                self.report(done, f"Made {done:,} of {self.total:,} people")
        finally:
            stop.set()
            maker.join()
        set_up_device(self.db, DEVICE_SITE, DEVICE_WORKER)


def generate(
    db: sqlite_utils.Database,
    *,
    clients: int,
    seed: int = 1,
    progress: Callable[[int, int, str], None] | None = None,
    today: dt.date | None = None,
    logged: bool = False,
) -> None:
    """Fill an empty store with `clients` made-up people and all that goes with them.

    The store is marked as demo data and set up as this laptop's: Plymouth Magistrates' Court,
    worked by Sam Okafor. It counts as set up only once everything is written (`make_store`
    makes the whole store all or nothing). `progress(done, total, text)` is called every few
    thousand records, counting people. Dates are placed around `today` (the real today unless
    given), so the same seed on the same day gives the same records. Raises DemoRefused for a
    store that is set up for real or holds anything. The records are written with no change
    log unless `logged` (a laptop's workload, for benchmarks: the same records, each field an
    operation, as if a worker had typed them all in).
    """
    if clients < 1:
        raise ValueError("clients must be at least 1")
    refused = refusal(db, "This store")
    if refused:
        raise DemoRefused(refused)
    with bulk_loading(db):
        Generator(db, clients, seed, today or _today(), progress, logged=logged).run()


class DemoRefused(ValueError):
    """Demo data cannot go in this store; the message says why in one sentence."""


def refusal(db: sqlite_utils.Database, where: str) -> str | None:
    """Why demo data may not go in this store (`where` names it: "The store in DIR"), or None
    for a plain store holding nothing at all."""
    if not is_demo(db):
        role = setting(db, "role")
        if role == "head-office":
            return f"{where} is head office's, so demo data will never go in it."
        if role is not None:
            site = sites.get_site(db, setting(db, "site_id") or "") or {}
            court = site.get("name") or "a court"
            return (
                f"{where} is set up for {court}, so demo data will never go in it: "
                "give --data-dir an empty folder for the demo."
            )
    if people_data.count(db):
        return f"{where} already holds people; demo data goes in an empty folder."
    if changelog.count_ops(db):
        return f"{where} already holds records; demo data goes in an empty folder."
    if is_protected(db):  # a locked store is a real one (data/made_up.py refuses it too)
        return (
            f"{where} is locked with a passphrase, so demo data will never go in it: "
            "give --data-dir an empty folder for the demo."
        )
    return None


def locked_refusal(path: Path) -> str:
    """Why demo data never goes in the store file at `path`, which is locked with a passphrase
    (a real store) or is not a plain store at all."""
    return (
        f"{path} is locked with a passphrase, or is not a CASS Desktop store, so demo data will "
        "never go in it: give --data-dir an empty folder for the demo."
    )


BUILDING_SUFFIX = ".demo-creating"
_SIDECARS = ("-wal", "-shm", "-journal")


def make_store(
    path: Path,
    *,
    clients: int,
    seed: int = 1,
    progress: Callable[[int, int, str], None] | None = None,
    today: dt.date | None = None,
) -> None:
    """Make a demo store of `clients` people at `path`, all or nothing.

    It is built in a new store file beside `path` and moved into place in one step once it is
    complete, so a demo cut off part way (the process killed, the power lost) leaves `path` as
    it was, and making it again starts afresh. `path` must not exist, or be a plain store
    holding nothing (see `refusal`), closed; raises DemoRefused otherwise, changing nothing.
    The demo store is the one store without a passphrase: a locked store is a real one.
    """
    path = Path(path)
    if is_locked(path):
        raise DemoRefused(locked_refusal(path))
    if path.exists():  # only a store holding nothing is ever replaced
        existing = open_store(path, create=False)
        try:
            refused = refusal(existing, f"The store in {path.parent}")
        finally:
            existing.close()
        if refused:
            raise DemoRefused(refused)
    building = path.with_name(path.name + BUILDING_SUFFIX)
    for leftover in (building, *_sidecars(building)):
        leftover.unlink(missing_ok=True)  # what an interrupted demo left
    if not path.exists():
        for stale in _sidecars(path):  # a log beside no store belongs to none: never to this
            stale.unlink(missing_ok=True)
    db = open_store(building)
    try:
        generate(db, clients=clients, seed=seed, progress=progress, today=today)
        db.execute("PRAGMA journal_mode = DELETE")  # the one file is the whole store
    except BaseException:
        db.close()
        for leftover in (building, *_sidecars(building)):
            leftover.unlink(missing_ok=True)
        raise
    db.close()
    if any(p.exists() for p in _sidecars(path)):
        building.unlink(missing_ok=True)
        raise DemoRefused(
            f"{path} is open in another copy of CASS Desktop; close it there and try again."
        )
    durable.replace(building, path)


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in _SIDECARS]
