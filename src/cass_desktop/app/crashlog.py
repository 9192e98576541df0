"""Writing the details of an unexpected error to a log file in the data folder.

Pure Python, so the command line and the GUI (ui/shell/crash.py) write the same file the same way.
The log stays on this computer beside the store, private to its user (0600); nothing is sent
anywhere, and with no data folder nothing is written (the one line on stderr is all).

The log holds where the error happened (files, lines, functions, the program's own source
lines) but not what people typed: exception messages often quote a value (a name, a phone
number, a date of birth), so quoted text, long runs of digits, e-mail addresses and dates in
them are replaced by a mark saying what was there.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import sys
import traceback
from pathlib import Path
from types import TracebackType

from cass_desktop import __version__
from cass_desktop.app import durable

LOG_NAME = "cass-desktop.log"
MAX_LOG_BYTES = 1_000_000  # past this, the log is moved to cass-desktop.log.1 (one old copy)


def log_path(data_dir: Path | None) -> Path | None:
    """Where the log goes: the data folder; None when there is none (never a shared
    temporary folder, where others could read it)."""
    if data_dir is not None and Path(data_dir).is_dir():
        return Path(data_dir) / LOG_NAME
    return None


_QUOTED = re.compile(r"""'[^'\n]*'|"[^"\n]*"|“[^”\n]*”|‘[^’\n]*’|«[^»\n]*»""")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE = re.compile(
    r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?(?:\s+\d{{2,4}})?\b"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{2,4}})?\b",
    re.IGNORECASE,
)
# Four digits or more, possibly broken by spaces, dashes, dots or brackets (a phone number,
# an NHS number, a case number); shorter numbers (a line number, a count) are kept.
_DIGITS = re.compile(r"\+?\(?\d[\d\s().-]*\d")


def redact(text: str) -> str:
    """`text` with what a person may have typed taken out: quoted text, e-mail addresses,
    dates and runs of four or more digits."""
    text = _QUOTED.sub("<text>", text)
    text = _EMAIL.sub("<email>", text)
    text = _DATE.sub("<date>", text)
    return _DIGITS.sub(_number, text)


def _number(match: re.Match[str]) -> str:
    found = match.group(0)
    return "<number>" if sum(c.isdigit() for c in found) >= 4 else found


def format_redacted(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> list[str]:
    """Like `traceback.format_exception`, with every exception's message (and notes, and
    those of the exceptions it was raised from or during) passed through `redact`."""
    return _format(exc_type, exc, tb, set())


def _format(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    seen: set[int],
) -> list[str]:
    seen.add(id(exc))
    lines: list[str] = []
    cause, context = exc.__cause__, exc.__context__
    if cause is not None and id(cause) not in seen:
        lines += _format(type(cause), cause, cause.__traceback__, seen)
        lines.append("\nThe above exception was the direct cause of the following exception:\n\n")
    elif context is not None and not exc.__suppress_context__ and id(context) not in seen:
        lines += _format(type(context), context, context.__traceback__, seen)
        lines.append("\nDuring handling of the above exception, another exception occurred:\n\n")
    if tb is not None:
        lines.append("Traceback (most recent call last):\n")
        lines += traceback.format_list(traceback.extract_tb(tb))
    name = exc_type.__qualname__
    module = exc_type.__module__
    if module not in ("builtins", "__main__"):
        name = f"{module}.{name}"
    message = _message(exc)
    lines.append(f"{name}: {redact(message)}\n" if message else f"{name}\n")
    for note in getattr(exc, "__notes__", None) or []:
        lines.append(redact(str(note)) + "\n")
    for inner in getattr(exc, "exceptions", None) or []:
        if isinstance(inner, BaseException) and id(inner) not in seen:
            lines += ["  +---- one of the group:\n"]
            lines += [
                "  " + line for line in _format(type(inner), inner, inner.__traceback__, seen)
            ]
    return lines


def _message(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception:
        return "<the message could not be shown>"


def summary(exc: BaseException) -> str:
    """One line naming the error, for a message or stderr (no traceback)."""
    text = " ".join(str(exc).split())
    if len(text) > 200:
        text = text[:197] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def write_crash_log(
    data_dir: Path | None,
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    *,
    where: str = "",
) -> Path | None:
    """Append one entry (time, version, where, full traceback); return the file, or None.

    Never raises: a failure to log must not hide the error being logged.
    """
    entry = "".join(
        [
            f"==== {dt.datetime.now().isoformat(timespec='seconds')} "
            f"CASS Desktop {__version__}{' (' + where + ')' if where else ''}\n",
            f"Python {platform.python_version()} on {platform.platform()}"
            f"{' (bundled)' if getattr(sys, 'frozen', False) else ''}\n",
            *format_redacted(exc_type, exc, tb),
            "\n",
        ]
    )
    path = log_path(data_dir)
    if path is None:
        return None
    try:
        _rotate(path)
        with durable.open_private_append(path) as fh:
            fh.write(entry.encode("utf-8", "replace"))
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        return None
    return path


def _rotate(path: Path) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    if size > MAX_LOG_BYTES:
        old = path.with_name(path.name + ".1")
        os.replace(path, old)
        durable.tighten(old)
