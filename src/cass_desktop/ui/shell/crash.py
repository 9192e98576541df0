"""Unexpected errors in the GUI: logged to a file and shown in a plain message, not lost.

`install_crash_handler(data_dir)` replaces `sys.excepthook` (PySide6 reports an exception
raised in a slot or an overridden Qt method through it) and `threading.excepthook`. Each error
is written to cass-desktop.log in the data folder, then the person sees a message saying
what happened in plain words, that their saved work is safe, and where the details are. The
app carries on running: every change is saved as it is made, so nothing is held in memory
that a restart would lose.

Errors from other threads are logged there and shown on the main thread. While a message is
open, further errors are logged only; an error that keeps repeating is shown three times and
then logged only, so a fault in painting code cannot bury the screen in message boxes.
"""

from __future__ import annotations

import os
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from cass_desktop.app.crashlog import summary, write_crash_log

MAX_SHOWS_PER_ERROR = 3


def _tr(text: str) -> str:
    return QCoreApplication.translate("CrashHandler", text)


class CrashHandler(QObject):
    """Logs and shows unexpected errors; install with `install_crash_handler`."""

    # (one-line summary, full traceback, log file or "") delivered on the main thread
    crashed = Signal(str, str, str)

    def __init__(self, data_dir: Path | None, parent: QObject | None = None):
        super().__init__(parent)
        self.data_dir = data_dir
        self.last_log: Path | None = None
        self._showing = False
        self._shown: dict[str, int] = {}
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._installed = False
        # Queued, so an error raised on another thread is shown by the main thread.
        self.crashed.connect(self._show, Qt.ConnectionType.AutoConnection)

    def install(self) -> None:
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread
        self._installed = True

    def uninstall(self) -> None:
        if not self._installed:
            return
        if sys.excepthook == self.handle:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self._handle_thread:
            threading.excepthook = self._previous_thread_hook
        self._installed = False

    def handle(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
        *,
        where: str = "",
    ) -> None:
        """The excepthook: log the error, echo it to stderr, then show it to the person."""
        if issubclass(exc_type, KeyboardInterrupt):  # Ctrl+C in the terminal: just stop
            app = QApplication.instance()
            if app is not None:
                app.quit()
            return
        log = write_crash_log(self.data_dir, exc_type, exc, tb, where=where)
        self.last_log = log
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        try:
            print(f"cass-desktop: unexpected error: {summary(exc)}", file=sys.stderr)
            if log is not None:
                print(f"cass-desktop: the details are in {log}", file=sys.stderr)
        except (OSError, ValueError):  # no console (a windowed launch): the log has it all
            pass
        self.crashed.emit(summary(exc), details, str(log) if log else "")

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        thread = args.thread.name if args.thread is not None else "a background thread"
        self.handle(args.exc_type, args.exc_value, args.exc_traceback, where=thread)

    def _show(self, one_line: str, details: str, log: str) -> None:
        if QApplication.instance() is None or self._showing:
            return
        seen = self._shown.get(one_line, 0)
        if seen >= MAX_SHOWS_PER_ERROR:
            return
        self._shown[one_line] = seen + 1
        self._showing = True
        try:
            parent = QApplication.activeWindow()
            if parent is not None and not parent.isVisible():
                parent = None  # a window on its way out would take the message with it
            box = error_box(one_line, details, log, parent=parent)
            box.exec()
        finally:
            self._showing = False


def error_box(one_line: str, details: str, log: str, parent: QWidget | None = None) -> QMessageBox:
    """The message shown for an unexpected error (built separately so it can be looked at)."""
    box = QMessageBox(parent)
    box.setObjectName("crashMessage")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_tr("CASS Desktop: something went wrong"))
    box.setText(_tr("Something went wrong in CASS Desktop, but your saved work is safe."))
    where = (
        _tr(
            "If it keeps happening, give this file to whoever supports CASS Desktop for your "
            "service:\n%1"
        ).replace("%1", log)
        if log
        else _tr("The details could not be saved to a file.")
    )
    box.setInformativeText(
        _tr(
            "Everything you had saved is kept. If what you were doing did not finish, "
            "check it and try again.\n\n%1\n\nThe error was: %2"
        )
        .replace("%1", where)
        .replace("%2", one_line)
    )
    box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


def show_startup_error(message: str) -> None:
    """Show why the app could not open (a store that cannot be read, a missing folder).

    For the `gui` command, whose window may have been opened from a desktop icon with no
    terminal to print to. Builds a QApplication if there is none yet. Does nothing when there
    is no screen to show it on (Qt would abort the process rather than raise).
    """
    if not can_show_windows():
        return
    _app = QApplication.instance() or QApplication(sys.argv[:1])  # kept alive until closed
    box = QMessageBox()
    box.setObjectName("startupError")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_tr("CASS Desktop could not open"))
    box.setText(_tr("CASS Desktop could not open."))
    box.setInformativeText(message)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def can_show_windows() -> bool:
    """False on a Linux machine with no display (an SSH session, a CI job)."""
    if QApplication.instance() is not None or os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def install_crash_handler(data_dir: Path | None) -> CrashHandler:
    """Install the handler for this run of the app; keep the returned object alive."""
    handler = CrashHandler(data_dir, parent=QApplication.instance())
    handler.install()
    return handler
