"""Contacts: each time the service sees or speaks to a person."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlite_utils

from cass_desktop.data import audit, changelog
from cass_desktop.data.changelog import day_bounds
from cass_desktop.data.paging import page, person_held


def create(db: sqlite_utils.Database, values: Mapping[str, Any]) -> str:
    return audit.save(db, "contacts", values)


def update(db: sqlite_utils.Database, contact_id: str, values: Mapping[str, Any]) -> None:
    audit.save(db, "contacts", values, contact_id)


def get(db: sqlite_utils.Database, contact_id: str) -> dict[str, Any] | None:
    return changelog.get(db, "contacts", contact_id)


def for_client(db: sqlite_utils.Database, client_id: str) -> list[dict[str, Any]]:
    """A person's contacts, newest first: their timeline."""
    return list(
        db.query(
            "SELECT t.*, w.name AS worker_name FROM contacts t "
            "LEFT JOIN workers w ON w.id = t.worker_id "
            "WHERE t.client_id = ? AND t.deleted = 0 ORDER BY t.at DESC",
            [client_id],
        )
    )


def _on_day_at(day: str, site_id: str | None) -> tuple[str, list[Any]]:
    """The site's part of `seen_on`'s WHERE (after the day's bounds), and the parameters of both."""
    if not site_id:
        return "", list(day_bounds(day))
    return "AND (w.site_id = ? OR t.worker_id IS NULL) ", [*day_bounds(day), site_id]


def seen_on(
    db: sqlite_utils.Database,
    day: str,
    site_id: str | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Contacts on one day (ISO date), with who was seen, earliest first; with `limit`, that
    many after the first `offset`."""
    site, params = _on_day_at(day, site_id)
    paged, more = page(limit, offset)
    return list(
        db.query(
            "SELECT t.*, c.given_name, c.family_name, c.preferred_name, c.reference, "
            "w.name AS worker_name FROM contacts t JOIN clients c ON c.id = t.client_id "
            "LEFT JOIN workers w ON w.id = t.worker_id "
            f"WHERE t.at >= ? AND t.at < ? AND t.deleted = 0 AND c.deleted = 0 {site}"
            "ORDER BY t.at, t.id" + paged,
            params + more,
        )
    )


def count_seen_on(
    db: sqlite_utils.Database, day: str, site_id: str | None = None
) -> tuple[int, int]:
    """How many contacts `seen_on` lists, and how many people they are with."""
    site, params = _on_day_at(day, site_id)
    count, people = db.execute(
        "SELECT count(*), count(DISTINCT t.client_id) FROM contacts t "
        "LEFT JOIN workers w ON w.id = t.worker_id "
        f"WHERE t.at >= ? AND t.at < ? AND t.deleted = 0 {site}"
        f"AND {person_held('t.client_id')}",
        params,
    ).fetchone()
    return count, people
