"""Opening the store: the one way every connection in the program is made."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import uuid
from collections.abc import Generator
from pathlib import Path

import sqlcipher3
import sqlite_utils

from cass_desktop.data import migrations as _migrations

STORE_FILE = "cass.db"
_CACHE_KIB = 32 * 1024
_BUSY_TIMEOUT_MS = 5000
_SQLITE_MAGIC = b"SQLite format 3\x00"
_SIDECARS = ("-wal", "-shm", "-journal")


class StoreError(Exception):
    """A store that cannot be opened; the message is meant for the person using the app."""


class _Store(sqlite_utils.Database):
    """A sqlite-utils Database whose outermost `atomic()` takes the write lock at once.

    sqlite-utils begins with a deferred BEGIN: a transaction that reads before it writes then
    fails with "database is locked" (SQLITE_BUSY_SNAPSHOT, no waiting) if another connection,
    such as a background thread's, wrote in between. BEGIN IMMEDIATE waits for the other
    writer (busy_timeout) and then reads fresh data, so the sequence read and the ops written
    in one transaction always agree.
    """

    @contextlib.contextmanager
    def atomic(self) -> Generator[sqlite_utils.Database, None, None]:
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise


def store_path(data_dir: Path) -> Path:
    return Path(data_dir) / STORE_FILE


def open_store(
    path: Path | str, *, key: str | None = None, create: bool = True
) -> sqlite_utils.Database:
    """Open (or create) the store at `path`, migrated to this version's schema.

    A store from a newer version, or a file that is not a store, is refused untouched: the
    checks are made over a read-only connection, so not even a pending write-ahead log is
    folded into it. Before pending migrations run on an existing store, the file is copied
    aside. A new store is built beside `path` and moved into place once complete, so a crash
    while creating one never leaves a half-made store behind.
    """
    path = Path(path)
    key = key or None  # an empty passphrase is no passphrase (SQLCipher would not encrypt)
    if not path.parent.is_dir():
        raise StoreError(f"The folder {path.parent} does not exist.")
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a CASS Desktop store.")
    if path.exists():
        _check_existing(path, key)
    elif not create:
        raise StoreError(f"There is no store at {path}.")
    else:
        _create(path, key)
    return _open(path, key)


def _connect(path: Path, key: str | None, *, read_only: bool = False) -> sqlcipher3.Connection:
    try:
        if read_only:
            uri = path.resolve().as_uri() + "?mode=ro"
            conn = sqlcipher3.connect(uri, uri=True, isolation_level=None)
        else:
            conn = sqlcipher3.connect(str(path), isolation_level=None)
    except sqlcipher3.Error as exc:
        raise StoreError(f"{path} could not be opened: {exc}.") from exc
    try:
        # SQLCipher otherwise prints its own errors (a wrong passphrase) to the terminal.
        conn.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            # PRAGMA takes no bound parameters; the key is quoted as an SQL string literal.
            conn.execute("PRAGMA key = " + _quote(key))
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
    except sqlcipher3.Error as exc:
        conn.close()
        raise StoreError(_words(path, key, exc)) from exc
    return conn


def _open(path: Path, key: str | None) -> sqlite_utils.Database:
    conn = _connect(path, key)
    try:
        db = _Store(conn, execute_plugins=False)
        _configure(conn)
        pending = _migrations.migrations.pending(db)
        if pending:
            _copy_aside(db, path, pending[0].name)
            _migrations.migrations.apply(db)
        _ensure_device(db)
    except sqlcipher3.Error as exc:
        conn.close()
        raise StoreError(_words(path, key, exc)) from exc
    except BaseException:
        conn.close()
        raise
    return db


def _configure(conn: sqlcipher3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    # FULL: a change the app has reported saved survives a power cut or a flat battery too;
    # NORMAL in WAL mode may lose the last transactions if the machine stops.
    conn.execute("PRAGMA synchronous = FULL")
    # 32 MB of page cache (SQLite's default is 2 MB): the change log's indexes outgrow the
    # default within a few thousand clients, and merging bundles reads them at random.
    conn.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")


def _create(path: Path, key: str | None) -> None:
    """Build a new store beside `path`, then move it into place in one step."""
    tmp = path.with_name(path.name + ".creating")
    _remove_with_sidecars(tmp)
    conn = _connect(tmp, key)
    try:
        db = _Store(conn, execute_plugins=False)
        _configure(conn)
        _migrations.migrations.apply(db)
        _ensure_device(db)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlcipher3.Error as exc:
        conn.close()
        _remove_with_sidecars(tmp)
        raise StoreError(_words(path, key, exc)) from exc
    except BaseException:
        conn.close()
        _remove_with_sidecars(tmp)
        raise
    conn.close()
    for suffix in _SIDECARS:
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    _fsync(tmp)
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _check_existing(path: Path, key: str | None) -> None:
    """Refuse anything that is not a store this version can open, changing nothing."""
    kind = _sniff(path)
    nothing = "Nothing has been changed."
    if kind == "empty":
        raise StoreError(f"{path} is an empty file, not a CASS Desktop store. {nothing}")
    if kind == "pdf":
        raise StoreError(f"{path} is a PDF document, not a CASS Desktop store. {nothing}")
    if kind == "text":
        raise StoreError(f"{path} is a text file, not a CASS Desktop store. {nothing}")
    if kind == "sqlite" and key is not None:
        raise StoreError(
            f"{path} is not protected by a passphrase, but one was given. "
            f"Open it without a passphrase. {nothing}"
        )
    if kind == "other" and key is None:
        raise StoreError(
            f"{path} could not be read. It is protected by a passphrase and none was given, "
            f"or it is not a CASS Desktop store (it may be damaged or another kind of file). "
            f"{nothing}"
        )
    conn = _connect(path, key, read_only=True)
    try:
        _check_is_ours(conn, path)
    except sqlcipher3.Error as exc:
        raise StoreError(_words(path, key, exc)) from exc
    finally:
        conn.close()


def _sniff(path: Path) -> str:
    """What kind of file this looks like: empty, sqlite, pdf, text or other."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise StoreError(f"{path} could not be read: {exc.strerror or exc}.") from exc
    if not head:
        return "empty"
    if head.startswith(_SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(b"%PDF"):
        return "pdf"
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut off at the end of what was read is still text.
            if exc.start < len(head) - 4:
                return "other"
        return "text"
    return "other"


def _check_is_ours(conn: sqlcipher3.Connection, path: Path) -> None:
    """Refuse a foreign database, or one written by a newer version."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return  # an empty database: nothing in it to lose
    if "_sqlite_migrations" not in tables or "ops" not in tables:
        raise StoreError(
            f"{path} is a database, but not a CASS Desktop store. Nothing has been changed."
        )
    applied = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
            [_migrations.SET_NAME],
        )
    ]
    if any(name not in _migrations.KNOWN for name in applied):
        raise StoreError(
            f"{path} was written by a newer version of CASS Desktop. "
            "Install the newer version to open it; nothing has been changed."
        )


def _words(path: Path, key: str | None, exc: Exception) -> str:
    """What went wrong opening the store, in words a court worker can act on."""
    text = str(exc)
    if "not a database" in text or "encrypted" in text:
        if key is not None:
            return (
                f"{path} could not be read: the passphrase is wrong, or the file is damaged. "
                "Nothing has been changed."
            )
        return f"{path} could not be read: the file is damaged or not a CASS Desktop store."
    if "locked" in text or "busy" in text:
        return (
            f"{path} is being used by another copy of CASS Desktop or another program. "
            "Close it there and try again."
        )
    if "malformed" in text or "corrupt" in text:
        return f"{path} is damaged and could not be opened."
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return f"{path} could not be opened for writing: check the file and folder permissions."
    return f"{path} could not be opened: {text}."


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _copy_aside(db: sqlite_utils.Database, path: Path, first_pending: str) -> None:
    """Copy the whole store to a .bak file beside it before it is migrated."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.before-{first_pending}-{stamp}.bak")
    part = backup.with_name(backup.name + ".part")
    # Fold the write-ahead log into the main file, so the one file is the whole store.
    busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    if busy:
        raise StoreError(
            f"{path} needs updating, but it is open in another copy of CASS Desktop. "
            "Close it there and try again."
        )
    # A read transaction on the empty log keeps any other connection from changing the main
    # file while it is copied.
    db.conn.execute("BEGIN")
    try:
        db.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        try:
            shutil.copyfile(path, part)
            _fsync(part)
            os.replace(part, backup)
        except OSError as exc:
            part.unlink(missing_ok=True)
            raise StoreError(
                f"{path} needs updating, but a safety copy could not be made first "
                f"({exc.strerror or exc}). Nothing has been changed."
            ) from exc
    finally:
        db.conn.execute("COMMIT")
    _fsync_dir(path.parent)


def _ensure_device(db: sqlite_utils.Database) -> None:
    """Give this store its device identity the first time it is opened."""
    if db.execute("SELECT 1 FROM local_state WHERE key = 'device_id'").fetchone():
        return
    with db.atomic():
        db.execute(
            "INSERT OR IGNORE INTO local_state (key, value) VALUES ('device_id', ?)",
            [uuid.uuid4().hex[:16]],  # 64 random bits: plenty to tell devices apart
        )


def _remove_with_sidecars(path: Path) -> None:
    for suffix in ("", *_SIDECARS):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    with path.open("r+b") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open a folder; its renames are durable without this
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
