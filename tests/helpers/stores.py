"""Making stores for tests: locked with a passphrase, as every real store but the demo is.

The suite's stores unlock through a key file like the app's, but with Argon2id at tiny
settings (tests/conftest.py calls keyfile.use_fast_kdf_for_tests()), so opening one costs
microseconds rather than half a second. `plain_copy` and `earlier_version_copy` make the
stores older versions left behind (plain, or locked by SQLCipher's own passphrase
derivation without a key file), for the tests of what happens to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlcipher3
import sqlite_utils

from cass_desktop.data import open_store, store_path
from cass_desktop.sites.setup import set_up_device, set_up_head_office
from cass_desktop.sync import identity

PASSPHRASE = "tidal estuary lighthouse keeper"


def new_store(path: Path) -> sqlite_utils.Database:
    """A new store at `path`, locked with PASSPHRASE."""
    return open_store(path, key=PASSPHRASE)


def reopen(path: Path) -> sqlite_utils.Database:
    return open_store(path, key=PASSPHRASE, create=False)


def _export(db: sqlite_utils.Database, target: Path, key: str) -> None:
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("ATTACH DATABASE ? AS copy KEY ?", [str(target), key])
    try:
        db.execute("SELECT sqlcipher_export('copy')")
        version = db.execute("PRAGMA main.user_version").fetchone()[0]
        db.execute(f"PRAGMA copy.user_version = {int(version)}")
    finally:
        db.execute("DETACH DATABASE copy")


def _as_the_app_leaves_it(target: Path, passphrase: str) -> None:
    """In write-ahead-log mode, as every store the app has opened is."""
    conn = sqlcipher3.connect(str(target))
    try:
        if passphrase:
            conn.execute("PRAGMA key = '" + passphrase.replace("'", "''") + "'")
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
    finally:
        conn.close()


def plain_copy(db: sqlite_utils.Database, target: Path) -> Path:
    """A plain copy of the store open as `db` at `target`: what a store set up by an earlier
    version without a passphrase looks like (records, keys and all, in the clear)."""
    _export(db, target, "")
    _as_the_app_leaves_it(target, "")
    return target


def earlier_version_copy(db: sqlite_utils.Database, target: Path, passphrase: str) -> Path:
    """A copy of `db` at `target` locked the way earlier versions locked a store: SQLCipher's
    own key derivation (PBKDF2) from the passphrase, and no key file."""
    _export(db, target, passphrase)
    _as_the_app_leaves_it(target, passphrase)
    return target


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
    """A new store in `root / name`, locked with PASSPHRASE."""
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


def make_office(root: Path) -> Office:
    """Head office and its three courts' laptops (SITES), each a store of its own under `root`,
    trusting each other."""
    ho = make_store(root, "head-office")
    set_up_head_office(ho, "Devon and Cornwall CASS")
    devices = {}
    for name, (site, worker) in SITES.items():
        db = make_store(root, name)
        set_up_device(db, site, worker)
        connect(ho, db, root)
        devices[name] = db
    outbox = root / "bundles"
    outbox.mkdir()
    return Office(ho, devices, root, outbox)
