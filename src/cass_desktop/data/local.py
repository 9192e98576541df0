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
    """Whether this store holds demo data (made-up people): its local_state key 'demo',
    written by demo-data. The demo store is the one store without a passphrase."""
    rows = db.execute(
        "SELECT value FROM local_state WHERE key IN ('demo', 'setting:demo')"
    ).fetchall()
    return any(str(value).strip().lower() not in ("", "0", "false", "null") for (value,) in rows)


def mark_demo(db: sqlite_utils.Database) -> None:
    """Mark this store as holding demo data only (see `is_demo`)."""
    with db.atomic():
        db.execute("INSERT OR REPLACE INTO local_state (key, value) VALUES ('demo', '1')")
