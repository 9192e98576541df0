"""Full-text search queries: prefix matching as the user types."""

from __future__ import annotations

import datetime as dt
import re

_WORD = re.compile(r"\w+", re.UNICODE)
_PHONE = re.compile(r"^\s*\+?[\d\s()-]{6,}$")
_UK_DATE = re.compile(r"^\s*(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\s*$")


def fts_query(text: str, *, people: bool = True) -> str | None:
    """An FTS5 MATCH expression: every word must match the start of a word.

    For people, a date typed as 14/03/1990 (or 1990-03-14) is searched as a date of birth and
    a phone number whatever its spacing. None when there is nothing to search for.
    """
    date = _UK_DATE.match(text) or _ISO_DATE.match(text)
    if people and date:
        day, month, year = (int(date[g]) for g in ("d", "m", "y"))
        try:
            iso = dt.date(year, month, day).isoformat()
        except ValueError:
            iso = None
        if iso:
            return 'dob : "' + " ".join(iso.split("-")) + '"'
    if people and _PHONE.match(text):
        return 'phone : "' + re.sub(r"\D", "", text) + '"*'
    words = _WORD.findall(text)
    if not words:
        return None
    # Every word a quoted prefix, so "sia ni" finds Siân Ní Bhriain and words such as AND or
    # NEAR are never read as FTS syntax.
    return " ".join(f'"{w}"*' for w in words)
