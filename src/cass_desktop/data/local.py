"""Settings local to this store (never synced): role, site, worker, organisation details."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils


def get(db: sqlite_utils.Database, key: str, default: Any = None) -> Any:
    row = db.execute("SELECT value FROM local_state WHERE key = ?", [f"setting:{key}"]).fetchone()
    return default if row is None else json.loads(row[0])


def put(db: sqlite_utils.Database, key: str, value: Any) -> None:
    with db.atomic():
        db.execute(
            "INSERT OR REPLACE INTO local_state (key, value) VALUES (?, ?)",
            [f"setting:{key}", json.dumps(value, ensure_ascii=False)],
        )


def unexported_count(db: sqlite_utils.Database) -> int:
    """Changes made on this device that have not been exported yet.

    Sequence numbers are gap-free, so this is the last one made less the last one exported.
    """
    row = db.execute("SELECT value FROM local_state WHERE key = 'seq'").fetchone()
    last = int(row[0]) if row else 0
    return last - int(get(db, "exported_seq", 0))


def is_demo(db: sqlite_utils.Database) -> bool:
    """Whether this store holds demo data: made-up people, for trying the app or training.

    Marked by `mark_demo` in the same transaction as the first demo records, so a store with
    any demo data in it says so, however it is opened. Demo stores are never exported, give
    no card, and head office takes nothing from them.
    """
    return get(db, "demo", False) is True


def mark_demo(db: sqlite_utils.Database) -> None:
    """Mark this store as holding demo data (see `is_demo`); it is never unmarked."""
    put(db, "demo", True)


UNLOCKED_BY = "unlocked_by"  # the worker whose passphrase unlocked the store last


def current_worker_id(db: sqlite_utils.Database) -> str | None:
    """Who is at the keyboard: the worker whose own passphrase unlocked this connection (or
    the lock screen) last, else the laptop's worker (the one it was set up for). Everything a
    person does is recorded under this id; it is the one place to ask.

    A connection that was unlocked by a passphrase keeps its own answer (`db.unlocked_by`), so
    a command run with someone else's passphrase while the app is open does not change who
    the app records; one opened with the key alone (a background task's, a tool's) reads the
    store's, which `with_unlocker` lets the app pass on to its own background connections."""
    worker = getattr(db, "unlocked_by", None)
    if worker is None:
        worker = get(db, UNLOCKED_BY)
    return worker or get(db, "worker_id")


def set_unlocked_by(db: sqlite_utils.Database, worker_id: str | None) -> None:
    """Remember who unlocked (None: the laptop's own worker), on this connection and in the
    store."""
    db.unlocked_by = worker_id or ""  # type: ignore[attr-defined]
    if (get(db, UNLOCKED_BY) or None) != (worker_id or None):
        put(db, UNLOCKED_BY, worker_id or None)


def with_unlocker(db: sqlite_utils.Database, like: sqlite_utils.Database) -> sqlite_utils.Database:
    """`db` recording under the same person as `like` (a background connection of the app)."""
    if getattr(like, "unlocked_by", None) is not None:
        db.unlocked_by = like.unlocked_by  # type: ignore[attr-defined]
    return db


def worker_name(db: sqlite_utils.Database, worker_id: str | None) -> str:
    """The name of the worker `worker_id` ("" when unknown), for naming passphrase wraps."""
    if not worker_id:
        return ""
    row = db.execute("SELECT name FROM workers WHERE id = ?", [worker_id]).fetchone()
    return str(row[0]) if row and row[0] else ""
