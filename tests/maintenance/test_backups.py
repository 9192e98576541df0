"""Backups: made encrypted with their own key file, rotated, refused when damaged, restored
whole with the passphrase of their day; the store's integrity checks."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from cass_desktop.data import backup as copies
from cass_desktop.data import changelog, open_store, store_path
from cass_desktop.data.keyfile import key_path
from cass_desktop.data.passphrase import change_passphrase
from cass_desktop.maintenance import backups, restoring
from cass_desktop.maintenance.backups import Backup, BackupError
from tests.helpers.people import make_people
from tests.helpers.stores import PASSPHRASE, reopen

NEW_PASSPHRASE = "copper kettle moorland sparrow"
NAME = "Quillfeather"


def _people(db) -> list[tuple]:
    return db.execute(
        "SELECT id, given_name, family_name, date_of_birth FROM clients ORDER BY id"
    ).fetchall()


@pytest.fixture
def store_file(device_db) -> Path:
    make_people(device_db, 300)
    changelog.save_new_many(
        device_db,
        "clients",
        [{"reference": "PLY-QF", "given_name": "Zebedee", "family_name": NAME}],
    )
    return store_path(Path(device_db.conn.execute("PRAGMA database_list").fetchone()[2]).parent)


def _restore(source: Path, store_file: Path, passphrase: str = PASSPHRASE, **kw):
    checked = restoring.check_backup(source, passphrase, store_file.parent)
    try:
        return restoring.restore(checked, store_file, **kw)
    finally:
        restoring.discard(checked.folder)


def test_round_trip_restores_identical_records(device_db, store_file, tmp_path):
    before = _people(device_db)
    made = backups.make_backup(device_db, store_file)
    assert made.parent == tmp_path / "backups"
    assert made.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "backups").stat().st_mode & 0o777 == 0o700
    assert backups.last_backup(device_db)[1] == str(made)
    changelog.save_new_many(device_db, "clients", [{"reference": "PLY-X", "given_name": "Late"}])
    device_db.close()

    done = _restore(made, store_file)

    assert done.safety_folder is not None and (done.safety_folder / "cass.db").exists()
    restored = reopen(store_file)
    try:
        assert _people(restored) == before
    finally:
        restored.close()
    # The store as it was is kept, and opens as it did.
    aside = open_store(done.safety_folder / "cass.db", key=PASSPHRASE, create=False)
    try:
        assert len(_people(aside)) == len(before) + 1
    finally:
        aside.close()
    assert not list(tmp_path.glob(".restoring-*"))


def test_old_passphrase_restores_a_backup_made_before_it_changed(device_db, store_file):
    made = backups.make_backup(device_db, store_file)
    change_passphrase(device_db, store_file, PASSPHRASE, NEW_PASSPHRASE)
    device_db.close()
    with pytest.raises(BackupError, match="passphrase does not open the backup"):
        restoring.check_backup(made, NEW_PASSPHRASE, store_file.parent)
    _restore(made, store_file, PASSPHRASE)
    assert len(_people(reopen(store_file))) == 301


def test_a_backup_is_never_plaintext(device_db, store_file):
    made = backups.make_backup(device_db, store_file)
    raw = made.read_bytes()
    assert b"SQLite format 3" not in raw
    for word in (NAME, "Zebedee", "Kowalski", "Trelawney", "PLY-QF"):
        assert word.encode() not in raw
        assert word.encode("utf-16-le") not in raw
    with zipfile.ZipFile(made) as zf:
        assert sorted(zf.namelist()) == ["backup.json", "cass.db", "cass.key"]
    # Nothing left behind in the data folder either.
    assert not list(store_file.parent.glob(".cass-backup-*"))


def test_a_plain_store_is_not_backed_up(tmp_path):
    plain = open_store(tmp_path / "plain.db")
    try:
        with pytest.raises(BackupError, match="not locked with a passphrase"):
            backups.make_backup(plain, tmp_path / "plain.db", tmp_path / "out.cassbackup")
    finally:
        plain.close()
    assert not (tmp_path / "out.cassbackup").exists()


def _check_nothing_changed(store_file: Path, before: list[tuple], source: Path) -> None:
    assert not list(store_file.parent.glob("before-restore-*"))
    assert not list(store_file.parent.glob(".restoring-*"))
    again = reopen(store_file)
    try:
        assert _people(again) == before
    finally:
        again.close()


def _rewrite(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    change(members)
    with zipfile.ZipFile(target, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return target


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


@pytest.mark.parametrize(
    ("damage", "passphrase", "words"),
    [
        ("none", "wrong passphrase entirely", "passphrase does not open the backup"),
        ("no key", PASSPHRASE, "has no key file"),
        ("key", PASSPHRASE, "key file in the backup .* is damaged"),
        ("store", PASSPHRASE, "damaged or cut short"),
        ("truncated", PASSPHRASE, "damaged or cut short"),
        ("not a zip", PASSPHRASE, "damaged or cut short"),
    ],
)
def test_a_bad_backup_is_refused_and_nothing_is_overwritten(
    device_db, store_file, tmp_path, damage, passphrase, words
):
    before = _people(device_db)
    made = backups.make_backup(device_db, store_file, tmp_path / "good.cassbackup")
    device_db.close()
    bad = tmp_path / "bad.cassbackup"
    if damage == "none":
        shutil.copyfile(made, bad)
    elif damage == "no key":
        _rewrite(made, bad, lambda m: m.pop("cass.key"))
    elif damage == "key":
        _rewrite(made, bad, lambda m: m.update({"cass.key": m["cass.key"][:-40] + b"}"}))
    elif damage == "store":
        _rewrite(made, bad, lambda m: m.update({"cass.db": _flip(m["cass.db"], 9000)}))
    elif damage == "truncated":
        bad.write_bytes(made.read_bytes()[: made.stat().st_size // 2])
    else:
        bad.write_bytes(b"PK\x03\x04 this is not really a zip file" * 10)
    with pytest.raises(BackupError, match=words) as refused:
        _restore(bad, store_file, passphrase)
    assert "Nothing has been changed." in str(refused.value)
    _check_nothing_changed(store_file, before, bad)


def test_a_store_whose_pages_are_damaged_inside_the_backup_is_refused(
    device_db, store_file, tmp_path
):
    """Damaged pages whose checksums were recomputed still fail the page check."""
    before = _people(device_db)
    made = backups.make_backup(device_db, store_file, tmp_path / "good.cassbackup")
    device_db.close()
    import hashlib
    import json

    def damage(members):
        members["cass.db"] = _flip(members["cass.db"], 9000)
        manifest = json.loads(members["backup.json"])
        manifest["store_sha256"] = hashlib.sha256(members["cass.db"]).hexdigest()
        members["backup.json"] = json.dumps(manifest).encode()

    bad = _rewrite(made, tmp_path / "bad.cassbackup", damage)
    with pytest.raises(BackupError, match="damaged or cut short"):
        _restore(bad, store_file)
    _check_nothing_changed(store_file, before, bad)


def test_a_backup_of_another_store_needs_saying_so(device_db, store_file, tmp_path):
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other = open_store(store_path(other_dir), key=PASSPHRASE)
    made = backups.make_backup(other, store_path(other_dir), tmp_path / "other.cassbackup")
    other.close()
    before = _people(device_db)
    device_db.close()
    with pytest.raises(BackupError, match="backup of another store"):
        _restore(made, store_file)
    _check_nothing_changed(store_file, before, made)
    _restore(made, store_file, allow_other=True)
    assert _people(reopen(store_file)) == []


def test_restore_refuses_while_the_store_is_open(device_db, store_file):
    made = backups.make_backup(device_db, store_file)
    with pytest.raises(BackupError, match="open in CASS Desktop"):
        _restore(made, store_file)
    assert key_path(store_file).exists()


def test_a_symlinked_backup_folder_is_refused(device_db, store_file, tmp_path):
    real = tmp_path / "usb"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(BackupError, match="link"):
        backups.set_folder(device_db, link)
    backups.local.put(device_db, backups.FOLDER_SETTING, str(link))  # set by an older version
    with pytest.raises(BackupError, match="link"):
        backups.make_backup(device_db, store_file)
    with pytest.raises(BackupError, match="link"):
        backups.make_backup(device_db, store_file, link / "x.cassbackup")
    assert list(real.iterdir()) == []


def test_a_chosen_folder_is_used(device_db, store_file, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    backups.set_folder(device_db, usb)
    made = backups.make_backup(device_db, store_file)
    assert made.parent == usb
    assert backups.backups_in(usb)[0].path == made


def _b(day: dt.date, hour: int = 9) -> Backup:
    made = dt.datetime.combine(day, dt.time(hour))
    return Backup(Path(backups.backup_name(made)), made)


def test_rotation_keeps_seven_days_and_four_weeks():
    start = dt.date(2026, 12, 1)  # a Tuesday
    made = [_b(start - dt.timedelta(days=n), hour) for n in range(60) for hour in (9, 17)]
    kept = backups.to_keep(made, daily=7, weekly=4)
    newest_per_day = {b.made.date(): b for b in sorted(made, key=lambda b: b.made)}
    days = [newest_per_day[start - dt.timedelta(days=n)].path for n in range(7)]
    assert set(days) <= kept
    # Weeks: this week's newest is today's; then the Sundays (newest of each ISO week).
    weeks = {newest_per_day[dt.date(2026, 11, d)].path for d in (29, 22, 15)}
    assert weeks <= kept
    # 29 Nov is also one of the seven days: seven days and two more weeks.
    assert len(kept) == 7 + 2


def test_rotate_deletes_only_dated_backups(tmp_path):
    for n in range(10):
        made = dt.datetime(2026, 12, 1, 9) - dt.timedelta(days=n)
        (tmp_path / backups.backup_name(made)).write_bytes(b"x")
    (tmp_path / "mine.cassbackup").write_bytes(b"x")
    removed = backups.rotate(tmp_path, daily=3, weekly=0)
    assert len(removed) == 7
    assert len(backups.backups_in(tmp_path)) == 3
    assert (tmp_path / "mine.cassbackup").exists()


def test_rotation_after_each_automatic_backup(device_db, store_file, tmp_path):
    backups.set_keep(device_db, 2, 0)
    for n in range(4):
        when = dt.datetime(2026, 12, 1, 9).astimezone() + dt.timedelta(days=n)
        backups.make_backup(device_db, store_file, now=when)
    names = sorted(b.path.name for b in backups.backups_in(tmp_path / "backups"))
    assert names == [
        "cass-backup-2026-12-03-090000.cassbackup",
        "cass-backup-2026-12-04-090000.cassbackup",
    ]


def test_daily_runs_the_full_check_and_backs_up_once_a_day(device_db, store_file, tmp_path):
    assert backups.backup_due(device_db)
    first = backups.daily(device_db, store_file)
    assert first.problem is None and first.backup is not None
    assert not backups.backup_due(device_db)
    second = backups.daily(device_db, store_file)
    assert second == backups.DailyResult(None, None)
    assert backups.local.get(device_db, backups.CHECKED_SETTING)["ok"] is True


def _damage_a_page(path: Path, page: int = 5) -> None:
    raw = bytearray(path.read_bytes())
    at = page * 4096 + 2000
    raw[at : at + 16] = bytes(b ^ 0x5A for b in raw[at : at + 16])
    path.write_bytes(bytes(raw))


def test_the_check_catches_a_damaged_page_and_names_the_backup(device_db, store_file, tmp_path):
    assert backups.startup_check(device_db, tmp_path) is None
    made = backups.make_backup(device_db, store_file, now=dt.datetime(2026, 11, 30, 18, 5))
    device_db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    copy_dir = tmp_path / "copy"
    copy_dir.mkdir()
    shutil.copyfile(store_file, store_path(copy_dir))
    shutil.copyfile(key_path(store_file), key_path(store_path(copy_dir)))
    os.makedirs(copy_dir / "backups")
    shutil.copyfile(made, copy_dir / "backups" / made.name)
    _damage_a_page(store_path(copy_dir))

    assert copies.check_file(store_path(copy_dir), device_db.store_key, full=False)
    damaged = open_store(store_path(copy_dir), key=PASSPHRASE, create=False)
    try:
        message = backups.startup_check(damaged, copy_dir)
        assert message is not None
        assert "damaged" in message
        assert made.name in message and "30 Nov 2026" in message
        assert "Restore" in message
        full = backups.daily(damaged, store_path(copy_dir))
        assert full.backup is None and made.name in full.problem
    finally:
        damaged.close()
    # The damaged store is not backed up over good backups.
    assert [b.path.name for b in backups.backups_in(copy_dir / "backups")] == [made.name]


def test_without_a_backup_the_message_still_says_what_to_do(tmp_path):
    text = backups.damaged_message(None, tmp_path)
    assert "no backup was found" in text and "head office" in text
