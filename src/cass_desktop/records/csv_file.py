"""Reading a CSV file saved from a spreadsheet, checked as hostile until shown otherwise.

Shared by the imports that bring records in from a spreadsheet (agencies/csv_import.py,
people/csv_import.py): the file's size, its encoding, its separator, quotes that never close,
rows and columns beyond what such a list holds, and formulas are all checked here, in one
pass each, and a file that fails is refused whole with one plain sentence (`CsvRefused`).
What a row means is left to the import: this module hands back the headings and the cells.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


class CsvRefused(ValueError):
    """A file that cannot be imported at all; the message says why in plain words."""


@dataclass(frozen=True)
class Limits:
    """What a file of one kind may hold, and the words its refusals use."""

    what: str  # "an agency list", "a list of people"
    row_word: str  # what one row is: "agency", "person"
    source: str  # the list as a worker would save it: "the agency list"
    max_bytes: int = 20 * 1024 * 1024
    max_rows: int = 50_000
    max_columns: int = 200
    max_cell: int = 10_000


@dataclass(frozen=True)
class Table:
    """The cells of a file: its heading row, then every row that is not blank, numbered as a
    spreadsheet numbers them (the heading row is row 1)."""

    file_name: str
    encoding: str  # in words: "UTF-8", "Windows (Excel)", "UTF-16"
    delimiter: str
    headings: list[str]
    rows: list[tuple[int, list[str]]]


def clean_text(value: str | None) -> str:
    """A cell or typed value as stored: Windows line ends made plain, outer spaces removed."""
    if value is None:
        return ""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def header_key(text: str) -> str:
    """A heading as headings are compared: lower case, punctuation as spaces."""
    text = text.replace("\ufeff", "").casefold().replace("(s)", "s")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def map_headings(
    headings: list[str], by_heading: Mapping[str, str], labels: Mapping[str, str]
) -> tuple[dict[str, int], dict[str, str], list[str]]:
    """Column index and heading for each field understood (`by_heading`: header_key -> field),
    and the headings not understood. Two columns for one field are refused."""
    index: dict[str, int] = {}
    written: dict[str, str] = {}
    ignored: list[str] = []
    for i, heading in enumerate(headings):
        name = heading.replace("\ufeff", "").strip()
        fld = by_heading.get(header_key(name))
        if fld is None:
            if name:
                ignored.append(name)
            continue
        if fld in index:
            raise CsvRefused(
                f"Two columns both give the {labels[fld].lower()}: "
                f"'{written[fld]}' and '{name}'. Remove or rename one of them."
            )
        index[fld] = i
        written[fld] = name
    return index, written, ignored


def read_file(path: Path | str, limits: Limits) -> tuple[bytes, str]:
    """The bytes of the file at `path` and its name, refused when too large or missing."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise CsvRefused(
                f"This file is too large for {limits.what} ({size // (1024 * 1024)} MB; "
                f"at most {limits.max_bytes // (1024 * 1024)} MB)."
            )
        return path.read_bytes(), path.name
    except FileNotFoundError:
        raise CsvRefused(f"There is no file at {path}.") from None
    except IsADirectoryError:
        raise CsvRefused(f"{path} is a folder, not a file.") from None
    except OSError as exc:
        raise CsvRefused(f"The file could not be opened: {exc.strerror or exc}.") from None


def decode(data: bytes, what: str = "the list") -> tuple[str, str]:
    """The file's text and its encoding in words; CsvRefused for a file that is not text."""
    if not data.strip():
        raise CsvRefused("The file is empty.")
    if data.startswith(b"%PDF"):
        raise CsvRefused(
            f"This file is a PDF, not a CSV file. Save {what} from the spreadsheet "
            "as CSV and import that."
        )
    if data.startswith(b"PK\x03\x04"):
        raise CsvRefused(
            "This file is a spreadsheet workbook (such as Excel .xlsx), not a CSV file. In the "
            "spreadsheet choose Save As, pick “CSV UTF-8 (comma delimited)”, and import that."
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise CsvRefused(
            "This file is an old-style Excel or Word file, not a CSV file. In the spreadsheet "
            "choose Save As, pick “CSV UTF-8 (comma delimited)”, and import that."
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise CsvRefused("This file is not a CSV file: it cannot be read as text.") from None
    if b"\x00" in data[:65536]:
        raise CsvRefused("This file is not a CSV file: it holds binary data, not text.")
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text, encoding = data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        # Excel on Windows saves plain "CSV (comma delimited)" as Windows-1252.
        try:
            text, encoding = data.decode("cp1252"), "Windows (Excel)"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "Latin-1"
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    if controls > max(3, len(sample) // 200):
        raise CsvRefused("This file is not a CSV file: it holds binary data, not text.")
    return text, encoding


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line
    return ""


def delimiter_of(header: str) -> str:
    """Comma, semicolon (Excel in many European settings) or tab, from the heading row."""
    unquoted = re.sub(r'"[^"]*"', "", header)
    counts = {d: unquoted.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def unclosed_quote_line(text: str, delimiter: str) -> int | None:
    """The line on which a quoted field opens and is never closed, or None (one pass).

    A quote opens a field only at the start of one, as CSV has it; inside a quoted field two
    quotes stand for one."""
    line = 1
    opened_on = 0
    in_quote = False
    at_start = True
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if in_quote:
            if ch == '"':
                if i + 1 < n and text[i + 1] == '"':
                    i += 1  # a doubled quote: one quote in the value
                else:
                    in_quote = False
            elif ch == "\n":
                line += 1
        elif ch == '"' and at_start:
            in_quote, opened_on = True, line
        elif ch == "\n":
            line += 1
            at_start = True
            i += 1
            continue
        at_start = ch == delimiter or (at_start and ch in " \t\r")
        i += 1
    return opened_on if in_quote else None


# A spreadsheet formula: what a spreadsheet would run if the value were opened in one again.
# A phone number's "+44" and a note's "- see above" are not formulas.
_FORMULA = re.compile(r"[=@]|[+\-][A-Za-z_=(]")


def is_formula(cell: str) -> bool:
    return _FORMULA.match(cell.lstrip()) is not None


def read_table(data: bytes, limits: Limits, *, file_name: str = "") -> Table:
    """The headings and rows of a CSV file, or CsvRefused with one sentence saying why."""
    if len(data) > limits.max_bytes:
        raise CsvRefused(
            f"This file is too large for {limits.what} ({len(data) // (1024 * 1024)} MB; "
            f"at most {limits.max_bytes // (1024 * 1024)} MB)."
        )
    text, encoding = decode(data, limits.source)
    delimiter = delimiter_of(first_line(text))
    unclosed = unclosed_quote_line(text, delimiter)
    if unclosed is not None:
        raise CsvRefused(
            f'Line {unclosed} opens a quote (") that is never closed, so everything after it '
            f"would be read as one {limits.row_word}. Close the quote on that line, or remove "
            "it, and import the file again."
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    csv.field_size_limit(max(csv.field_size_limit(), limits.max_cell + 1))
    headings: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    number = 0
    try:
        for cells in reader:
            number += 1
            if len(cells) > limits.max_columns:
                raise CsvRefused(
                    f"Row {number} has {len(cells):,} columns, more than {limits.what} has "
                    f"(at most {limits.max_columns}); this file cannot be imported."
                )
            for cell in cells:
                if len(cell) > limits.max_cell:
                    raise CsvRefused(
                        f"Row {number} holds a cell of {len(cell):,} characters, far longer "
                        f"than {limits.what} has (at most {limits.max_cell:,}); a quote may be "
                        "missing."
                    )
                if is_formula(cell):
                    raise CsvRefused(
                        f"Row {number} holds a spreadsheet formula ({cell.strip()[:40]}), "
                        "which is never imported: save the sheet as values only, or remove "
                        "the formula, and import the file again."
                    )
            if not any(c.strip() for c in cells):
                continue  # a blank line, as spreadsheets often leave at the end
            if headings is None:
                headings = cells
                continue
            rows.append((number, cells))
            if len(rows) > limits.max_rows:
                raise CsvRefused(
                    f"This file has more than {limits.max_rows:,} rows, more than {limits.what} "
                    "should hold; split it into smaller files and import each."
                )
    except csv.Error as exc:
        raise CsvRefused(
            f"The file could not be read as CSV near line {reader.line_num}: {exc}."
        ) from None
    if headings is None:
        raise CsvRefused("The file is empty.")
    return Table(file_name, encoding, delimiter, headings, rows)
