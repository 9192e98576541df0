"""Fixtures for driving real widgets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils
from PySide6.QtCore import QCoreApplication, QEvent

from cass_desktop.data import store_path
from cass_desktop.ui.shell.context import AppContext


@pytest.fixture
def context(device_db: sqlite_utils.Database, tmp_path) -> Iterator[AppContext]:
    """The app's shared context over a set-up store."""
    yield AppContext(device_db, store_path(tmp_path))


@pytest.fixture(autouse=True)
def _close_leftover_windows(qapp):
    """Close and delete every window a test left behind (a dialog opened with open(), or one
    hidden but not deleted), so none of its timers can fire on the next test's closed store."""
    yield
    for widget in qapp.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
