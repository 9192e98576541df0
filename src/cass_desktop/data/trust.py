"""The store's side of who may change what: what the policy reads to decide (set-based, a
query per few hundred records), and the changes it did not apply: refused ones, quiet
echoes, and proposals for the agency directory.

Deciding is `cass_desktop.sync.policy`'s; this module only reads and writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import sqlite_utils

from cass_desktop.data import hlc
from cass_desktop.data.changelog import OPS_COLUMNS, Op
from cass_desktop.records.schema import fields

_CHUNK = 500  # SQLite parameters per IN (...) list

REFUSED = "refused"  # listed for head office with its reason
ECHO = "echo"  # restates exactly what is held: dropped quietly


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


# -- what the policy reads -------------------------------------------------------------------


def column_of(db: sqlite_utils.Database, table: str, column: str, ids: Iterable[str]) -> dict:
    """One column of the records held among `ids`, by id (records not held are left out)."""
    if column not in fields(table):
        raise ValueError(f"{table} has no field {column}")
    found: dict[str, Any] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        rows = db.conn.execute(f'SELECT id, "{column}" FROM "{table}" WHERE id IN ({marks})', chunk)
        found.update(rows)
    return found


def records(db: sqlite_utils.Database, table: str, ids: Iterable[str]) -> dict[str, dict]:
    """The records held among `ids`, whole, by id."""
    fields(table)
    found: dict[str, dict] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for row in db.query(f'SELECT * FROM "{table}" WHERE id IN ({marks})', chunk):
            found[row["id"]] = row
    return found


def first_writers(db: sqlite_utils.Database, table: str, ids: Iterable[str]) -> dict[str, str]:
    """The device that made each record held: the device of its `created` clock, which is
    the oldest clock of any change held for it (the change log keeps it so)."""
    fields(table)
    found: dict[str, str] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        rows = db.conn.execute(f'SELECT id, created FROM "{table}" WHERE id IN ({marks})', chunk)
        for row_id, created in rows:
            try:
                found[row_id] = hlc.HLC.decode(created).device
            except hlc.ClockError:
                continue  # not written through the change log: nobody is known to have made it
    return found


# -- changes not applied ---------------------------------------------------------------------


def record_refused(
    db: sqlite_utils.Database, refused: list[tuple[Op, str, str]], bundle: str
) -> None:
    """Keep changes that were not applied, each with its kind (REFUSED or ECHO) and reason."""
    at = _now()
    db.conn.executemany(
        f"INSERT OR IGNORE INTO refused_ops ({', '.join(OPS_COLUMNS)}, kind, reason, bundle, "
        "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*op.row(), kind, reason, bundle, at) for op, kind, reason in refused],
    )


def record_proposals(db: sqlite_utils.Database, ops: list[Op], bundle: str) -> None:
    at = _now()
    db.conn.executemany(
        f"INSERT OR IGNORE INTO proposals ({', '.join(OPS_COLUMNS)}, bundle, received_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*op.row(), bundle, at) for op in ops],
    )


def refused(
    db: sqlite_utils.Database, device_id: str | None = None, *, include_applied: bool = True
) -> list[dict[str, Any]]:
    """Refused changes (not the quiet echoes), newest first."""
    clauses = ["kind = ?"]
    params: list[Any] = [REFUSED]
    if device_id:
        clauses.append("device_id = ?")
        params.append(device_id)
    if not include_applied:
        clauses.append("applied_at IS NULL")
    return list(
        db.query(
            f"SELECT * FROM refused_ops WHERE {' AND '.join(clauses)} ORDER BY hlc DESC, id DESC",
            params,
        )
    )


def refused_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """How many of each device's changes were refused and not since applied by head office."""
    rows = db.execute(
        "SELECT device_id, count(*) FROM refused_ops WHERE kind = ? AND applied_at IS NULL "
        "GROUP BY device_id",
        [REFUSED],
    )
    return dict(rows.fetchall())


def get_refused(db: sqlite_utils.Database, refused_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM refused_ops WHERE id = ?", [refused_id]))
    return rows[0] if rows else None


def mark_refused_applied(db: sqlite_utils.Database, refused_id: int, by: str | None) -> None:
    db.execute(
        "UPDATE refused_ops SET applied_at = ?, applied_by = ? WHERE id = ?",
        [_now(), by, refused_id],
    )


def open_proposals(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Proposals still to decide, the newest of each device's for each field only, oldest
    first."""
    return list(
        db.query(
            "SELECT p.* FROM proposals p WHERE p.status = 'open' AND NOT EXISTS ("
            "SELECT 1 FROM proposals q WHERE q.status = 'open' AND q.device_id = p.device_id "
            "AND q.tbl = p.tbl AND q.row_id = p.row_id AND q.field = p.field AND q.hlc > p.hlc) "
            "ORDER BY p.hlc, p.id"
        )
    )


def proposal_count(db: sqlite_utils.Database) -> int:
    return len(open_proposals(db))


def get_proposal(db: sqlite_utils.Database, proposal_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM proposals WHERE id = ?", [proposal_id]))
    return rows[0] if rows else None


def open_proposals_for(
    db: sqlite_utils.Database, device_id: str, table: str, row_id: str
) -> list[dict[str, Any]]:
    """A device's open proposals for one record (every field), oldest first."""
    return list(
        db.query(
            "SELECT * FROM proposals WHERE status = 'open' AND device_id = ? AND tbl = ? "
            "AND row_id = ? ORDER BY hlc, id",
            [device_id, table, row_id],
        )
    )


def decide_proposals(
    db: sqlite_utils.Database, ids: list[int], status: str, by: str | None
) -> None:
    """Close proposals as accepted or rejected; older open ones from the same device for the
    same fields are closed with them, as superseded."""
    at = _now()
    with db.atomic():
        for proposal_id in ids:
            row = get_proposal(db, proposal_id)
            if row is None:
                continue
            db.execute(
                "UPDATE proposals SET status = 'superseded', decided_at = ?, decided_by = ? "
                "WHERE status = 'open' AND device_id = ? AND tbl = ? AND row_id = ? "
                "AND field = ? AND hlc < ?",
                [at, by, row["device_id"], row["tbl"], row["row_id"], row["field"], row["hlc"]],
            )
            db.execute(
                "UPDATE proposals SET status = ?, decided_at = ?, decided_by = ? WHERE id = ?",
                [status, at, by, proposal_id],
            )
