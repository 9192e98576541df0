"""Checking each value that arrives from outside against its field's declaration.

Every synced field is declared once in `records/schema.py` with its kind (text, date, flag,
choice, link...), its size, its vocabulary and its range. From those declarations one checker
is compiled per field when this module is imported, so checking a value is a dictionary look-up
and, for the common case of plain text without escapes, one regular expression.

A checker takes the value as its op carries it (`value_json`: JSON text) and returns what is
wrong with it in a few plain words that complete "holds a value that ...", or None when it is
fine. JSON `null` (clearing a field) is always fine, and so is empty text in a field stored as
text (the app writes "" and None alike for "nothing chosen").

What is refused: a value of the wrong JSON type (a number as a date of birth, "yes" as a
flag), ids that are not in their format, dates that are not real dates, numbers outside their
range, keys that are not in the field's vocabulary, text longer than the field allows, and the
characters no text may hold: NUL and the other control characters (line breaks and tabs are
allowed, as this app's own text boxes keep them when text is pasted), and half characters (lone
surrogates, which no store can hold).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable

from cass_desktop.records import schema, vocab
from cass_desktop.records.schema import SYNCED, Field

Check = Callable[[str], str | None]

# Ids as this app makes them: records' ids are UUID text (changelog.new_id, and uuid5 for
# sites), devices' ids 16 lowercase hex characters (the store's first 64 random bits).
RECORD_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
DEVICE_ID = re.compile(r"[0-9a-f]{16}")
# A change's clock: wall milliseconds, counter, and a device id ([0-9], not \d, which also
# matches digits of other scripts).
CLOCK = re.compile(r"[0-9]{13}-[0-9]{6}-([0-9a-f]{16})")

# JSON text without escapes or characters any text kind refuses: its contents are the text.
_PLAIN = re.compile(r'"[^"\\\x00-\x1f\x7f\ud800-\udfff]*"')
# What no text may hold once decoded (tab, line feed and carriage return are allowed).
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:Z|[+-][0-9]{2}:[0-9]{2})?)?"
)
_HASH = re.compile(r"[0-9a-f]{64}")

NOT_READABLE = "cannot be read"
NOT_TEXT = "is not text"
CONTROL = "has a control character in it"
UNKNOWN = "is for a field this version does not know"


def _no_constants(name: str) -> object:
    raise ValueError(f"{name} is not a value")


def _decode(value_json: str) -> tuple[bool, object]:
    """(True, the value) or (False, None) when it is not JSON (NaN and Infinity are not), or
    is nested too deep to read."""
    try:
        return True, json.loads(value_json, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        return False, None


def _text_check(inner: Callable[[str], str | None], fast: Callable[[str], object]) -> Check:
    """A checker for a kind stored as text. `fast(value_json)` is true for the common values,
    found fine with one regular expression or set look-up; the rest are decoded (escapes and
    all) and their text given to `inner`, after looking for characters no text may hold."""
    plain = _PLAIN.fullmatch

    def check(value_json: str) -> str | None:
        if fast(value_json):
            return None
        if plain(value_json):
            return inner(value_json[1:-1])
        if value_json == "null":
            return None
        ok, value = _decode(value_json)
        if not ok:
            return NOT_READABLE
        if value is None:
            return None
        if type(value) is not str:
            return NOT_TEXT
        if _BAD_CHARS.search(value):
            return CONTROL
        return inner(value)

    return check


def _sized(limit: int) -> Check:
    too_long = f"is longer than {limit:,} characters"
    plain = _PLAIN.fullmatch

    def inner(text: str) -> str | None:
        return too_long if len(text) > limit else None

    def fast(value_json: str) -> bool:
        # Plain text within the limit (two quotes more); without escapes, characters are text.
        return len(value_json) <= limit + 2 and plain(value_json) is not None

    return _text_check(inner, fast)


def _quoted(pattern: str) -> Callable[[str], object]:
    return re.compile(f'"{pattern}"').fullmatch


def _matching(
    pattern: re.Pattern[str], wrong: str, extra: Callable[[str], bool] | None = None
) -> Check:
    match = pattern.fullmatch
    quoted = _quoted(pattern.pattern)

    def inner(text: str) -> str | None:
        if not text:
            return None
        if not match(text) or (extra is not None and not extra(text)):
            return wrong
        return None

    if extra is None:
        fast = quoted
    else:

        def fast(value_json: str) -> bool:
            return quoted(value_json) is not None and extra(value_json[1:-1])

    return _text_check(inner, fast)


def _real_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _real_datetime(text: str) -> bool:
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _vocabulary(field: Field) -> frozenset[str]:
    words = getattr(vocab, field.vocab or "", None)
    if not isinstance(words, dict) or not words:
        raise LookupError(f"no vocabulary {field.vocab!r} in cass_desktop.records.vocab")
    return frozenset(words)


def _choice(keys: frozenset[str]) -> Check:
    quoted = frozenset(json.dumps(key) for key in keys)

    def inner(text: str) -> str | None:
        return None if not text or text in keys else "is not one of the choices this app knows"

    return _text_check(inner, quoted.__contains__)


def _choices(keys: frozenset[str], limit: int) -> Check:
    too_long = f"is longer than {limit:,} characters"
    quoted = frozenset(json.dumps(key) for key in keys)

    def inner(text: str) -> str | None:
        if not text:
            return None
        if len(text) > limit:
            return too_long
        if text in keys or all(part.strip() in keys for part in text.split(",")):
            return None
        return "is not a list of the choices this app knows"

    return _text_check(inner, quoted.__contains__)


def _integer_check(low: int, high: int, wrong: str) -> Check:
    integer = _INTEGER.fullmatch

    def check(value_json: str) -> str | None:
        if integer(value_json):
            return None if low <= int(value_json) <= high else wrong
        if value_json == "null":
            return None
        ok, value = _decode(value_json)
        if not ok:
            return NOT_READABLE
        if value is None:
            return None
        if type(value) is not int or not low <= value <= high:
            return wrong
        return None

    return check


def _flag_check(value_json: str) -> str | None:
    if value_json == "0" or value_json == "1" or value_json == "null":
        return None
    ok, value = _decode(value_json)
    if not ok:
        return NOT_READABLE
    if value is None or (type(value) is int and value in (0, 1)):
        return None
    return "is not 0 or 1"


def checker(field: Field) -> Check:
    """The checker for one declared field."""
    kind = field.kind
    if kind in (schema.TEXT, schema.LONG_TEXT, schema.DOCUMENT):
        return _sized(field.max_chars or 0)
    if kind == schema.DATE:
        return _matching(_DATE, "is not a real date", _real_date)
    if kind == schema.DATETIME:
        return _matching(_DATETIME, "is not a real date and time", _real_datetime)
    if kind == schema.LINK:
        return _matching(RECORD_ID, "is not a record's id")
    if kind == schema.HASH:
        return _matching(_HASH, "is not a SHA-256 of 64 hex characters")
    if kind == schema.CHOICE:
        return _choice(_vocabulary(field))
    if kind == schema.CHOICES:
        return _choices(_vocabulary(field), field.max_chars or 0)
    if kind == schema.FLAG:
        return _flag_check
    if kind == schema.NUMBER:
        low, high = field.low, field.high
        if low is None or high is None:
            raise LookupError("a number field needs its lowest and highest values")
        return _integer_check(low, high, f"is not a whole number from {low:,} to {high:,}")
    raise LookupError(f"no check for the kind {kind!r}")


# table -> field -> checker, compiled once from the declarations.
CHECKS: dict[str, dict[str, Check]] = {
    table: {name: checker(field) for name, field in spec.items()} for table, spec in SYNCED.items()
}


def problem(table: str, field: str, value_json: str | None) -> str | None:
    """What is wrong with `value_json` as a value of `table.field`, or None when it is fine."""
    check = CHECKS.get(table, {}).get(field)
    if check is None:
        return UNKNOWN
    if value_json is None:
        return None
    if type(value_json) is not str:
        return NOT_READABLE
    return check(value_json)
