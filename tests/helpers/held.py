"""Head office as it was before m011_held_changes: every change it held in `ops` (its rowid
the change's arrival), none of m011's columns or indexes (the migration tests build it)."""

from __future__ import annotations

import sqlite_utils

from cass_desktop.data import changelog, field_clocks, held_changes, migrations


def as_before_m011(ho: sqlite_utils.Database) -> None:
    """Put every change head office holds back in ops as it arrived (rowid = arrival), and
    take away what m011 added, so the next open migrates it again."""
    held = held_changes.by_arrival(ho, 0, field_clocks.arrival_top(ho))
    with ho.atomic():
        ho.execute(
            "DELETE FROM ops WHERE rowid IN (SELECT o.rowid FROM ops o JOIN devices d "
            "ON d.device_id = o.device_id JOIN field_clocks f ON f.device = d.number "
            "AND f.seq = o.seq WHERE f.arrival IS NOT NULL)"
        )
        ho.conn.executemany(
            f"INSERT INTO ops (rowid, {', '.join(changelog.OPS_COLUMNS)}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(arrival, *op) for arrival, op in held],
        )
    for index in ("field_clocks_change", "field_clocks_arrival"):
        ho.execute(f"DROP INDEX {index}")
    for column in ("base_device", "value", "arrival"):
        ho.execute(f"ALTER TABLE field_clocks DROP COLUMN {column}")
    ho.execute("ALTER TABLE devices DROP COLUMN held_seq")
    ho.execute(
        "DELETE FROM _sqlite_migrations WHERE migration_set = ? AND name = 'm011_held_changes'",
        [migrations.SET_NAME],
    )
