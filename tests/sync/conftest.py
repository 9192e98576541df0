"""A head office and devices that trust each other, each a real store in its own folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlite_utils

from cass_desktop.data import store_path
from cass_desktop.sites.setup import set_up_device, set_up_head_office
from cass_desktop.sync import identity
from tests.stores import new_store


@dataclass
class Office:
    """Head office and its enrolled devices, plus a folder for bundles to travel through."""

    head_office: sqlite_utils.Database
    devices: dict[str, sqlite_utils.Database]
    root: Path
    outbox: Path

    def device(self, name: str) -> sqlite_utils.Database:
        return self.devices[name]


def make_store(root: Path, name: str) -> sqlite_utils.Database:
    """A new store in `root / name`, locked with tests.stores.PASSPHRASE."""
    folder = root / name
    folder.mkdir()
    return new_store(store_path(folder))


def connect(ho: sqlite_utils.Database, device: sqlite_utils.Database, root: Path) -> None:
    """Exchange cards: the device trusts head office, head office enrols the device."""
    ho_card = identity.write_card(ho, root / "head-office.card")
    identity.trust_head_office(device, ho_card)
    identity.enrol_device(ho, identity.my_card(device))


SITES = {
    "plymouth": ("Plymouth Magistrates' Court", "Alex Carter"),
    "bodmin": ("Bodmin Magistrates' Court", "Jo Pengelly"),
    "truro": ("Truro Magistrates' Court", "Sam Okafor"),
}


@pytest.fixture
def office(tmp_path: Path):
    ho = make_store(tmp_path, "head-office")
    set_up_head_office(ho, "Devon and Cornwall CASS")
    devices = {}
    for name, (site, worker) in SITES.items():
        db = make_store(tmp_path, name)
        set_up_device(db, site, worker)
        connect(ho, db, tmp_path)
        devices[name] = db
    outbox = tmp_path / "bundles"
    outbox.mkdir()
    yield Office(ho, devices, tmp_path, outbox)
    for db in [ho, *devices.values()]:
        db.close()
