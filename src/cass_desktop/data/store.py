"""Opening the store: the one way every connection in the program is made."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from pathlib import Path

import sqlcipher3
import sqlite_utils

from cass_desktop.data import migrations as _migrations

STORE_FILE = "cass.db"
_BUSY_TIMEOUT_MS = 5000
_SQLITE_MAGIC = b"SQLite format 3\x00"


class StoreError(Exception):
    """A store that cannot be opened; the message is meant for the person using the app."""


def store_path(data_dir: Path) -> Path:
    return Path(data_dir) / STORE_FILE


def open_store(
    path: Path | str, *, key: str | None = None, create: bool = True
) -> sqlite_utils.Database:
    """Open (or create) the store at `path`, migrated to this version's schema.

    A store from a newer version, or a file that is not a store, is refused untouched.
    Before pending migrations run on an existing store, the file is copied aside.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise StoreError(f"The folder {path.parent} does not exist.")
    existed = path.exists() and path.stat().st_size > 0
    if not existed and not create:
        raise StoreError(f"There is no store at {path}.")
    if existed and key is None and not _looks_like_sqlite(path):
        raise StoreError(
            f"{path} is not a CASS Desktop store (it may be damaged or another kind of file)."
        )

    try:
        conn = sqlcipher3.connect(str(path), isolation_level=None)
    except sqlcipher3.Error as exc:
        raise StoreError(f"{path} could not be opened: {exc}.") from exc
    try:
        if key is not None:
            # PRAGMA takes no bound parameters; the key is quoted as an SQL string literal.
            conn.execute("PRAGMA key = " + _quote(key))
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        db = sqlite_utils.Database(conn, execute_plugins=False)
        _check_is_ours(db, path, existed)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        pending = _migrations.migrations.pending(db)
        if pending:
            if existed:
                _copy_aside(db, path, pending[0].name)
            _migrations.migrations.apply(db)
        _ensure_device(db)
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc) or "encrypted" in str(exc):
            raise StoreError(
                f"{path} could not be read: the passphrase is wrong or the file is damaged."
            ) from exc
        raise StoreError(f"{path} could not be opened: {exc}.") from exc
    except StoreError:
        conn.close()
        raise
    return db


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC


def _check_is_ours(db: sqlite_utils.Database, path: Path, existed: bool) -> None:
    """Refuse a foreign database, or one written by a newer version, before anything is written."""
    if not existed:
        return
    tables = set(db.table_names())
    if not tables:
        return
    if "_sqlite_migrations" not in tables or "ops" not in tables:
        raise StoreError(f"{path} is a database, but not a CASS Desktop store.")
    applied = [m.name for m in _migrations.migrations.applied(db)]
    unknown = [name for name in applied if name not in _migrations.KNOWN]
    if unknown:
        raise StoreError(
            f"{path} was written by a newer version of CASS Desktop. "
            "Install the newer version to open it; nothing has been changed."
        )


def _copy_aside(db: sqlite_utils.Database, path: Path, first_pending: str) -> None:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.before-{first_pending}-{stamp}.bak")
    # Fold the WAL into the main file first, so the one file is the whole store.
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy2(path, backup)


def _ensure_device(db: sqlite_utils.Database) -> None:
    """Give this store its device identity the first time it is opened."""
    with db.atomic():
        db.execute(
            "INSERT OR IGNORE INTO local_state (key, value) VALUES ('device_id', ?)",
            [uuid.uuid4().hex],
        )
