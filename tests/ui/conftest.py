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
