"""Bringing in the people a service already supports from a spreadsheet: read, preview, then
save on confirmation.

The file's first row names its columns by the words a spreadsheet uses (First name, Surname,
Date of birth, DOB, Phone, Mobile ...; or one Name column read as "Smith, John" or
"John Smith"). Each row is *added*, a *possible duplicate* of someone already held or of an
earlier row in the file (the look-alike check of the New person form, through the names
engine), or *not imported* with the reason in plain words. Every value is checked against its
field's declaration (records/schema.py: kind and size) and by the same checks as the New
person form (people/validation.py). Nothing is written until `apply`, which saves through
`people.saving.save_client` in one transaction. See docs/people-csv.md.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from cass_desktop.data import clients, local, sites
from cass_desktop.people import birth_dates, hold, saving, validation
from cass_desktop.people.candidates import find_lookalikes
from cass_desktop.people.lookalikes import Likeness, compare_people
from cass_desktop.people.names import (
    Name,
    family_core,
    parse_name,
    phonetic_key,
    spellings,
    squash,
    words,
)
from cass_desktop.records import csv_file, dates, schema, values, vocab

ADDED = "added"
DUPLICATE = "duplicate"
REJECTED = "rejected"

ImportFileError = csv_file.CsvRefused

# A service's caseload is hundreds or a few thousand people, never megabytes of them.
LIMITS = csv_file.Limits(
    "a list of people",
    "person",
    "the list of people",
    max_bytes=10 * 1024 * 1024,
    max_rows=10_000,
    max_columns=100,
)

_CLIENT = schema.fields("clients")
# The person's fields a file may give: those a worker types in New person, except the
# keyworker (a worker of this laptop, chosen in the app), in the order declared.
FIELDS: tuple[str, ...] = tuple(f for f in schema.editable("clients") if f != "keyworker_id")
FIELD_LABELS: dict[str, str] = {f: _CLIENT[f].label for f in FIELDS}
FIELD_LABELS["full_name"] = "Name"
# Optional: their answer to consent to hold (people/hold.py); no column, or an empty cell, is
# "not yet asked".
FIELD_LABELS["hold_consent"] = "Consent to hold"

# Headings understood for each field besides its label, compared after csv_file.header_key.
_ALIASES: dict[str, tuple[str, ...]] = {
    "full_name": ("name", "full name", "client name", "client", "person", "person name"),
    "given_name": (
        "first name",
        "first names",
        "given name",
        "given names",
        "forename",
        "forenames",
        "christian name",
    ),
    "family_name": ("family name", "surname", "last name", "second name"),
    "preferred_name": ("known as", "preferred name", "nickname", "goes by", "prefers"),
    "date_of_birth": ("date of birth", "dob", "d o b", "birth date", "birthday", "born"),
    "gender": ("gender", "sex"),
    "ethnicity": ("ethnicity", "ethnic group", "ethnic origin"),
    "address": ("address", "home address", "postal address", "current address"),
    "postcode": ("postcode", "post code", "postal code"),
    "phone": (
        "phone",
        "phone number",
        "telephone",
        "telephone number",
        "tel",
        "mobile",
        "mobile number",
        "mobile phone",
        "contact number",
    ),
    "email": ("email", "e mail", "email address", "e mail address"),
    "preferred_contact": (
        "best way to contact",
        "preferred contact",
        "contact method",
        "contact by",
        "how to contact",
    ),
    "communication_needs": ("communication needs", "communication", "access needs"),
    "interpreter_language": (
        "interpreter language",
        "interpreter",
        "interpreter needed",
        "language needed",
    ),
    "status": ("status", "case status"),
    "opened_on": ("opened", "date opened", "opened on", "case opened", "start date"),
    "closed_on": ("closed", "date closed", "closed on", "case closed", "end date"),
    "risk_flags": ("risks to know about", "risks", "risk", "risk flags", "safety"),
    "hold_consent": (
        "consent to hold",
        "consent to hold information",
        "consent to hold their information",
        "hold consent",
        "consent given",
        "consent",
    ),
}
BY_HEADING: dict[str, str] = {}
for _field in ("full_name", *FIELDS, "hold_consent"):
    for _heading in (FIELD_LABELS[_field], *_ALIASES.get(_field, ())):
        BY_HEADING.setdefault(csv_file.header_key(_heading), _field)

# The words a spreadsheet may use for a way to contact someone or a case's status.
_CONTACT_WORDS = {
    **{csv_file.header_key(words_): key for key, words_ in vocab.CONTACT_METHODS.items()},
    **{csv_file.header_key(key): key for key in vocab.CONTACT_METHODS},
    "phone": "phone",
    "call": "phone",
    "telephone": "phone",
    "text": "text",
    "sms": "text",
    "e mail": "email",
    "post": "letter",
    "face to face": "in_person",
}
# The words a spreadsheet may use for an answer to consent to hold.
_HOLD_WORDS = {
    **{w: hold.YES for w in ("yes", "y", "given", "agreed", "agree", "true", "consented")},
    **{w: hold.NO for w in ("no", "n", "refused", "withdrawn", "declined", "false")},
    **{w: hold.NOT_ASKED for w in ("not asked", "not yet asked", "unknown", "not known")},
}
_STATUS_WORDS = {"open": "open", "active": "open", "current": "open", "closed": "closed"}
_STATUS_WORDS.update({"ended": "closed", "inactive": "closed", "finished": "closed"})


@dataclass(frozen=True)
class PersonRow:
    """What importing one row would do."""

    number: int  # as a spreadsheet numbers it: the heading row is row 1
    name: str  # as it would be shown: "John Smith"
    status: str  # ADDED | DUPLICATE | REJECTED
    form: dict[str, str] = field(default_factory=dict)  # as save_client takes it
    reason: str = ""  # REJECTED: why; DUPLICATE: who they may be
    like_id: str | None = None  # DUPLICATE of someone held: their id
    like_row: int | None = None  # DUPLICATE of an earlier row: its number

    @property
    def message(self) -> str:
        return f"row {self.number}: {self.reason}" if self.reason else f"row {self.number}"


@dataclass(frozen=True)
class Preview:
    file_name: str
    encoding: str
    columns: dict[str, str]  # field -> heading as written in the file
    ignored: tuple[str, ...]  # headings not understood
    rows: tuple[PersonRow, ...]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {s: self.count(s) for s in (ADDED, DUPLICATE, REJECTED)}

    @property
    def will_change(self) -> bool:
        return any(r.status == ADDED for r in self.rows)


@dataclass(frozen=True)
class ImportResult:
    added: int
    duplicates: int
    rejected: int
    added_ids: tuple[str, ...] = ()


# -- reading the file --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Parsed:
    file_name: str
    encoding: str
    columns: dict[str, str]
    ignored: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str], tuple[str, ...]], ...]  # number, form, problems


def _lower_first(sentence: str) -> str:
    return (sentence[:1].lower() + sentence[1:]).rstrip(".")


def _form_of(cells: list[str], index: Mapping[str, int], today: dt.date):
    """The row as the New person form would hold it, and what is wrong with its cells."""
    raw = {f: csv_file.clean_text(cells[i]) if i < len(cells) else "" for f, i in index.items()}
    problems: list[str] = []
    for fld, text in raw.items():
        limit = _CLIENT[fld].max_chars if fld in _CLIENT else validation.NAME_MAX * 2
        if limit is not None and len(text) > limit:
            problems.append(
                f"the {FIELD_LABELS[fld].lower()} is longer than {limit:,} characters "
                f"({len(text):,})"
            )
            raw[fld] = ""
    full = raw.pop("full_name", "")
    if full and not (raw.get("given_name") or raw.get("family_name")):
        name = parse_name(full)
        raw["given_name"] = " ".join(p for p in (name.given, name.middle) if p)
        raw["family_name"] = name.family
    if raw.get("preferred_contact"):
        key = _CONTACT_WORDS.get(csv_file.header_key(raw["preferred_contact"]))
        if key is None:
            choices = ", ".join(vocab.CONTACT_METHODS.values())
            problems.append(
                f"'{raw['preferred_contact']}' is not a way to contact someone; use one of "
                f"{choices}"
            )
        raw["preferred_contact"] = key or ""
    if raw.get("status"):
        status = _STATUS_WORDS.get(csv_file.header_key(raw["status"]))
        if status is None:
            problems.append(f"'{raw['status']}' under Status is not Open or Closed")
        raw["status"] = status or "open"
    if not raw.get("opened_on"):
        raw["opened_on"] = today.strftime("%d/%m/%Y")
    answer = hold.NOT_ASKED
    if raw.get("hold_consent"):
        answer = _HOLD_WORDS.get(csv_file.header_key(raw["hold_consent"]), "")
        if not answer:
            problems.append(
                f"'{raw['hold_consent']}' under Consent to hold is not Yes, No or Not asked"
            )
    form = {f: raw.get(f, "") for f in FIELDS}
    for problem in validation.check_client(form, today=today):
        if problem.field == "phone" and form.get("phone"):
            problems.append(
                f"the phone number '{form['phone']}' cannot be right: "
                + _lower_first(problem.message)
            )
        else:
            problems.append(_lower_first(problem.message))
    extra = hold.extra_problem("clients", {f: v or None for f, v in form.items()}, answer)
    if extra:
        label = FIELD_LABELS[extra[0]].lower()
        problems.append(
            f"they have not agreed to their information being held, so the {label} and "
            "other details beyond their name, date of birth and case dates are not kept"
        )
    form["hold_consent"] = answer or hold.NOT_ASKED
    if not problems:
        # The values as they would be stored, against each field's declaration.
        for fld, value in validation.client_values(form).items():
            wrong = values.problem("clients", fld, json.dumps(value))
            if wrong:
                problems.append(f"the {FIELD_LABELS[fld].lower()} {wrong}")
    return form, problems


def parse_bytes(
    data: bytes,
    *,
    file_name: str = "",
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> _Parsed:
    today = today or dates.today()
    table = csv_file.read_table(data, LIMITS, file_name=file_name)
    index, written, ignored = csv_file.map_headings(table.headings, BY_HEADING, FIELD_LABELS)
    has_name = "full_name" in index or ("given_name" in index and "family_name" in index)
    if not has_name:
        raise ImportFileError(
            "The file has no columns for people's names. The first row must name the columns, "
            "with First name and Surname (or one called Name); see docs/people-csv.md."
        )
    rows = []
    total = len(table.rows)
    for done, (number, cells) in enumerate(table.rows, 1):
        form, problems = _form_of(cells, index, today)
        rows.append((number, form, tuple(problems)))
        if progress is not None and done % 100 == 0:
            progress(done, total, "")
    if not rows:
        raise ImportFileError("The file names its columns but lists no people.")
    return _Parsed(table.file_name, table.encoding, written, tuple(ignored), tuple(rows))


def read_csv(path: Path | str, **options: Any) -> _Parsed:
    data, name = csv_file.read_file(path, LIMITS)
    return parse_bytes(data, file_name=name, **options)


# -- look-alikes -----------------------------------------------------------------------------


def _name_of(form: Mapping[str, str]) -> Name:
    return Name(
        given=form.get("given_name", ""),
        family=form.get("family_name", ""),
        preferred=form.get("preferred_name", ""),
    )


def _keys(name: Name, born: dt.date | None) -> set[tuple[str, str]]:
    """Keys an earlier row must share with this one to be compared with it: a family name
    word or its spellings or sound, a date of birth or one of its slips, or the start of both
    names (typing slips)."""
    keys: set[tuple[str, str]] = set()
    core = family_core(name.family) or squash(name.family)
    for word in [core, squash(name.family), *words(name.family), *words(name.given)]:
        if len(word) >= 2:
            keys.update(("n", spelt) for spelt in spellings(word))
            keys.add(("s", phonetic_key(word)))
    keys.add(("p", squash(name.given)[:3] + "|" + core[:2]))
    if born is not None:
        keys.update(("d", day.isoformat()) for day in (born, *birth_dates.slips_of(born)))
    return keys


class _InFile:
    """The rows added so far, found by shared keys, compared as the New person check does."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], list[int]] = {}
        self.rows: list[tuple[int, Name, dt.date | None]] = []

    def like(self, name: Name, born: dt.date | None) -> tuple[int, Likeness] | None:
        seen: set[int] = set()
        best: tuple[int, Likeness] | None = None
        for key in _keys(name, born):
            for i in self.by_key.get(key, ()):
                if i in seen:
                    continue
                seen.add(i)
                number, other, other_born = self.rows[i]
                likeness = compare_people(name, born, other, other_born)
                if likeness.likely() and (best is None or likeness.score > best[1].score):
                    best = (number, likeness)
        return best

    def add(self, number: int, name: Name, born: dt.date | None) -> None:
        i = len(self.rows)
        self.rows.append((number, name, born))
        for key in _keys(name, born):
            self.by_key.setdefault(key, []).append(i)


def _held_words(row: Mapping[str, Any]) -> str:
    born = row.get("date_of_birth")
    where = f", born {dates.show_date(born)}" if born else ""
    return f"{clients.display_name(row)} ({row.get('reference') or 'no reference'}{where})"


def plan(
    db: sqlite_utils.Database,
    parsed: _Parsed,
    *,
    progress: Callable[[int, int, str], None] | None = None,
) -> Preview:
    """What importing each row would do, against everyone held now. Writes nothing."""
    in_file = _InFile()
    rows: list[PersonRow] = []
    total = len(parsed.rows)
    for done, (number, form, problems) in enumerate(parsed.rows, 1):
        name = _name_of(form)
        shown = name.display() or "(no name)"
        if problems:
            rows.append(PersonRow(number, shown, REJECTED, form, "; ".join(problems)))
            continue
        born = birth_dates.as_date(form.get("date_of_birth"))
        found = [
            (row, likeness)
            for row, likeness in find_lookalikes(db, name, born)
            if likeness.likely()
        ]
        if found:
            row, likeness = found[0]
            reason = (
                f"possible duplicate of {_held_words(row)}, already held: {likeness.reason_text}"
            )
            rows.append(PersonRow(number, shown, DUPLICATE, form, reason, like_id=row["id"]))
        elif (earlier := in_file.like(name, born)) is not None:
            other, likeness = earlier
            reason = f"possible duplicate of row {other}, earlier in this file: "
            reason += likeness.reason_text
            rows.append(PersonRow(number, shown, DUPLICATE, form, reason, like_row=other))
        else:
            rows.append(PersonRow(number, shown, ADDED, form))
        in_file.add(number, name, born)
        if progress is not None and done % 50 == 0:
            progress(done, total, "")
    return Preview(parsed.file_name, parsed.encoding, parsed.columns, parsed.ignored, tuple(rows))


def preview(
    db: sqlite_utils.Database,
    path: Path | str,
    *,
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Preview:
    """Read a CSV file of people and say what importing it would do. Writes nothing."""
    return plan(db, read_csv(path, today=today, progress=progress), progress=progress)


def apply(db: sqlite_utils.Database, preview: Preview) -> ImportResult:
    """Save the people a preview would add, through `saving.save_client`, in one transaction
    (all of them or, if the store refuses one, none). Possible duplicates are left out: the
    worker adds each with New person after checking they are someone else."""
    site_id = local.get(db, "site_id")
    site = sites.get_site(db, site_id) if site_id else None
    ids: list[str] = []
    with db.atomic():
        for row in preview.rows:
            if row.status == ADDED:
                ids.append(
                    saving.save_client(
                        db,
                        row.form,
                        site_id=site_id,
                        site_code=site["code"] if site else None,
                        worker_id=local.get(db, "worker_id"),
                        imported=True,
                    )
                )
    return ImportResult(
        added=len(ids),
        duplicates=preview.count(DUPLICATE),
        rejected=preview.count(REJECTED),
        added_ids=tuple(ids),
    )
