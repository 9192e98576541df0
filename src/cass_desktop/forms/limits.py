"""Reading JSON that may be hostile: definitions from head office, answers from a file.

Nothing is believed until checked, so reading has limits that are checked before the JSON is
parsed (size, nesting) or while it is (duplicate keys, numbers), in linear time. The limits on
what a definition may hold (how many fields, how long a label) are here too, in one place.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from cass_desktop.forms.errors import Problem

# The store keeps a head-office document of up to 512 KiB (data.schema), so a definition is
# never larger; an answers file is far smaller, but the same cap does no harm.
MAX_BYTES = 512 * 1024
# A definition nests: sections > fields > show_if > all > any > ...: 24 leaves room for that.
MAX_DEPTH = 24
MAX_INT_DIGITS = 15  # scores and limits are small; a 4,000-digit number is an attack

# What one definition may hold.
MAX_SECTIONS = 100
MAX_FIELDS = 400
MAX_OPTIONS = 100
MAX_SCORES = 50
MAX_BANDS = 20
MAX_FLAGS = 100
MAX_NEEDS = 200
MAX_DOMAINS = 50
MAX_CONDITION_TERMS = 50  # in one all/any
MAX_CONDITION_DEPTH = 8
MAX_SCALE_STEPS = 100
MAX_WEIGHT = 100
MAX_SCORE_VALUE = 1000  # one option's score, either way
MAX_NUMBER = 1_000_000_000

MAX_ID = 64
MAX_TITLE = 200
MAX_LABEL = 500
MAX_HELP = 4000
MAX_TEXT_ANSWER = 2000  # a short-text field's longest answer
MAX_LONG_TEXT_ANSWER = 10_000  # as the store's long text
MAX_PATTERNED_ANSWER = 200  # a field checked by a pattern (keeps the match quick)
MAX_PATTERN = 200

_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


class Refused(Exception):
    """JSON that was not read; `problem` says why."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


class _Duplicate(Exception):
    pass


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _check_depth(text: str) -> None:
    depth = 0
    for token in _TOKENS.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise Refused(
                    Problem(
                        "",
                        f"it nests deeper than {MAX_DEPTH} levels, more than any form needs",
                        line=_line(text, token.start()),
                    )
                )
        elif char in "]}":
            depth -= 1


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Duplicate(key)
        result[key] = value
    return result


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"the number {text[:20]}… is too long")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is too large")
    return value


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def read_json(data: str | bytes) -> Any:
    """The JSON value in `data`, or Refused with one plain sentence (and the line when known)."""
    if len(data) > MAX_BYTES * (4 if isinstance(data, str) else 1):
        raise Refused(Problem("", f"it is larger than {MAX_BYTES // 1024} KiB"))
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Refused(Problem("", "it is not saved as plain text (UTF-8)")) from None
    else:
        text = data.removeprefix("\ufeff")
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise Refused(Problem("", f"it is larger than {MAX_BYTES // 1024} KiB"))
    _check_depth(text)
    try:
        return json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_int=_int,
            parse_float=_float,
            parse_constant=_constant,
        )
    except _Duplicate as exc:
        raise Refused(Problem("", f"the key “{exc.args[0]}” appears twice in one object")) from None
    except json.JSONDecodeError as exc:
        raise Refused(Problem("", f"it is not valid JSON ({exc.msg})", line=exc.lineno)) from None
    except (ValueError, RecursionError) as exc:
        raise Refused(Problem("", f"it is not valid JSON ({exc})")) from None
