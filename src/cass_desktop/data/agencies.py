"""Agencies: the local services people are referred to."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlite_utils

from cass_desktop.data import changelog
from cass_desktop.data.search import fts_query


def create(db: sqlite_utils.Database, values: Mapping[str, Any]) -> str:
    return changelog.save(db, "agencies", values)


def update(db: sqlite_utils.Database, agency_id: str, values: Mapping[str, Any]) -> None:
    changelog.save(db, "agencies", values, agency_id)


def get(db: sqlite_utils.Database, agency_id: str) -> dict[str, Any] | None:
    return changelog.get(db, "agencies", agency_id)


def find_by_name(db: sqlite_utils.Database, name: str) -> dict[str, Any] | None:
    rows = list(
        db.query(
            "SELECT * FROM agencies WHERE deleted = 0 AND name = ? COLLATE NOCASE "
            "ORDER BY created LIMIT 1",
            [name.strip()],
        )
    )
    return rows[0] if rows else None


def search(
    db: sqlite_utils.Database,
    text: str = "",
    *,
    domain: str | None = None,
    area: str | Sequence[str] | None = None,
    include_inactive: bool = False,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Agencies matching typed words, a need domain served and an area covered, by name.

    `area` is one area or several (an area and those covering it): an agency listing any of
    them, as a whole entry in its list of areas, matches."""
    clauses = ["a.deleted = 0"]
    params: list[Any] = []
    if not include_inactive:
        clauses.append("a.active = 1")
    if text.strip():
        match = fts_query(text)
        if match is None:
            return []
        clauses.append("a.rowid IN (SELECT rowid FROM agencies_fts WHERE agencies_fts MATCH ?)")
        params.append(match)
    if domain:
        clauses.append("(',' || a.domains || ',') LIKE ?")
        params.append(f"%,{domain},%")
    wanted = [area] if isinstance(area, str) else list(area or [])
    wanted = [" ".join(w.split()) for w in wanted if w and w.strip()]
    if wanted:
        listed = "(',' || REPLACE(REPLACE(COALESCE(a.areas, ''), ', ', ','), ' ,', ',') || ',')"
        clauses.append("(" + " OR ".join(f"{listed} LIKE ?" for _ in wanted) + ")")
        params.extend(f"%,{w},%" for w in wanted)
    sql = f"SELECT a.* FROM agencies a WHERE {' AND '.join(clauses)} ORDER BY a.name COLLATE NOCASE"
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return list(db.query(sql, params))


def areas(db: sqlite_utils.Database) -> list[str]:
    """Every area any agency covers, for the area filter."""
    found: set[str] = set()
    for (text,) in db.execute("SELECT areas FROM agencies WHERE deleted = 0 AND areas IS NOT NULL"):
        found.update(a.strip() for a in text.split(",") if a.strip())
    return sorted(found, key=str.casefold)


def list_all(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every agency not deleted, active or not, oldest first (for matching imported names)."""
    return list(db.query("SELECT * FROM agencies WHERE deleted = 0 ORDER BY created, id"))


def name_taken(
    db: sqlite_utils.Database, name: str, exclude_id: str | None = None
) -> dict[str, Any] | None:
    """Another agency (not deleted) already called `name`, ignoring case and spacing."""
    wanted = " ".join(name.split()).casefold()
    if not wanted:
        return None
    # Directories hold hundreds of agencies, not millions: compare names as words in Python,
    # so "St  Petroc's" and "st petroc's" (and non-ASCII case) count as the same name.
    for row in db.query(
        "SELECT * FROM agencies WHERE deleted = 0 AND id IS NOT ? ORDER BY created, id",
        [exclude_id],
    ):
        if " ".join((row["name"] or "").split()).casefold() == wanted:
            return row
    return None


def save_import(
    db: sqlite_utils.Database,
    new: list[Mapping[str, Any]],
    changes: list[tuple[str, Mapping[str, Any]]],
) -> list[str]:
    """Create `new` agencies and apply `changes` (agency id, changed fields) in one transaction.

    Returns the ids of the new agencies. Nothing is written if any of it fails.
    """
    with db.atomic():
        ids = changelog.save_new_many(db, "agencies", new) if new else []
        for agency_id, values in changes:
            changelog.save(db, "agencies", values, agency_id)
    return ids
