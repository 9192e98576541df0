"""Fixtures for driving real widgets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils
from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool, QTimer

from cass_desktop.data import store_path
from cass_desktop.ui.shell import tasks
from cass_desktop.ui.shell.context import AppContext

# Background work left running when a test ends would deliver its result to widgets (and a
# store) the test has already closed: wait this long for it, then fail the test.
BACKGROUND_WAIT_MS = 60_000


@pytest.fixture
def context(device_db: sqlite_utils.Database, tmp_path) -> Iterator[AppContext]:
    """The app's shared context over a set-up store."""
    yield AppContext(device_db, store_path(tmp_path))


def _ours(timer: QTimer) -> bool:
    """A timer owned by one of the app's own objects (not one Qt keeps inside its widgets)."""
    owner = timer.parent()
    return owner is not None and type(owner).__module__.startswith("cass_desktop.")


def _name(timer: QTimer) -> str:
    owner = timer.parent()
    attribute = next((k for k, v in vars(owner).items() if v is timer), "a timer")
    return f"{type(owner).__name__}.{attribute}"


@pytest.fixture(autouse=True)
def _no_stray_windows_or_timers(qapp):
    """After every UI test: let background work finish and deliver, close every window the
    test left behind, fail the test if any timer of ours is still running once its window is
    closed, and delete every window (so nothing can fire on the next test's closed store)."""
    yield
    finished = QThreadPool.globalInstance().waitForDone(BACKGROUND_WAIT_MS)
    QCoreApplication.processEvents()  # results and errors of finished work arrive here
    windows = qapp.topLevelWidgets()
    for widget in windows:
        widget.close()
    running = [
        _name(timer)
        for widget in windows
        for timer in widget.findChildren(QTimer)
        if timer.isActive() and _ours(timer)
    ]
    for widget in windows:
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    undelivered = len(tasks._running)
    tasks._running.clear()  # so one stuck task fails this test, not every test after it
    assert finished, "background work was still running when the test ended"
    assert not undelivered, "a background task never delivered its result"
    assert not running, f"timers still running after their windows closed: {running}"
