"""`backup --out FILE` and `restore FILE`: the round trip, the questions, and the refusals."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from cass_desktop.data import changelog, store_path
from cass_desktop.data.keyfile import key_path
from tests.helpers.cli import run
from tests.helpers.stores import PASSPHRASE, reopen


@pytest.fixture
def folder(device_db, tmp_path, monkeypatch) -> Path:
    changelog.save_new_many(
        device_db, "clients", [{"reference": "PLY-1", "given_name": "Morwenna", "family_name": "Q"}]
    )
    device_db.close()
    monkeypatch.setenv("CASS_PASSPHRASE", PASSPHRASE)
    return tmp_path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_then_restore(capsys, folder, tmp_path):
    out_file = tmp_path / "elsewhere.cassbackup"
    code, out, err = run(capsys, "--data-dir", str(folder), "backup", "--out", str(out_file))
    assert (code, err) == (0, "")
    assert str(out_file) in out and out_file.exists()
    db = reopen(store_path(folder))
    changelog.save_new_many(db, "clients", [{"reference": "PLY-2", "given_name": "Later"}])
    db.close()

    code, out, err = run(capsys, "--data-dir", str(folder), "restore", str(out_file), "--yes")
    assert (code, err) == (0, "")
    assert "Restored the backup made" in out and "before-restore-" in out
    db = reopen(store_path(folder))
    try:
        names = [r[0] for r in db.execute("SELECT given_name FROM clients ORDER BY reference")]
    finally:
        db.close()
    assert names == ["Morwenna"]


def test_restore_without_yes_and_no_terminal_changes_nothing(capsys, folder, tmp_path):
    out_file = tmp_path / "b.cassbackup"
    assert run(capsys, "--data-dir", str(folder), "backup", "--out", str(out_file))[0] == 0
    before = _digest(store_path(folder))
    code, _out, err = run(capsys, "--data-dir", str(folder), "restore", str(out_file))
    assert code == 1 and "--yes" in err and len(err.splitlines()) == 1
    assert _digest(store_path(folder)) == before
    assert not list(folder.glob("before-restore-*"))


def test_restore_asks_at_a_terminal(capsys, folder, tmp_path, monkeypatch):
    out_file = tmp_path / "b.cassbackup"
    assert run(capsys, "--data-dir", str(folder), "backup", "--out", str(out_file))[0] == 0
    before = _digest(store_path(folder))
    monkeypatch.setattr("cass_desktop.cli.store.can_ask", lambda: True)
    asked = []
    monkeypatch.setattr("builtins.input", lambda q: asked.append(q) or "n")
    code, _out, err = run(capsys, "--data-dir", str(folder), "restore", str(out_file))
    assert code == 1 and "Not restored" in err
    assert "Replace the store" in asked[0] and "Plymouth" in asked[0]
    assert _digest(store_path(folder)) == before


def test_a_damaged_backup_is_refused_in_one_line(capsys, folder, tmp_path):
    bad = tmp_path / "bad.cassbackup"
    out_file = tmp_path / "b.cassbackup"
    assert run(capsys, "--data-dir", str(folder), "backup", "--out", str(out_file))[0] == 0
    bad.write_bytes(out_file.read_bytes()[:-300])
    before = (_digest(store_path(folder)), _digest(key_path(store_path(folder))))
    code, out, err = run(capsys, "--data-dir", str(folder), "restore", str(bad), "--yes")
    assert code == 1 and out == ""
    assert err.startswith("cass-desktop: ") and len(err.splitlines()) == 1
    assert "damaged or cut short" in err and "Nothing has been changed." in err
    assert (_digest(store_path(folder)), _digest(key_path(store_path(folder)))) == before


def test_wrong_passphrase_for_the_backup(capsys, folder, tmp_path, monkeypatch):
    out_file = tmp_path / "b.cassbackup"
    assert run(capsys, "--data-dir", str(folder), "backup", "--out", str(out_file))[0] == 0
    monkeypatch.setenv("CASS_PASSPHRASE", "not the passphrase at all")
    code, _out, err = run(capsys, "--data-dir", str(folder), "restore", str(out_file), "--yes")
    assert code == 1 and "passphrase does not open the backup" in err


def test_backup_into_the_backup_folder(capsys, folder):
    code, out, _err = run(capsys, "--data-dir", str(folder), "backup")
    assert code == 0
    made = list((folder / "backups").glob("cass-backup-*.cassbackup"))
    assert len(made) == 1 and str(made[0]) in out
