"""Rendering a template's text in the letters' sandbox; mistakes become plain LetterErrors.

Templates come from outside the code (head office, a file in the data folder), so they run in
the sandbox of sandbox.py: no reaching into Python objects, and limits (limits.py) on the
steps, time, text and depth a template may use, so a template cannot loop for ever or fill the
memory. `StrictUndefined` makes a field the letter does not have an error instead of a silent
blank, and every printed value is escaped into the letter markup (see markup.py), so what a
person typed cannot change the layout.
"""

from __future__ import annotations

import functools
import re
import sys
from types import TracebackType
from typing import Any

import jinja2

from cass_desktop.letters.errors import LetterError
from cass_desktop.letters.limits import LIMITS, Limits, TemplateLimit
from cass_desktop.letters.sandbox import LetterEnvironment, limited, oneline, stream

__all__ = ["AFTER", "oneline", "render"]

# What a message about a broken template ends with, unless the caller says otherwise.
AFTER = " No letter was made. Correct the template or remove it to use the standard one."

_ENV = LetterEnvironment()


@functools.lru_cache(maxsize=64)
def _compile(text: str, label: str) -> jinja2.Template:
    return _ENV.compile_letter(text, label)


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
        return f"uses the field “{attr.group(1)}”, which this letter does not have"
    name = re.search(r"'([^']+)' is undefined", message)
    if name:
        return f"uses “{name.group(1)}”, which this letter does not have"
    return f"uses a field this letter does not have ({message})"


def _where(label: str, line: int | None) -> str:
    return f"The letter template {label}" + (f", line {line}," if line else "")


def render(
    text: str,
    label: str,
    context: dict[str, Any],
    *,
    limits: Limits = LIMITS,
    after: str = AFTER,
) -> str:
    """The template's text with the letter's fields filled in, as letter markup.

    Raises LetterError naming the template and the line for a mistake in the template, or for
    a template that goes past one of the limits (see limits.py). `after` ends those messages.
    """
    if len(text) > limits.template:
        raise LetterError(
            f"The letter template {label} is too long to be a letter template (more than "
            f"{limits.template:,} characters).{after}",
            template=label,
        )
    try:
        template = _compile(text, label)
    except jinja2.TemplateSyntaxError as exc:
        raise LetterError(
            f"{_where(label, exc.lineno)} has a mistake: {(exc.message or '').rstrip('.')}.{after}",
            template=label,
            line=exc.lineno,
        ) from None
    except (RecursionError, MemoryError, SyntaxError, ValueError, OverflowError):
        raise LetterError(
            f"The letter template {label} cannot be read: its parts are nested too deeply.{after}",
            template=label,
        ) from None
    try:
        with limited(limits):
            return stream(template, context, limits)
    except TemplateLimit as exc:
        line = _line_in(sys.exc_info()[2], label)
        raise LetterError(
            f"{_where(label, line)} {exc}.{after}", template=label, line=line
        ) from None
    except RecursionError:
        line = _line_in(sys.exc_info()[2], label)
        raise LetterError(
            f"{_where(label, line)} calls something inside itself too many times over.{after}",
            template=label,
            line=line,
        ) from None
    except MemoryError:
        line = _line_in(sys.exc_info()[2], label)
        raise LetterError(
            f"{_where(label, line)} needs more memory than a letter may use.{after}",
            template=label,
            line=line,
        ) from None
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
