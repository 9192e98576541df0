"""Writing bundles: a laptop's ordinary day (500 operations) and a large backlog (100,000).

A head office and a laptop are set up afresh in a temporary folder, with their cards
exchanged. The day: the laptop already has 20,000 operations that head office acknowledged,
then a worker's day of real saves (new people with a hearing and a contact, edits) adds 500;
the time is `export_device` alone, median of 5 days. The backlog: 100,000 operations nobody
has acknowledged yet, written as one bundle. Each bundle is opened again by head office
afterwards, so a figure is never for a bundle that does not read back.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from _common import OUT, PASSPHRASE, emit
from cass_desktop.data import changelog, clients, local, open_store, store_path
from cass_desktop.data import sync as sync_data
from cass_desktop.sites.setup import set_up_device, set_up_head_office
from cass_desktop.sync import identity
from cass_desktop.sync.exporter import export_device
from cass_desktop.sync.importer import import_file

DAY_OPS = 500
LARGE_OPS = int(os.environ.get("CASS_BENCH_EXPORT_OPS", "100000"))
DAYS = 5
SITES = [
    ("Plymouth Magistrates' Court", "Alex Carter"),
    ("Bodmin Magistrates' Court", "Jo Pengelly"),
    ("Truro Magistrates' Court", "Sam Okafor"),
    ("Plymouth Magistrates' Court", "Priya Shah"),  # a second laptop at one court
]


def make_office(root: Path, devices: int):
    """Head office and `devices` laptops, each a real store, cards exchanged."""
    ho_dir = root / "head-office"
    ho_dir.mkdir(parents=True)
    ho = open_store(store_path(ho_dir), key=PASSPHRASE)
    set_up_head_office(ho, "Devon and Cornwall CASS")
    card = identity.write_card(ho, root / "head-office.card")
    laptops = []
    for n in range(devices):
        folder = root / f"device-{n}"
        folder.mkdir()
        db = open_store(store_path(folder), key=PASSPHRASE)
        site, worker = SITES[n % len(SITES)]
        set_up_device(db, site, worker)
        identity.trust_head_office(db, card)
        identity.enrol_device(ho, identity.my_card(db))
        laptops.append(db)
    return ho, laptops


def fill(db, ops_wanted: int, start: int = 0) -> int:
    """Add people, each with a hearing and a contact, until about `ops_wanted` operations
    more are logged (14 per person); return how many were added."""
    site = local.get(db, "site_id")
    before = sync_data.last_own_seq(db)
    people = max(1, ops_wanted // 14)
    ids = changelog.save_new_many(
        db,
        "clients",
        (
            {
                "reference": f"B{start + n:07d}-{site[-6:]}",
                "given_name": f"Given{start + n}",
                "family_name": f"Family{start + n}",
                "date_of_birth": f"19{50 + n % 50}-0{1 + n % 9}-1{n % 10}",
                "site_id": site,
                "status": "open",
            }
            for n in range(people)
        ),
    )
    changelog.save_new_many(
        db,
        "hearings",
        (
            {
                "client_id": person,
                "court_id": site,
                "starts_at": "2026-11-27T10:00",
                "hearing_type": "first_appearance",
            }
            for person in ids
        ),
    )
    changelog.save_new_many(
        db,
        "contacts",
        (
            {"client_id": person, "kind": "court", "at": "2026-11-27T11:00", "summary": "Seen"}
            for person in ids
        ),
    )
    return sync_data.last_own_seq(db) - before


def worker_day(db, ops_wanted: int, day: int) -> None:
    """A day of ordinary saves, one record at a time, as the app makes them."""
    site = local.get(db, "site_id")
    start = sync_data.last_own_seq(db)
    n = 0
    while sync_data.last_own_seq(db) - start < ops_wanted:
        person = clients.create(
            db,
            {"given_name": f"Day{day}", "family_name": f"Person{n}", "site_id": site},
            "PLY",
        )
        clients.update(db, person, {"phone": f"07700 9{n:05d}", "postcode": "PL1 2AA"})
        n += 1


def acknowledge(db) -> None:
    """As when head office's update arrives: everything so far is held there."""
    local.put(db, "acked_seq", sync_data.last_own_seq(db))


def _read_back(ho, path: Path, expected: int | None = None) -> None:
    """Head office opens the bundle (not timed): every operation in it is applied."""
    result = import_file(ho, path)
    if result.refused or (expected is not None and result.merge.applied != expected):
        raise SystemExit(f"the bundle did not read back: {result.describe()}")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="sync-export-bench-", dir=OUT))
    try:
        ho, (laptop,) = make_office(root, 1)
        outbox = root / "bundles"
        fill(laptop, 20_000)
        _read_back(ho, export_device(laptop, outbox))
        acknowledge(laptop)
        day_ms, day_ops = [], []
        for day in range(DAYS):
            worker_day(laptop, DAY_OPS, day)
            pending = sync_data.last_own_seq(laptop) - int(local.get(laptop, "acked_seq"))
            started = time.perf_counter()
            path = export_device(laptop, outbox)
            day_ms.append((time.perf_counter() - started) * 1000)
            day_ops.append(pending)
            assert path is not None
            _read_back(ho, path, pending)
            acknowledge(laptop)
        day_size = path.stat().st_size

        ho_large, (backlog,) = make_office(root / "large", 1)
        fill(backlog, LARGE_OPS)
        large_ops = sync_data.last_own_seq(backlog)  # with the site and worker set-up made
        started = time.perf_counter()
        large = export_device(backlog, outbox)
        large_s = time.perf_counter() - started
        assert large is not None
        large_size = large.stat().st_size
        _read_back(ho_large, large, large_ops)
        for db in (laptop, backlog, ho, ho_large):
            db.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    emit(
        {
            "benchmark": "sync_export",
            "day_ops": round(statistics.median(day_ops)),
            "day_export_ms_median": round(statistics.median(day_ms), 1),
            "day_export_ms_max": round(max(day_ms), 1),
            "day_bundle_kb": round(day_size / 1024, 1),
            "large_ops": large_ops,
            "large_export_s": round(large_s, 2),
            "large_ops_per_second": round(large_ops / large_s),
            "large_bundle_mb": round(large_size / 1e6, 1),
            "large_bytes_per_op": round(large_size / large_ops, 1),
        }
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
