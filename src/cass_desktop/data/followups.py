"""Follow-ups: something to do for a person by a date."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlite_utils

from cass_desktop.data import audit, changelog
from cass_desktop.data.paging import page, person_held


def create(db: sqlite_utils.Database, values: Mapping[str, Any]) -> str:
    return audit.save(db, "followups", values)


def update(db: sqlite_utils.Database, followup_id: str, values: Mapping[str, Any]) -> None:
    audit.save(db, "followups", values, followup_id)


def get(db: sqlite_utils.Database, followup_id: str) -> dict[str, Any] | None:
    return changelog.get(db, "followups", followup_id)


def reopen(db: sqlite_utils.Database, followup_id: str) -> None:
    """Undo marking a follow-up done (it was ticked by mistake, or needs doing again)."""
    audit.save(db, "followups", {"done": 0, "done_on": None}, followup_id)


def mark_done(db: sqlite_utils.Database, followup_id: str, on: str) -> None:
    audit.save(db, "followups", {"done": 1, "done_on": on}, followup_id)


def for_client(db: sqlite_utils.Database, client_id: str) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT f.*, w.name AS worker_name FROM followups f "
            "LEFT JOIN workers w ON w.id = f.worker_id "
            "WHERE f.client_id = ? AND f.deleted = 0 ORDER BY f.done, f.due_on",
            [client_id],
        )
    )


def due(
    db: sqlite_utils.Database,
    on_or_before: str,
    worker_id: str | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Follow-ups not done and due by a date (overdue ones included), soonest first; with
    `limit`, that many after the first `offset`."""
    params: list[Any] = [on_or_before]
    mine = ""
    if worker_id:
        mine = "AND (f.worker_id = ? OR f.worker_id IS NULL) "
        params.append(worker_id)
    paged, more = page(limit, offset)
    return list(
        db.query(
            "SELECT f.*, c.given_name, c.family_name, c.preferred_name, c.reference "
            "FROM followups f JOIN clients c ON c.id = f.client_id "
            f"WHERE f.done = 0 AND f.deleted = 0 AND c.deleted = 0 AND f.due_on <= ? {mine}"
            "ORDER BY f.due_on, f.id" + paged,
            params + more,
        )
    )


def count_due(
    db: sqlite_utils.Database, on_or_before: str, worker_id: str | None = None
) -> tuple[int, int]:
    """How many follow-ups `due` lists, and how many of them were due before that day."""
    params: list[Any] = [on_or_before, on_or_before]
    mine = ""
    if worker_id:
        mine = "AND (f.worker_id = ? OR f.worker_id IS NULL) "
        params.append(worker_id)
    count, overdue = db.execute(
        "SELECT count(*), coalesce(sum(date(f.due_on) IS NOT NULL AND f.due_on < ?), 0) "
        "FROM followups f "
        f"WHERE f.done = 0 AND f.deleted = 0 AND f.due_on <= ? {mine}"
        f"AND {person_held('f.client_id')}",
        params,
    ).fetchone()
    return count, overdue
