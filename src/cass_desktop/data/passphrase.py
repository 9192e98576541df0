"""Passphrases: telling a locked store from a plain one, locking a plain store in place, and
changing the passphrase of a locked one."""

from __future__ import annotations

import os
from pathlib import Path

import sqlcipher3
import sqlite_utils

from cass_desktop.data import store as _store
from cass_desktop.data.store import StoreError

MIN_LENGTH = 10


def locked_message(path: Path | str) -> str:
    """The one line the command says for a locked store given no passphrase. (A damaged file
    cannot be told from a locked one without the passphrase, so the file is named.)"""
    return (
        f"This store ({path}) is locked with a passphrase: "
        "give it with --passphrase-file or CASS_PASSPHRASE."
    )


class PassphraseError(ValueError):
    """A new passphrase that cannot be used; the message says what to change."""


def new_passphrase_problem(first: str, second: str) -> str | None:
    """What is wrong with a new passphrase typed twice, in plain words; None when it is fine."""
    if not first:
        return "Enter a passphrase."
    if len(first) < MIN_LENGTH:
        return (
            f"The passphrase must be at least {MIN_LENGTH} characters long "
            f"(this one has {len(first)}). A few words together are easy to remember."
        )
    if first != second:
        return "The two passphrases are not the same. Type them again."
    return None


def check_new_passphrase(first: str, second: str | None = None) -> None:
    """Raise PassphraseError unless `first` (typed again as `second`) will do."""
    problem = new_passphrase_problem(first, first if second is None else second)
    if problem:
        raise PassphraseError(problem)


def is_locked(path: Path | str) -> bool:
    """Whether the store file at `path` is encrypted (it has no plain SQLite header).

    A missing file is not locked. Anything that is neither a plain database nor a known other
    kind of file is taken as locked: opening it with a passphrase then says whether the
    passphrase is wrong or the file is damaged.
    """
    path = Path(path)
    if not path.is_file():
        return False
    return _store._sniff(path) == "other"


def encrypt_in_place(db: sqlite_utils.Database, path: Path | str, key: str) -> None:
    """Lock the plain store open as `db` (its file is `path`) with the passphrase `key`.

    The whole store is exported into an encrypted file beside it, which is written to disk
    and then moved over the plain file in one step, so the plain copy is gone and a failure
    at any point leaves the plain store as it was and no half-made file. Afterwards `db` is
    connected to the encrypted store, so everything holding it carries on working. Plain
    safety copies made before earlier updates (cass.db.before-….bak) are deleted too.
    """
    path = Path(path)
    check_new_passphrase(key)
    if is_locked(path):
        raise StoreError("This store is already locked with a passphrase.")
    if db.conn.in_transaction:
        raise StoreError("The store is busy saving a change. Try again in a moment.")
    busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    if busy:
        raise StoreError(_IN_USE)
    tmp = path.with_name(path.name + ".encrypting")
    _store._remove_with_sidecars(tmp)
    try:
        db.execute("ATTACH DATABASE ? AS encrypted KEY ?", [str(tmp), key])
        try:
            db.execute("SELECT sqlcipher_export('encrypted')")
            version = db.execute("PRAGMA main.user_version").fetchone()[0]
            db.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        finally:
            db.execute("DETACH DATABASE encrypted")
        _check_copy(tmp, key, db)
    except sqlcipher3.Error as exc:
        _store._remove_with_sidecars(tmp)
        raise StoreError(
            f"The store could not be locked ({exc}). Nothing has been changed."
        ) from exc
    except BaseException:
        _store._remove_with_sidecars(tmp)
        raise

    db.conn.close()
    try:
        # The last connection to close removes the write-ahead log; if it is still there,
        # another connection (another copy of the app) has the store open.
        if any(Path(str(path) + s).exists() for s in ("-wal", "-shm")):
            raise StoreError(_IN_USE)
        _store._fsync(tmp)
        os.replace(tmp, path)
    except BaseException:
        _store._remove_with_sidecars(tmp)
        db.conn = _store.open_store(path, create=False).conn
        raise
    _store._fsync_dir(path.parent)
    db.conn = _store.open_store(path, key=key, create=False).conn
    remove_plain_safety_copies(path)


def change_passphrase(db: sqlite_utils.Database, path: Path | str, current: str, new: str) -> None:
    """Change the passphrase of the locked store open as `db`, after checking the current one.

    A wrong current passphrase raises StoreError and changes nothing.
    """
    path = Path(path)
    check_new_passphrase(new)
    if not is_locked(path):
        raise StoreError("This store is not locked with a passphrase yet.")
    if not current:
        raise StoreError("Enter the current passphrase.")
    conn = _store._connect(path, current, read_only=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.Error as exc:
        raise StoreError("The current passphrase is wrong. Nothing has been changed.") from exc
    finally:
        conn.close()
    db.execute("PRAGMA rekey = " + _store._quote(new))


def remove_plain_safety_copies(path: Path | str) -> list[Path]:
    """Delete the plain copies made before earlier updates (cass.db.before-….bak) of a store
    that is now locked: left behind, they would let anyone read the records. Returns them."""
    path = Path(path)
    removed = []
    for copy in sorted(path.parent.glob(path.name + ".before-*.bak")):
        if copy.is_file() and not is_locked(copy):
            copy.unlink()
            removed.append(copy)
    return removed


_IN_USE = (
    "The store is open in another copy of CASS Desktop or another program. "
    "Close it there and try again; nothing has been changed."
)


def _check_copy(tmp: Path, key: str, db: sqlite_utils.Database) -> None:
    """The encrypted copy opens with the passphrase and holds as many changes as the store."""
    conn = _store._connect(tmp, key, read_only=True)
    try:
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise StoreError("The locked copy could not be checked. Nothing has been changed.")
        copied = conn.execute("SELECT count(*) FROM ops").fetchone()[0]
        if copied != db.execute("SELECT count(*) FROM ops").fetchone()[0]:
            raise StoreError("The locked copy is incomplete. Nothing has been changed.")
    finally:
        conn.close()
