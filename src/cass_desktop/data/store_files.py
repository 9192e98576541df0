"""What a file is, and why it will not open as a store, in words a court worker can act on:
the checks every way of opening a store (data/store, data/backup, data/passphrase) shares;
and the safety copy made beside a store before it is updated."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import sqlcipher3
import sqlite_utils

from cass_desktop.app import crashlog, durable
from cass_desktop.data import migrations as _migrations

SQLITE_MAGIC = b"SQLite format 3\x00"
SIDECARS = ("-wal", "-shm", "-journal")


class StoreError(Exception):
    """A store that cannot be opened; the message is meant for the person using the app."""


def sniff(path: Path) -> str:
    """What kind of file this looks like: empty, sqlite, pdf, text or other."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise StoreError(f"{path} could not be read: {exc.strerror or exc}.") from exc
    if not head:
        return "empty"
    if head.startswith(SQLITE_MAGIC):
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


def check_is_ours(conn: sqlcipher3.Connection, path: Path) -> None:
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


def why_not_opened(path: Path, key: object, exc: Exception) -> str:
    """What went wrong opening the store, in words a court worker can act on. A fault of the
    disk or of the files beside the store (an I/O error) is also written to the log in the
    data folder, with its details, for whoever looks after the laptop."""
    text = str(exc)
    if "I/O" in text or "disk" in text:
        crashlog.write_crash_log(
            path.parent, type(exc), exc, exc.__traceback__, where="opening the store"
        )
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


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def remove_with_sidecars(path: Path) -> None:
    for suffix in ("", *SIDECARS):
        Path(str(path) + suffix).unlink(missing_ok=True)


def copy_aside(db: sqlite_utils.Database, path: Path, first_pending: str) -> None:
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
            part.unlink(missing_ok=True)
            durable.create_private_file(part)
            shutil.copyfile(path, part)
            durable.fsync_file(part)
            os.replace(part, backup)
        except OSError as exc:
            part.unlink(missing_ok=True)
            raise StoreError(
                f"{path} needs updating, but a safety copy could not be made first "
                f"({exc.strerror or exc}). Nothing has been changed."
            ) from exc
    finally:
        db.conn.execute("COMMIT")
    durable.fsync_dir(path.parent)
