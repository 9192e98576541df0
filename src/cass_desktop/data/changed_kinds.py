"""How many records of each kind this device changed after a number: what an export's summary
and the window's status bar say is waiting to be sent."""

from __future__ import annotations

import sqlite_utils


def counts_by_table(db: sqlite_utils.Database, device_id: str, after_seq: int) -> dict[str, int]:
    """How many records of each kind a device changed after a sequence number."""
    rows = db.execute(
        "SELECT tbl, count(DISTINCT row_id) FROM ops WHERE device_id = ? AND seq > ? GROUP BY tbl",
        [device_id, after_seq],
    )
    return dict(rows.fetchall())
