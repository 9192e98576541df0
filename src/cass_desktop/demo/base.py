"""What every part of the demo is made with: one seeded random generator (`Base.rng`, ids
included), the records queued and written a batch at a time, the lists in resources/demo,
and the small helpers every part uses."""

from __future__ import annotations

import datetime as dt
import json
import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from cass_desktop.app.resources import resource
from cass_desktop.data import changelog
from cass_desktop.records import dates, vocab

DEVICE_SITE = "Plymouth Magistrates' Court"
DEVICE_WORKER = "Sam Okafor"

# People are written in batches of this many, with everything recorded about them.
BATCH = 1000
# The tables a batch writes, in this order.
_TABLES = ("clients", "consents", "hearings", "contacts", "needs", "followups", "referrals")
ID_EPOCH_MS = 1_767_225_600_000  # 1 Jan 2026: where demo ids start counting


def weighted[T](rng: random.Random, pairs: Sequence[tuple[T, float]] | Sequence[list]) -> T:
    total = sum([w for _, w in pairs])
    pick = rng.random() * total
    for value, weight in pairs:
        pick -= weight
        if pick < 0:
            return value
    return pairs[-1][0]


class Random(random.Random):
    """random.Random with `choice` and `randrange` drawing exactly what Python 3.12's draw
    (the same `getrandbits` calls, so a seed gives the same records), without their layers of
    calls: the demo makes millions of draws."""

    def choice(self, seq):
        n = len(seq)
        if not n:
            raise IndexError("Cannot choose from an empty sequence")
        getrandbits = self.getrandbits
        k = n.bit_length()
        r = getrandbits(k)
        while r >= n:
            r = getrandbits(k)
        return seq[r]

    def randrange(self, start, stop=None, step=1):
        if step != 1 or type(start) is not int or (stop is not None and type(stop) is not int):
            return super().randrange(start, stop, step)
        low, width = (0, start) if stop is None else (start, stop - start)
        if width <= 0:
            return super().randrange(start, stop, step)  # its error
        getrandbits = self.getrandbits
        k = width.bit_length()
        r = getrandbits(k)
        while r >= width:
            r = getrandbits(k)
        return low + r


def load(name: str) -> dict[str, Any]:
    return json.loads(resource("demo", name).read_text(encoding="utf-8"))


def to_ascii(text: str) -> str:
    """Letters for an e-mail address: Łukasz Wiśniewski -> lukasz.wisniewski."""
    text = text.replace("ł", "l").replace("Ł", "L").replace("ı", "i").replace("đ", "d")
    text = text.replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def weekday(day: dt.date) -> dt.date:
    """The day itself, or the Monday after when it falls at a weekend (courts sit weekdays)."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def weekday_before(day: dt.date) -> dt.date:
    """The day itself, or the Friday before when it falls at a weekend."""
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


@dataclass
class Court:
    code: str
    id: str
    name: str
    courtrooms: list[str]
    share: int
    areas: list[str]
    towns: list[dict[str, Any]] = field(default_factory=list)
    workers: list[str] = field(default_factory=list)


@dataclass
class Person:
    """What the records about one person are made from."""

    id: str
    court: Court
    areas: set[str]
    interpreter: str | None
    keyworker: str = ""
    opened: dt.date = dt.date.min
    closed: dt.date | None = None
    hearings: list[dict[str, Any]] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)


@dataclass
class Agency:
    id: str
    name: str
    domains: list[str]
    areas: set[str]
    contact: str | None = None
    address: str | None = None


class Base:
    """The state the parts share; `demo.Generator` puts the parts together."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        clients: int,
        seed: int,
        today: dt.date,
        progress: Callable[[int, int, str], None] | None,
        *,
        logged: bool = False,
    ):
        self.db = db
        # The demo's records are made up, not changes anyone made: written with no change log
        # (data/made_up.py), unless a benchmark asks for a laptop's workload (`logged`).
        self.logged = logged
        self.total = clients
        self.rng = Random(seed)
        self.today = today
        # Made for the real today, nothing seen today is later than the moment it is made
        # (issue 9, 22); contacts after it are left out once their words are chosen, so the
        # rest of the data is the same whatever the time.
        self.now = dt.datetime.now().strftime("%Y-%m-%dT%H:%M") if today == dates.today() else None
        self.progress = progress
        self.names = load("names.json")
        self.places = load("places.json")
        self.phrases = load("phrases.json")
        self.backgrounds = [(b, b["weight"]) for b in self.names["backgrounds"]]
        self.courts: dict[str, Court] = {}
        self.agencies: list[Agency] = []
        self.by_domain: dict[str, list[Agency]] = {}
        self.device_worker = ""
        self.references: set[str] = set()
        self.sam_followups = [-3, 0, 6]  # days from today still to give this laptop's worker
        self.sam_in_court = 0
        # Referrals: the first ones take each status in turn, so even a small store shows
        # every status; this laptop's worker has referral follow-ups overdue and due today.
        self.referral_statuses = list(vocab.REFERRAL_STATUSES)
        self.sam_referral_followups = [-2, 0]
        self.buffers: dict[str, list[dict[str, Any]]] = {}
        self.ids_made = 0

    # ---- small helpers -------------------------------------------------------------------
    def new_id(self) -> str:
        # Time-ordered like the app's own ids (UUIDv7), from a fixed start so a seed always
        # gives the same ids.
        self.ids_made += 1
        return changelog.uuid7(ID_EPOCH_MS + self.ids_made, self.rng.getrandbits(74))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def mobile(self) -> str:
        return f"07700 900{self.rng.randrange(1000):03d}"

    def landline(self) -> str:
        return f"01632 960{self.rng.randrange(1000):03d}"

    def add(self, table: str, record: dict[str, Any]) -> None:
        """Queue a record, leaving out empty fields (they are not logged)."""
        self.buffers.setdefault(table, []).append(
            {k: v for k, v in record.items() if v is not None and v != ""}
        )

    def take(self) -> dict[str, list[dict[str, Any]]]:
        """The records queued since the last batch (the queue emptied)."""
        taken, self.buffers = self.buffers, {}
        return taken

    def write(self, records: dict[str, list[dict[str, Any]]]) -> None:
        """Write one batch of people with everything recorded about them, in one transaction
        (a batch is all written or none of it), table by table in the order the seed expects."""
        with self.db.atomic():
            for table in _TABLES:
                if records.get(table):
                    self.save_new(table, records[table])

    def save_new(self, table: str, records: list[dict[str, Any]]) -> None:
        """The one way the demo writes records: `changelog.save_new_many`, with a change log
        only when `logged`."""
        changelog.save_new_many(self.db, table, records, logged=self.logged)

    def report(self, done: int, text: str) -> None:
        if self.progress is not None:
            self.progress(done, self.total, text)
