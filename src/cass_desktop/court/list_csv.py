"""A court list from a CSV file: columns recognised by their headings, in a mapping a preview
screen shows and the worker can change before anything is read into cases.

Excel's CSV is read as Excel writes it: a byte-order mark, semicolons where the decimal mark
is a comma, Windows-1252 when it is not UTF-8, and quoted cells holding line breaks. A quote
that never closes is refused, since everything after it would be read into one cell.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace

from cass_desktop.court.listing import (
    MAX_CASES,
    MAX_NAME,
    MAX_TEXT,
    MAX_WORDING,
    CourtList,
    ListedCase,
    ListRefused,
    clean,
    flag_restrictions,
    hhmm,
    iso_date,
    note_fields,
)
from cass_desktop.people.names import Name, fold, parse_name
from cass_desktop.records.dates import parse_time

MAX_BYTES = 10 * 1024 * 1024
MAX_COLUMNS = 100
MAX_CELL = 10_000

# What a column may hold, with the words shown for it in the preview.
FIELDS: dict[str, str] = {
    "name": "Name (whole)",
    "family": "Family name",
    "given": "Given names",
    "middle": "Middle names",
    "dob": "Date of birth",
    "age": "Age",
    "date": "Hearing date",
    "time": "Time",
    "court": "Court",
    "courtroom": "Courtroom",
    "case_number": "Case number or URN",
    "prosecutor": "Prosecutor",
    "offence": "Offence",
    "address": "Address",
    "custody": "In custody",
    "restriction": "Reporting restriction",
    "youth": "Youth case",
    "hearing_type": "Hearing type",
}
# Headings as services and courts write them, folded (lower case, single spaces).
_HEADINGS: dict[str, tuple[str, ...]] = {
    "name": ("name", "defendant", "defendant name", "full name", "party name", "person", "names"),
    "family": ("surname", "last name", "family name", "lastname", "familyname"),
    "given": (
        "forename",
        "forenames",
        "first name",
        "first names",
        "given name",
        "given names",
        "firstname",
        "christian name",
    ),
    "middle": ("middle name", "middle names", "middlename"),
    "dob": ("dob", "d o b", "date of birth", "birth date", "born", "birthdate", "dateofbirth"),
    "age": ("age", "age years"),
    "date": ("date", "hearing date", "listing date", "court date", "list date"),
    "time": ("time", "listing time", "start time", "hearing time", "sitting time", "start"),
    "court": ("court", "court name", "venue", "court house", "courthouse", "location"),
    "courtroom": ("courtroom", "court room", "room", "crt", "court no", "court number", "ctrm"),
    "case_number": (
        "case number",
        "case no",
        "case ref",
        "case reference",
        "urn",
        "case urn",
        "caseno",
        "ref",
        "reference",
        "case",
    ),
    "prosecutor": (
        "prosecutor",
        "prosecuting authority",
        "prosecution",
        "informant",
        "inf",
        "authority",
    ),
    "offence": ("offence", "offences", "charge", "charges", "offence title", "offense"),
    "address": ("address", "defendant address"),
    "custody": ("in custody", "custody", "custody status"),
    "restriction": ("reporting restriction", "reporting restrictions", "rr", "restrictions"),
    "youth": ("youth", "youth case", "panel"),
    "hearing_type": ("hearing type", "type", "hearing"),
}
_BY_HEADING = {h: key for key, headings in _HEADINGS.items() for h in headings}
# For headings not in the lists above: a word they contain (in this order of trust).
_HEADING_WORDS = (
    ("birth", "dob"),
    ("born", "dob"),
    ("surname", "family"),
    ("forename", "given"),
    ("first name", "given"),
    ("urn", "case_number"),
    ("case", "case_number"),
    ("prosecut", "prosecutor"),
    ("offen", "offence"),
    ("charge", "offence"),
    ("custody", "custody"),
    ("restrict", "restriction"),
    ("room", "courtroom"),
    ("time", "time"),
    ("address", "address"),
    ("defendant", "name"),
    ("name", "name"),
)
_YES = {"y", "yes", "true", "1", "x", "in custody", "custody", "youth", "restricted"}
_NO = {"", "n", "no", "none", "false", "0", "not in custody", "-"}


@dataclass(frozen=True)
class ColumnMapping:
    """Which field each column holds (None: not used), and why it was thought so."""

    headings: tuple[str, ...]
    fields: tuple[str | None, ...]
    why: tuple[str, ...] = ()

    def with_field(self, column: int, key: str | None) -> ColumnMapping:
        """The mapping with `column` holding `key` (or not used); a field is held by one
        column only, so another column holding it is set to not used."""
        if key is not None and key not in FIELDS:
            raise ValueError(f"unknown field: {key}")
        fields = [None if (f == key and key is not None) else f for f in self.fields]
        fields[column] = key
        why = list(self.why or [""] * len(fields))
        why[column] = "chosen by you"
        return replace(self, fields=tuple(fields), why=tuple(why))

    def column_of(self, key: str) -> int | None:
        try:
            return self.fields.index(key)
        except ValueError:
            return None

    def describe(self) -> list[tuple[str, str]]:
        """(heading, what it is read as) for each column, for the preview."""
        return [
            (heading, FIELDS[key] if key else "not used")
            for heading, key in zip(self.headings, self.fields, strict=True)
        ]

    @property
    def problem(self) -> str | None:
        """Why nothing can be read with this mapping yet, or None."""
        if self.column_of("name") is None and self.column_of("family") is None:
            return "Choose which column holds the name (or the family name) before reading."
        return None


@dataclass
class CsvTable:
    """A CSV file's cells, read once; the mapping can then be changed and read again."""

    headings: list[str]
    rows: list[list[str]]
    delimiter: str
    encoding: str
    problems: list[str] = field(default_factory=list)

    @property
    def samples(self) -> list[list[str]]:
        return self.rows[:5]


def read_table(data: bytes) -> CsvTable:
    """The cells of a CSV file. Raises ListRefused with a plain sentence."""
    if len(data) > MAX_BYTES:
        raise ListRefused(
            f"This file is too large to be a court list ({len(data) / 1024 / 1024:.0f} MB; "
            f"the largest accepted is {MAX_BYTES // 1024 // 1024} MB)."
        )
    text, encoding = _decode(data)
    if not text.strip():
        raise ListRefused("This file is empty.")
    if "\x00" in text:
        raise ListRefused("This file is not a CSV file: it holds binary data.")
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                raise ListRefused(
                    f"Line {reader.line_num} has more than {MAX_COLUMNS} columns; this is not "
                    "a court list."
                )
            if any(len(cell) > MAX_CELL for cell in row):
                raise ListRefused(
                    f"Line {reader.line_num} holds a cell far longer than a court list has; "
                    "a quote may be missing."
                )
            if any(cell.strip() for cell in row):
                rows.append([clean(cell, MAX_WORDING) for cell in row])
            if len(rows) > MAX_CASES + 1:
                raise ListRefused(
                    f"This file has more than {MAX_CASES:,} rows, far more than a court's day."
                )
    except csv.Error as error:
        if "field larger" in str(error):
            raise ListRefused(
                f"Line {reader.line_num} holds a cell far longer than a court list has; a "
                "quote may be missing."
            ) from None
        line = _unclosed_quote_line(text, delimiter) or reader.line_num
        raise ListRefused(
            f'Line {line} opens a quote (") that never closes, so the file cannot be read '
            "safely; close the quote or remove it and try again."
        ) from None
    if not rows:
        raise ListRefused("This file is empty.")
    headings, body = rows[0], rows[1:]
    width = max(len(r) for r in rows)
    headings = headings + [""] * (width - len(headings))
    body = [r + [""] * (width - len(r)) for r in body]
    return CsvTable(headings=headings, rows=body, delimiter=delimiter, encoding=encoding)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise ListRefused("This file is not a CSV file: it is not text.") from None
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the Windows code page.
        return data.decode("cp1252", errors="replace"), "Windows-1252"


def _delimiter(text: str) -> str:
    """The separator of the first line, counted outside quotes: comma, semicolon, tab or bar."""
    first = text.lstrip("\ufeff").splitlines()[0] if text else ""
    counts = dict.fromkeys(",;\t|", 0)
    quoted = False
    for ch in first:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] else ","


def _unclosed_quote_line(text: str, delimiter: str) -> int | None:
    """The line on which the quote that never closes opens."""
    quoted = False
    opened_at = 0
    line = 1
    previous = delimiter
    for ch in text:
        if ch == '"':
            if not quoted and previous in (delimiter, "\n", "\r"):
                quoted, opened_at = True, line
            elif quoted:
                quoted = False
        elif ch == "\n":
            line += 1
        previous = ch
    return opened_at if quoted else None


def guess_mapping(table: CsvTable) -> ColumnMapping:
    """Each column's field from its heading; a "Court" column of short values (1, 2, Court 3)
    is read as the courtroom."""
    fields: list[str | None] = []
    why: list[str] = []
    taken: set[str] = set()
    for index, heading in enumerate(table.headings):
        plain = re.sub(r"[^a-z0-9 ]", "", fold(heading)).strip()
        key = _BY_HEADING.get(plain)
        reason = f"heading “{heading}”"
        if key is None and plain:
            key = next((k for word, k in _HEADING_WORDS if word in plain), None)
            reason = f"heading “{heading}” looks like {FIELDS[key].lower()}" if key else ""
        if key == "court" and "courtroom" not in taken and _short_values(table, index):
            key = "courtroom"
        if key in taken:
            key = None
        if key:
            taken.add(key)
            why.append(reason)
        else:
            why.append("heading not recognised" if heading else "no heading")
        fields.append(key)
    return ColumnMapping(tuple(table.headings), tuple(fields), tuple(why))


def _short_values(table: CsvTable, column: int) -> bool:
    values = [r[column] for r in table.rows[:50] if r[column]]
    return bool(values) and all(re.fullmatch(r"(?i)(court\s*)?\d{1,2}[a-z]?", v) for v in values)


def read_csv(data: bytes, mapping: ColumnMapping | None = None) -> tuple[CourtList, ColumnMapping]:
    """A court list from CSV, read with `mapping` (guessed from the headings when None).
    Returns the list and the mapping used, for the preview to show and change."""
    table = read_table(data)
    mapping = mapping or guess_mapping(table)
    return cases_from(table, mapping), mapping


def cases_from(table: CsvTable, mapping: ColumnMapping) -> CourtList:
    """The table's rows read as listed cases with `mapping`."""
    if len(mapping.fields) != len(table.headings):
        raise ListRefused("The columns chosen do not fit this file; choose them again.")
    if mapping.problem:
        raise ListRefused(mapping.problem)
    cases: list[ListedCase] = []
    problems = list(table.problems)
    courts: list[str] = []
    dates: list[str] = []
    for number, row in enumerate(table.rows, start=2):
        values = {key: row[i] for i, key in enumerate(mapping.fields) if key and row[i]}
        case = _case(values, row, mapping, number)
        if case is None:
            problems.append(f"Row {number} has no name, so it was left out.")
            continue
        cases.append(case)
        if case.court:
            courts.append(case.court)
        if case.hearing_date:
            dates.append(case.hearing_date)
    if not cases:
        raise ListRefused("No row of this file has a name in the column chosen for names.")
    return CourtList(
        kind="csv",
        cases=cases,
        court=max(set(courts), key=courts.count) if courts else None,
        date=min(dates) if dates else None,
        problems=problems,
    )


def _case(
    values: dict[str, str], row: list[str], mapping: ColumnMapping, number: int
) -> ListedCase | None:
    family = clean(values.get("family"), MAX_NAME)
    given = clean(values.get("given"), MAX_NAME)
    middle = clean(values.get("middle"), MAX_NAME)
    if family:
        first, _, more = given.partition(" ")
        name = Name(given=first, middle=" ".join(p for p in (more, middle) if p), family=family)
        listed = " ".join(p for p in (given, middle, family) if p)
    elif values.get("name"):
        listed = clean(values["name"], MAX_NAME)
        name = parse_name(listed)
    else:
        return None
    case = ListedCase(name=name, name_as_listed=listed, source=f"row {number}")
    for key, text in values.items():
        if key in ("family", "given", "middle", "name"):
            continue
        if not _apply(case, key, text):
            case.not_recognised.append(f"{FIELDS[key]}: {text}")
    for i, key in enumerate(mapping.fields):
        if key is None and row[i] and mapping.headings[i]:
            case.not_recognised.append(f"{mapping.headings[i]}: {row[i]}")
    note_fields(case)
    return case


def _apply(case: ListedCase, key: str, text: str) -> bool:
    """Put one cell's value on the case; False when it cannot be read as that field."""
    if key == "dob":
        case.date_of_birth = iso_date(text)
        return case.date_of_birth is not None
    if key == "age":
        digits = re.match(r"^\s*(\d{1,3})\b", text)
        if digits and int(digits[1]) <= 130:
            case.age = int(digits[1])
            return True
        return False
    if key == "date":
        case.hearing_date = iso_date(text)
        return case.hearing_date is not None
    if key == "time":
        return _time(case, text)
    if key == "custody":
        case.in_custody = fold(text) not in _NO and "bail" not in fold(text)
        return True
    if key == "restriction":
        # "Yes", or the restriction's own words ("s.45 YJCEA 1999"); "No" or blank is none.
        answer = fold(text)
        case.reporting_restriction = answer not in _NO
        if case.reporting_restriction and answer not in _YES:
            case.restriction_details.append(clean(text, MAX_WORDING))
        return True
    if key == "youth":
        case.youth_marker = fold(text) in _YES or fold(text) == "child"
        return True
    if key == "offence":
        case.offences.extend(p.strip() for p in re.split(r"[;\n]", text) if p.strip())
        flag_restrictions(case, text, youth=False)
        return True
    limit = MAX_NAME if key in ("court", "prosecutor", "courtroom") else MAX_TEXT
    setattr(case, key, clean(text, limit) or None)
    return True


def _time(case: ListedCase, text: str) -> bool:
    match = re.search(r"(\d{1,2})[:.](\d{2})|(\d{1,2})\s*([ap]m)", text, re.IGNORECASE)
    if match:
        try:
            case.time = parse_time(match[0])
            return True
        except ValueError:
            return False
    iso = re.search(r"T(\d{2}):(\d{2})", text)
    if iso:
        case.time = hhmm(int(iso[1]), int(iso[2]))
    return case.time is not None
