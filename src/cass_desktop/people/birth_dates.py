"""Dates of birth compared for the slips people make typing them.

The same date, day and month swapped (US order), one digit different, two digits swapped
(1997 for 1979), the year ten or eighteen years out, or a day apart (19th for 20th). A date
in the future is compared like any other: it is what was typed, and most likely a slip of
one digit or a century.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

SAME = "same"
DAY_MONTH_SWAPPED = "day_month_swapped"
DIGITS_SWAPPED = "digits_swapped"
ONE_DIGIT = "one_digit"
YEAR_OUT = "year_out"
DAY_APART = "day_apart"
UNKNOWN = "unknown"
DIFFERENT = "different"

# How far each relation counts towards two records being one person (multiplies a name score).
FACTOR = {
    SAME: 1.0,
    DAY_MONTH_SWAPPED: 0.93,
    DIGITS_SWAPPED: 0.93,
    ONE_DIGIT: 0.93,
    YEAR_OUT: 0.9,
    DAY_APART: 0.9,
    UNKNOWN: 0.85,
    DIFFERENT: 0.5,
}
# A slip of the whole year: a decade, 18 years (1997 for 1979 and the like), a century.
_YEARS_OUT = (10, 18, 100)

_UK = re.compile(r"^\s*(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class DobMatch:
    relation: str
    factor: float
    reason: str  # "" when there is nothing to say


def as_date(value: dt.date | str | None) -> dt.date | None:
    """A date of birth from the store (2026-11-27) or as typed or listed (27/11/2026,
    27-11-2026); None when it is missing or not a date. Never raises."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return _parse(str(value)[:40])


@functools.lru_cache(maxsize=65536)
def _parse(text: str) -> dt.date | None:
    # Cached: a list and the people it is matched against hold the same dates many times.
    m = _ISO.match(text)
    try:
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        m = _UK.match(text)
        if m:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


def clear_caches() -> None:
    """Forget the dates already read (for benchmarks that must start cold)."""
    _parse.cache_clear()


def _digits(day: dt.date) -> str:
    return f"{day.day:02d}{day.month:02d}{day.year:04d}"


def relation(a: dt.date | str | None, b: dt.date | str | None) -> str:
    """How two dates of birth relate (one of the constants above)."""
    x, y = as_date(a), as_date(b)
    if x is None or y is None:
        return UNKNOWN
    if x == y:
        return SAME
    if x.year == y.year and (x.day, x.month) == (y.month, y.day):
        return DAY_MONTH_SWAPPED
    dx, dy = _digits(x), _digits(y)
    differ = [i for i in range(8) if dx[i] != dy[i]]
    if len(differ) == 1:
        return ONE_DIGIT
    if len(differ) == 2:
        i, j = differ
        if dx[i] == dy[j] and dx[j] == dy[i]:
            return DIGITS_SWAPPED
    if (x.month, x.day) == (y.month, y.day) and abs(x.year - y.year) in _YEARS_OUT:
        return YEAR_OUT
    if abs((x - y).days) == 1:
        return DAY_APART  # 19th for 20th: a day out, written from memory
    return DIFFERENT


def compare_dobs(a: dt.date | str | None, b: dt.date | str | None) -> DobMatch:
    """Two dates of birth compared, with the reason in words (`a` typed or listed, `b` held)."""
    kind = relation(a, b)
    if kind == SAME:
        return DobMatch(kind, FACTOR[kind], "same date of birth")
    if kind == UNKNOWN:
        return DobMatch(kind, FACTOR[kind], _unknown_reason(a, b))
    both = f"({_show(as_date(a))} and {_show(as_date(b))})"
    reason = {
        DAY_MONTH_SWAPPED: "date of birth with day and month swapped",
        DIGITS_SWAPPED: "date of birth with two digits swapped",
        ONE_DIGIT: "date of birth one digit different",
        YEAR_OUT: "date of birth with the year out",
        DAY_APART: "dates of birth a day apart",
        DIFFERENT: "different dates of birth",
    }[kind]
    return DobMatch(kind, FACTOR[kind], f"{reason} {both}")


_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _show(day: dt.date | None) -> str:
    """8 Apr 1979, as dates.show_date shows it (cheaper: reasons are made by the thousand)."""
    return f"{day.day} {_MONTHS[day.month]} {day.year}" if day else ""


def _unknown_reason(a: dt.date | str | None, b: dt.date | str | None) -> str:
    if as_date(a) is None and as_date(b) is None:
        return "no date of birth to compare"
    if as_date(a) is None:
        return "no date of birth given to compare"
    return "no date of birth held for them"


def slips_of(day: dt.date, *, all_swaps: bool = True) -> list[dt.date]:
    """The dates a slip could have made of `day` that are cheap to look up: day and month
    swapped, two digits swapped (any two, or with `all_swaps` False only within the day, the
    month or the year), the year out. One-digit slips, 70 or so a date, are left to the name.
    """
    found: dict[dt.date, None] = {}
    text = _digits(day)
    candidates = [(day.month, day.day, day.year)]
    pairs = [(i, j) for i in range(8) for j in range(i + 1, 8)]
    if not all_swaps:
        pairs = [(0, 1), (2, 3), *((i, j) for i in range(4, 8) for j in range(i + 1, 8))]
    for i, j in pairs:
        if text[i] != text[j]:
            s = list(text)
            s[i], s[j] = s[j], s[i]
            swapped = "".join(s)
            candidates.append((int(swapped[0:2]), int(swapped[2:4]), int(swapped[4:])))
    for years in _YEARS_OUT:
        candidates.append((day.day, day.month, day.year + years))
        candidates.append((day.day, day.month, day.year - years))
    for d, m, y in candidates:
        try:
            other = dt.date(y, m, d)
        except ValueError:
            continue
        if other != day:
            found[other] = None
    return list(found)


def age_on(day: dt.date, on: dt.date) -> int:
    """Age in whole years on a day."""
    return on.year - day.year - ((on.month, on.day) < (day.month, day.day))
