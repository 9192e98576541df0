"""Fixtures of the letter tests: a store with a referral to letter about (made by
tests/helpers/letters.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlite_utils

from cass_desktop.letters import set_letterhead
from tests.helpers.letters import Referral, make_referral


@pytest.fixture
def referral(device_db: sqlite_utils.Database, tmp_path: Path) -> Referral:
    """Siân Ní Bhriain referred to Shelter Plymouth (contact Zoë Nguyễn), with consent."""
    set_letterhead(
        device_db,
        organisation="Devon and Cornwall Liaison and Diversion",
        address="The Law Courts\nSt Andrew's Street\nPlymouth PL1 2DP",
        phone="01752 206 200",
    )
    data_dir = tmp_path
    referral_id, client_id, agency_id = make_referral(device_db)
    return Referral(device_db, data_dir, referral_id, client_id, agency_id)


@pytest.fixture(scope="session")
def have_pdftotext() -> None:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed to read the letters: install it")
