"""Writing the details of an unexpected error to a log file in the data folder.

Pure Python, so the command line and the GUI (ui/crash.py) write the same file the same way.
The log stays on this computer beside the store; nothing is sent anywhere.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import tempfile
import traceback
from pathlib import Path
from types import TracebackType

from cass_desktop import __version__

LOG_NAME = "cass-desktop.log"
MAX_LOG_BYTES = 1_000_000  # past this, the log is moved to cass-desktop.log.1 (one old copy)


def log_path(data_dir: Path | None) -> Path:
    """Where the log goes: the data folder, or the temporary folder when there is none."""
    if data_dir is not None and Path(data_dir).is_dir():
        return Path(data_dir) / LOG_NAME
    return Path(tempfile.gettempdir()) / LOG_NAME


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
            *traceback.format_exception(exc_type, exc, tb),
            "\n",
        ]
    )
    for path in (log_path(data_dir), log_path(None)):
        try:
            _rotate(path)
            with path.open("a", encoding="utf-8") as fh:
                fh.write(entry)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError:
            continue
        return path
    return None


def _rotate(path: Path) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    if size > MAX_LOG_BYTES:
        os.replace(path, path.with_name(path.name + ".1"))
