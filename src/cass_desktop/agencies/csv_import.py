"""Importing an agency directory from a CSV file: read, preview, then apply on confirmation.

The file's first row names its columns (``Name``, ``Needs``, ``Areas``, ``Phone`` ...; common
variants such as ``Agency`` or ``Phone number`` are understood). Each row becomes an agency
that is *added* (a new name), *updated* (the name matches an agency already held; only the
fields that differ change), *unchanged*, or *rejected* with the reason in plain words.
Nothing is written until `apply` is called. See docs/agency-csv.md for the format.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils
from rapidfuzz import fuzz, process

from cass_desktop.data import agencies
from cass_desktop.records import csv_file
from cass_desktop.records.formats import check_phone, is_email
from cass_desktop.records.vocab import NEED_DOMAINS

ADDED = "added"
UPDATED = "updated"
UNCHANGED = "unchanged"
REJECTED = "rejected"

MAX_BYTES = 20 * 1024 * 1024  # an agency directory is a few hundred rows, not megabytes
MAX_FIELD_CHARS = 10_000

# Agency fields a file may give, in the order they are shown, with their words.
FIELD_LABELS: dict[str, str] = {
    "name": "Name",
    "domains": "Needs",
    "areas": "Areas",
    "address": "Address",
    "phone": "Phone",
    "email": "Email",
    "referral_method": "How to refer",
    "referral_criteria": "Referral criteria",
    "opening_hours": "Opening hours",
    "contact_name": "Named contact",
    "notes": "Notes",
    "active": "Active",
}

# Column headings understood for each field, compared after `csv_file.header_key` (lower case,
# punctuation as spaces). The first of each list is the one the docs and example use.
HEADERS: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "agency",
        "agency name",
        "organisation",
        "organisation name",
        "organization",
        "organization name",
        "service",
        "service name",
        "provider",
    ),
    "domains": (
        "needs",
        "need",
        "need domains",
        "need domain",
        "needs served",
        "needs met",
        "needs covered",
        "domains",
        "domain",
        "help with",
        "support with",
    ),
    "areas": (
        "areas",
        "area",
        "areas covered",
        "area covered",
        "areas served",
        "coverage",
        "covers",
        "locality",
        "localities",
    ),
    "address": ("address", "postal address", "office address", "street address", "location"),
    "phone": (
        "phone",
        "phone number",
        "phone no",
        "telephone",
        "telephone number",
        "tel",
        "tel no",
        "contact number",
        "contact phone",
    ),
    "email": ("email", "e mail", "email address", "e mail address", "contact email"),
    "referral_method": (
        "how to refer",
        "referral method",
        "referral",
        "referrals",
        "referral route",
        "referral process",
        "refer by",
        "how to make a referral",
    ),
    "referral_criteria": (
        "referral criteria",
        "criteria",
        "eligibility",
        "eligibility criteria",
        "who they help",
        "who can be referred",
    ),
    "opening_hours": (
        "opening hours",
        "hours",
        "opening times",
        "open",
        "when open",
        "times",
    ),
    "contact_name": (
        "named contact",
        "contact",
        "contact name",
        "contact person",
        "key contact",
        "lead contact",
    ),
    "notes": ("notes", "note", "comments", "comment", "other information", "information"),
    "active": ("active", "is active", "in use", "current"),
}

_HEADER_TO_FIELD = {h: f for f, heads in HEADERS.items() for h in heads}

_YES = {"yes", "y", "true", "1", "active", "open", "current", "x"}
_NO = {"no", "n", "false", "0", "inactive", "not active", "closed", "ended", "former"}

# Plain and reasonably strict: something@somewhere.tld with no spaces.


ImportFileError = csv_file.CsvRefused
clean_text = csv_file.clean_text

LIMITS = csv_file.Limits(
    "an agency list",
    "agency",
    "the agency list",
    max_bytes=MAX_BYTES,
    max_rows=20_000,
    max_cell=100_000,
)


def normalise_name(name: str) -> str:
    """The form two agency names are compared in: words, any case."""
    return " ".join(name.split()).casefold()


def normalise_areas(text: str | None) -> str:
    """Areas as stored: 'Plymouth, South Hams' from any of , ; or new lines between them."""
    parts = [p.strip() for p in re.split(r"[,;\n\r]+", text or "")]
    seen: dict[str, str] = {}
    for part in parts:
        if part and part.casefold() not in seen:
            seen[part.casefold()] = " ".join(part.split())
    return ", ".join(seen.values())


def _need_key(text: str) -> str:
    text = text.casefold().replace("&", " and ").replace("_", " ").replace("-", " ")
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _need_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for key, words in NEED_DOMAINS.items():
        aliases[_need_key(key)] = key
        aliases[_need_key(words)] = key
        # Each half of "Money and debt", "Work, training and education" on its own.
        for part in re.split(r",| and ", words):
            if part.strip():
                aliases.setdefault(_need_key(part), key)
    return aliases


_NEED_ALIASES = _need_aliases()


def parse_domains(text: str | None) -> tuple[list[str], list[str]]:
    """Need domains given by key or by their words: (keys in vocabulary order, unknown parts).

    Separators are '/', ';' and ','; a comma inside a need's own words ("Work, training and
    education") is understood.
    """
    parts = [p.strip() for p in re.split(r"[/;,\n]", text or "")]
    parts = [p for p in parts if p]
    found: set[str] = set()
    unknown: list[str] = []
    i = 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            key = _NEED_ALIASES.get(_need_key(" ".join(parts[i:j])))
            if key:
                found.add(key)
                i = j
                break
        else:
            unknown.append(parts[i])
            i += 1
    return [k for k in NEED_DOMAINS if k in found], unknown


def domains_text(keys: list[str] | set[str]) -> str | None:
    """Domain keys as stored: comma separated in vocabulary order, None for none."""
    ordered = [k for k in NEED_DOMAINS if k in keys]
    ordered += sorted(k for k in keys if k not in NEED_DOMAINS)
    return ",".join(ordered) or None


def parse_active(text: str) -> int | None:
    """1 or 0 from yes/no words; None when the words are neither."""
    word = " ".join(text.casefold().split())
    if word in _YES:
        return 1
    if word in _NO:
        return 0
    return None


# -- Reading the file ------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedRow:
    """One row of the file: its values, or the reasons it cannot be used."""

    number: int  # as a spreadsheet numbers it: the heading row is row 1
    name: str
    values: dict[str, Any]  # only fields with something in the cell
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedFile:
    file_name: str
    encoding: str  # in words: "UTF-8", "Windows (Excel)", "UTF-16"
    delimiter: str
    columns: dict[str, str]  # field -> heading as written in the file
    ignored: tuple[str, ...]  # headings not understood
    rows: tuple[ParsedRow, ...]


def _need_help() -> str:
    return ", ".join(NEED_DOMAINS.values())


def _lower_first(sentence: str) -> str:
    return (sentence[:1].lower() + sentence[1:]).rstrip(".")


def _parse_row(number: int, cells: list[str], index: Mapping[str, int]) -> ParsedRow:
    raw = {f: clean_text(cells[i]) if i < len(cells) else "" for f, i in index.items()}
    name = " ".join(raw.get("name", "").split())
    if not name:
        return ParsedRow(number, "", {}, ("no agency name",))
    problems: list[str] = []
    values: dict[str, Any] = {"name": name}
    for fld, text in raw.items():
        if fld == "name" or not text:
            continue
        if len(text) > MAX_FIELD_CHARS:
            problems.append(
                f"the {FIELD_LABELS[fld].lower()} is too long "
                f"({len(text):,} characters; at most {MAX_FIELD_CHARS:,})"
            )
        elif fld == "phone" and (wrong := check_phone(text)):
            problems.append(f"the phone number '{text}' cannot be right: {_lower_first(wrong)}")
        elif fld == "email":
            if is_email(text):
                values["email"] = text
            else:
                problems.append(f"the email '{text}' is not an email address")
        elif fld == "active":
            active = parse_active(text)
            if active is None:
                problems.append(f"'{text}' under {FIELD_LABELS['active']} is not yes or no")
            else:
                values["active"] = active
        elif fld == "areas":
            values["areas"] = normalise_areas(text) or None
        elif fld != "domains":
            values[fld] = text
    if raw.get("domains"):
        keys, unknown = parse_domains(raw["domains"])
        for part in unknown:
            problems.append(f"'{part}' is not a need we know; use one of {_need_help()}")
        if not unknown:
            values["domains"] = domains_text(keys)
    return ParsedRow(number, name, values, tuple(problems))


def read_csv(
    path: Path | str, *, progress: Callable[[int, int, str], None] | None = None
) -> ParsedFile:
    """Read an agency CSV file. ImportFileError (one clear message) when it cannot be used."""
    data, name = csv_file.read_file(path, LIMITS)
    return parse_bytes(data, file_name=name, progress=progress)


def parse_bytes(
    data: bytes,
    *,
    file_name: str = "",
    progress: Callable[[int, int, str], None] | None = None,
) -> ParsedFile:
    table = csv_file.read_table(data, LIMITS, file_name=file_name)
    index, written, ignored = csv_file.map_headings(table.headings, _HEADER_TO_FIELD, FIELD_LABELS)
    if "name" not in index:
        raise ImportFileError(
            "The file has no column for the agency name. The first row must name "
            "the columns, with one called Name (or Agency); see the example file."
        )
    rows: list[ParsedRow] = []
    total = len(table.rows)
    for done, (number, cells) in enumerate(table.rows, 1):
        rows.append(_parse_row(number, cells, index))
        if progress is not None and done % 200 == 0:
            progress(done, total, "")
    if not rows:
        raise ImportFileError("The file names its columns but lists no agencies.")
    return ParsedFile(
        file_name, table.encoding, table.delimiter, written, tuple(ignored), tuple(rows)
    )


# -- Comparing with the directory --------------------------------------------------------------


@dataclass(frozen=True)
class RowPlan:
    """What importing one row would do."""

    number: int
    name: str
    status: str  # ADDED | UPDATED | UNCHANGED | REJECTED
    values: dict[str, Any] = field(default_factory=dict)  # for ADDED: all; UPDATED: changes
    agency_id: str | None = None
    reason: str = ""

    @property
    def changed_fields(self) -> list[str]:
        return [f for f in FIELD_LABELS if f in self.values] if self.status == UPDATED else []

    @property
    def details(self) -> str:
        """The reason a row is rejected, or the fields an update changes, in words."""
        if self.status == REJECTED:
            return self.reason
        if self.status == UPDATED:
            return "changes " + ", ".join(FIELD_LABELS[f].lower() for f in self.changed_fields)
        if self.status == UNCHANGED:
            return self.reason or "already in the directory as it is"
        return ""

    @property
    def message(self) -> str:
        """'row 7: no agency name' and the like."""
        return f"row {self.number}: {self.details}" if self.details else f"row {self.number}"


@dataclass(frozen=True)
class Preview:
    parsed: ParsedFile
    rows: tuple[RowPlan, ...]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {s: self.count(s) for s in (ADDED, UPDATED, UNCHANGED, REJECTED)}

    @property
    def will_change(self) -> bool:
        return any(r.status in (ADDED, UPDATED) for r in self.rows)

    @property
    def rejected(self) -> list[RowPlan]:
        return [r for r in self.rows if r.status == REJECTED]


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int
    rejected: int
    added_ids: tuple[str, ...] = ()


def _same(fld: str, held: Any, new: Any) -> bool:
    if fld == "domains":
        return set(parse_domains(held or "")[0]) == set(parse_domains(new or "")[0])
    if fld == "areas":
        return normalise_areas(held).casefold() == normalise_areas(new).casefold()
    if fld == "active":
        return int(held if held is not None else 1) == int(new)
    return clean_text(None if held is None else str(held)) == clean_text(str(new))


class _NearNames:
    """Names an agency may already be held under: the same words with one more or fewer at
    the end (Tamar Housing Advice, Tamar Housing Advice Centre), or a slip or two of typing."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}  # normalised -> as written
        self.leading: dict[str, str] = {}  # a name's first words (two or more) -> as written

    def add(self, name: str) -> None:
        key = normalise_name(name)
        self.names.setdefault(key, name)
        words = key.split()
        for k in range(2, len(words)):
            self.leading.setdefault(" ".join(words[:k]), name)

    def like(self, name: str) -> str | None:
        key = normalise_name(name)
        if key in self.leading:
            return self.leading[key]
        words = key.split()
        for k in range(len(words) - 1, 1, -1):
            found = self.names.get(" ".join(words[:k]))
            if found is not None:
                return found
        if len(key) >= 8 and self.names:
            best = process.extractOne(key, self.names.keys(), scorer=fuzz.ratio, score_cutoff=92)
            if best is not None:
                return self.names[best[0]]
        return None


def plan(db: sqlite_utils.Database, parsed: ParsedFile) -> Preview:
    """Compare each row of a parsed file with the directory held now. Writes nothing."""
    held: dict[str, dict[str, Any]] = {}
    near = _NearNames()
    for agency in agencies.list_all(db):
        held.setdefault(normalise_name(agency["name"] or ""), agency)
        near.add(agency["name"] or "")
    in_file = _NearNames()
    seen: dict[str, int] = {}
    rows: list[RowPlan] = []
    for row in parsed.rows:
        if row.problems:
            rows.append(RowPlan(row.number, row.name, REJECTED, reason="; ".join(row.problems)))
            continue
        key = normalise_name(row.name)
        if key in seen:
            rows.append(
                RowPlan(row.number, row.name, REJECTED, reason=f"same agency as row {seen[key]}")
            )
            continue
        seen[key] = row.number
        current = held.get(key)
        if current is None and (like := near.like(row.name) or in_file.like(row.name)):
            where = "already in the directory" if near.like(row.name) else "earlier in this file"
            rows.append(
                RowPlan(
                    row.number,
                    row.name,
                    REJECTED,
                    reason=(
                        f"possible duplicate of {like}, {where}: if it is the same agency, "
                        "use that name to update it; if it is another, add it with Add agency"
                    ),
                )
            )
            continue
        in_file.add(row.name)
        if current is None:
            values = dict(row.values)
            values.setdefault("active", 1)
            rows.append(RowPlan(row.number, row.name, ADDED, values))
            continue
        changes = {
            f: v for f, v in row.values.items() if f != "name" and not _same(f, current.get(f), v)
        }
        if changes:
            rows.append(RowPlan(row.number, row.name, UPDATED, changes, current["id"]))
        else:
            rows.append(RowPlan(row.number, row.name, UNCHANGED, agency_id=current["id"]))
    return Preview(parsed, tuple(rows))


def preview(
    db: sqlite_utils.Database,
    path: Path | str,
    *,
    progress: Callable[[int, int, str], None] | None = None,
) -> Preview:
    """Read a CSV file and say what importing it would do. Writes nothing."""
    return plan(db, read_csv(path, progress=progress))


def apply(db: sqlite_utils.Database, preview: Preview) -> ImportResult:
    """Write the adds and updates of a previewed file, all in one transaction.

    The rows are compared with the directory again first, so an agency added since the
    preview is updated rather than added twice.
    """
    fresh = plan(db, preview.parsed)
    new = [r.values for r in fresh.rows if r.status == ADDED]
    changes = [(r.agency_id, r.values) for r in fresh.rows if r.status == UPDATED and r.agency_id]
    ids = agencies.save_import(db, new, changes)
    return ImportResult(
        added=len(new),
        updated=len(changes),
        unchanged=fresh.count(UNCHANGED),
        rejected=fresh.count(REJECTED),
        added_ids=tuple(ids),
    )
