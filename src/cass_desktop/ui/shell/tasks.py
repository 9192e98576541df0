"""The one background-task helper: long work off the UI thread, with progress and cancel.

The work runs on the global QThreadPool and must not touch widgets; it opens its own store
connection (`AppContext.open_connection`). Its result, or its exception, arrives on the main
thread through signals.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget


class Cancelled(Exception):
    """Raised inside work when the person pressed Cancel."""


class Progress:
    """Handed to the work: report how far it is, and check whether to stop."""

    def __init__(self, signals: _Signals):
        self._signals = signals
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled
        self._signals.progressed.emit(done, total, text)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class _Signals(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Runner(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], progress: Progress, signals: _Signals):
        super().__init__()
        self._work = work
        self._progress = progress
        self._signals = signals

    def run(self) -> None:
        # Exactly one of the two is emitted; the main thread then fires `finished` itself,
        # right after the callback, so nothing watching the callback sees a task that has
        # delivered its result and not yet finished.
        try:
            result = self._work(self._progress)
        except BaseException as exc:  # delivered to the main thread, never lost
            self._signals.failed.emit(exc)
        else:
            self._signals.succeeded.emit(result)


class TaskHandle(QObject):
    """A running task. `finished` fires once, after its result or error has been delivered."""

    finished = Signal()

    def __init__(self, progress: Progress, signals: _Signals):
        super().__init__()
        self.progress = progress
        self.signals = signals

    def cancel(self) -> None:
        self.progress.cancel()


_running: set[TaskHandle] = set()  # keeps handles (and their signal objects) alive


def run_in_background(
    parent: QWidget | None,
    work: Callable[[Progress], Any],
    on_done: Callable[[Any], None],
    *,
    on_error: Callable[[BaseException], None] | None = None,
    title: str | None = None,
) -> TaskHandle:
    """Run `work(progress)` on the thread pool; call `on_done(result)` on the main thread.

    With a `title`, a progress dialog with Cancel is shown while it runs. A cancelled task
    calls neither callback.
    """
    signals = _Signals()
    progress = Progress(signals)
    handle = TaskHandle(progress, signals)
    _running.add(handle)
    dialog: QProgressDialog | None = None
    if title is not None:
        dialog = QProgressDialog(title, parent.tr("Cancel") if parent else "Cancel", 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.canceled.connect(progress.cancel)

        def show_progress(done: int, total: int, text: str) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done)
            if text:
                dialog.setLabelText(text)

        signals.progressed.connect(show_progress)

    def succeeded(result: Any) -> None:
        try:
            if not progress.cancelled:
                on_done(result)
        finally:
            finished()

    def failed(exc: BaseException) -> None:
        try:
            if isinstance(exc, Cancelled):
                return
            if on_error is None:
                raise exc
            on_error(exc)
        finally:
            finished()

    def finished() -> None:
        if dialog is not None:
            dialog.reset()
            dialog.deleteLater()
        _running.discard(handle)
        handle.finished.emit()

    signals.succeeded.connect(succeeded)
    signals.failed.connect(failed)
    QThreadPool.globalInstance().start(_Runner(work, progress, signals))
    return handle


def run_with_store(
    parent: QWidget | None,
    context: Any,
    work: Callable[[Any, Progress], Any],
    on_done: Callable[[Any], None],
    *,
    on_error: Callable[[BaseException], None] | None = None,
    title: str | None = None,
    changes: bool = False,
) -> TaskHandle:
    """Run `work(db, progress)` in the background against its own store connection, opened
    and closed here (like Anki's CollectionOp): the one way pages do long work on the store.

    On the main thread the result goes to `on_done` (or the exception to `on_error`). With
    `changes=True` the work wrote to the store: the pages are told first
    (`context.notify_changed()`), so what the worker sees behind any message is current.
    """

    def with_store(progress: Progress) -> Any:
        db = context.open_connection()
        try:
            return work(db, progress)
        finally:
            db.close()

    def done(result: Any) -> None:
        if changes:
            context.notify_changed()
        on_done(result)

    def failed(exc: BaseException) -> None:
        if changes:
            context.notify_changed()  # some of the work may have been saved before it failed
        if on_error is None:
            raise exc
        on_error(exc)

    return run_in_background(parent, with_store, done, on_error=failed, title=title)
