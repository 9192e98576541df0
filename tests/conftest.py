"""Shared fixtures: a real store in a temporary folder for every test that needs one."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from cass_desktop.data import keyfile, store, store_path
from cass_desktop.sites.setup import set_up_device
from tests.helpers.stores import PASSPHRASE, Office, make_office, new_store

# Test hooks: passphrase wraps made by the tests use Argon2id at tiny settings, and SQLCipher's
# memory security is off (the program's own settings are untouched; tests/data/test_keyfile.py
# checks them in a fresh process).
keyfile.use_fast_kdf_for_tests()
store.use_fast_memory_for_tests()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    """An empty store, freshly migrated, locked with tests.helpers.stores.PASSPHRASE."""
    database = new_store(store_path(tmp_path))
    yield database
    database.close()


@pytest.fixture
def device_db(db: sqlite_utils.Database) -> sqlite_utils.Database:
    """A store set up for Plymouth, worked by Alex Carter."""
    set_up_device(db, "Plymouth Magistrates' Court", "Alex Carter")
    return db


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    """A head office and the laptops of Plymouth, Bodmin and Truro, enrolled with each other."""
    made = make_office(tmp_path)
    yield made
    for db in [made.head_office, *made.devices.values()]:
        db.close()


@pytest.fixture
def cass_passphrase(monkeypatch: pytest.MonkeyPatch) -> str:
    """CASS_PASSPHRASE set to the test stores' passphrase, for the command line (in this
    process or a child) to unlock them with."""
    monkeypatch.setenv("CASS_PASSPHRASE", PASSPHRASE)
    return PASSPHRASE


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--generate-reference-pdfs",
        action="store_true",
        default=False,
        help="write the letters' golden files (tests/letters/golden/) afresh instead of "
        "comparing with them; look at the PDFs written beside them before keeping the change",
    )
