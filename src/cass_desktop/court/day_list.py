"""The court day: reading a list file of any kind, saving what the worker confirmed from it,
and the day's list at one court (every listed case, matched or not, with what the worker
needs to know before approaching each person).

Nothing is written by reading or matching; `save_import` writes, in one transaction, the
listed cases (kept on this laptop, so people not matched stay on the day's list), the
hearings of the people confirmed, and the candidates rejected (not offered again for that
list).

Reporting restrictions and youth cases: the app shows the name in full (the worker has to find
the person), but anything that leaves the app (the printed sheet, and hearings exported to
head office carry the `restricted` flag for head office's reports to honour) shows initials
only. See docs/court-lists.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from cass_desktop.court import hearings as court_hearings
from cass_desktop.court.hmcts import read_hmcts
from cass_desktop.court.list_csv import ColumnMapping, CsvTable, cases_from, guess_mapping
from cass_desktop.court.list_csv import read_table as read_csv_table
from cass_desktop.court.list_text import read_text
from cass_desktop.court.listing import CourtList, ListedCase, ListRefused, case_number
from cass_desktop.data import court_day, hearings
from cass_desktop.people import hold
from cass_desktop.people.names import Name
from cass_desktop.records.dates import show_date

# -- reading a file -------------------------------------------------------------------------


@dataclass
class ReadList:
    """A list as read: its cases, and for a CSV file the table and mapping to change."""

    court_list: CourtList
    table: CsvTable | None = None
    mapping: ColumnMapping | None = None

    def remap(self, mapping: ColumnMapping) -> ReadList:
        """The CSV file read again with another mapping (ListRefused when it cannot be)."""
        assert self.table is not None
        return ReadList(cases_from(self.table, mapping), self.table, mapping)


def read_file(data: bytes, name: str = "", *, on: dt.date | None = None) -> ReadList:
    """A court list from a file's bytes: HMCTS JSON, CSV or text, by its name and content.
    Raises ListRefused with one plain sentence."""
    lowered = name.casefold()
    start = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if lowered.endswith(".json") or start[:1] in (b"{", b"["):
        return ReadList(read_hmcts(data, on=on))
    if lowered.endswith((".txt", ".text")):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ListRefused("This text file is not in a form the app can read (UTF-8).") from None
        return ReadList(read_text(text, on=on))
    if lowered.endswith(".pdf") or data[:5] == b"%PDF-":
        raise ListRefused(
            "This is a PDF: open it, select the list's text, copy it and paste it here instead."
        )
    table = read_csv_table(data)
    mapping = guess_mapping(table)
    if mapping.problem:
        # Shown in the preview for the worker to fix; nothing is read until they do.
        return ReadList(CourtList(kind="csv", cases=[], problems=[mapping.problem]), table, mapping)
    return ReadList(cases_from(table, mapping), table, mapping)


def read_pasted(text: str, *, on: dt.date | None = None) -> ReadList:
    return ReadList(read_text(text, on=on))


# -- keeping a listed case -------------------------------------------------------------------


def listed_to_dict(case: ListedCase) -> dict[str, Any]:
    data = dataclasses.asdict(case)
    data["recognised"] = [list(pair) for pair in case.recognised]
    return data


def listed_from_dict(data: Mapping[str, Any]) -> ListedCase:
    known = {f.name for f in dataclasses.fields(ListedCase)}
    values = {k: v for k, v in data.items() if k in known}
    name = values.pop("name", {}) or {}
    names = {f.name for f in dataclasses.fields(Name)}
    values["recognised"] = [tuple(p) for p in values.get("recognised") or []]
    return ListedCase(name=Name(**{k: v for k, v in name.items() if k in names}), **values)


@dataclass
class Decision:
    """What the worker decided for one listed case: the person confirmed (or None), and
    the candidates rejected."""

    confirmed: str | None = None
    rejected: list[str] = field(default_factory=list)


@dataclass
class Saved:
    cases: int
    confirmed: int
    booked: int  # new hearings (the rest updated one already booked)
    rejected: int


def save_import(
    db: sqlite_utils.Database,
    cases: Sequence[ListedCase],
    decisions: Mapping[int, Decision],
    *,
    day: str,
    court_id: str | None,
) -> Saved:
    """Write what the worker confirmed, in one transaction: every listed case kept for the
    day's list; a hearing on each confirmed person (updating the one booked); rejections."""
    confirmed = booked = rejected = 0
    entries = []
    with db.atomic():
        for index, case in enumerate(cases):
            decision = decisions.get(index) or Decision()
            hearing_id = None
            if decision.confirmed:
                before = {h["id"] for h in hearings.for_client(db, decision.confirmed)}
                hearing_id = court_hearings.record_listed(
                    db, case, decision.confirmed, day, court_id
                )
                confirmed += 1
                booked += hearing_id not in before
            for person_id in decision.rejected:
                court_day.reject(db, court_id, day, case.key, person_id)
                rejected += 1
            entries.append(
                {
                    "case_key": case.key,
                    "listed": listed_to_dict(case),
                    "person_id": decision.confirmed,
                    "hearing_id": hearing_id,
                    "restricted": case.reporting_restriction or case.youth,
                }
            )
        court_day.save_entries(db, court_id, day, entries)
    return Saved(len(cases), confirmed, booked, rejected)


def add_by_hand(
    db: sqlite_utils.Database,
    *,
    day: str,
    court_id: str | None,
    name: str,
    person_id: str | None = None,
    time: str | None = None,
    courtroom: str | None = None,
    case_no: str | None = None,
    in_custody: bool = False,
    youth: bool = False,
    restricted: bool = False,
) -> int:
    """Put someone on the day's list by hand (custody and youth cases are not on the published
    list); with a person, their hearing is recorded too. Returns the entry's id."""
    from cass_desktop.people.names import parse_name

    name = " ".join(name.split())[:200]
    if not name and not person_id:
        raise ListRefused("Give the name of the person to add to the day's list.")
    case = ListedCase(
        name=parse_name(name),
        name_as_listed=name,
        source="added by hand",
        hearing_date=day,
        time=time or None,
        courtroom=courtroom or None,
        case_number=case_no or None,
        in_custody=in_custody or None,
        youth_marker=youth,
        reporting_restriction=restricted,
    )
    case.source = f"added by hand at {dt.datetime.now():%H:%M:%S}"
    save_import(db, [case], {0: Decision(person_id)}, day=day, court_id=court_id)
    entry = next(e for e in court_day.entries_on(db, day, court_id) if e["case_key"] == case.key)
    return int(entry["id"])


def confirm_entry(db: sqlite_utils.Database, entry: Mapping[str, Any], person_id: str) -> str:
    """Confirm a person for a listed case already on the day's list; returns the hearing."""
    case = listed_from_dict(entry["listed"])
    with db.atomic():
        hearing_id = court_hearings.record_listed(
            db, case, person_id, entry["day"], entry["court_id"]
        )
        court_day.link_entry(db, entry["id"], person_id, hearing_id)
    return hearing_id


# -- the day's list --------------------------------------------------------------------------


@dataclass
class DayRow:
    """One listed case on the day's list."""

    time: str  # HH:MM or ""
    courtroom: str
    name: str  # as listed, or the person's name
    case_number: str
    restricted: bool
    youth: bool
    in_custody: bool
    person: dict[str, Any] | None = None  # the known person's facts (people_facts, hold added)
    hearing: dict[str, Any] | None = None
    entry: dict[str, Any] | None = None
    listed: ListedCase | None = None
    seen_today: bool = False

    @property
    def known(self) -> bool:
        return self.person is not None

    @property
    def outcome_missing(self) -> bool:
        return self.hearing is not None and not self.hearing.get("outcome")

    @property
    def sheet_name(self) -> str:
        """The name as printed or sent beyond the app: initials for a restricted case."""
        return initials(self.name) if (self.restricted or self.youth) else self.name


def initials(name: str) -> str:
    """J. S. for James Smith (SMITH, James gives J. S. too)."""
    parts = [p for p in name.replace(",", " ").split() if p[:1].isalpha()]
    if "," in name and len(parts) > 1:  # family name first
        parts = parts[1:] + parts[:1]
    return " ".join(f"{p[0].upper()}." for p in parts) or "?"


def _name_of(person: Mapping[str, Any]) -> str:
    given = person.get("preferred_name") or person.get("given_name") or ""
    return " ".join(p for p in (given, person.get("family_name")) if p)


def day_list(db: sqlite_utils.Database, day: str, court_id: str | None = None) -> list[DayRow]:
    """Every case listed at a court on a day, by time and courtroom: the hearings held for
    it and the listed cases no one has been matched to."""
    held = hearings.on_day(db, day, court_id)
    entries = court_day.entries_on(db, day, court_id)
    by_hearing = {e["hearing_id"]: e for e in entries if e.get("hearing_id")}
    people = court_day.people_facts(db, {h["client_id"] for h in held})
    for person_id, decision in hold.decisions_in_force(db, people).items():
        people[person_id]["hold"] = decision  # across everyone merged, as refusals read it
    seen = court_day.seen_on(db, day)
    rows: list[DayRow] = []
    for hearing in held:
        entry = by_hearing.get(hearing["id"])
        listed = listed_from_dict(entry["listed"]) if entry else None
        rows.append(
            DayRow(
                time=(hearing.get("starts_at") or "")[11:16],
                courtroom=hearing.get("courtroom") or "",
                name=_name_of(hearing),
                case_number=hearing.get("case_number") or "",
                restricted=bool(hearing.get("restricted")),
                youth=bool(listed and listed.youth),
                in_custody=bool(listed and listed.in_custody),
                person=people.get(hearing["client_id"]),
                hearing=hearing,
                entry=entry,
                listed=listed,
                seen_today=hearing["client_id"] in seen,
            )
        )
    matched = {h["id"] for h in held}
    for entry in entries:
        if entry.get("hearing_id") in matched:
            continue
        if entry.get("hearing_id"):  # its hearing moved to another day or court
            continue
        listed = listed_from_dict(entry["listed"])
        rows.append(
            DayRow(
                time=listed.time or "",
                courtroom=listed.courtroom or "",
                name=listed.name_as_listed or listed.name.display(),
                case_number=listed.case_number or "",
                restricted=bool(entry.get("restricted")),
                youth=listed.youth,
                in_custody=bool(listed.in_custody),
                entry=entry,
                listed=listed,
            )
        )
    rows.sort(key=lambda r: (r.time or "99", _room_key(r.courtroom), r.name.casefold()))
    return rows


def _room_key(room: str) -> tuple[int, str]:
    digits = "".join(ch for ch in room if ch.isdigit())
    return (int(digits) if digits else 999, room)


def before_approaching(
    person: Mapping[str, Any] | None, *, today: dt.date | None = None
) -> list[str]:
    """What the worker needs to know before approaching a known person, in short words."""
    if person is None:
        return []
    notes = []
    if person.get("status") == "open":
        notes.append("open case")
    elif person.get("status") == "closed":
        notes.append(
            "case closed " + show_date(person.get("closed_on"))
            if person.get("closed_on")
            else "case closed"
        )
    if (person.get("risk_flags") or "").strip():
        notes.append("RISK: " + " ".join(person["risk_flags"].split())[:120])
    language = (person.get("interpreter_language") or "").strip()
    if language:
        notes.append(f"interpreter: {language}")
    needs = " ".join((person.get("communication_needs") or "").split())
    if needs:
        notes.append(f"communication: {needs[:80]}")
    last = person.get("last_contact")
    notes.append(f"last seen {show_date(last[:10])}" if last else "never seen")
    if person.get("awaiting"):
        n = person["awaiting"]
        notes.append(f"{n} referral{'s' if n != 1 else ''} awaiting a response")
    hold = person.get("hold")
    if not hold:
        notes.append("consent to hold: not yet asked")
    elif hold == "given":
        notes.append("consent to hold: given")
    else:
        notes.append(f"consent to hold: {hold} (only the minimum is kept)")
    share = person.get("share")
    notes.append("consent to share: " + (share or "none on file"))
    return notes


def same_case(a: str | None, b: str | None) -> bool:
    return bool(a and b) and case_number(a) == case_number(b)
