"""Clients: the people the service works with."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from typing import Any

import sqlite_utils

from cass_desktop.data import changelog
from cass_desktop.data.search import fts_query

# Crockford's base32 without I, L, O, U: nothing to misread on a printed letter.
_REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

# Sort keys offered by the client list: key -> ORDER BY expression.
SORTS = {
    "reference": "c.reference",
    "name": "c.family_name COLLATE NOCASE {dir}, c.given_name COLLATE NOCASE",
    "date_of_birth": "c.date_of_birth",
    "status": "c.status",
    "keyworker": "w.name COLLATE NOCASE",
    "opened_on": "c.opened_on",
}


def new_reference(db: sqlite_utils.Database, site_code: str | None) -> str:
    """A short reference people can read out and that is printed on letters: PLY-7KQM-3XD9.

    40 random bits keep references made on different laptops apart without coordination;
    one already held here is drawn again.
    """
    prefix = (site_code or "CAS").upper()[:3]
    while True:
        body = "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))
        ref = f"{prefix}-{body[:4]}-{body[4:]}"
        if not db.execute("SELECT 1 FROM clients WHERE reference = ?", [ref]).fetchone():
            return ref


def create(
    db: sqlite_utils.Database, values: Mapping[str, Any], site_code: str | None = None
) -> str:
    values = dict(values)
    values.setdefault("status", "open")
    with db.atomic():
        if not values.get("reference"):
            values["reference"] = new_reference(db, site_code)
        return changelog.save(db, "clients", values)


def update(db: sqlite_utils.Database, client_id: str, values: Mapping[str, Any]) -> None:
    changelog.save(db, "clients", values, client_id)


def get(db: sqlite_utils.Database, client_id: str) -> dict[str, Any] | None:
    rows = list(
        db.query(
            "SELECT c.*, w.name AS keyworker_name, s.name AS site_name FROM clients c "
            "LEFT JOIN workers w ON w.id = c.keyworker_id LEFT JOIN sites s ON s.id = c.site_id "
            "WHERE c.id = ?",
            [client_id],
        )
    )
    return rows[0] if rows else None


def _where(
    status: str | None, keyworker_id: str | None, text: str | None
) -> tuple[str, list[Any]] | None:
    # People merged into another record are listed under that record, not on their own.
    clauses = ["c.deleted = 0", "c.merged_into IS NULL"]
    params: list[Any] = []
    if status:
        clauses.append("c.status = ?")
        params.append(status)
    if keyworker_id:
        clauses.append("c.keyworker_id = ?")
        params.append(keyworker_id)
    if text and text.strip():
        match = fts_query(text)
        if match is None:
            return None
        clauses.append("c.rowid IN (SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?)")
        params.append(match)
    return " AND ".join(clauses), params


def list_rowids(
    db: sqlite_utils.Database,
    *,
    status: str | None = None,
    keyworker_id: str | None = None,
    text: str | None = None,
    sort: str = "name",
    descending: bool = False,
) -> list[int]:
    """Row numbers of the clients to list, in order: cheap to hold even for 100,000 people."""
    where = _where(status, keyworker_id, text)
    if where is None:
        return []
    sql_where, params = where
    direction = "DESC" if descending else "ASC"
    order = SORTS[sort].format(dir=direction)
    join = "LEFT JOIN workers w ON w.id = c.keyworker_id " if sort == "keyworker" else ""
    rows = db.execute(
        f"SELECT c.rowid FROM clients c {join}WHERE {sql_where} "
        f"ORDER BY {order} {direction}, c.rowid {direction}",
        params,
    )
    return [r[0] for r in rows]


def rows_for(db: sqlite_utils.Database, rowids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The listed fields of the given clients, by row number (one page of the list)."""
    if not rowids:
        return {}
    marks = ",".join("?" for _ in rowids)
    result: dict[int, dict[str, Any]] = {}
    for row in db.query(
        "SELECT c.rowid AS rowid, c.id, c.reference, c.given_name, c.family_name, "
        "c.preferred_name, c.date_of_birth, c.status, c.opened_on, c.phone, "
        "w.name AS keyworker_name FROM clients c "
        f"LEFT JOIN workers w ON w.id = c.keyworker_id WHERE c.rowid IN ({marks})",
        list(rowids),
    ):
        result[row["rowid"]] = row
    return result


# Ranking every match of a broad prefix ("p", "19", "PLY-") costs tens of milliseconds at
# 100,000 people; past this many matches they are listed by name instead, unranked.
_RANK_AT_MOST = 500


def search(db: sqlite_utils.Database, text: str, limit: int = 20) -> list[dict[str, Any]]:
    """Clients whose name, reference, date of birth or phone starts with what was typed.

    Best matches first; when very many people match, the first few by name.
    """
    match = fts_query(text)
    if match is None:
        return []
    found = [
        r[0]
        for r in db.execute(
            "SELECT rowid FROM clients_fts WHERE clients_fts MATCH ? LIMIT ?",
            [match, _RANK_AT_MOST + 1],
        )
    ]
    cols = (
        "c.id, c.reference, c.given_name, c.family_name, c.preferred_name, "
        "c.date_of_birth, c.status"
    )
    live = "c.deleted = 0 AND c.merged_into IS NULL"
    if len(found) <= _RANK_AT_MOST:
        sql = (
            f"SELECT {cols} FROM clients_fts f JOIN clients c ON c.rowid = f.rowid "
            f"WHERE clients_fts MATCH ? AND {live} ORDER BY f.rank LIMIT ?"
        )
        return list(db.query(sql, [match, limit]))
    marks = ",".join("?" * len(found))
    sql = (
        f"SELECT {cols} FROM clients c WHERE c.rowid IN ({marks}) AND {live} "
        "ORDER BY c.family_name COLLATE NOCASE, c.given_name COLLATE NOCASE LIMIT ?"
    )
    return list(db.query(sql, [*found, limit]))


def candidates_like(
    db: sqlite_utils.Database, given_name: str, family_name: str, date_of_birth: str | None
) -> list[dict[str, Any]]:
    """People who might be the same person: same date of birth, or a name starting alike.

    Scoring them is for `matching`; this only narrows 100,000 people to a few hundred.
    """
    found: dict[str, dict[str, Any]] = {}
    cols = (
        "c.id, c.reference, c.given_name, c.family_name, c.preferred_name, "
        "c.date_of_birth, c.status"
    )
    if date_of_birth:
        for row in db.query(
            f"SELECT {cols} FROM clients c WHERE c.date_of_birth = ? AND c.deleted = 0 "
            "AND c.merged_into IS NULL",
            [date_of_birth],
        ):
            found[row["id"]] = row
    for name in (family_name, given_name):
        words = fts_query(name[:3], people=False) if name and len(name) >= 2 else None
        if not words:
            continue
        for row in db.query(
            f"SELECT {cols} FROM clients_fts f JOIN clients c ON c.rowid = f.rowid "
            "WHERE clients_fts MATCH ? AND c.deleted = 0 AND c.merged_into IS NULL LIMIT 500",
            ["name : (" + words + ")"],
        ):
            found[row["id"]] = row
    return list(found.values())


def count(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM clients WHERE deleted = 0").fetchone()[0]


def display_name(row: Mapping[str, Any]) -> str:
    """Given and family name, with a preferred name that differs shown in brackets."""
    given = row.get("given_name") or ""
    family = row.get("family_name") or ""
    preferred = row.get("preferred_name") or ""
    name = f"{given} {family}".strip()
    if preferred and preferred != given:
        name = f"{name} ({preferred})"
    return name


def rowid_of(db: sqlite_utils.Database, client_id: str) -> int | None:
    """The row number of a client, to find them again in a list held as row numbers."""
    row = db.execute("SELECT rowid FROM clients WHERE id = ?", [client_id]).fetchone()
    return row[0] if row else None
