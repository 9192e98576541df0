"""The SQL side of backups and integrity checks: copying a locked store with SQLite's backup
API into a new file locked with the same key, checking a store's pages, and reading what a
copy says about itself. maintenance/backups.py packs and rotates the copies; restoring.py
restores them."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3
import sqlite_utils

from cass_desktop.app import durable
from cass_desktop.data import store as _store
from cass_desktop.data.keyfile import StoreKey

# Pages copied per step of the backup API: small steps let another connection write between
# them (the copy restarts only if this connection itself writes, which it does not).
_PAGES_PER_STEP = 4096
_MAX_PROBLEMS = 20


@dataclass(frozen=True)
class CopyFacts:
    """What a store copy says about itself (none of it personal)."""

    device_id: str
    site_name: str
    changes: int  # changes it holds: made there and received (`_changes_held`)
    schema: int  # migrations applied


def copy_into(db: sqlite_utils.Database, target: Path) -> None:
    """Copy the locked store open as `db` into the new file `target` (created 0600, never
    through a symlink), encrypted with the same store key, with SQLite's online backup API:
    a consistent snapshot, write-ahead log included, while the app goes on writing. The copy
    is left in rollback-journal mode (one self-contained file) and its pages checked."""
    key = getattr(db, "store_key", None)
    if not isinstance(key, StoreKey):
        raise _store.StoreError(
            "This store is not locked with a passphrase, so it is not backed up: a backup "
            "would hold people's records in the clear. Lock it first (Settings ▸ Passphrase)."
        )
    durable.create_private_file(target)
    conn = _store._connect(target, key)
    try:
        db.conn.backup(conn, pages=_PAGES_PER_STEP)
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
    except sqlcipher3.Error as exc:
        conn.close()
        raise _store.StoreError(
            f"The backup could not be made ({exc}). Nothing has been changed."
        ) from exc
    conn.close()
    problems = check_file(target, key, full=False)
    if problems:
        raise _store.StoreError(
            "The copy made for the backup failed its check, so the store itself may be "
            "damaged. Nothing has been changed."
        )


def check(db: sqlite_utils.Database, *, full: bool) -> list[str]:
    """The faults SQLite finds in the store open as `db` (an empty list when it is sound):
    `PRAGMA quick_check` (every page readable and well formed, in about the time it takes
    to read the file) or, when `full`, `PRAGMA integrity_check` (indexes matched to their
    tables too)."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = db.execute(f"PRAGMA {pragma}({_MAX_PROBLEMS})").fetchall()
    except sqlcipher3.DatabaseError as exc:
        return [str(exc)]
    found = [str(row[0]) for row in rows]
    return [] if found == ["ok"] else found


def check_file(path: Path, key: StoreKey, *, full: bool) -> list[str]:
    """The faults in the store file at `path`, opened read-only with `key`."""
    try:
        conn = _store._connect(path, key, read_only=True)
    except _store.StoreError as exc:
        return [str(exc)]
    try:
        db = sqlite_utils.Database(conn, execute_plugins=False)
        return check(db, full=full)
    finally:
        conn.close()


def opens_with(path: Path, key: StoreKey) -> bool:
    """Whether `key` opens the store file at `path`."""
    return _store._opens(path, key)


# Head office keeps the changes it receives folded into their field clock entries (no `ops`
# row: data/held_changes.py), and its own changes both in `ops` and with an entry.
_FOLDED = (
    "SELECT count(*) FROM field_clocks WHERE arrival IS NOT NULL AND device IS NOT "
    "(SELECT number FROM devices WHERE device_id = "
    "(SELECT value FROM local_state WHERE key = 'device_id'))"
)


def _changes_held(conn) -> int:
    """Every change the store holds, each once, applied or not: its `ops` rows (a laptop's own
    and those it received; head office's own), those refused, proposed or waiting for an
    earlier bundle, and, at head office, the changes received and folded into their entries.
    A copy made before the entries had arrival numbers has every change applied in `ops`."""
    total = 0
    for sql in [f"SELECT count(*) FROM {t}" for t in _HELD_IN] + [_FOLDED]:
        # A copy older than the table or column holds none there.
        with contextlib.suppress(sqlcipher3.OperationalError):
            total += int(conn.execute(sql).fetchone()[0])
    return total


_HELD_IN = ("ops", "refused_ops", "proposals", "pending_ops")


def facts(path: Path, key: StoreKey) -> CopyFacts:
    """What the store at `path` (opened read-only with `key`) says about itself. Raises
    StoreError, in words, for a database that is not a CASS Desktop store or is newer."""
    conn = _store._connect(path, key, read_only=True)
    try:
        _store.check_is_ours(conn, path)

        def one(sql: str, default: object) -> object:
            row = conn.execute(sql).fetchone()
            return default if row is None or row[0] is None else row[0]

        device = str(one("SELECT value FROM local_state WHERE key = 'device_id'", ""))
        site = ""
        site_id = one("SELECT value FROM local_state WHERE key = 'setting:site_id'", None)
        if isinstance(site_id, str):
            import json

            try:
                wanted = json.loads(site_id)
            except ValueError:
                wanted = None
            if isinstance(wanted, str):
                row = conn.execute("SELECT name FROM sites WHERE id = ?", [wanted]).fetchone()
                site = str(row[0]) if row and row[0] else ""
        return CopyFacts(
            device_id=device,
            site_name=site,
            changes=_changes_held(conn),
            schema=int(one("SELECT count(*) FROM _sqlite_migrations", 0)),  # type: ignore[arg-type]
        )
    except sqlcipher3.Error as exc:
        raise _store.StoreError(_store.why_not_opened(path, key, exc)) from exc
    finally:
        conn.close()
