"""Fixtures for driving real widgets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils

from cass_desktop.data import store_path
from cass_desktop.ui.context import AppContext


@pytest.fixture
def context(device_db: sqlite_utils.Database, tmp_path) -> Iterator[AppContext]:
    """The app's shared context over a set-up store."""
    yield AppContext(device_db, store_path(tmp_path))


@pytest.fixture(autouse=True)
def _close_leftover_windows(qapp):
    """Close any window a test left open (a dialog opened with open()), so the next test
    starts with no stray active or modal window."""
    yield
    for widget in qapp.topLevelWidgets():
        if widget.isVisible():
            widget.close()
