"""Rendering a template's text with jinja2's sandbox; mistakes become plain LetterErrors.

Templates come from outside the code (head office, a file in the data folder), so they run in
`SandboxedEnvironment`: no reaching into Python objects. `StrictUndefined` makes a field the
letter does not have an error instead of a silent blank, and every printed value is escaped
into the letter markup (see markup.py), so what a person typed cannot change the layout.
"""

from __future__ import annotations

import functools
import re
import sys
from types import TracebackType
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from cass_desktop.letters.errors import LetterError
from cass_desktop.letters.markup import escape


def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # escaping for the letter markup is done by finalize
        finalize=escape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        cache_size=0,
    )
    env.filters["oneline"] = oneline
    return env


def oneline(value: object) -> str:
    """An address (or any text) on one line: its lines joined with commas."""
    lines = [line.strip().rstrip(",") for line in str(value or "").splitlines()]
    return ", ".join(line for line in lines if line)


_ENV = _environment()


@functools.lru_cache(maxsize=64)
def _compile(text: str, label: str) -> jinja2.Template:
    code = _ENV.compile(text, name=label, filename=label)
    return _ENV.template_class.from_code(_ENV, code, _ENV.make_globals(None), None)


def _line_in(tb: TracebackType | None, label: str) -> int | None:
    """The template line an error was raised at, from jinja's rewritten traceback."""
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == label:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _field_words(message: str) -> str:
    attr = re.search(r"has no attribute '([^']+)'", message)
    if attr:
        return f"uses the field “{attr.group(1)}”, which letters do not have"
    name = re.search(r"'([^']+)' is undefined", message)
    if name:
        return f"uses “{name.group(1)}”, which letters do not have"
    return f"uses a field letters do not have ({message})"


def _where(label: str, line: int | None) -> str:
    return f"The letter template {label}" + (f", line {line}," if line else "")


def render(text: str, label: str, context: dict[str, Any]) -> str:
    """The template's text with the letter's fields filled in, as letter markup.

    Raises LetterError naming the template and the line for a mistake in the template.
    """
    after = " No letter was made. Correct the template or remove it to use the standard one."
    try:
        template = _compile(text, label)
    except jinja2.TemplateSyntaxError as exc:
        raise LetterError(
            f"{_where(label, exc.lineno)} has a mistake: {(exc.message or '').rstrip('.')}.{after}",
            template=label,
            line=exc.lineno,
        ) from None
    try:
        return template.render(context)
    except jinja2.UndefinedError as exc:
        line = _line_in(sys.exc_info()[2], label)
        raise LetterError(
            f"{_where(label, line)} {_field_words(exc.message or str(exc))}.{after}",
            template=label,
            line=line,
        ) from None
    except jinja2.exceptions.SecurityError as exc:
        line = _line_in(sys.exc_info()[2], label)
        what = str(exc).rstrip(".")
        raise LetterError(
            f"{_where(label, line)} does something letter templates may not do ({what}).{after}",
            template=label,
            line=line,
        ) from None
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
        line = _line_in(sys.exc_info()[2], label)
        raise LetterError(
            f"{_where(label, line)} could not be filled in: {str(exc).rstrip('.')}.{after}",
            template=label,
            line=line,
        ) from None
