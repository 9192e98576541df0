"""Full-text search queries: prefix matching as the user types."""

from __future__ import annotations

import datetime as dt
import re

# Letters SQLite's unicode61 tokenizer keeps as they are even with remove_diacritics (they have
# no decomposition in Unicode). They are folded when indexed (migrations) and in every query,
# so "lukasz" finds Łukasz and "soren" finds Søren. Changing this needs a reindexing migration.
FOLD: dict[str, str] = {
    "Ł": "L",
    "ł": "l",
    "Ø": "O",
    "ø": "o",
    "Đ": "D",
    "đ": "d",
    "Ð": "D",
    "ð": "d",
    "Ħ": "H",
    "ħ": "h",
    "ı": "i",
    "Ŧ": "T",
    "ŧ": "t",
    "ß": "ss",
    "Æ": "AE",
    "æ": "ae",
    "Œ": "OE",
    "œ": "oe",
    "Þ": "Th",
    "þ": "th",
}
_FOLD_TABLE = str.maketrans(FOLD)

_WORD = re.compile(r"\w+", re.UNICODE)
_PHONE = re.compile(r"^\s*\+?[\d\s().-]{6,}$")
_UK_DATE = re.compile(r"^\s*(?P<d>\d{1,2})[/.\- ](?P<m>\d{1,2})[/.\- ](?P<y>\d{4}|\d{2})\s*$")
_ISO_DATE = re.compile(r"^\s*(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\s*$")


def fold(text: str) -> str:
    """`text` with the letters the search index folds (Ł -> L, ø -> o ...) folded the same way."""
    return text.translate(_FOLD_TABLE)


def phone_digits(text: str) -> str:
    """A phone number as the index holds it: digits only, a leading +44, +44 (0) or 0044 read
    as 0 (migrations._digits does the same in SQL)."""
    digits = re.sub(r"\D", "", text)
    if digits.startswith("0044"):
        return "0" + digits[4:]
    if digits.startswith("440") and len(digits) >= 13:  # +44 (0)7700 ...
        return digits[2:]
    if digits.startswith("44") and len(digits) >= 12:
        return "0" + digits[2:]
    return digits


def fts_query(text: str, *, people: bool = True) -> str | None:
    """An FTS5 MATCH expression: every word must match the start of a word.

    For people, a date typed as 14/03/1990 (or 14/3/90, 14-03-1990, 1990-03-14) is searched
    as a date of birth, and a phone number whatever its spacing or brackets. Nothing typed is
    ever read as FTS syntax (quotes, AND, NEAR, *, brackets). None when there is nothing to
    search for.
    """
    date = _UK_DATE.match(text) or _ISO_DATE.match(text)
    if people and date:
        day, month, year = (int(date[g]) for g in ("d", "m", "y"))
        # 14/3/90: a two-digit year may be either century.
        years = [year] if len(date["y"]) == 4 else [1900 + year, 2000 + year]
        phrases = []
        for candidate in years:
            try:
                iso = dt.date(candidate, month, day).isoformat()
            except ValueError:
                continue
            phrases.append('"' + " ".join(iso.split("-")) + '"')
        if phrases and len(years) == 1:
            return "dob : " + phrases[0]
        if phrases:
            # ... or the start of a four-digit year still being typed (14/03/19 -> 1990).
            typed = " ".join(f'"{w}"*' for w in _WORD.findall(text))
            return f"(dob : ({' OR '.join(phrases)})) OR ({typed})"
    if people and _PHONE.match(text):
        digits = re.sub(r"\D", "", text)
        forms = dict.fromkeys([digits, phone_digits(text)])
        if digits.startswith("44"):
            # "+44 77" typed so far: the index holds the number as "077..."
            forms["0" + digits[2:]] = None
        return "phone : (" + " OR ".join(f'"{d}"*' for d in forms if d) + ")"
    words = _WORD.findall(fold(text))
    if len(words) > 1 and len(words[-1]) == 1 and words[-1].isdigit():
        # "14/03/1" or "PLY-7KQM-3": one digit more narrows nothing yet but matches most of
        # the store (every 19xx year); wait for the next keystroke.
        words.pop()
    if not words:
        return None
    # Every word a quoted prefix, so "sia ni" finds Siân Ní Bhriain and words such as AND or
    # NEAR are never read as FTS syntax.
    return " ".join(f'"{w}"*' for w in words)
