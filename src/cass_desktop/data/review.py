"""Head office's review: devices and when they were last heard from, records behind conflicts,
people who may be the same person, and people merged into another record.

Read-only queries, apart from `not_duplicates` (local to head office, never synced): merging
and resolving write through `clients.update` and `changelog.save` so that they sync.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlite_utils

from cass_desktop.records.schema import SYNCED

_CHUNK = 500  # SQLite parameters per IN (...) list

# Child records of a person, and what names them in words.
_CLIENT_CHILDREN = (
    "consents",
    "hearings",
    "contacts",
    "needs",
    "followups",
    "referrals",
    "letters",
)


def devices(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every device enrolled or waiting for approval, with how much of its work is held.

    `held_seq` is the last of its change numbers held here without a gap (applied, refused or
    proposed); `waiting` how many of its changes wait for an earlier bundle; `refused` how many
    were refused and not since applied by head office; `site_name` the name of the site
    head office assigned it, when known.
    """
    return list(
        db.query(
            "SELECT p.*, s.name AS site_name, max("
            "(SELECT coalesce(max(o.seq), 0) FROM ops o WHERE o.device_id = p.device_id), "
            "(SELECT coalesce(max(r.seq), 0) FROM refused_ops r WHERE r.device_id = p.device_id), "
            "(SELECT coalesce(max(q.seq), 0) FROM proposals q WHERE q.device_id = p.device_id), "
            "(SELECT coalesce(max(d.held_seq), 0) FROM devices d WHERE d.device_id = p.device_id)"
            ") AS held_seq, "
            "(SELECT count(*) FROM pending_ops w WHERE w.device_id = p.device_id) AS waiting, "
            "(SELECT count(*) FROM refused_ops r WHERE r.device_id = p.device_id "
            "AND r.kind = 'refused' AND r.applied_at IS NULL) AS refused "
            "FROM peers p LEFT JOIN sites s ON s.id = p.site_id "
            "WHERE p.role = 'device' "
            "ORDER BY CASE p.status WHEN 'pending' THEN 0 WHEN 'enrolled' THEN 1 ELSE 2 END, "
            "coalesce(s.name, p.name) COLLATE NOCASE, p.worker"
        )
    )


def people_for_matching(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Everyone who may have a duplicate: not deleted, not already merged into someone."""
    return list(
        db.query(
            "SELECT c.id, c.reference, c.given_name, c.family_name, c.preferred_name, "
            "c.date_of_birth, c.phone, c.postcode, c.site_id, s.name AS site_name "
            "FROM clients c LEFT JOIN sites s ON s.id = c.site_id "
            "WHERE c.deleted = 0 AND c.merged_into IS NULL"
        )
    )


def not_duplicate_pairs(db: sqlite_utils.Database) -> set[frozenset[str]]:
    """Pairs a person has said are different people."""
    return {frozenset(row) for row in db.execute("SELECT first_id, second_id FROM not_duplicates")}


def mark_not_duplicate(
    db: sqlite_utils.Database, first_id: str, second_id: str, at: str, by: str | None
) -> None:
    a, b = sorted((first_id, second_id))
    with db.atomic():
        db.execute(
            "INSERT OR REPLACE INTO not_duplicates (first_id, second_id, decided_at, decided_by) "
            "VALUES (?, ?, ?, ?)",
            [a, b, at, by],
        )


def forget_not_duplicate(db: sqlite_utils.Database, first_id: str, second_id: str) -> None:
    a, b = sorted((first_id, second_id))
    with db.atomic():
        db.execute("DELETE FROM not_duplicates WHERE first_id = ? AND second_id = ?", [a, b])


def merged_people(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """People merged into another record, with the record each was merged into."""
    return list(
        db.query(
            "SELECT c.id, c.reference, c.given_name, c.family_name, c.preferred_name, "
            "c.date_of_birth, c.updated, s.name AS site_name, c.merged_into, "
            "k.reference AS kept_reference, k.given_name AS kept_given_name, "
            "k.family_name AS kept_family_name, k.preferred_name AS kept_preferred_name "
            "FROM clients c LEFT JOIN clients k ON k.id = c.merged_into "
            "LEFT JOIN sites s ON s.id = c.site_id "
            "WHERE c.merged_into IS NOT NULL AND c.deleted = 0 "
            "ORDER BY c.updated DESC"
        )
    )


def merged_into_this(db: sqlite_utils.Database, client_id: str) -> list[dict[str, Any]]:
    """People whose records were merged into this one."""
    return list(
        db.query(
            "SELECT c.id, c.reference, c.given_name, c.family_name, c.preferred_name "
            "FROM clients c WHERE c.merged_into = ? AND c.deleted = 0 "
            "ORDER BY c.family_name COLLATE NOCASE, c.given_name COLLATE NOCASE",
            [client_id],
        )
    )


def describe_records(
    db: sqlite_utils.Database, records: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """What is needed to name records in words, by (table, id).

    A person's record gives its names and reference; a record about a person (a court date,
    a consent ...) gives its own fields plus the person's names as `client_*`; agencies,
    sites, workers and documents give their own fields.
    """
    by_table: dict[str, set[str]] = {}
    for table, row_id in records:
        if table in SYNCED:
            by_table.setdefault(table, set()).add(row_id)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for table, ids in by_table.items():
        ordered = sorted(ids)
        for start in range(0, len(ordered), _CHUNK):
            chunk = ordered[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            if table in _CLIENT_CHILDREN:
                sql = (
                    f"SELECT r.*, c.given_name AS client_given_name, c.family_name AS "
                    f"client_family_name, c.preferred_name AS client_preferred_name, "
                    f'c.reference AS client_reference FROM "{table}" r '
                    f"LEFT JOIN clients c ON c.id = r.client_id WHERE r.id IN ({marks})"
                )
            else:
                sql = f'SELECT r.* FROM "{table}" r WHERE r.id IN ({marks})'
            for row in db.query(sql, chunk):
                found[(table, row["id"])] = row
    return found


def names_of(db: sqlite_utils.Database, table: str, ids: Iterable[str]) -> dict[str, str]:
    """Names for ids held in a field (a worker, a site, an agency, a person), by id."""
    wanted = sorted({i for i in ids if i})
    if not wanted or table not in ("workers", "sites", "agencies", "clients", "documents"):
        return {}
    if table == "clients":
        expr = (
            "trim(coalesce(given_name, '') || ' ' || coalesce(family_name, '')) "
            "|| coalesce(' (' || reference || ')', '')"
        )
    else:
        expr = "name"
    names: dict[str, str] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for row_id, name in db.execute(
            f'SELECT id, {expr} FROM "{table}" WHERE id IN ({marks})', chunk
        ):
            names[row_id] = name
    return names


# The records that make up a person's history (each with a client_id).
_HISTORY_TABLES = ("hearings", "contacts", "needs", "consents", "followups", "referrals", "letters")


def history_count(db: sqlite_utils.Database, client_id: str) -> int:
    """How many records (court dates, notes, needs, consents, follow-ups, referrals, letters)
    a person's record holds."""
    total = 0
    tables = set(db.table_names())
    for table in _HISTORY_TABLES:
        if table in tables:
            total += db.execute(
                f"SELECT count(*) FROM {table} WHERE client_id = ? AND deleted = 0", [client_id]
            ).fetchone()[0]
    return total
