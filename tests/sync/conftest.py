"""Fixtures of the sync tests: a bundle at hand to tamper with (the office fixture is in
tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.bundles import Ctx, make_ctx


@pytest.fixture
def ctx(office, tmp_path: Path) -> Ctx:
    """Head office already holds Plymouth's first day; the second day's bundle is at hand."""
    return make_ctx(office, tmp_path)
