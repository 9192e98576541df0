"""Bundles delivered from the outbox to the destination folder. Local to this store, never synced.

A bundle is known by its file name; its SHA-256 and size are what was checked at the
destination, so a file of the same name but other content is not taken as delivered.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils


def record(
    db: sqlite_utils.Database,
    name: str,
    sha256: str,
    size: int,
    destination: str,
    delivered_at: str,
) -> None:
    """Note that a bundle reached the destination folder and its copy there was checked."""
    with db.atomic():
        db.execute(
            "INSERT OR REPLACE INTO deliveries (name, sha256, size, destination, delivered_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [name, sha256, size, destination, delivered_at],
        )


def get(db: sqlite_utils.Database, name: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM deliveries WHERE name = ?", [name]))
    return rows[0] if rows else None


def delivered_names(db: sqlite_utils.Database) -> dict[str, str]:
    """{bundle name: sha256} of every bundle delivered."""
    return dict(db.execute("SELECT name, sha256 FROM deliveries").fetchall())


def last_delivery(db: sqlite_utils.Database) -> dict[str, Any] | None:
    """The most recent delivery, if any."""
    rows = list(db.query("SELECT * FROM deliveries ORDER BY delivered_at DESC, name DESC LIMIT 1"))
    return rows[0] if rows else None


def own_change_clock(db: sqlite_utils.Database, device_id: str, seq: int) -> str | None:
    """The clock of one of this device's changes, by its sequence number: when it was made."""
    row = db.execute(
        "SELECT hlc FROM ops WHERE device_id = ? AND seq = ?", [device_id, seq]
    ).fetchone()
    return row[0] if row else None
