"""Consents: to hold a person's data, and to share it with an agency or a kind of agency."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlite_utils

from cass_desktop.data import changelog


def record(db: sqlite_utils.Database, values: Mapping[str, Any]) -> str:
    """Record a decision; a later decision (a withdrawal, say) is a new record, not an edit."""
    return changelog.save(db, "consents", values)


def for_client(db: sqlite_utils.Database, client_id: str) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT k.*, a.name AS agency_name, w.name AS recorded_by_name FROM consents k "
            "LEFT JOIN agencies a ON a.id = k.agency_id "
            "LEFT JOIN workers w ON w.id = k.recorded_by "
            "WHERE k.client_id = ? AND k.deleted = 0 ORDER BY k.decided_on DESC, k.created DESC",
            [client_id],
        )
    )
