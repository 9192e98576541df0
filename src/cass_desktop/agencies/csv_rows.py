"""Reading an agency CSV file: the columns understood, and each row as an agency's values or
the reasons it cannot be one.

The file's first row names its columns (``Name``, ``Needs``, ``Areas``, ``Phone`` ...; common
variants such as ``Agency`` or ``Phone number`` are understood). Each cell is checked here
(length, phone, email, yes or no, needs by key or by their words); comparing the rows with the
directory and writing them is csv_import.py's. See docs/agency-csv.md for the format.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cass_desktop.records import csv_file
from cass_desktop.records.formats import check_phone, is_email
from cass_desktop.records.vocab import NEED_DOMAINS

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
