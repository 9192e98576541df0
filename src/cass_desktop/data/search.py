"""Full-text search queries: prefix matching as the user types."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from cass_desktop.records.name_keys import query_variants

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

# What is read of a search box: more is never a name, a date or a reference.
MAX_TYPED = 200

_WORD = re.compile(r"\w+", re.UNICODE)
_PHONE = re.compile(r"^\s*\+?[\d\s().-]{6,}$")
_UK_DATE = re.compile(r"^\s*(?P<d>\d{1,2})[/.\- ](?P<m>\d{1,2})[/.\- ](?P<y>\d{4}|\d{2})\s*$")
_ISO_DATE = re.compile(r"^\s*(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\s*$")


def fold(text: str) -> str:
    """`text` with the letters the search index folds (Ł -> L, ø -> o ...) folded the same way."""
    return text.translate(_FOLD_TABLE)


def phone_digits(text: str) -> str:
    """A phone number as the index holds it: digits only, a leading +44, +44 (0) or 0044 read
    as 0 (search_index.digits does the same in SQL)."""
    digits = re.sub(r"\D", "", text)
    if digits.startswith("0044"):
        return "0" + digits[4:]
    if digits.startswith("440") and len(digits) >= 13:  # +44 (0)7700 ...
        return digits[2:]
    if digits.startswith("44") and len(digits) >= 12:
        return "0" + digits[2:]
    return digits


# A reference's shape: the site's letters, a hyphen and more (PLY-7), or a word holding both
# letters and digits (7KQM, 3XD9). Only then is the reference searched, so a name's first
# letters never match every reference.
_REFERENCE = re.compile(r"[A-Za-z]\d|\d[A-Za-z]")
_REFERENCE_START = re.compile(
    r"^\s*[A-Za-z]{3}(?:-[0-9A-Za-z]{1,4}|\d[0-9A-Za-z]{0,3})(?:-?[0-9A-Za-z]{1,4})?-?\s*$"
)
# A date of birth being typed: the day and a separator, then the month (14/, 14/3, 14/03/19).
_PART_DATE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{0,2})(?:[/.\-](\d{0,4}))?\s*$")
# A phone number is searched from this many digits: fewer match too many people to narrow.
PHONE_DIGITS = 10

# The people indexes (migrations.m004_name_search_keys): name keys, and the rest.
NAMES = "clients_fts"
IDS = "clients_ids_fts"
# Not an index table: the start of a reference, searched in clients.reference's own index.
REFERENCES = "reference"


def _prefixes(words: Sequence[str]) -> str:
    return " ".join(f'"{w}"*' for w in words)


def name_variants(text: str) -> list[tuple[str, ...]]:
    """Every way of reading the words typed as names (records.name_keys.query_variants: run
    together, split at apostrophes), each once; a last word that is one digit is left out
    ("PLY-7KQM-3": one digit more narrows nothing yet)."""
    found: dict[tuple[str, ...], None] = {}
    for variant in query_variants(text[:MAX_TYPED]):
        if len(variant) > 1 and len(variant[-1]) == 1 and variant[-1].isdigit():
            variant = variant[:-1]
        if variant:
            found[tuple(variant)] = None
    return list(found)


def _date_query(text: str) -> str | None:
    """A date of birth as the index holds it, one word ddmmyyyy (14031990), for a date typed
    whole (14/03/1990, 1990-03-14) or being typed (14/, 14/03, 14/3/9, 14/3/90)."""
    date = _UK_DATE.match(text) or _ISO_DATE.match(text)
    if date and (len(date["y"]) == 4 or _ISO_DATE.match(text)):
        day, month, year = (int(date[g]) for g in ("d", "m", "y"))
        try:
            return 'dob : "' + dt.date(year, month, day).strftime("%d%m%Y") + '"'
        except ValueError:
            return 'dob : "0"'  # no such day: nobody, and no error
    part = _PART_DATE.match(text)
    if not part:
        return None
    day, month, year = part.groups()
    if not 1 <= int(day) <= 31 or (month and int(month) > 12):
        return 'dob : "0"'
    dd = f"{int(day):02d}"
    if not month:
        return f'dob : "{dd}"*'
    if year is None and len(month) == 1 and month in "01":
        # 14/1 may become 14/10, 14/11 or 14/12; 14/0 any month before October.
        starts = [f"{dd}0"] if month == "0" else [f"{dd}01", f"{dd}1"]
        return "dob : (" + " OR ".join(f'"{s}"*' for s in starts) + ")"
    ddmm = dd + f"{int(month):02d}"
    if not year:
        return f'dob : "{ddmm}"*'
    if len(year) == 2:
        # 14/3/90 as people write it, or the start of a four-digit year (14/03/19: 1990).
        whole = [c for c in (1900 + int(year), 2000 + int(year)) if c <= dt.date.today().year]
        terms = [f'"{ddmm}{c}"' for c in whole] + [f'"{ddmm}{year}"*']
        return "dob : (" + " OR ".join(terms) + ")"
    return f'dob : "{ddmm}{year}"*'


def _phone_query(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    forms = dict.fromkeys([digits, phone_digits(text)])
    if digits.startswith("44"):
        # "+44 7700 900" typed so far: the index holds the number as "07700 900..."
        forms["0" + digits[2:]] = None
    return "phone : (" + " OR ".join(f'"{d}"*' for d in forms if d) + ")"


def people_query(text: str) -> list[tuple[str, str]]:
    """What to search the people indexes for, as (index table, FTS5 MATCH expression) pairs
    whose matches together are the people found; empty when there is nothing to search for.

    A name is found however it is typed: every way of reading the words
    (records.name_keys.query_variants: run together, split at apostrophes) is tried against
    the name keys the index holds (search_keys), each word the start of a key. A date of
    birth (14/03/1990, 14/3/90, 1990-03-14, or 14/03 while typing), a phone number (ten
    digits or more, any spacing) or a reference (PLY-7, 7KQM) is searched only when the text
    has that shape, so one letter or digit never matches everyone through their phone,
    reference or date of birth. Nothing typed is ever read as FTS syntax.
    """
    text = text[:MAX_TYPED]
    date = _date_query(text)
    if date is not None:
        return [(IDS, date)]
    if _PHONE.match(text):
        if len(phone_digits(text)) >= PHONE_DIGITS:
            return [(IDS, _phone_query(text))]
        return []
    found = []
    alternatives = ["(" + _prefixes(variant) + ")" for variant in name_variants(text)]
    if alternatives:
        found.append((NAMES, "name : (" + " OR ".join(alternatives) + ")"))
    start = _REFERENCE_START.match(text)
    if start:
        # PLY-7K: the start of a reference, read from the references' own index in order.
        # As typed, and with the hyphens where references have them (ply7kqm: PLY-7KQM).
        typed = re.sub(r"\s", "", start[0]).upper()
        letters = re.sub(r"[^0-9A-Z]", "", typed)
        groups = "-".join(letters[i : i + 4] for i in range(3, len(letters), 4))
        for prefix in dict.fromkeys([typed, f"{letters[:3]}-{groups}"]):
            found.append((REFERENCES, prefix))
    elif _REFERENCE.search(text):
        words = [w.lower() for w in _WORD.findall(fold(text))]
        if len(words) > 1 and len(words[-1]) == 1 and words[-1].isdigit():
            words.pop()
        if words:
            found.append((IDS, "reference : (" + _prefixes(words) + ")"))
    return found


def family_prefix(text: str) -> str | None:
    """The one word typed, lower case, when `text` is a single plain word (ASCII letters and
    digits) searched by name only; else None.

    Everyone whose family name starts with that word, as written, is among the people
    `people_query` finds for it (their family name's first name key starts with it), so the
    first of them in name order can be read from the list's name index as a range.
    """
    text = text[:MAX_TYPED].strip()
    if not (text.isascii() and text.isalnum()):
        return None
    found = people_query(text)
    if [table for table, _ in found] != [NAMES]:
        return None
    return text.lower()


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression in which every word must match the start of a word (agencies,
    and names in the look-alike check), or None when there is nothing to search for. People
    are searched through `people_query`."""
    words = _WORD.findall(fold(text[:MAX_TYPED]))
    if len(words) > 1 and len(words[-1]) == 1 and words[-1].isdigit():
        words.pop()
    if not words:
        return None
    # Every word a quoted prefix, so words such as AND or NEAR are never read as FTS syntax.
    return _prefixes(words)
