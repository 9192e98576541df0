"""A court list pasted as text from a published list or a PDF, one case per line.

Each line is read for the parts courts print, in any order: a time (10:00, 10.30, 10am), a
courtroom (Court 2, Courtroom 3, Crt 1), a case number or URN (01AA1234567), a date of birth
(12/03/1990, DOB 12.03.90) or an age ((34), aged 34), a prosecutor (CPS, Devon and Cornwall
Police, TV Licensing ...), reporting restriction and youth markers, then the name
("SMITH, John", "John SMITH", "Forenames Surname") and the offence. Each line's result says
what was recognised and what was not. A line holding only a courtroom or a time (a heading)
sets it for the lines after it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from cass_desktop.court.listing import (
    MAX_CASES,
    MAX_NAME,
    RESTRICTION_MARK,
    YOUTH_MARK,
    CourtList,
    ListedCase,
    ListRefused,
    clean,
    hhmm,
    iso_date,
)
from cass_desktop.people.names import parse_name

MAX_CHARS = 2 * 1024 * 1024
MAX_LINE = 1000

_TIME = re.compile(
    r"(?<![\d/.:])(?:([01]?\d|2[0-3])[:.]([0-5]\d)\s*([ap]\.?m\.?)?|(1[0-2]|0?[1-9])\s*([ap])\.?m\b\.?)"
    r"(?![\d/.:])",
    re.IGNORECASE,
)
_COURTROOM = re.compile(
    r"\b(?:court\s*room|courtroom|court|crt|ctrm|room)\s*(?:no\.?\s*)?(\d{1,2}[a-z]?)\b",
    re.IGNORECASE,
)
_URN = re.compile(r"\b\d{2}\s?[A-Z]{2}\s?\d{5,9}\b")
_CASE_LABEL = re.compile(
    r"\b(?:case\s*(?:no|number|ref)|urn)\.?\s*[:#]?\s*([A-Z0-9][A-Z0-9/\-]{3,20})\b", re.I
)
_DOB = re.compile(
    r"(?:\b(?:dob|d\.o\.b\.?|born|b\.)\s*[:\-]?\s*)?(?<![\d/])(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?![\d/])",
    re.IGNORECASE,
)
_AGE = re.compile(
    r"\(\s*(?:age[d]?\s*)?(\d{1,2})\s*(?:yrs?|years)?\s*\)|\bage[d]?\s*:?\s*(\d{1,2})\b|"
    r"\b(\d{1,2})\s*(?:yrs|years old|y/o)\b",
    re.IGNORECASE,
)
_PROSECUTOR = re.compile(
    r"\b(?:CPS|Crown Prosecution Service|DVLA|TV\s?Licensing|TVL|RSPCA|HMRC|DWP|"
    r"Environment Agency|British Transport Police|BTP|Network Rail|Great Western Railway|GWR|"
    r"(?:[A-Z][a-z]+(?: and | & | )){0,3}[A-Z][a-z]+ (?:Police|Constabulary|Council))\b"
)
# Words that start an offence, so a name followed by an offence is split where it ends.
_OFFENCE_WORDS = frozenset(
    [
        "theft",
        "steal",
        "stealing",
        "assault",
        "assaulting",
        "burglary",
        "criminal",
        "possession",
        "possess",
        "possessing",
        "drive",
        "driving",
        "drunk",
        "drink",
        "breach",
        "breaching",
        "fail",
        "failing",
        "failed",
        "use",
        "using",
        "common",
        "battery",
        "robbery",
        "harassment",
        "stalking",
        "sexual",
        "affray",
        "obstruct",
        "obstructing",
        "resist",
        "resisting",
        "threatening",
        "public",
        "racially",
        "handling",
        "fraud",
        "making",
        "taking",
        "being",
        "having",
        "attempt",
        "attempted",
        "wounding",
        "careless",
        "dangerous",
        "excess",
        "speeding",
        "exceed",
        "exceeding",
        "send",
        "sending",
        "malicious",
        "damage",
        "damaging",
        "destroy",
        "arson",
        "cultivate",
        "cultivating",
        "supply",
        "supplying",
        "produce",
        "producing",
        "trespass",
        "begging",
        "disorderly",
        "owner",
        "dog",
        "carry",
        "carrying",
        "knife",
        "offensive",
        "without",
        "no",
        "commit",
        "committing",
        "interfere",
        "engage",
        "engaging",
        "cause",
        "causing",
        "permit",
        "permitting",
    ]
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_SEPARATORS = re.compile(r"\s{2,}|\t|\s[|–—-]\s|\|")


@dataclass
class TextLine:
    """One pasted line: the case read from it (None for a heading or a line with no name),
    and what was and was not recognised."""

    number: int
    text: str
    case: ListedCase | None
    # What a line without a name gave (a heading's courtroom and time).
    partial: ListedCase | None = None
    recognised: list[tuple[str, str]] = field(default_factory=list)
    not_recognised: list[str] = field(default_factory=list)
    note: str = ""


def read_text(text: str, *, on: dt.date | None = None, court: str | None = None) -> CourtList:
    """A court list from pasted text. Raises ListRefused with a plain sentence."""
    lines = read_lines(text, on=on)
    cases = [line.case for line in lines if line.case is not None]
    if not cases:
        raise ListRefused("No line of this text has a name on it, so there is no list to read.")
    problems = [
        f"Line {line.number}: {line.note}"
        for line in lines
        if line.case is None and line.note and not line.recognised
    ]
    return CourtList(
        kind="text",
        cases=cases,
        court=court or next((c.court for c in cases if c.court), None),
        date=on.isoformat()
        if on
        else next((c.hearing_date for c in cases if c.hearing_date), None),
        problems=problems,
    )


def read_lines(text: str, *, on: dt.date | None = None) -> list[TextLine]:
    """Every line of pasted text read, headings and unreadable lines included."""
    if len(text) > MAX_CHARS:
        raise ListRefused(
            "This is far more text than a court list holds; paste one court's list for one day."
        )
    results: list[TextLine] = []
    room: str | None = None
    time: str | None = None
    court: str | None = None
    day: str | None = None
    cases = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        # Runs of spaces and tabs are kept: they separate a list's columns.
        line = _CONTROL.sub(" ", raw[:MAX_LINE].replace("\t", "  ")).strip()
        if not line:
            continue
        result = _read_line(number, line)
        if result.case is None:
            # A heading: "Court 2", "10:00 list", "Courtroom 1 - 2pm" sets what follows;
            # "Plymouth Magistrates' Court, Wednesday 2 December 2026" the court and the day.
            partial = result.partial
            if partial is not None and (partial.courtroom or partial.time):
                room = partial.courtroom or room
                time = partial.time or time
                result.note = "a heading: its courtroom or time is used for the lines after it"
            court_name = _COURT_NAME.search(line)
            listed_day = _written_date(line)
            if court_name or listed_day:
                if court_name:
                    court = court or clean(court_name[0], MAX_NAME)
                    result.recognised.append(("Court", clean(court_name[0], MAX_NAME)))
                if listed_day:
                    day = day or listed_day.isoformat()
                    result.recognised.append(("Hearing date", listed_day.isoformat()))
                result.not_recognised = []
                result.note = "a heading: the court and the day of the list"
        else:
            cases += 1
            if cases > MAX_CASES:
                raise ListRefused(
                    f"This text has more than {MAX_CASES:,} cases, far more than a court's day."
                )
            result.case.courtroom = result.case.courtroom or room
            result.case.time = result.case.time or time
            result.case.hearing_date = on.isoformat() if on else None
        results.append(result)
    # The day and court a heading gave, for the cases before and after it alike.
    for result in results:
        if result.case is not None:
            result.case.hearing_date = result.case.hearing_date or day
            result.case.court = result.case.court or court
    return results


_COURT_NAME = re.compile(r"\b[A-Z][\w'’ -]{0,60}?Magistrates['’]?\s+Court\b")
_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_WRITTEN_DATE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(_MONTH_NAMES) + r")\s+(\d{4})\b", re.I
)


def _written_date(line: str) -> dt.date | None:
    """2 December 2026, as a list's heading writes its day."""
    match = _WRITTEN_DATE.search(line)
    if not match:
        return None
    try:
        return dt.date(int(match[3]), _MONTH_NAMES.index(match[2].lower()) + 1, int(match[1]))
    except ValueError:
        return None


def _take(pattern: re.Pattern[str], line: str) -> tuple[re.Match[str] | None, str]:
    """The first match of `pattern`, and the line with it cut out (a separator left)."""
    match = pattern.search(line)
    if not match:
        return None, line
    return match, line[: match.start()] + " | " + line[match.end() :]


def _read_line(number: int, line: str) -> TextLine:
    recognised: list[tuple[str, str]] = []
    case = ListedCase(name=parse_name(""), name_as_listed="", source=f"line {number}")
    rest = line
    marks = list(RESTRICTION_MARK.finditer(rest))
    if marks:
        case.reporting_restriction = True
        recognised.append(("Reporting restriction", " ".join(m[0] for m in marks)))
        rest = RESTRICTION_MARK.sub(" | ", rest)
    youth = YOUTH_MARK.search(rest)
    if youth:
        case.youth_marker = True
        recognised.append(("Youth case", youth[0]))
        rest = rest[: youth.start()] + " | " + rest[youth.end() :]
    match, rest = _take(_CASE_LABEL, rest)
    if not match:
        match, rest = _take(_URN, rest)
    if match:
        case.case_number = re.sub(r"\s", "", match[1] if match.lastindex else match[0]).upper()
        recognised.append(("Case number", case.case_number))
    match, rest = _take(_DOB, rest)
    if match:
        day, month, year = match[1], match[2], match[3]
        if len(year) == 2:
            # A date of birth: the century that puts it in the past.
            full = 2000 + int(year)
            year = str(full if full <= dt.date.today().year else full - 100)
        case.date_of_birth = iso_date(f"{day}/{month}/{year}")
        if case.date_of_birth:
            recognised.append(("Date of birth", match[0].strip()))
        else:
            case.not_recognised.append(match[0].strip())
    match, rest = _take(_AGE, rest)
    if match:
        case.age = int(next(g for g in match.groups() if g))
        recognised.append(("Age", match[0].strip()))
    match, rest = _take(_COURTROOM, rest)
    if match:
        case.courtroom = f"Court {match[1].upper()}"
        recognised.append(("Courtroom", match[0].strip()))
    match, rest = _take(_TIME, rest)
    if match:
        case.time = _time_of(match)
        if case.time:
            recognised.append(("Time", match[0].strip()))
    match, rest = _take(_PROSECUTOR, rest)
    if match:
        case.prosecutor = clean(match[0], MAX_NAME)
        recognised.append(("Prosecutor", case.prosecutor))
    name, offence, leftovers = _name_and_offence(rest)
    result = TextLine(number=number, text=line, case=None, recognised=recognised, partial=case)
    if not name:
        result.not_recognised = leftovers + ([offence] if offence else [])
        if not recognised:
            result.note = "no name found on this line"
        return result
    case.name = parse_name(name)
    case.name_as_listed = name
    if offence:
        case.offences.append(offence)
    case.recognised = [("Name", name), *recognised] + ([("Offence", offence)] if offence else [])
    case.not_recognised = case.not_recognised + leftovers
    result.case, result.partial = case, None
    result.recognised = case.recognised
    result.not_recognised = case.not_recognised
    return result


def _time_of(match: re.Match[str]) -> str | None:
    if match[1] is not None:
        hour, minute, suffix = int(match[1]), int(match[2]), (match[3] or "").lower()
    else:
        hour, minute, suffix = int(match[4]), 0, match[5].lower()
    if suffix.startswith("p") and hour < 12:
        hour += 12
    elif suffix.startswith("a") and hour == 12:
        hour = 0
    return hhmm(hour, minute)


_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.\-]*(?:['’\-][^\W\d_]+)*\.?,?$")


def _name_and_offence(rest: str) -> tuple[str, str, list[str]]:
    """The name (the first piece that reads as one), an offence (the words after it), and the
    pieces that were neither."""
    pieces = [p.strip(" ,;:") for p in _SEPARATORS.split(rest)]
    pieces = [p for p in pieces if p and p not in ("|", "-")]
    name = offence = ""
    leftovers: list[str] = []
    for piece in pieces:
        if not name:
            found, after = _leading_name(piece)
            if found:
                name = found
                if after:
                    offence = after
                continue
            leftovers.append(piece)
        elif not offence and re.search(r"[a-z]{3}", piece, re.IGNORECASE):
            offence = piece
        else:
            leftovers.append(piece)
    return name, clean(offence, 200), leftovers


def _leading_name(piece: str) -> tuple[str, str]:
    """The name at the start of a piece ("SMITH, John Theft from a shop" gives "SMITH, John"
    and the offence after it)."""
    words = piece.split()
    taken: list[str] = []
    for word in words:
        bare = word.strip(",")
        if not _NAME_WORD.match(word) or (taken and bare.casefold() in _OFFENCE_WORDS):
            break
        if taken and bare[:1].islower() and bare.casefold() not in _LOWER_PARTICLES:
            break  # "theft from ...": lower case words are not a name
        taken.append(word)
        if len(taken) == 6:
            break
    if not taken or taken[0].strip(",").casefold() in _OFFENCE_WORDS:
        return "", ""
    letters = sum(len(w) for w in taken)
    if len(taken) == 1 and "," not in taken[0] and not taken[0].isupper():
        return "", ""  # one word in ordinary case ("Adjourned") is not a name
    if letters < 2:
        return "", ""
    name = " ".join(taken).strip(",")
    return name, " ".join(words[len(taken) :])


_LOWER_PARTICLES = frozenset(
    [
        "de",
        "da",
        "di",
        "van",
        "von",
        "der",
        "den",
        "le",
        "la",
        "du",
        "al",
        "el",
        "bin",
        "ibn",
        "ni",
        "wa",
    ]
)
