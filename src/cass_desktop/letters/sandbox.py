"""The sandbox letter templates run in: jinja2's, with every kind of work counted and capped.

jinja2's `ImmutableSandboxedEnvironment` already keeps a template away from Python's insides
and from changing the values it is given. This adds the limits in limits.py, without a child
process per letter (a day's batch of letters must stay fast):

- every loop round, every call (macros, recursive loops, methods) and every filter is a *step*;
  the steps of one letter are counted, and the clock is looked at on each step;
- calls running inside one another are counted, so a macro that calls itself stops early;
- `range` gives at most `Limits.range` numbers; `*` and `**` refuse to make a long text, a long
  list or a huge number before they make it; `%` and the `format` filter refuse wide padding;
- the filters are an allow-list of the ones letters use, and the ones that pad or grow text
  (center, indent, join, replace, wordwrap...) check the size of what they would make first;
  methods on text, numbers and lists are an allow-list too (no `"".center`, no `str.format`);
- every piece of text the template builds (`~`, `+`, a macro's or `{% set %}` block's text,
  what a filter gives, what it prints) counts towards `Limits.made`, and no one piece may be
  longer than `Limits.text`;
- the letter's text is streamed and stopped once it is longer than `Limits.output`.

A template that goes past a limit raises TemplateLimit from inside the template, so the
message can name the line it was on (render.py does that).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import operator
import re
import time
from collections.abc import Callable, Iterable, Iterator
from types import GeneratorType
from typing import Any

import jinja2
from jinja2 import filters as jinja_filters
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace

from cass_desktop.letters.limits import LIMITS, Limits, TemplateLimit
from cass_desktop.letters.markup import escape

# Methods a template may call on values. Anything that pads, repeats or formats text is left
# out (center, ljust, zfill, expandtabs, replace, join, format...): filters do those, checked.
_TEXT_METHODS = frozenset(
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
_NUMBER_METHODS = frozenset({"real", "imag", "is_integer"})
_SEQUENCE_METHODS = frozenset({"count", "index"})
_MAPPING_METHODS = frozenset({"get", "items", "keys", "values"})
_RANGE_METHODS = frozenset({"start", "stop", "step", "count", "index"})

# printf-style conversions: flags, width, precision (for `%` and the format filter).
_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d*)(?:\.(\*|\d*))?[hlL]?(.?)", re.DOTALL)


class _NotRendering(Exception):
    """A filter run while the template is compiled (jinja2 folds constants): not done then,
    so it is done, counted, when the letter is filled in."""


class _Budget:
    """What is left of one letter's limits while it is filled in."""

    __slots__ = ("deadline", "depth", "limits", "made", "steps")

    def __init__(self, limits: Limits):
        self.limits = limits
        self.steps = limits.steps
        self.made = limits.made
        self.depth = 0
        self.deadline = time.monotonic() + limits.seconds

    def step(self, count: int = 1) -> None:
        self.steps -= count
        if self.steps < 0:
            raise TemplateLimit(
                f"goes round its loops too many times (more than {self.limits.steps:,} steps)"
            )
        if time.monotonic() > self.deadline:
            raise TemplateLimit(
                f"takes too long to fill in (more than {_seconds(self.limits.seconds)})"
            )

    def make(self, size: int) -> None:
        """Count a piece of text (or a list) the template has made."""
        if size > self.limits.text:
            raise TemplateLimit(
                f"builds a piece of text that is too long (more than {self.limits.text:,} "
                "characters)"
            )
        self.made -= size
        if self.made < 0:
            raise TemplateLimit(
                f"builds too much text (more than {self.limits.made:,} characters in all)"
            )


def _seconds(value: float) -> str:
    return "1 second" if value == 1 else f"{value:g} seconds"


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("letter_budget")


def _budget() -> _Budget:
    budget = _BUDGET.get(None)
    if budget is None:
        raise _NotRendering
    return budget


@contextlib.contextmanager
def limited(limits: Limits = LIMITS) -> Iterator[None]:
    """Fill a template in within `limits` (on this thread; letters on other threads have
    their own)."""
    token = _BUDGET.set(_Budget(limits))
    try:
        yield
    finally:
        _BUDGET.reset(token)


def stream(template: jinja2.Template, context: dict[str, Any], limits: Limits = LIMITS) -> str:
    """The template filled in, stopped as soon as its text is longer than `limits.output`.

    Call inside `limited()`. Raises TemplateLimit from inside the template (so its traceback
    names the line the template had reached).
    """
    pieces: list[str] = []
    size = 0
    made = template.generate(context)
    try:
        for piece in made:
            size += len(piece)
            if size > limits.output:
                made.throw(
                    TemplateLimit(
                        f"makes a letter that is too long (more than {limits.output:,} characters)"
                    )
                )
            pieces.append(piece)
    finally:
        made.close()
    return "".join(pieces)


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


def _check_text(value: Any, limits: Limits) -> None:
    if text_size(value, limits.text) > limits.text:
        raise TemplateLimit(
            f"builds a piece of text that is too long (more than {limits.text:,} characters)"
        )


def _charge(budget: _Budget, result: Any) -> Any:
    if isinstance(result, str | list | tuple):
        budget.make(len(result))
    return result


def _too_wide(limits: Limits) -> TemplateLimit:
    return TemplateLimit(f"pads text too widely (more than {limits.width:,} characters)")


def _too_large(limits: Limits) -> TemplateLimit:
    digits = int(limits.number_bits * 0.30103)  # log10(2): digits in a number that long
    return TemplateLimit(f"works out a number that is too large (more than {digits:,} digits)")


def _check_printf(fmt: str, values: Any, limits: Limits) -> None:
    """`fmt % values` would not pad too widely nor print anything too long."""
    for found in _PRINTF.finditer(fmt):
        for number in found.group(1, 2):
            if number == "*" or (number and (len(number) > 6 or int(number) > limits.width)):
                raise _too_wide(limits)
    if len(fmt) + text_size(values, limits.text) > limits.text:
        raise TemplateLimit(
            f"builds a piece of text that is too long (more than {limits.text:,} characters)"
        )


def _check_times(left: Any, right: Any, limits: Limits) -> None:
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


def _check_power(base: Any, exponent: Any, limits: Limits) -> None:
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
    _check_printf(str(value), kwargs or args, limits)


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
    _check_text(value, limits)


Check = Callable[..., None]
# The filters templates may use, and the check each makes before it runs.
_FILTERS: dict[str, Check | None] = {
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


@jinja2.pass_eval_context
def _join(eval_ctx: Any, value: Any, d: Any = "", attribute: Any = None) -> str:
    """The join filter, after checking the joined text would not be too long."""
    limits = _budget().limits
    items = list(value)
    if attribute is not None:
        getter = jinja_filters.make_attrgetter(eval_ctx.environment, attribute)
        items = [getter(item) for item in items]
    total = len(str(d)) * max(len(items) - 1, 0)
    for item in items:
        total += text_size(item, limits.text)
        if total > limits.text:
            raise TemplateLimit(
                f"builds a piece of text that is too long (more than {limits.text:,} characters)"
            )
    return jinja_filters.sync_do_join(eval_ctx, items, d)


# Work on a list or a text counts one step for every this many items or characters in it.
_ITEMS_PER_STEP = 10


def _steps_for(value: Any) -> int:
    """The steps working through `value` counts (1 for anything that is not a collection)."""
    if isinstance(value, str | list | tuple | dict | range | set | frozenset):
        return 1 + len(value) // _ITEMS_PER_STEP
    if isinstance(value, Iterator):
        return 1 + operator.length_hint(value, 0) // _ITEMS_PER_STEP
    return 1


def _stepping(budget: _Budget, items: Iterator[Any]) -> Iterator[Any]:
    """A filter's items as they are used, counting steps as for a list."""
    for number, item in enumerate(items):
        if number % _ITEMS_PER_STEP == 0:
            budget.step()
        yield item


def _counted(func: Callable[..., Any], check: Check | None) -> Callable[..., Any]:
    """A filter that counts steps for what it works through, checks its arguments first and
    counts what it made."""
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0  # environment first

    @functools.wraps(func)
    def counted(*args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        budget.step(_steps_for(args[skip]) if len(args) > skip else 1)
        if check is not None:
            check(budget.limits, *args[skip:], **kwargs)
        result = func(*args, **kwargs)
        if isinstance(result, GeneratorType):  # map, select...: counted as they are used
            return _stepping(budget, result)
        return _charge(budget, result)

    return counted


def _range(*args: int) -> range:
    budget = _budget()
    numbers = range(*args)
    if len(numbers) > budget.limits.range:
        raise TemplateLimit(
            f"asks for too many numbers (range gives at most {budget.limits.range:,})"
        )
    return numbers


def oneline(value: object) -> str:
    """An address (or any text) on one line: its lines joined with commas."""
    lines = [line.strip().rstrip(",") for line in str(value or "").splitlines()]
    return ", ".join(line for line in lines if line)


def _finalize(value: Any) -> str:
    """What `{{ ... }}` prints: checked for size, counted, and escaped into letter markup."""
    budget = _BUDGET.get(None)
    if budget is not None:  # (outside a letter: a constant jinja2 folds while compiling)
        _check_text(value, budget.limits)
        text = escape(value)
        budget.make(len(text))
        return text
    return escape(value)


# -- the environment ----------------------------------------------------------------------


def _step(lineno: int) -> nodes.Call:
    """A call of `environment.loop_step()`, put at the top of every loop round (and in a
    loop's `if`). Templates cannot name the environment, so only these calls look like it."""
    return nodes.Call(nodes.EnvironmentAttribute("loop_step"), [], [], None, None, lineno=lineno)


class _CodeGenerator(CodeGenerator):
    """jinja2's code generator, with loops' steps called directly and `a ~ b` joined through
    the environment (so it counts)."""

    def visit_Call(self, node: nodes.Call, frame: Frame, forward_caller: bool = False) -> None:
        if isinstance(node.node, nodes.EnvironmentAttribute) and node.node.name == "loop_step":
            self.write("environment.loop_step()")
            return
        super().visit_Call(node, frame, forward_caller=forward_caller)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.join_text((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class LetterEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox every letter template runs in (one is shared; the limits are per letter)."""

    code_generator_class = _CodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self) -> None:
        super().__init__(
            undefined=jinja2.StrictUndefined,
            autoescape=False,  # escaping for the letter markup is done by finalize
            finalize=_finalize,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
            cache_size=0,
        )
        self.globals = {
            "range": _range,
            "dict": dict,
            "namespace": Namespace,
            "cycler": Cycler,
            "joiner": Joiner,
        }
        self.filters = {
            name: _counted(jinja_filters.FILTERS[name], check) for name, check in _FILTERS.items()
        }
        self.filters["join"] = _counted(_join, None)
        self.filters["oneline"] = _counted(oneline, None)

    def compile_letter(self, text: str, label: str) -> jinja2.Template:
        """The template compiled, with a step counted at the top of every loop round."""
        tree = self.parse(text, name=label, filename=label)
        for loop in list(tree.find_all(nodes.For)):
            statement = nodes.ExprStmt(_step(loop.lineno), lineno=loop.lineno)
            loop.body.insert(0, statement.set_environment(self))
            if loop.test is not None:  # items the `if` leaves out count too
                test = nodes.And(_step(loop.lineno), loop.test, lineno=loop.test.lineno)
                loop.test = test.set_environment(self)
        code = self.compile(tree, name=label, filename=label)
        return self.template_class.from_code(self, code, self.make_globals(None), None)

    @staticmethod
    def loop_step() -> bool:
        """One round of a loop: a step."""
        _budget().step()
        return True

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        budget.step(_steps_for(getattr(__obj, "__self__", None)))  # a method on a long text
        budget.depth += 1
        try:
            if budget.depth > budget.limits.depth:
                raise TemplateLimit(
                    "calls a macro or loop inside itself too many times over (more than "
                    f"{budget.limits.depth} deep)"
                )
            result = super().call(__context, __obj, *args, **kwargs)
        finally:
            budget.depth -= 1
        if isinstance(__obj, Macro):
            return result  # its text was counted as it was joined
        return _charge(budget, result)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        budget = _budget()
        budget.step()
        if operator == "*":
            _check_times(left, right, budget.limits)
        elif operator == "**":
            _check_power(left, right, budget.limits)
        elif operator == "%" and isinstance(left, str):
            _check_printf(left, right, budget.limits)
        return _charge(budget, self.binop_table[operator](left, right))

    def join_text(self, values: tuple[Any, ...]) -> str:
        """`a ~ b ~ c`: the values' text joined, checked and counted."""
        budget = _budget()
        total = 0
        for value in values:
            total += text_size(value, budget.limits.text)
            if total > budget.limits.text:
                budget.make(total)
        return _charge(budget, "".join([str(v) for v in values]))

    def concat(self, parts: Iterable[str]) -> str:
        """The text of a macro, a `{% set %}` block or a filter block, checked and counted."""
        budget = _BUDGET.get(None)
        if budget is None:
            return "".join(parts)
        parts = parts if isinstance(parts, list) else list(parts)
        total = 0
        for part in parts:
            total += len(part)
            if total > budget.limits.text:
                budget.make(total)
        return _charge(budget, "".join(parts))

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, type):  # dict.fromkeys, namespace...: nothing on a class itself
            return False
        if isinstance(obj, str):
            return attr in _TEXT_METHODS
        if isinstance(obj, int | float | complex):
            return attr in _NUMBER_METHODS
        if isinstance(obj, list | tuple):
            return attr in _SEQUENCE_METHODS
        if isinstance(obj, dict):
            return attr in _MAPPING_METHODS
        if isinstance(obj, range):
            return attr in _RANGE_METHODS
        return not isinstance(obj, bytes | bytearray | set | frozenset)

    def wrap_str_format(self, value: Any) -> None:
        """`"...".format(...)` is not offered at all (padding widths could be anything)."""
        return None
