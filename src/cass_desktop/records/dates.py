"""Dates as people read them (27 Nov 2026, 27/11/2026) and as the store keeps them (ISO 8601)."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.]?(\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)
_UK = re.compile(r"^\s*(\d{1,2})[/. -](\d{1,2})[/. -](\d{2}|\d{4})\s*$")


def today() -> dt.date:
    return dt.date.today()


def parse_date(text: str) -> dt.date:
    """A date typed as 27/11/2026, 27.11.26 or 2026-11-27. Raises ValueError with plain words."""
    text = text.strip()
    if not text:
        raise ValueError("no date given")
    m = _UK.match(text)
    try:
        if m:
            day, month, year = (int(g) for g in m.groups())
            if year < 100:
                # Two-digit years: the nearest past century, as for dates of birth.
                year += 2000 if 2000 + year <= today().year + 1 else 1900
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"“{text}” is not a date; type it as day/month/year, like 27/11/2026"
        ) from None


def show_date(iso: str | None) -> str:
    """27 Nov 2026 from a stored ISO date or date-time; '' for none."""
    if not iso:
        return ""
    try:
        day = dt.date.fromisoformat(iso[:10])
        return f"{day.day} {day:%b %Y}"
    except ValueError:
        return iso


def show_date_short(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return dt.date.fromisoformat(iso[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def show_time(iso: str | None) -> str:
    """10:30 from a stored date-time; '' when it has no time."""
    if not iso or len(iso) < 16:
        return ""
    return iso[11:16]


def show_datetime(iso: str | None) -> str:
    return f"{show_date(iso)} {show_time(iso)}".strip()


def age_on(date_of_birth: str | None, on: dt.date | None = None) -> int | None:
    if not date_of_birth:
        return None
    try:
        born = dt.date.fromisoformat(date_of_birth)
    except ValueError:
        return None
    on = on or today()
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def parse_time(text: str) -> str:
    """A time typed as 10:30, 10.30, 1030, 10 or 2pm, as HH:MM. Raises ValueError in plain words."""
    m = _TIME.match(text)
    if not text.strip():
        raise ValueError("no time given")
    if not m:
        raise ValueError(f"“{text.strip()}” is not a time; type it like 10:30")
    hour, minute = int(m[1]), int(m[2] or 0)
    suffix = (m[3] or "").lower()
    if suffix:
        if not 1 <= hour <= 12:
            raise ValueError(f"“{text.strip()}” is not a time; type it like 10:30")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"“{text.strip()}” is not a time; type it like 10:30")
    return f"{hour:02d}:{minute:02d}"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day some months on (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )
