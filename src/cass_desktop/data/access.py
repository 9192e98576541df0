"""The SQL behind a subject access pack: every record held about a person, by kind."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlite_utils

from cass_desktop.records.schema import SYNCED


def about_person(
    db: sqlite_utils.Database, table: str, client_ids: Sequence[str]
) -> list[dict[str, Any]]:
    """Every row of the synced `table` about these people (deleted ones too: they are still
    held), oldest first; for `clients`, their own records."""
    if table not in SYNCED:
        raise ValueError(f"unknown table: {table}")
    column = "id" if table == "clients" else "client_id"
    marks = ", ".join("?" * len(client_ids))
    return list(
        db.query(
            f"SELECT * FROM {table} WHERE {column} IN ({marks}) ORDER BY created, id",
            list(client_ids),
        )
    )


def drafts(db: sqlite_utils.Database, client_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Assessments started on this laptop and not yet completed (local, never synced)."""
    marks = ", ".join("?" * len(client_ids))
    return list(
        db.query(
            f"SELECT * FROM assessment_drafts WHERE client_id IN ({marks}) ORDER BY started_at",
            list(client_ids),
        )
    )


def names(db: sqlite_utils.Database) -> dict[str, dict[str, str]]:
    """The names of the records a person's records link to, by table and id."""
    found: dict[str, dict[str, str]] = {}
    for table in ("workers", "sites", "agencies"):
        found[table] = {row[0]: row[1] or "" for row in db.execute(f"SELECT id, name FROM {table}")}
    return found
