"""The store's side of bundles: what to export, what is held, what waits, what conflicts."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import sqlite_utils

from cass_desktop.data import field_clocks, held_changes, local
from cass_desktop.data.changelog import Op
from cass_desktop.data.purge import PURGED_JSON

# Records that hang off a client, and the field that says whose they are.
_CLIENT_CHILDREN = held_changes.CLIENT_CHILDREN
# Shared by every site: head office sends them to every device, but only its own changes
# to them (they are head office's alone).
_SHARED_TABLES = held_changes.SHARED_TABLES
_CHUNK = 500  # SQLite parameters per IN (...) list


# Where a change received is kept: applied, refused (or a quiet echo), or proposed. Each is
# held: its sequence number is used up and acknowledged.
_HELD_IN = ("ops", "refused_ops", "proposals")


def held_seq(db: sqlite_utils.Database, device_id: str) -> int:
    """The last sequence number held from a device (head office holds each device's gap-free),
    counting changes refused or proposed as well as those applied."""
    parts = " UNION ALL ".join(
        f"SELECT max(seq) AS m FROM {t} WHERE device_id = ?" for t in _HELD_IN
    )
    parts += " UNION ALL " + _FOLDED
    row = db.execute(f"SELECT max(m) FROM ({parts})", [device_id] * (len(_HELD_IN) + 2))
    return row.fetchone()[0] or 0


# What head office holds of a device once its changes are folded (no longer in ops): the
# number noted at the end of each merge, and the entries a merge under way has just made.
_FOLDED = (
    "SELECT held_seq AS m FROM devices WHERE device_id = ? UNION ALL "
    "SELECT max(seq) AS m FROM change_numbers "
    "WHERE device = (SELECT number FROM devices WHERE device_id = ?)"
)


def note_held(db: sqlite_utils.Database, devices: list[str]) -> None:
    """Remember each device's last number held (head office: `devices.held_seq`, which still
    says so once the changes themselves are folded into the records): what `held_seq` says of
    each, for every device at once, in one statement (a national head office merges bundles
    from thousands of laptops): four index look-ups a device, no Python a device."""
    if not devices or not field_clocks.keeps_changes(db):
        return
    tops = ", ".join(
        f"coalesce((SELECT max(seq) FROM {t} WHERE device_id = a.value), 0)" for t in _HELD_IN
    )
    db.conn.execute(
        f"INSERT INTO devices (device_id, held_seq) SELECT a.value, max({tops}, "
        "coalesce((SELECT max(n.seq) FROM devices d JOIN change_numbers n "
        "ON n.device = d.number WHERE d.device_id = a.value), 0)) "
        "FROM json_each(?) a WHERE true ORDER BY a.key "
        "ON CONFLICT (device_id) DO UPDATE SET held_seq = max(held_seq, excluded.held_seq)",
        [json.dumps(devices)],
    )


def held_by_device(db: sqlite_utils.Database) -> dict[str, int]:
    """`held_seq` of every device at once."""
    parts = " UNION ALL ".join(
        f"SELECT device_id, max(seq) AS m FROM {t} GROUP BY device_id" for t in _HELD_IN
    )
    parts += " UNION ALL SELECT device_id, held_seq AS m FROM devices WHERE held_seq > 0"
    query = f"SELECT device_id, max(m) FROM ({parts}) GROUP BY device_id"
    return {device: int(top) for device, top in db.execute(query)}


def held_clock(db: sqlite_utils.Database, device_id: str, seq: int) -> str | None:
    """The clock of the change held from a device under `seq`, or None."""
    for table in _HELD_IN:
        row = db.execute(
            f"SELECT hlc FROM {table} WHERE device_id = ? AND seq = ?", [device_id, seq]
        ).fetchone()
        if row is not None:
            return str(row[0])
    for op in held_changes.by_number(db, device_id, [seq]):
        return op.hlc
    return None


BACKED_UP = "backed_up_seqs"  # local: each device's last number held when a backup was begun


def note_backed_up(db: sqlite_utils.Database, held: dict[str, int]) -> None:
    """Remember what a backup holds from each device (`held_by_device` taken before it was
    begun): a laptop may forget only what a restore of head office would still hold."""
    kept = local.get(db, BACKED_UP, {}) or {}
    local.put(db, BACKED_UP, {**kept, **{d: max(n, int(kept.get(d, 0))) for d, n in held.items()}})


def backed_up_seq(db: sqlite_utils.Database, device_id: str) -> int:
    return int((local.get(db, BACKED_UP, {}) or {}).get(device_id, 0))


def held_seqs(db: sqlite_utils.Database, device_id: str, seqs: list[int]) -> set[int]:
    """Which of a device's sequence numbers are held (applied, refused or proposed)."""
    held: set[int] = set()
    ordered = sorted(set(seqs))
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        parts = " UNION ".join(
            f"SELECT seq FROM {t} WHERE device_id = ? AND seq IN ({marks})" for t in _HELD_IN
        )
        parts += (
            " UNION SELECT n.seq FROM change_numbers n JOIN devices d ON d.number = n.device "
            f"WHERE d.device_id = ? AND n.seq IN ({marks})"
        )
        rows = db.execute(parts, [device_id, *chunk] * (len(_HELD_IN) + 1))
        held.update(r[0] for r in rows)
    return held


_OP_COLUMNS = "device_id, seq, hlc, tbl, row_id, field, value_json, base_hlc"


def highest_held(db: sqlite_utils.Database, device_id: str) -> int:
    """The highest sequence number held from a device: applied, refused, proposed, or waiting
    in pending_ops."""
    parts = " UNION ALL ".join(
        f"SELECT max(seq) AS m FROM {t} WHERE device_id = :d" for t in (*_HELD_IN, "pending_ops")
    )
    parts += " UNION ALL " + _FOLDED.replace("?", ":d")
    return db.execute(f"SELECT coalesce(max(m), 0) FROM ({parts})", {"d": device_id}).fetchone()[0]


def held_differently(db: sqlite_utils.Database, ops: list[Op]) -> int | None:
    """The index in `ops` of the first operation whose device and sequence number this store
    already holds (applied, refused, proposed, or waiting in pending_ops) as a different
    change; None if none is.

    An operation is known by its device and number, so the same number with other content is
    not a copy of one already held: it is a bundle that cannot be right. Numbers above the
    highest held from a device (most of a new bundle) cost no look-up at all.
    """
    by_device: dict[str, list[int]] = defaultdict(list)
    for index, op in enumerate(ops):
        by_device[op.device_id].append(index)
    for device, indexes in by_device.items():
        top = highest_held(db, device)
        candidates = sorted((i for i in indexes if ops[i].seq <= top), key=lambda i: ops[i].seq)
        for start in range(0, len(candidates), _CHUNK):
            chunk = candidates[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            seqs = [ops[i].seq for i in chunk]
            held: dict[int, set[tuple]] = defaultdict(set)
            tables = (*_HELD_IN, "pending_ops")
            query = " UNION ALL ".join(
                f"SELECT {_OP_COLUMNS} FROM {t} WHERE device_id = ? AND seq IN ({marks})"
                for t in tables
            )
            for row in db.execute(query, [device, *seqs] * len(tables)):
                held[row[1]].add(tuple(row))
            for op in held_changes.by_number(db, device, seqs):  # head office's folded ones
                held[op.seq].add(tuple(op))
            for i in chunk:
                rows = held.get(ops[i].seq)
                if rows and rows != {tuple(ops[i])} and not _erased_alike(rows, ops[i]):
                    return i
    return None


def _erased_alike(rows: set[tuple], op: Op) -> bool:
    """Whether a held change and `op` are one change, one of them erased since (its value
    the marker): the same device, number, clock, table, row and field. A change to an erased
    record re-sent, or an erased one re-sent by a laptop that erased it, is a copy, not a
    different change under a used number."""
    if len(rows) != 1:
        return False
    (held,) = rows
    if PURGED_JSON not in (held[6], op.value_json):
        return False
    return held[:6] == tuple(op)[:6] and held[7] == op.base_hlc


def update_ops_for(
    db: sqlite_utils.Database,
    device_id: str,
    site_id: str | None,
    after_rowid: int,
    *,
    from_ops: bool = False,
) -> tuple[list[Op], int]:
    """Operations head office sends a device, after a cursor; and the new cursor.

    Head office's own changes to what is shared (agencies, sites, workers, documents), never
    another device's; and changes to clients known at the device's site or touched by the
    device (and to their records), made by head office or by other devices whose changes head
    office applied; never other sites' clients wholesale. The cursor is head office's own
    arrival order of operations.

    At head office, read from its field clock entries (data/held_changes.py); elsewhere (and
    `from_ops`, which the tests compare with while `ops` still holds every change) from `ops`.
    """
    if not from_ops and field_clocks.keeps_changes(db):
        return held_changes.for_update(db, device_id, site_id, after_rowid)
    top = db.execute("SELECT coalesce(max(rowid), 0) FROM ops").fetchone()[0]
    known = [
        "SELECT id FROM clients WHERE site_id = :site",
        "SELECT row_id FROM ops WHERE device_id = :device AND tbl = 'clients'",
    ] + [
        f"SELECT c.client_id FROM ops o JOIN {child} c ON c.id = o.row_id "
        f"WHERE o.device_id = :device AND o.tbl = '{child}'"
        for child in _CLIENT_CHILDREN
    ]
    me = db.execute("SELECT value FROM local_state WHERE key = 'device_id'").fetchone()[0]
    params = {"site": site_id, "device": device_id, "after": after_rowid, "top": top, "me": me}
    db.execute("CREATE TEMP TABLE IF NOT EXISTS known_clients (id TEXT PRIMARY KEY)")
    db.execute("DELETE FROM known_clients")
    db.execute(f"INSERT OR IGNORE INTO known_clients {' UNION '.join(known)}", params)
    window = "o.rowid > :after AND o.rowid <= :top AND o.device_id != :device"
    parts = [
        f"SELECT o.rowid AS r, o.* FROM ops o WHERE {window} AND o.device_id = :me "
        f"AND o.tbl IN ({','.join(repr(t) for t in _SHARED_TABLES)})",
        f"SELECT o.rowid AS r, o.* FROM ops o JOIN known_clients k ON k.id = o.row_id "
        f"WHERE {window} AND o.tbl = 'clients'",
    ]
    parts += [
        f"SELECT o.rowid AS r, o.* FROM ops o JOIN {child} c ON c.id = o.row_id "
        f"JOIN known_clients k ON k.id = c.client_id WHERE {window} AND o.tbl = '{child}'"
        for child in _CLIENT_CHILDREN
    ]
    cursor = db.execute(" UNION ALL ".join(parts) + " ORDER BY r", params)
    ops = [Op(*row[1:]) for row in cursor]
    return ops, top


def own_ops_above(db: sqlite_utils.Database, device_id: str, after_seq: int) -> list[Op]:
    """Every change held from a device numbered above `after_seq`, in number order (applied,
    refused or proposed: `held_seq` counts each): what head office sends back to a laptop
    restored from a copy of itself (sync/restore.py). Only that device's own changes."""
    parts = " UNION ALL ".join(
        f"SELECT {_OP_COLUMNS} FROM {t} WHERE device_id = :d AND seq > :after" for t in _HELD_IN
    )
    rows = db.execute(f"{parts} ORDER BY seq", {"d": device_id, "after": after_seq})
    # At head office the changes applied are folded into their field clock entries.
    folded = held_changes.above(db, device_id, after_seq)
    return sorted([*folded, *(Op(*row) for row in rows)], key=lambda op: op.seq)


def record_pending(db: sqlite_utils.Database, ops: list[Op], bundle: str) -> None:
    """Keep operations that arrived after a gap, until the gap is filled."""
    db.conn.executemany(
        "INSERT OR IGNORE INTO pending_ops VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*op.row(), bundle) for op in ops],
    )


def take_pending(db: sqlite_utils.Database, device_id: str, from_seq: int) -> list[Op]:
    """Pending operations of a device that now follow on without a gap; removed from waiting."""
    rows = db.execute(
        "SELECT device_id, seq, hlc, tbl, row_id, field, value_json, base_hlc "
        "FROM pending_ops WHERE device_id = ? AND seq >= ? ORDER BY seq",
        [device_id, from_seq],
    ).fetchall()
    run: list[Op] = []
    expected = from_seq
    for row in rows:
        if row[1] != expected:  # row[1] is seq
            break
        run.append(Op(*row))
        expected += 1
    if run:
        db.execute(
            "DELETE FROM pending_ops WHERE device_id = ? AND seq >= ? AND seq < ?",
            [device_id, from_seq, expected],
        )
    # Anything now already held (a re-sent bundle filled it) is dropped too.
    db.execute("DELETE FROM pending_ops WHERE device_id = ? AND seq < ?", [device_id, from_seq])
    return run


def pending_counts(db: sqlite_utils.Database) -> dict[str, int]:
    return dict(
        db.execute("SELECT device_id, count(*) FROM pending_ops GROUP BY device_id").fetchall()
    )


def open_conflicts(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT * FROM conflicts WHERE resolved_at IS NULL ORDER BY detected_hlc, tbl, row_id"
        )
    )


def conflict_count(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM conflicts WHERE resolved_at IS NULL").fetchone()[0]


def get_conflict(db: sqlite_utils.Database, conflict_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM conflicts WHERE id = ?", [conflict_id]))
    return rows[0] if rows else None


def mark_conflict_resolved(
    db: sqlite_utils.Database, conflict_id: int, value_json: str | None, by: str | None, at: str
) -> None:
    db.execute(
        "UPDATE conflicts SET resolved_at = ?, resolved_value_json = ?, resolved_by = ? "
        "WHERE id = ?",
        [at, value_json, by, conflict_id],
    )


def last_own_seq(db: sqlite_utils.Database) -> int:
    """The sequence number of the last change made on this device."""
    row = db.execute("SELECT value FROM local_state WHERE key = 'seq'").fetchone()
    return int(row[0]) if row else 0
