"""Who may change what: the one place that decides, for every operation that arrives, whether
its sender may make it. (Over 500 lines: the rules for every table and both receivers stay
together, so that who may change what is read, and reviewed, in one place.)

It decides from what the receiver holds, never from what a bundle or card says: at head
office, the court it assigned the sending laptop at enrolment and each person's court as head
office holds it (or, for a person new to head office, as the same batch sets it); on a
laptop, the courts head office vouches for in its signed update.

At head office, a laptop may change:
- people at its own court, and their records (consents, court dates, contact notes, needs,
  follow-ups, referrals, letters, assessments: a record's court is its person's court); it
  may not move a person to another court (head office's decision), nor re-point a record to
  another court's person; a completed assessment is never changed, only made (a correction
  is a new one) or deleted;
- court dates and contact notes it made itself, even once their person has moved on;
- the workers at its own court (people who share the laptop are added there as workers),
  but never move one to another court nor change another court's;
- nothing else shared: letter templates and forms and sites are head office's alone. A
  laptop's own record of its court, restating exactly what head office holds, is an echo,
  dropped quietly; anything else is refused. A change to the agency directory becomes a
  proposal for head office to accept or reject.

On a laptop, an update from head office may carry head office's own changes to anything, and
another laptop's changes only to people (and their records) at the court head office vouches
that laptop is at; never another laptop's changes to what is shared.

The merge calls the policy at the moment operations are applied (those released after a gap
too), a batch at a time: every look-up is one query per few hundred records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import sqlite_utils

from cass_desktop.data import changelog, local, peers, trust
from cass_desktop.data.changelog import Op
from cass_desktop.data.merge import ECHO, PROPOSE, REFUSE, Policy, Verdict
from cass_desktop.records.words import field_noun, short_site
from cass_desktop.sync import identity

# Records of a person, and the field naming whose they are.
PERSON_RECORDS = (
    "consents",
    "hearings",
    "contacts",
    "needs",
    "followups",
    "referrals",
    "letters",
    "assessments",
)
# Records never changed once made (a correction is a new record): only deleting them is.
READ_ONLY = ("assessments",)
# Records a laptop may go on changing because it made them.
OWN_MADE = ("hearings", "contacts")
# Shared by every site, and head office's alone.
SHARED = ("agencies", "sites", "workers", "documents")
# A laptop's own set-up makes these; when they restate what is held they are echoes.
SET_UP = ("sites", "workers")
DIRECTORY = "agencies"

_RECORD_WORDS = {
    "consents": "consent",
    "hearings": "court date",
    "contacts": "contact note",
    "needs": "need",
    "followups": "follow-up",
    "referrals": "referral",
    "letters": "letter",
    "assessments": "assessment",
}
_TABLE_WORDS = {
    "agencies": "the agency directory",
    "sites": "a court or drop-in",
    "workers": "a worker",
    "documents": "a letter template or form",
}
_UNKNOWN = object()  # a person the receiver does not hold
_NO_COURT = None  # a person held at no court (made by head office without one)


def field_words(field: str) -> str:
    """A field as it reads in a refusal: the noun records/words.py gives it."""
    return field_noun(field)


def _refuse(reason: str) -> Verdict:
    return Verdict(REFUSE, reason)


class _Courts:
    """Courts of devices and names of sites, looked up once per batch."""

    def __init__(self, db: sqlite_utils.Database, fixed: Mapping[str, str | None], lookup: bool):
        self.db = db
        self.of_device: dict[str, str | None] = dict(fixed)
        self.lookup = lookup  # ask `peers` for devices not given (head office)
        self._names: dict[str, str] = {}

    def learn(self, devices: Iterable[str]) -> None:
        wanted = sorted({d for d in devices if d not in self.of_device})
        if not wanted:
            return
        found = peers.assigned_sites(self.db, wanted) if self.lookup else {}
        for device in wanted:
            self.of_device[device] = found.get(device)

    def court(self, device: str | None) -> str | None:
        if device is None:
            return _NO_COURT
        return self.of_device.get(device)

    def name(self, site_id: Any) -> str:
        """'Bodmin' for the site of Bodmin Magistrates' Court."""
        if not isinstance(site_id, str):
            return "no court"
        if site_id not in self._names:
            row = trust.records(self.db, "sites", [site_id]).get(site_id)
            self._names[site_id] = short_site(row["name"]) if row and row["name"] else "another"
        return self._names[site_id]


class _Batch:
    """What is held, and what this batch sets, about the people its operations touch."""

    def __init__(self, db: sqlite_utils.Database, ops: list[Op], courts: _Courts):
        self.db = db
        self.courts = courts
        ordered = sorted(ops, key=lambda o: o.hlc)
        rows: dict[str, set[str]] = {}
        self.first_in_batch: dict[tuple[str, str], str] = {}
        self.batch_site: dict[str, Any] = {}  # person -> the court the batch last sets
        self.batch_client: dict[tuple[str, str], Any] = {}  # record -> the person last set
        for op in ordered:
            if op.tbl != "clients" and op.tbl not in PERSON_RECORDS:
                continue
            rows.setdefault(op.tbl, set()).add(op.row_id)
            self.first_in_batch.setdefault((op.tbl, op.row_id), op.device_id)
            if op.tbl == "clients" and op.field == "site_id":
                self.batch_site[op.row_id] = op.value
            elif op.tbl != "clients" and op.field == "client_id":
                self.batch_client[(op.tbl, op.row_id)] = op.value
        # The person each record held belongs to.
        self.held_client: dict[tuple[str, str], Any] = {}
        for table in PERSON_RECORDS:
            if table in rows:
                held = trust.column_of(db, table, "client_id", rows[table])
                self.held_client.update(((table, r), c) for r, c in held.items())
        people = set(rows.get("clients", ()))
        people.update(c for c in self.held_client.values() if isinstance(c, str))
        people.update(c for c in self.batch_client.values() if isinstance(c, str))
        for op in ordered:
            if op.field == "merged_into" and isinstance(op.value, str):
                people.add(op.value)
        self.held_site: dict[str, Any] = trust.column_of(db, "clients", "site_id", people)
        # Who made people held at no court, and records held for no person: their court is
        # their maker's.
        self.makers: dict[tuple[str, str], str] = {}
        self._find_makers("clients", [p for p, s in self.held_site.items() if not s])
        by_table: dict[str, list[str]] = {}
        for (table, row_id), client in self.held_client.items():
            if not client:
                by_table.setdefault(table, []).append(row_id)
        for table, ids in by_table.items():
            self._find_makers(table, ids)

    def _find_makers(self, table: str, ids: list[str]) -> None:
        if not ids:
            return
        found = trust.first_writers(self.db, table, ids)
        self.makers.update(((table, r), d) for r, d in found.items())
        self.courts.learn(found.values())

    def find_makers(self, wanted: list[tuple[str, str]]) -> None:
        """Who made these records, where not known yet (one query per table and few hundred)."""
        by_table: dict[str, list[str]] = {}
        for table, row_id in wanted:
            if (table, row_id) not in self.makers:
                by_table.setdefault(table, []).append(row_id)
        for table, ids in by_table.items():
            self._find_makers(table, ids)

    def maker(self, table: str, row_id: str) -> str | None:
        if (table, row_id) in self.makers:
            return self.makers[(table, row_id)]
        return self.first_in_batch.get((table, row_id))

    def person_court(self, client_id: Any) -> Any:
        """A person's court as the receiver holds it; for a person new here, as this batch
        sets it; a person with no court belongs to the court of the device that made them."""
        if not isinstance(client_id, str):
            return _UNKNOWN
        if client_id in self.held_site:
            site = self.held_site[client_id]
        elif ("clients", client_id) in self.first_in_batch:
            site = self.batch_site.get(client_id)
        else:
            return _UNKNOWN
        if site:
            return site
        return self.courts.court(self.maker("clients", client_id))

    def record_person(self, table: str, row_id: str) -> Any:
        """The person a record belongs to, as held, or as this batch sets it for a new one."""
        key = (table, row_id)
        if key in self.held_client:
            return self.held_client[key]
        return self.batch_client.get(key)

    def record_court(self, table: str, row_id: str) -> Any:
        client = self.record_person(table, row_id)
        if client:
            return self.person_court(client)
        maker = self.maker(table, row_id)
        return self.courts.court(maker) if maker else _UNKNOWN

    def is_held(self, table: str, row_id: str) -> bool:
        if table == "clients":
            return row_id in self.held_site
        return (table, row_id) in self.held_client


class _Words:
    """Refusals in words: 'Truro tried to change a Bodmin person's phone number.'"""

    def __init__(self, courts: _Courts, holder: str):
        self.courts = courts
        self.holder = holder  # "head office" or "this laptop"

    def whose(self, court: Any) -> str:
        if court is _UNKNOWN:
            return f"a person {self.holder} does not hold"
        if court is _NO_COURT:
            return "a person at no court"
        return f"a {self.courts.name(court)} person"

    def person(self, place: str, op: Op, court: Any) -> str:
        if op.field == "deleted":
            verb = "delete" if op.value else "restore"
            return f"{place} tried to {verb} {self.whose(court)}."
        if op.field == "purged":  # erasure (privacy/erasure.py)
            return f"{place} tried to erase the record of {self.whose(court)}."
        if court is _UNKNOWN or court is _NO_COURT:
            return f"{place} tried to change the {field_words(op.field)} of {self.whose(court)}."
        return f"{place} tried to change {self.whose(court)}'s {field_words(op.field)}."

    def new_person(self, place: str, court: Any) -> str:
        where = self.courts.name(court) if isinstance(court, str) else "no court"
        return f"{place} tried to record a new person at {where}, not at its own court."

    def move(self, place: str, court: Any, target: Any) -> str:
        where = self.courts.name(target) if isinstance(target, str) else "no court"
        return (
            f"{place} tried to move {self.whose(court)} to {where}; moving a person to another "
            "court is head office's decision."
        )

    def record(self, place: str, op: Op, court: Any) -> str:
        what = _RECORD_WORDS[op.tbl]
        if court is _UNKNOWN:
            owner = f"of a person {self.holder} does not hold"
            if op.field == "deleted":
                return f"{place} tried to delete a {what} {owner}."
            return f"{place} tried to change the {field_words(op.field)} of a {what} {owner}."
        whose = self.whose(court)
        if op.field == "deleted":
            verb = "delete" if op.value else "restore"
            return f"{place} tried to {verb} {whose}'s {what}."
        return f"{place} tried to change the {field_words(op.field)} of {whose}'s {what}."

    def repoint(self, place: str, op: Op, target: Any) -> str:
        return f"{place} tried to move a {_RECORD_WORDS[op.tbl]} to {self.whose(target)}."


def _person_verdicts(
    db: sqlite_utils.Database,
    batch_ops: list[Op],
    judged: list[Op],
    courts: _Courts,
    words: _Words,
    place_of: Callable[[str], str],
) -> dict[tuple[str, int], Verdict]:
    """Verdicts on changes to people and their records (`judged`), within a batch."""
    if not judged:
        return {}
    courts.learn(op.device_id for op in judged)
    batch = _Batch(db, batch_ops, courts)
    verdicts: dict[tuple[str, int], Verdict] = {}
    # Records a laptop made itself that it may still change once their person moved on:
    # decided once their makers are known.
    own_made: list[tuple[Op, Verdict]] = []
    for op in judged:
        mine = courts.court(op.device_id)
        place = place_of(op.device_id)
        key = (op.device_id, op.seq)
        if mine is None:
            verdicts[key] = _refuse(
                f"{place} has no court assigned at head office, so it may not change "
                "people's records."
            )
            continue
        if op.tbl == "clients":
            court = batch.person_court(op.row_id)
            if court != mine:
                if not batch.is_held("clients", op.row_id):
                    verdicts[key] = _refuse(words.new_person(place, court))
                elif op.field == "site_id":
                    verdicts[key] = _refuse(words.move(place, court, op.value))
                else:
                    verdicts[key] = _refuse(words.person(place, op, court))
            elif op.field == "site_id" and op.value != mine:
                verdicts[key] = _refuse(words.move(place, court, op.value))
            elif op.field == "merged_into" and op.value is not None:
                target = batch.person_court(op.value)
                if target != mine:
                    verdicts[key] = _refuse(
                        f"{place} tried to merge {words.whose(court)} into {words.whose(target)}."
                    )
            continue
        court = batch.record_court(op.tbl, op.row_id)
        held = batch.is_held(op.tbl, op.row_id)
        if op.field == "client_id":
            target = batch.person_court(op.value) if op.value is not None else _UNKNOWN
            if target != mine:
                verdicts[key] = _refuse(words.repoint(place, op, target))
                continue
            if not held:
                continue  # a new record of one of its own people
        if court == mine:
            continue
        refusal = _refuse(words.record(place, op, court))
        if op.tbl in OWN_MADE and held:
            own_made.append((op, refusal))
        else:
            verdicts[key] = refusal
    if own_made:
        batch.find_makers([(op.tbl, op.row_id) for op, _ in own_made])
        for op, refusal in own_made:
            if batch.maker(op.tbl, op.row_id) != op.device_id:
                verdicts[(op.device_id, op.seq)] = refusal
    verdicts.update(_read_only_verdicts(db, judged, verdicts, place_of))
    return verdicts


def _read_only_verdicts(
    db: sqlite_utils.Database,
    judged: list[Op],
    verdicts: Mapping[tuple[str, int], Verdict],
    place_of: Callable[[str], str],
) -> dict[tuple[str, int], Verdict]:
    """Changes to a completed assessment already held: refused. The ops that made it carry
    the clock it was created with, so a record whose ops span two batches is still made."""
    wanted = [
        op
        for op in judged
        if op.tbl in READ_ONLY and op.field != "deleted" and (op.device_id, op.seq) not in verdicts
    ]
    if not wanted:
        return {}
    found: dict[tuple[str, int], Verdict] = {}
    for table in READ_ONLY:
        held = trust.records(db, table, {op.row_id for op in wanted if op.tbl == table})
        for op in wanted:
            row = held.get(op.row_id) if op.tbl == table else None
            if row is not None and row["created"] != op.hlc:
                found[(op.device_id, op.seq)] = _refuse(
                    f"{place_of(op.device_id)} tried to change a completed "
                    f"{_RECORD_WORDS[table]}; a correction is made as a new one."
                )
    return found


def _set_up_verdicts(
    db: sqlite_utils.Database, ops: list[Op], place_of: Callable[[str], str], court: str | None
) -> dict[tuple[str, int], Verdict]:
    """A laptop's changes to sites and workers: echoes of what is held, workers at its own
    `court` taken, anything else refused."""
    verdicts: dict[tuple[str, int], Verdict] = {}
    by_table: dict[str, set[str]] = {}
    for op in ops:
        by_table.setdefault(op.tbl, set()).add(op.row_id)
    held = {table: trust.records(db, table, ids) for table, ids in by_table.items()}
    # A worker new to head office is at the court this batch gives it.
    new_worker_court = {
        op.row_id: op.value
        for op in ops
        if op.tbl == "workers" and op.field == "site_id" and op.row_id not in held[op.tbl]
    }
    for op in ops:
        row = held[op.tbl].get(op.row_id)
        key = (op.device_id, op.seq)
        if row is not None and op.field in row and row[op.field] == op.value:
            verdicts[key] = Verdict(ECHO, "restates what head office holds")
            continue
        if op.tbl == "workers" and court is not None:
            at = row["site_id"] if row is not None else new_worker_court.get(op.row_id)
            if at == court and (row is None or op.field != "site_id"):
                continue  # the merge applies it
        place = place_of(op.device_id)
        if op.tbl == "sites":
            if row is None:
                verdicts[key] = _refuse(
                    f"{place} tried to add a court or drop-in; head office keeps the list of "
                    "courts."
                )
            else:
                verdicts[key] = _refuse(
                    f"{place} tried to change the {field_words(op.field)} of "
                    f"{row['name'] or 'a court'}; courts are head office's to change."
                )
        elif row is None:
            verdicts[key] = _refuse(
                f"{place} tried to add a worker at another court; a laptop adds workers only "
                "at its own court."
            )
        else:
            verdicts[key] = _refuse(
                f"{place} tried to change the {field_words(op.field)} of the worker "
                f"{row['name'] or 'with no name'}; a laptop changes only its own court's "
                "workers, and never moves one to another court."
            )
    return verdicts


def for_head_office(db: sqlite_utils.Database, sender: Mapping[str, Any]) -> Policy:
    """The policy for a bundle from an enrolled laptop (`sender`: its row in `peers`)."""
    me = changelog.device_id(db)
    device = sender["device_id"]
    courts = _Courts(db, {device: sender.get("site_id"), me: _NO_COURT}, lookup=True)
    words = _Words(courts, "head office")
    place_name = identity.laptop_name(db, device)

    def place_of(_device: str) -> str:
        return place_name

    def policy(db: sqlite_utils.Database, ops: list[Op]) -> dict[tuple[str, int], Verdict]:
        verdicts: dict[tuple[str, int], Verdict] = {}
        set_up: list[Op] = []
        people: list[Op] = []
        for op in ops:
            key = (op.device_id, op.seq)
            if op.device_id != device:
                verdicts[key] = _refuse(f"{place_name} sent a change made by another device.")
            elif op.tbl == DIRECTORY:
                verdicts[key] = Verdict(PROPOSE)
            elif op.tbl in SET_UP:
                set_up.append(op)
            elif op.tbl in SHARED:
                verdicts[key] = _refuse(
                    f"{place_name} tried to change {_TABLE_WORDS[op.tbl]}; those come only "
                    "from head office."
                )
            else:
                people.append(op)
        if set_up:
            verdicts.update(_set_up_verdicts(db, set_up, place_of, sender.get("site_id")))
        verdicts.update(_person_verdicts(db, ops, people, courts, words, place_of))
        return verdicts

    return policy


def vouched_devices(manifest: Mapping[str, Any]) -> dict[str, str]:
    """The devices a head-office update vouches for, with the court of each (from its signed
    manifest); anything malformed vouches for nothing."""
    found = manifest.get("devices")
    if not isinstance(found, dict):
        return {}
    return {d: s for d, s in found.items() if isinstance(d, str) and isinstance(s, str) and s}


def for_update(db: sqlite_utils.Database, office_id: str, vouched: Mapping[str, str]) -> Policy:
    """The policy for an update from the trusted head office `office_id`, which vouches for
    the courts of the other devices whose changes it forwards (`vouched`)."""
    me = changelog.device_id(db)
    fixed: dict[str, str | None] = dict(vouched)
    fixed.update({office_id: _NO_COURT, me: local.get(db, "site_id")})
    courts = _Courts(db, fixed, lookup=False)
    words = _Words(courts, "this laptop")

    def place_of(device: str) -> str:
        court = courts.court(device)
        return f"{courts.name(court)}'s laptop" if court else "A laptop head office did not name"

    def policy(db: sqlite_utils.Database, ops: list[Op]) -> dict[tuple[str, int], Verdict]:
        verdicts: dict[tuple[str, int], Verdict] = {}
        people: list[Op] = []
        workers: dict[str, list[Op]] = {}
        for op in ops:
            if op.device_id in (office_id, me):
                continue
            key = (op.device_id, op.seq)
            if op.tbl == "workers" and op.device_id in vouched:
                workers.setdefault(op.device_id, []).append(op)
            elif op.tbl in SHARED:
                verdicts[key] = _refuse(
                    f"An update carried another laptop's change to {_TABLE_WORDS[op.tbl]}; "
                    "only head office's own changes to it are taken."
                )
            elif op.device_id not in vouched:
                verdicts[key] = _refuse(
                    "An update carried a change by a laptop head office did not vouch for."
                )
            else:
                people.append(op)
        for device, theirs in workers.items():
            verdicts.update(_set_up_verdicts(db, theirs, place_of, vouched[device]))
        verdicts.update(_person_verdicts(db, ops, people, courts, words, place_of))
        return verdicts

    return policy
