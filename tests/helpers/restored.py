"""A laptop restored from a copy of itself, as the app does it (sync/restore.py): real backups
made and restored through the app's own backup path, and the syncs that bring it back."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from cass_desktop.data import changelog, clients, local, store_path
from cass_desktop.maintenance import backups, restoring
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import ImportResult, import_file
from tests.helpers.stores import PASSPHRASE, reopen


def take(db, path: Path) -> ImportResult:
    """A bundle imported, which must not be refused."""
    result = import_file(db, path)
    assert result.refused is None, result.refused
    return result


def back_up(db, folder: Path, out: Path) -> Path:
    """A backup made as the app makes one (maintenance/backups.py)."""
    return backups.make_backup(db, store_path(folder), out)


def restore(office, name: str, backup: Path, work: Path) -> sqlite_utils.Database:
    """The laptop `name` put back to `backup` through the app's restore path, reopened."""
    office.devices[name].close()
    work.mkdir(exist_ok=True)
    checked = restoring.check_backup(backup, PASSPHRASE, work)
    restoring.restore(checked, store_path(office.root / name))
    laptop = reopen(store_path(office.root / name))
    restoring.note_restored(laptop, checked.made_at)
    office.devices[name] = laptop
    return laptop


def update(office, laptop) -> Path:
    """Head office's update for `laptop`, after a backup of head office (so it may drop)."""
    backups.make_backup(office.head_office, store_path(office.root / "head-office"))
    return export_update(office.head_office, changelog.device_id(laptop), office.outbox)


def sync(office, laptop) -> ImportResult:
    """The day's export taken at head office, then head office's update taken here."""
    path = export_device(laptop, office.outbox)
    if path is not None:
        take(office.head_office, path)
    return take(laptop, update(office, laptop))


def bring_back(office, laptop) -> ImportResult:
    """What the worker of a restored laptop does: import head office's update (told it was
    restored), export (the ask), and import head office's next update (back in step)."""
    told = take(laptop, update(office, laptop))
    assert told.warning is not None and "restored from a copy" in told.warning
    ask = export_device(laptop, office.outbox)
    assert ask is not None
    asked = take(office.head_office, ask)
    assert "asks for its changes back" in asked.describe()
    back = take(laptop, update(office, laptop))
    assert back.warning is None, back.warning
    assert back.note is not None and "back in step" in back.note
    assert "back in step" in back.describe()
    return back


def restored_after_a_lost_change(office, tmp_path: Path, given: str) -> tuple[str, object]:
    """Plymouth makes a person and syncs, is backed up, changes their phone and syncs again,
    then is restored from the backup (the phone change lost here, held at head office)."""
    ply = office.device("plymouth")
    person = clients.create(ply, {"given_name": given, "site_id": local.get(ply, "site_id")})
    sync(office, ply)
    backup = back_up(ply, office.root / "plymouth", tmp_path / "b.cassbackup")
    clients.update(ply, person, {"phone": "07700 900001"})
    sync(office, ply)
    return person, restore(office, "plymouth", backup, tmp_path / "work")
