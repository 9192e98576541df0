"""Other stores this one exchanges bundles with: enrolled devices, trusted head office.

Local to this store, never synced. Head office lists a device it has not enrolled as
`pending` (with the card it came with) for a person to approve.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlite_utils


def put(db: sqlite_utils.Database, device_id: str, values: Mapping[str, Any]) -> None:
    """Add or change what is known of another store."""
    with db.atomic():
        existing = get(db, device_id)
        if existing is None:
            db["peers"].insert({"device_id": device_id, **values})
        else:
            db["peers"].update(device_id, dict(values))


def get(db: sqlite_utils.Database, device_id: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM peers WHERE device_id = ?", [device_id]))
    return rows[0] if rows else None


def all_peers(db: sqlite_utils.Database, role: str | None = None) -> list[dict[str, Any]]:
    if role:
        return list(db.query("SELECT * FROM peers WHERE role = ? ORDER BY name, worker", [role]))
    return list(db.query("SELECT * FROM peers ORDER BY role, name, worker"))


def head_office(db: sqlite_utils.Database) -> dict[str, Any] | None:
    """The head office this device trusts, if any."""
    rows = list(
        db.query(
            "SELECT * FROM peers WHERE role = 'head-office' AND status = 'trusted' "
            "ORDER BY enrolled_at DESC LIMIT 1"
        )
    )
    return rows[0] if rows else None


def forget(db: sqlite_utils.Database, device_id: str) -> None:
    """Forget a device that was only waiting for approval, and its waiting changes."""
    with db.atomic():
        db.execute("DELETE FROM peers WHERE device_id = ? AND status = 'pending'", [device_id])


def revoke(db: sqlite_utils.Database, device_id: str, at: str) -> None:
    """A device is no longer trusted: its later bundles are refused whole. What it sent before
    stays; its changes still waiting for a gap are dropped, as they can never follow on."""
    with db.atomic():
        db.execute(
            "UPDATE peers SET status = 'revoked', revoked_at = ? WHERE device_id = ?",
            [at, device_id],
        )
        db.execute("DELETE FROM pending_ops WHERE device_id = ?", [device_id])


def assigned_sites(db: sqlite_utils.Database, device_ids: list[str]) -> dict[str, str | None]:
    """The site head office assigned to each of these devices (None where none is)."""
    found: dict[str, str | None] = {}
    for start in range(0, len(device_ids), 500):
        chunk = device_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            db.execute(
                f"SELECT device_id, site_id FROM peers WHERE device_id IN ({marks})", chunk
            ).fetchall()
        )
    return found
