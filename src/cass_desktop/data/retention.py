"""The SQL behind the retention review: when each person was last worked with."""

from __future__ import annotations

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
