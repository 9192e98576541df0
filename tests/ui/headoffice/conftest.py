"""The head-office store with laptops that the page tests drive."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.headoffice import head_office_with_laptops


@pytest.fixture
def ho(tmp_path: Path):
    office = head_office_with_laptops(tmp_path)
    yield office
    office.close()
