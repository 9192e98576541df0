"""The SQL behind the retention review: when each person was last worked with."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlite_utils

# The latest of the day their case closed, their last contact, their last court date and the
# day it opened: ISO text compares as dates (the first ten characters are the day).
_LAST_ACTIVITY = """
SELECT c.id, c.reference, c.given_name, c.family_name, c.status, c.site_id, c.closed_on,
       substr(max(coalesce(c.closed_on, ''), coalesce(c.opened_on, ''),
                  coalesce((SELECT max(k.at) FROM contacts k
                            WHERE k.client_id = c.id AND k.deleted = 0), ''),
                  coalesce((SELECT max(h.starts_at) FROM hearings h
                            WHERE h.client_id = c.id AND h.deleted = 0), '')), 1, 10)
       AS last_activity
FROM clients c
WHERE c.deleted = 0 AND c.merged_into IS NULL
"""


def last_activity_before(db: sqlite_utils.Database, day: str) -> list[dict[str, Any]]:
    """People (not deleted, not merged away) last worked with before `day` (ISO), oldest
    first; one never worked with at all (no dates) is included with an empty date."""
    return list(
        db.query(
            f"SELECT * FROM ({_LAST_ACTIVITY}) WHERE last_activity < ? "
            "ORDER BY last_activity, family_name COLLATE NOCASE",
            [day],
        )
    )


@contextmanager
def overwriting(db: sqlite_utils.Database) -> Iterator[None]:
    """Within: what is deleted or emptied is overwritten, not just let go. Freed space in the
    store is zeroed (SQLite's secure_delete) and the search indexes drop a deleted row's words
    at once (FTS5's secure-delete), rather than keeping them until the index is next merged.
    For an erasure: both cost more on every write, so they are on only for its length."""
    before = db.execute("PRAGMA secure_delete").fetchone()[0]
    db.execute("PRAGMA secure_delete = ON")
    fts = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'"
        )
    ]
    try:
        for table in fts:
            db.execute(f"INSERT INTO {table}({table}, rank) VALUES ('secure-delete', 1)")
        yield
    finally:
        for table in fts:
            db.execute(f"INSERT INTO {table}({table}, rank) VALUES ('secure-delete', 0)")
        db.execute(f"PRAGMA secure_delete = {int(before)}")


def checkpoint(db: sqlite_utils.Database) -> None:
    """Copy what the write-ahead log holds into the store now, where no one else is reading
    (never waiting for anyone), so the log's older pages are overwritten sooner."""
    db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
