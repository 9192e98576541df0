"""A listed case: the common shape every court list is read into (HMCTS JSON, CSV, text).

Everything in a list came from outside, so every value here has been cut to size and cleaned
of control characters by `clean`, and a reader that cannot make sense of a file refuses it
with one plain sentence (`ListRefused`), never an exception's name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from cass_desktop.people.birth_dates import age_on, as_date
from cass_desktop.people.names import Name, squash

# The most a list may hold: far more than any court's day, far less than would slow the app.
MAX_CASES = 5000
# Longest text kept of each kind of value (longer text is cut, not refused).
MAX_NAME = 200
MAX_TEXT = 500
MAX_WORDING = 4000
# Under this age on the day of the hearing, a case is a youth case.
ADULT_AGE = 18

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")
_URN = re.compile(r"^[0-9]{2}[A-Z]{2}[0-9]{5,9}$")

# Words a list uses to mark a reporting restriction: the Children and Young Persons Act 1933
# s.39 and s.49, the Youth Justice and Criminal Evidence Act 1999 s.45 and s.45A, the Sexual
# Offences (Amendment) Act 1992 (victims' anonymity).
RESTRICTION_MARK = re.compile(
    r"reporting\s+restrict\w*|\brestricted\s+reporting|\bs\.?\s*(?:39|45a?|46|49)\b|"
    r"\bsection\s+(?:39|45a?|46|49)\b|\banonymity\b|sexual\s+offences\s+\(amendment\)|"
    r"\bRR\b",
    re.IGNORECASE,
)
YOUTH_MARK = re.compile(r"\byouth\b|\bjuvenile\b|\bminor\b|\(\s*Y\s*\)", re.IGNORECASE)


class ListRefused(ValueError):
    """A list that cannot be read; str() is one plain sentence for the worker."""


def clean(value: object, limit: int = MAX_TEXT) -> str:
    """Text from outside made safe to show and store: a string, no control characters or
    line breaks, single spaces, at most `limit` characters."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    text = value if isinstance(value, str) else str(value)
    text = _CONTROL.sub(" ", text[: limit * 4])
    return " ".join(text.split())[:limit]


def case_number(value: object) -> str:
    """A case number or URN as it is compared: capitals, no spaces or separators."""
    text = clean(value, 64).upper()
    return re.sub(r"[\s/\-.]", "", text)


def looks_like_urn(text: str) -> bool:
    """01AA1234567: a police force code, a station's letters, then the case's digits."""
    return bool(_URN.match(case_number(text)))


@dataclass
class ListedCase:
    """One person listed for a hearing, and where each part of it came from."""

    name: Name
    name_as_listed: str
    source: str = ""  # "line 4", "row 12", "courtroom 2, 10:00": where it is in the file
    date_of_birth: str | None = None  # ISO 8601
    age: int | None = None
    hearing_date: str | None = None  # ISO 8601
    time: str | None = None  # HH:MM
    court: str | None = None
    courtroom: str | None = None
    case_number: str | None = None  # as listed (compare with `case_number()`)
    prosecutor: str | None = None
    offences: list[str] = field(default_factory=list)
    offence_wording: list[str] = field(default_factory=list)
    hearing_type: str | None = None
    address: str | None = None
    in_custody: bool | None = None
    plea: str | None = None
    reporting_restriction: bool = False
    restriction_details: list[str] = field(default_factory=list)
    youth_marker: bool = False  # the list itself says youth (a youth panel, "youth")
    # What the reader recognised, as (what, text) for a preview, and what it could not.
    recognised: list[tuple[str, str]] = field(default_factory=list)
    not_recognised: list[str] = field(default_factory=list)

    @property
    def age_on_hearing(self) -> int | None:
        """The age listed, or worked out from the date of birth on the hearing's day."""
        if self.age is not None:
            return self.age
        born = as_date(self.date_of_birth)
        day = as_date(self.hearing_date)
        if born is None:
            return None
        return age_on(born, day or dt.date.today())

    @property
    def youth(self) -> bool:
        """A youth case: under 18 where the age is known, or marked so on the list."""
        age = self.age_on_hearing
        return self.youth_marker or (age is not None and 0 <= age < ADULT_AGE)

    @property
    def key(self) -> str:
        """The same listed case in the same list, however often it is read again: for
        remembering a rejected candidate for this list."""
        return "|".join(
            (
                case_number(self.case_number or ""),
                squash(self.name_as_listed),
                self.date_of_birth or "",
                self.time or "",
            )
        )


@dataclass
class CourtList:
    """A court's list as read: its cases in listed order, and what was left out, in words."""

    kind: str  # hmcts_public | hmcts_standard | hmcts_adult | csv | text
    cases: list[ListedCase]
    court: str | None = None
    date: str | None = None  # ISO 8601, when the list says
    problems: list[str] = field(default_factory=list)

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, self.kind)


KIND_NAMES = {
    "hmcts_public": "HMCTS magistrates' public list",
    "hmcts_standard": "HMCTS magistrates' standard list",
    "hmcts_adult": "HMCTS magistrates' adult court list",
    "csv": "spreadsheet (CSV)",
    "text": "pasted text",
}


def flag_restrictions(case: ListedCase, *texts: str, youth: bool = True) -> None:
    """Mark a reporting restriction or (with `youth`) a youth case that the list's words show.
    Offence wording is read for restrictions only: "a minor" there is the victim."""
    for text in texts:
        if not text:
            continue
        if RESTRICTION_MARK.search(text):
            case.reporting_restriction = True
        if youth and YOUTH_MARK.search(text):
            case.youth_marker = True


def note_fields(case: ListedCase) -> None:
    """Record as recognised each part a structured list (JSON, or a CSV's mapped columns)
    gave, for the preview."""
    shown = dict(case.recognised)
    for label, value in (
        ("Name", case.name_as_listed),
        ("Date of birth", case.date_of_birth),
        ("Age", None if case.age is None else str(case.age)),
        ("Time", case.time),
        ("Courtroom", case.courtroom),
        ("Case number", case.case_number),
        ("Prosecutor", case.prosecutor),
        ("Offence", "; ".join(case.offences)),
    ):
        if value and label not in shown:
            case.recognised.append((label, value))


def iso_date(value: object) -> str | None:
    """A date from a list (2026-12-02, 02/12/2026, 02-12-2026, 2026-12-02T10:00Z) as ISO."""
    day = as_date(clean(value, 40))
    return day.isoformat() if day else None


def hhmm(hour: int, minute: int) -> str | None:
    if 0 <= hour <= 23 and 0 <= minute <= 59:
        return f"{hour:02d}:{minute:02d}"
    return None
