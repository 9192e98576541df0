"""Before a locked store is updated to a new schema, a whole backup is made in the backup
folder (a .cassbackup kept in the rotation), and it restores to the store as it was."""

from __future__ import annotations

import sqlite_utils

from cass_desktop.data import clients, local, migrations, open_store, store, store_path
from cass_desktop.maintenance import backups, restoring
from tests.helpers.stores import PASSPHRASE, new_store


def _with_extra_migration(monkeypatch) -> str:
    extended = sqlite_utils.Migrations(migrations.SET_NAME)
    extended._migrations = list(migrations.migrations._migrations)

    def extra(d):
        d["m900_extra"].create({"id": str}, pk="id")

    extended(name="m900_test_extra")(extra)
    monkeypatch.setattr(migrations, "migrations", extended)
    monkeypatch.setattr(migrations, "KNOWN", [*migrations.KNOWN, "m900_test_extra"])
    # as the program runs (cli.main)
    monkeypatch.setattr(store, "before_migrations", backups.before_migrations)
    return "m900_test_extra"


def test_an_update_leaves_a_backup_in_the_backup_folder(tmp_path, monkeypatch):
    path = store_path(tmp_path)
    db = new_store(path)
    person = clients.create(db, {"given_name": "Łukasz", "family_name": "Nowak"}, "PLY")
    db.close()
    assert backups.backups_in(backups.default_folder(tmp_path)) == []

    _with_extra_migration(monkeypatch)
    migrated = open_store(path, key=PASSPHRASE, create=False)
    assert "m900_extra" in migrated.table_names()
    [made] = backups.backups_in(backups.default_folder(tmp_path))
    assert made.path.name.endswith("-before-update.cassbackup")
    assert not list(tmp_path.glob("*.bak"))  # the backup replaces the safety copy
    migrated.close()

    # It is a whole backup of the store as it was before the update, opening with its
    # passphrase; and it is in the rotation like any other.
    checked = restoring.check_backup(made.path, PASSPHRASE, tmp_path)
    try:
        assert checked.facts.schema == len(migrations.KNOWN) - 1
    finally:
        restoring.discard(checked.folder)
    assert made.path in backups.to_keep([made], daily=1, weekly=1)

    # Opening again finds nothing pending and makes no further backup.
    open_store(path, key=PASSPHRASE, create=False).close()
    assert len(backups.backups_in(backups.default_folder(tmp_path))) == 1
    del person


def test_when_no_backup_can_be_written_the_safety_copy_is_made_instead(tmp_path, monkeypatch):
    path = store_path(tmp_path)
    db = new_store(path)
    (tmp_path / "not-a-folder").write_text("a file where the backup folder should be")
    local.put(db, backups.FOLDER_SETTING, str(tmp_path / "not-a-folder" / "backups"))
    db.close()
    _with_extra_migration(monkeypatch)
    open_store(path, key=PASSPHRASE, create=False).close()
    assert len(list(tmp_path.glob("cass.db.before-*.bak"))) == 1
