"""Fixtures of the forms tests: the bundled registry (the small definition to break is in
tests/helpers/forms.py)."""

from __future__ import annotations

import pytest

from cass_desktop import forms
from cass_desktop.forms.registry import Registry


@pytest.fixture(scope="session")
def registry() -> Registry:
    return forms.load_registry()
