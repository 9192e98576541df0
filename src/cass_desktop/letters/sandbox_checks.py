"""What the letter sandbox allows and checks before it does it: the filters and methods a
template may use, and the size of what an operation or a filter would make, worked out
without making it (sandbox.py counts and caps the work itself, with these checks)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from jinja2.utils import Namespace

from cass_desktop.letters.limits import Limits, TemplateLimit

# Methods a template may call on values. Anything that pads, repeats or formats text is left
# out (center, ljust, zfill, expandtabs, replace, join, format...): filters do those, checked.
TEXT_METHODS = frozenset(
    [
        "capitalize",
        "casefold",
        "count",
        "endswith",
        "find",
        "index",
        "isalnum",
        "isalpha",
        "isdigit",
        "islower",
        "isnumeric",
        "isspace",
        "istitle",
        "isupper",
        "lower",
        "lstrip",
        "partition",
        "rfind",
        "rindex",
        "rpartition",
        "rsplit",
        "rstrip",
        "split",
        "splitlines",
        "startswith",
        "strip",
        "swapcase",
        "title",
        "upper",
    ]
)
NUMBER_METHODS = frozenset({"real", "imag", "is_integer"})
SEQUENCE_METHODS = frozenset({"count", "index"})
MAPPING_METHODS = frozenset({"get", "items", "keys", "values"})
RANGE_METHODS = frozenset({"start", "stop", "step", "count", "index"})

# printf-style conversions: flags, width, precision (for `%` and the format filter).
_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d*)(?:\.(\*|\d*))?[hlL]?(.?)", re.DOTALL)


# -- sizes --------------------------------------------------------------------------------


def text_size(value: Any, cap: int, depth: int = 0) -> int:
    """About how many characters `str(value)` would make, worked out without making it.

    Counting stops once past `cap` (the answer is then more than `cap`). Lists and mappings
    count their items as Python shows them; a value nested more than 20 deep counts as too
    long.
    """
    if isinstance(value, str):
        return len(value) if depth == 0 else len(value) * 4 + 2  # shown quoted, escaped
    if value is None or isinstance(value, bool | float):
        return 24
    if isinstance(value, int):
        return value.bit_length() // 3 + 2
    if depth > 20:
        return cap + 1
    if isinstance(value, Namespace):
        value = object.__getattribute__(value, "_Namespace__attrs")
    if isinstance(value, dict):
        items: Iterable[Any] = (x for pair in value.items() for x in pair)
    elif isinstance(value, list | tuple | set | frozenset):
        items = value
    else:
        return len(str(value))  # ranges, loops, macros, undefined fields: short, or an error
    total = 2
    for item in items:
        total += text_size(item, cap, depth + 1) + 2
        if total > cap:
            return total
    return total


def check_text(value: Any, limits: Limits) -> None:
    if text_size(value, limits.text) > limits.text:
        raise TemplateLimit(
            f"builds a piece of text that is too long (more than {limits.text:,} characters)"
        )


def _too_wide(limits: Limits) -> TemplateLimit:
    return TemplateLimit(f"pads text too widely (more than {limits.width:,} characters)")


def _too_large(limits: Limits) -> TemplateLimit:
    digits = int(limits.number_bits * 0.30103)  # log10(2): digits in a number that long
    return TemplateLimit(f"works out a number that is too large (more than {digits:,} digits)")


def check_printf(fmt: str, values: Any, limits: Limits) -> None:
    """`fmt % values` would not pad too widely nor print anything too long."""
    for found in _PRINTF.finditer(fmt):
        for number in found.group(1, 2):
            if number == "*" or (number and (len(number) > 6 or int(number) > limits.width)):
                raise _too_wide(limits)
    if len(fmt) + text_size(values, limits.text) > limits.text:
        raise TemplateLimit(
            f"builds a piece of text that is too long (more than {limits.text:,} characters)"
        )


def check_times(left: Any, right: Any, limits: Limits) -> None:
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > limits.number_bits:
            raise _too_large(limits)
        return
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(times, int):
            cap = limits.text if isinstance(seq, str) else limits.range
            if times > 0 and len(seq) * times > cap:
                raise TemplateLimit(
                    "repeats text too many times (more than "
                    f"{cap:,} {'characters' if isinstance(seq, str) else 'items'})"
                )


def check_power(base: Any, exponent: Any, limits: Limits) -> None:
    if not (isinstance(base, int) and isinstance(exponent, int)) or exponent <= 0:
        return
    if abs(base) > 1 and (
        exponent > limits.number_bits or exponent * base.bit_length() > limits.number_bits
    ):
        raise _too_large(limits)


# -- filters ------------------------------------------------------------------------------


def _check_center(limits: Limits, value: Any, width: Any = 80, *_a: Any, **_k: Any) -> None:
    if isinstance(width, int) and width > limits.width:
        raise _too_wide(limits)


def _check_indent(limits: Limits, s: Any, width: Any = 4, *_a: Any, **_k: Any) -> None:
    size = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    if size > limits.width:
        raise _too_wide(limits)
    text = str(s)
    if len(text) + (text.count("\n") + 1) * size > limits.text:
        raise TemplateLimit(
            f"builds a piece of text that is too long (more than {limits.text:,} characters)"
        )


def _check_format(limits: Limits, value: Any, *args: Any, **kwargs: Any) -> None:
    check_printf(str(value), kwargs or args, limits)


def _check_replace(
    limits: Limits, s: Any, old: Any = "", new: Any = "", count: Any = None, *_a: Any
) -> None:
    text, old, new = str(s), str(old), str(new)
    times = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    if len(text) + times * (len(new) - len(old)) > limits.text:
        raise TemplateLimit(
            f"builds a piece of text that is too long (more than {limits.text:,} characters)"
        )


def _check_wordwrap(
    limits: Limits, s: Any, width: Any = 79, long: Any = True, wrapstring: Any = None, *_a: Any
) -> None:
    breaks = len(str(wrapstring)) if wrapstring is not None else 1
    if breaks > limits.width:
        raise _too_wide(limits)
    text = str(s)
    if len(text) + (len(text) + 1) * breaks > limits.text:
        raise TemplateLimit(
            f"builds a piece of text that is too long (more than {limits.text:,} characters)"
        )


def _check_count(limits: Limits, value: Any, count: Any = 1, *_a: Any, **_k: Any) -> None:
    if not isinstance(count, int) or not 1 <= count <= limits.range:
        raise TemplateLimit(f"splits a list into too many parts (more than {limits.range:,})")


def _check_sum(limits: Limits, value: Any, attribute: Any = None, start: Any = 0) -> None:
    if not isinstance(start, int | float):
        raise TypeError("sum adds up numbers only")


def _check_string(limits: Limits, value: Any, *_a: Any, **_k: Any) -> None:
    check_text(value, limits)


Check = Callable[..., None]
# The filters templates may use, and the check each makes before it runs.
ALLOWED_FILTERS: dict[str, Check | None] = {
    "abs": None,
    "batch": _check_count,
    "capitalize": None,
    "center": _check_center,
    "count": None,
    "d": None,
    "default": None,
    "dictsort": None,
    "first": None,
    "float": None,
    "format": _check_format,
    "groupby": None,
    "indent": _check_indent,
    "int": None,
    "items": None,
    "join": None,  # made safe by _join below
    "last": None,
    "length": None,
    "list": None,
    "lower": None,
    "map": None,
    "max": None,
    "min": None,
    "reject": None,
    "rejectattr": None,
    "replace": _check_replace,
    "reverse": None,
    "round": None,
    "select": None,
    "selectattr": None,
    "slice": _check_count,
    "sort": None,
    "string": _check_string,
    "sum": _check_sum,
    "title": None,
    "trim": None,
    "truncate": None,
    "unique": None,
    "upper": None,
    "wordcount": None,
    "wordwrap": _check_wordwrap,
}
