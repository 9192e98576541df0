"""Opening the store: configured connections, refusing what is not ours untouched, migrating
safely, and passphrases."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlcipher3
import sqlite_utils

from cass_desktop.data import (
    StoreError,
    changelog,
    clients,
    local,
    migrations,
    open_store,
    store,
    store_path,
)

# --- helpers ----------------------------------------------------------------------------------


def _hashes(folder: Path) -> dict[str, str]:
    """Every file in a folder, by name, with the SHA-256 of its bytes."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def _snapshot_live_store(db_path: Path, into: Path) -> Path:
    """Copy a store whose last changes are still only in its write-ahead log (as a crash or
    a copy taken while the app is open leaves it)."""
    into.mkdir()
    target = into / db_path.name
    shutil.copyfile(db_path, target)
    wal = Path(str(db_path) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0, "the test needs changes still in the WAL"
    shutil.copyfile(wal, Path(str(target) + "-wal"))
    key_file = db_path.with_suffix(".key")  # a locked store's key file goes with it
    if key_file.exists():
        shutil.copyfile(key_file, target.with_suffix(".key"))
    return target


def _assert_plain_words(message: str, path: Path) -> None:
    message = message.replace(str(path.parent), "")
    for jargon in ("Error", "sqlite", "PRAGMA", "Traceback", "sqlcipher", "errno"):
        assert jargon not in message, message
    assert message.endswith("."), message


def _refuses_untouched(path: Path, *, key: str | None = None, match: str) -> StoreError:
    before = _hashes(path.parent)
    with pytest.raises(StoreError, match=match) as caught:
        open_store(path, key=key)
    after = _hashes(path.parent)
    # Every file that was there is byte for byte the same (a read-only check may leave an
    # empty -shm/-wal index beside a write-ahead-log database, never change its content).
    assert {name: after.get(name) for name in before} == before
    assert not any(name.endswith(".bak") for name in after)
    _assert_plain_words(str(caught.value), path)
    return caught.value


# --- a good store -----------------------------------------------------------------------------


def test_open_store_configures_the_connection(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_a_new_store_has_every_table_and_migration(db):
    tables = set(db.table_names())
    assert {"local_state", "ops", "clients", "hearings", "clients_fts", "agencies_fts"} <= tables
    assert migrations.migrations.pending(db) == []
    applied = [m.name for m in migrations.migrations.applied(db)]
    assert applied == migrations.KNOWN


def test_who_was_merged_into_a_person_is_found_by_an_index(db):
    """Every casework save asks who was merged into the person (consent to hold is decided
    across them): by the partial index, never a walk of everyone (1.7 s at 100,000 people)."""
    for sql in (
        "SELECT c.id FROM clients c WHERE c.merged_into = ? AND c.deleted = 0 "
        "ORDER BY c.family_name COLLATE NOCASE, c.given_name COLLATE NOCASE",
        "SELECT id FROM clients WHERE merged_into = ?",
    ):
        plan = " ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", ["x"]))
        assert "USING INDEX clients_merged_into (merged_into=?)" in plan


def test_the_device_identity_is_made_on_first_open_and_kept(tmp_path):
    path = store_path(tmp_path)
    db = open_store(path)
    device = changelog.device_id(db)
    assert len(device) == 16
    db.close()
    for _ in range(2):
        db = open_store(path)
        assert changelog.device_id(db) == device
        db.close()
    other = open_store(tmp_path / "other.db")
    assert changelog.device_id(other) != device
    other.close()


def test_saved_work_is_there_after_reopening(tmp_path):
    path = store_path(tmp_path)
    db = open_store(path)
    client_id = clients.create(db, {"given_name": "Siân", "family_name": "Ní Bhriain"}, "PLY")
    local.put(db, "site_id", "s1")
    db.close()
    db = open_store(path, create=False)
    assert clients.get(db, client_id)["given_name"] == "Siân"
    assert local.get(db, "site_id") == "s1"
    db.close()


def test_a_new_store_is_made_whole_or_not_at_all(tmp_path, monkeypatch):
    """A failure while creating leaves no half-made store (which would be refused ever after)."""
    path = store_path(tmp_path)

    def boom(db):
        raise OSError("disk full")

    monkeypatch.setattr(store, "_ensure_device", boom)
    with pytest.raises(OSError):
        open_store(path)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    # A leftover from a crash while creating is cleared away.
    (tmp_path / "cass.db.creating").write_bytes(b"half a store")
    db = open_store(path)
    assert changelog.device_id(db)
    db.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cass.db"]


def test_an_existing_empty_sqlite_database_is_made_a_store(tmp_path):
    path = tmp_path / "blank.db"
    sqlite3.connect(path).execute("VACUUM").connection.close()
    db = open_store(path)
    assert "ops" in db.table_names()
    db.close()


def test_nested_transactions_roll_back_only_their_part(db):
    with db.atomic():
        changelog.save(db, "needs", {"domain": "money"})
        with pytest.raises(RuntimeError), db.atomic():
            changelog.save(db, "needs", {"domain": "housing"})
            raise RuntimeError
    assert [r[0] for r in db.execute("SELECT domain FROM needs")] == ["money"]
    assert changelog.count_ops(db) == 1
    assert not db.conn.in_transaction


# --- refusing what is not a store, untouched --------------------------------------------------


def test_a_folder_that_does_not_exist_is_refused(tmp_path):
    missing = tmp_path / "no such folder" / "cass.db"
    with pytest.raises(StoreError, match="does not exist") as caught:
        open_store(missing)
    _assert_plain_words(str(caught.value), missing.parent)
    assert not missing.parent.exists()


def test_no_store_and_not_creating_is_refused(tmp_path):
    with pytest.raises(StoreError, match="There is no store"):
        open_store(store_path(tmp_path), create=False)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_in_place_of_the_store_is_refused(tmp_path):
    (tmp_path / "cass.db").mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        open_store(store_path(tmp_path))


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "cass.db"
    path.write_bytes(b"")
    _refuses_untouched(path, match="empty file")
    assert path.read_bytes() == b""


def test_a_text_file_is_refused(tmp_path):
    path = tmp_path / "cass.db"
    path.write_text("Name,Date of birth\nSiân Ní Bhriain,14/03/1990\n", encoding="utf-8")
    _refuses_untouched(path, match="text file")


def test_a_pdf_is_refused(tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" * 50)
    _refuses_untouched(path, match="PDF")
    _refuses_untouched(path, key="secret", match="PDF")


def test_a_random_bytes_file_is_refused(tmp_path):
    path = tmp_path / "cass.db"
    path.write_bytes(os.urandom(8192 + 17))
    _refuses_untouched(path, match="not a CASS Desktop store")
    _refuses_untouched(path, key="secret", match="passphrase is wrong")


def test_a_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "someone-elses.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    conn.execute("INSERT INTO invoices (amount) VALUES (12.5)")
    conn.commit()
    conn.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    _refuses_untouched(path, match="is a database, but not a CASS Desktop store")
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_foreign_database_using_sqlite_utils_migrations_is_refused(tmp_path):
    path = tmp_path / "other-app.db"
    other = sqlite_utils.Database(path)
    theirs = sqlite_utils.Migrations("their-app")

    @theirs()
    def m001(db):
        db["things"].create({"id": int})

    theirs.apply(other)
    other.close()
    _refuses_untouched(path, match="not a CASS Desktop store")


def test_a_foreign_database_with_changes_in_its_log_is_refused_untouched(tmp_path):
    """Opening it read-write and closing would fold its write-ahead log into it."""
    live = tmp_path / "live"
    live.mkdir()
    conn = sqlite3.connect(live / "app.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("INSERT INTO notes VALUES ('only in the log')")
    path = _snapshot_live_store(live / "app.db", tmp_path / "copy")
    conn.close()
    _refuses_untouched(path, match="not a CASS Desktop store")
    assert Path(str(path) + "-wal").stat().st_size > 0


def _newer_store(tmp_path: Path) -> Path:
    """A store written by a later version: it has applied a migration this one does not know,
    and that change is still in the write-ahead log."""
    live = tmp_path / "live"
    live.mkdir()
    db = open_store(store_path(live))
    clients.create(db, {"given_name": "Jo", "family_name": "Pascoe"}, "PLY")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db["_sqlite_migrations"].insert(
        {"migration_set": "cass", "name": "m999_from_the_future", "applied_at": "2027-01-01"}
    )
    path = _snapshot_live_store(store_path(live), tmp_path / "copy")
    db.close()
    return path


def test_a_store_from_a_newer_version_is_refused_untouched(tmp_path):
    path = _newer_store(tmp_path)
    error = _refuses_untouched(path, match="newer version of CASS Desktop")
    assert "nothing has been changed" in str(error)
    assert Path(str(path) + "-wal").stat().st_size > 0
    # and still refused the second time (the record of the newer migration was not lost)
    _refuses_untouched(path, match="newer version")


def test_a_migration_of_another_set_does_not_count_as_newer(tmp_path):
    path = store_path(tmp_path)
    db = open_store(path)
    db["_sqlite_migrations"].insert(
        {"migration_set": "plugin", "name": "m001_plugin", "applied_at": "2027-01-01"}
    )
    db.close()
    open_store(path).close()


# --- migrating: copy aside first --------------------------------------------------------------


def _with_extra_migration(monkeypatch, fn) -> str:
    extended = sqlite_utils.Migrations(migrations.SET_NAME)
    extended._migrations = list(migrations.migrations._migrations)
    extended(name="m900_test_extra")(fn)
    monkeypatch.setattr(migrations, "migrations", extended)
    monkeypatch.setattr(migrations, "KNOWN", [*migrations.KNOWN, "m900_test_extra"])
    return "m900_test_extra"


def test_pending_migrations_copy_the_store_aside_first(tmp_path, monkeypatch):
    path = store_path(tmp_path)
    db = open_store(path)
    client_id = clients.create(db, {"given_name": "Łukasz", "family_name": "Nowak"}, "PLY")
    ops_before = changelog.count_ops(db)
    # The last change is still only in the write-ahead log of this open connection.
    assert Path(str(path) + "-wal").stat().st_size > 0

    def extra(d):
        d["m900_extra"].create({"id": str, "agency_id": str}, pk="id")

    name = _with_extra_migration(monkeypatch, extra)
    migrated = open_store(path)
    assert "m900_extra" in migrated.table_names()
    assert [m.name for m in migrations.migrations.applied(migrated)][-1] == name

    [backup] = [p for p in tmp_path.iterdir() if p.name.endswith(".bak")]
    assert backup.name.startswith(f"cass.db.before-{name}-")
    assert not list(tmp_path.glob("*.part"))
    # The copy is a whole, valid store as it was before the migration.
    conn = sqlcipher3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "m900_extra" not in tables and "ops" in tables
    assert conn.execute("SELECT given_name FROM clients WHERE id = ?", [client_id]).fetchone() == (
        "Łukasz",
    )
    assert conn.execute("SELECT count(*) FROM ops").fetchone()[0] == ops_before
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    assert applied == migrations.KNOWN[:-1]
    conn.close()
    migrated.close()
    db.close()

    # Opening again finds nothing pending and makes no further copy.
    open_store(path).close()
    assert len(list(tmp_path.glob("*.bak"))) == 1


def test_a_failing_migration_changes_nothing_and_leaves_the_copy(tmp_path, monkeypatch):
    path = store_path(tmp_path)
    db = open_store(path)
    clients.create(db, {"given_name": "Jo"}, "PLY")
    db.close()

    def broken(d):
        d["m900_extra"].create({"id": str}, pk="id")
        raise RuntimeError("bug in the migration")

    _with_extra_migration(monkeypatch, broken)
    with pytest.raises(RuntimeError):
        open_store(path)
    assert len(list(tmp_path.glob("*.bak"))) == 1
    monkeypatch.undo()
    db = open_store(path)
    assert "m900_extra" not in db.table_names()
    assert clients.count(db) == 1
    db.close()


def test_a_new_store_is_not_copied_aside(tmp_path):
    open_store(store_path(tmp_path)).close()
    assert not list(tmp_path.glob("*.bak"))


# --- passphrases ------------------------------------------------------------------------------


def test_a_passphrase_encrypts_the_store(tmp_path):
    path = store_path(tmp_path)
    db = open_store(path, key="correct horse")
    client_id = clients.create(db, {"given_name": "Siân", "family_name": "Pascoe"}, "PLY")
    db.close()
    raw = path.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert b"Pascoe" not in raw
    db = open_store(path, key="correct horse", create=False)
    assert clients.get(db, client_id)["family_name"] == "Pascoe"
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_a_passphrase_with_quotes_works(tmp_path):
    path = store_path(tmp_path)
    key = 'it\'s "mine"; DROP TABLE clients; --'
    open_store(path, key=key).close()
    db = open_store(path, key=key)
    assert "clients" in db.table_names()
    db.close()


def test_a_wrong_passphrase_is_refused_untouched(tmp_path):
    path = store_path(tmp_path)
    db = open_store(path, key="right")
    clients.create(db, {"given_name": "Jo"}, "PLY")
    db.close()
    _refuses_untouched(path, key="wrong", match="passphrase is wrong")
    _refuses_untouched(path, key="", match="passphrase")


def test_no_passphrase_for_an_encrypted_store_is_refused_untouched(tmp_path):
    path = store_path(tmp_path)
    open_store(path, key="right").close()
    _refuses_untouched(path, match="protected by a passphrase and none was given")


def test_a_passphrase_for_a_store_without_one_is_refused(tmp_path):
    path = store_path(tmp_path)
    open_store(path).close()
    _refuses_untouched(path, key="secret", match="not protected by a passphrase")


def test_an_encrypted_store_with_changes_in_its_log_keeps_them_on_a_wrong_passphrase(tmp_path):
    live = tmp_path / "live"
    live.mkdir()
    db = open_store(store_path(live), key="right")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    clients.create(db, {"given_name": "Jo", "family_name": "Only-in-the-log"}, "PLY")
    path = _snapshot_live_store(store_path(live), tmp_path / "copy")
    db.close()
    _refuses_untouched(path, key="wrong", match="passphrase is wrong")
    reopened = open_store(path, key="right")
    assert [c["family_name"] for c in clients.search(reopened, "only")] == ["Only-in-the-log"]
    reopened.close()


def _locks_on(path: Path) -> list[str]:
    """This process's POSIX locks on `path`, as /proc/locks lists them (Linux)."""
    inode = os.stat(path).st_ino
    mine = []
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields:  # a process waiting for a lock, not holding one
            continue
        if fields[4] == str(os.getpid()) and fields[5].rsplit(":", 1)[-1] == str(inode):
            mine.append(line)
    return mine


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux's /proc/locks")
def test_a_second_connection_keeps_the_first_ones_lock(tmp_path):
    """The app opens a connection per background task while its own stays open. Opening one
    must not read the store's file with Python: closing that file would drop the open
    connection's lock (POSIX locks belong to the process), and the command line could then
    take the store from under the app (the "disk I/O error" of the user test)."""
    from tests.helpers.stores import PASSPHRASE, new_store

    path = store_path(tmp_path)
    first = new_store(path)
    first.execute("SELECT count(*) FROM local_state").fetchone()
    assert _locks_on(path), "an open connection holds a shared lock on the store"
    second = open_store(path, key=first.store_key, create=False)
    second.close()
    third = open_store(path, key=PASSPHRASE, create=False)  # as the command line in-process
    third.close()
    assert _locks_on(path), "opening another connection dropped the first one's lock"
    first.close()


def test_the_command_line_and_the_app_use_one_store_at_once(tmp_path, cass_passphrase):
    """The app holds the store open (its own connection and a background one per import)
    while the command line, in another process, reads and writes it; both carry on."""
    import subprocess
    import sys

    from cass_desktop.sites.setup import set_up_head_office
    from tests.helpers.stores import new_store

    folder = tmp_path / "ho"
    folder.mkdir()
    path = store_path(folder)
    app = new_store(path)
    set_up_head_office(app, "Devon and Cornwall CASS")
    background = open_store(path, key=app.store_key, create=False)
    background.close()
    for argv in (["sites", "list"], ["sites", "add", "Newquay Drop-in"], ["keys", "list"]):
        done = subprocess.run(
            [sys.executable, "-m", "cass_desktop", "--data-dir", str(folder), *argv],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert Path(str(path) + "-shm").exists() and Path(str(path) + "-wal").exists()
    background = open_store(path, key=app.store_key, create=False)
    background.execute("SELECT count(*) FROM sites").fetchone()
    background.close()
    names = [r["name"] for r in app.query("SELECT name FROM sites ORDER BY name")]
    assert "Newquay Drop-in" in names
    app.close()


def test_an_io_error_opening_the_store_is_logged(tmp_path, monkeypatch):
    """The user test's "disk I/O error" left nothing in the log: now it is written there (in
    the data folder, private), and the person is told in a sentence."""
    from cass_desktop.app.crashlog import LOG_NAME
    from cass_desktop.data import store as store_module
    from tests.helpers.stores import new_store

    path = store_path(tmp_path)
    made = new_store(path)
    key = made.store_key
    made.close()

    def failing(*args, **kwargs):
        raise sqlcipher3.OperationalError("disk I/O error")

    monkeypatch.setattr(store_module.sqlcipher3, "connect", failing)
    with pytest.raises(StoreError, match="could not be opened: disk I/O error"):
        open_store(path, key=key, create=False)  # as the app's background connections are
    log = tmp_path / LOG_NAME
    assert log.exists() and "disk I/O error" in log.read_text(encoding="utf-8")
    assert log.stat().st_mode & 0o777 == 0o600
