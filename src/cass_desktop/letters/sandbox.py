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

The allow-lists and the checks made before an operation or a filter makes anything are in
sandbox_checks.py; this module counts the work and holds the environment.

A template that goes past a limit raises TemplateLimit from inside the template, so the
message can name the line it was on (render.py does that).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import operator
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
from cass_desktop.letters.sandbox_checks import (
    ALLOWED_FILTERS,
    MAPPING_METHODS,
    NUMBER_METHODS,
    RANGE_METHODS,
    SEQUENCE_METHODS,
    TEXT_METHODS,
    Check,
    check_power,
    check_printf,
    check_text,
    check_times,
    text_size,
)


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


def _charge(budget: _Budget, result: Any) -> Any:
    if isinstance(result, str | list | tuple):
        budget.make(len(result))
    return result


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
        check_text(value, budget.limits)
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
            name: _counted(jinja_filters.FILTERS[name], check)
            for name, check in ALLOWED_FILTERS.items()
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
            check_times(left, right, budget.limits)
        elif operator == "**":
            check_power(left, right, budget.limits)
        elif operator == "%" and isinstance(left, str):
            check_printf(left, right, budget.limits)
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
            return attr in TEXT_METHODS
        if isinstance(obj, int | float | complex):
            return attr in NUMBER_METHODS
        if isinstance(obj, list | tuple):
            return attr in SEQUENCE_METHODS
        if isinstance(obj, dict):
            return attr in MAPPING_METHODS
        if isinstance(obj, range):
            return attr in RANGE_METHODS
        return not isinstance(obj, bytes | bytearray | set | frozenset)

    def wrap_str_format(self, value: Any) -> None:
        """`"...".format(...)` is not offered at all (padding widths could be anything)."""
        return None
