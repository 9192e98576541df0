"""Head office's held changes, rebuilt from its field clock entries: the one way head office
reads a change it holds (docs/change-log.md, stage 3).

At head office each entry of `field_clocks` is one change applied there: its clock, device and
number, its base (the integer and the base's device, so the text clock is rebuilt exactly),
its arrival number (head office's own order of applying, what update cursors count) and, while
it is not the newest of its field, its value; the newest's value is the record's column. So a
change is rebuilt as the `Op` it arrived as from the entry, the record and `devices`:

- the clocks through `field_clocks.to_text`;
- the value as the JSON the op carried: the entry's (`field_clocks.EMPTY` for an empty one),
  or for the newest the record's value dumped as `changelog` dumps a value;
- on an erased row (`purged_rows`), every field but the ids the tombstone keeps and the purge
  itself gives the erased marker, as `ops` held them after the erasure (data/purge.py).

A change dropped on arrival because its record was erased (`purge.drop_purged`) makes no
entry: its number is held (`devices.held_seq`), it is not rebuilt, and updates no longer
forward it (the laptop would drop it too).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import sqlite_utils

from cass_desktop.data import field_clocks
from cass_desktop.data.changelog import Op
from cass_desktop.data.purge import PURGED_JSON, keeps_value

_CHUNK = 500
_TABLE_OF = {number: table for table, number in field_clocks.TABLE_NUMBER.items()}
_SELECT = (
    "SELECT f.arrival, f.row, f.field, f.clock, d.device_id, f.base, b.device_id, f.seq, "
    "f.value FROM field_clocks f JOIN devices d ON d.number = f.device "
    "LEFT JOIN devices b ON b.number = f.base_device"
)
_ENTRY = f"{_SELECT} WHERE f.arrival IS NOT NULL"
_COLUMNS = (
    "SELECT f.arrival, f.row, f.field, f.clock, d.device_id, f.base, b.device_id, f.seq, f.value"
)
_DEVICES = "JOIN devices d ON d.number = f.device LEFT JOIN devices b ON b.number = f.base_device"
# Changes found by device and number, through `change_numbers` (field_clocks.BY_NUMBER).
_NUMBERED = f"{_COLUMNS} FROM {field_clocks.BY_NUMBER} {_DEVICES}"
# The changes that arrived after a cursor, each device's numbers above where it was then (see
# field_clocks.starts_after; the devices are read first: CROSS JOIN keeps that order).
_ARRIVED = (
    f"{_COLUMNS} FROM arrived_from a CROSS JOIN change_numbers n "
    "ON n.device = a.device AND n.seq > a.seq CROSS JOIN field_clocks f ON f.row = n.row "
    f"AND f.field = n.field AND f.device = n.device AND f.seq = n.seq {_DEVICES}"
)


def by_arrival(db: sqlite_utils.Database, after: int, top: int) -> list[tuple[int, Op]]:
    """Every change held that arrived after `after` and up to `top`, with its arrival number,
    in arrival order."""
    field_clocks.starts_after(db, after)
    cursor = db.conn.execute(f"{_ARRIVED} WHERE f.arrival <= ? ORDER BY f.arrival", [top])
    return list(_rebuilt(db, cursor.fetchall()))


# Records that hang off a client, and the tables every site shares (head office sends them to
# every device, but only its own changes to them).
CLIENT_CHILDREN = ("consents", "hearings", "contacts", "needs", "followups")
SHARED_TABLES = ("agencies", "sites", "workers", "documents")


def for_update(
    db: sqlite_utils.Database, device_id: str, site_id: str | None, after: int
) -> tuple[list[Op], int]:
    """The changes head office sends a device after its cursor, and the new cursor: by the
    rules of `data.sync.update_ops_for` (head office's own changes to what is shared; changes
    to clients known at the device's site or touched by the device, and to their records, by
    anyone but the device), read from the entries by arrival."""
    top = field_clocks.arrival_top(db)
    number = {d: n for d, n in db.conn.execute("SELECT device_id, number FROM devices")}
    me = db.conn.execute("SELECT value FROM local_state WHERE key = 'device_id'").fetchone()[0]
    target = number.get(device_id, -1)
    db.conn.execute("CREATE TEMP TABLE IF NOT EXISTS update_clients (id TEXT PRIMARY KEY)")
    db.conn.execute("DELETE FROM update_clients")
    known = ["SELECT id FROM clients WHERE site_id = :site"]
    params: dict[str, Any] = {"site": site_id, "target": target}
    for n, table in enumerate(("clients", *CLIENT_CHILDREN)):
        low, high = field_clocks.field_range(table)
        params |= {f"low{n}": low, f"high{n}": high}
        column = "id" if table == "clients" else "client_id"
        known.append(
            f'SELECT r.{column} FROM change_numbers n JOIN "{table}" r ON r.rowid = n.row '
            f"WHERE n.device = :target AND n.field >= :low{n} AND n.field < :high{n}"
        )
    db.conn.execute(f"INSERT OR IGNORE INTO update_clients {' UNION '.join(known)}", params)
    parts = []
    selected: dict[str, Any] = {"top": top, "me": number.get(me, -1)}
    field_clocks.starts_after(db, after, leave_out=target)  # never the device's own changes
    for n, table in enumerate(("clients", *CLIENT_CHILDREN, *SHARED_TABLES)):
        low, high = field_clocks.field_range(table)
        selected |= {f"low{n}": low, f"high{n}": high}
        where = f"f.arrival <= :top AND n.field >= :low{n} AND n.field < :high{n}"
        if table in SHARED_TABLES:
            parts.append(f"{_ARRIVED} WHERE {where} AND a.device = :me")
        else:
            column = "id" if table == "clients" else "client_id"
            parts.append(
                f'{_ARRIVED} JOIN "{table}" r ON r.rowid = f.row '
                f"JOIN update_clients k ON k.id = r.{column} WHERE {where}"
            )
    query = " UNION ALL ".join(parts) + " ORDER BY 1, 5, 8"  # arrival, device, number
    entries = db.conn.execute(query, selected).fetchall()
    return [op for _arrival, op in _rebuilt(db, entries)], top


def by_number(db: sqlite_utils.Database, device_id: str, seqs: Iterable[int]) -> list[Op]:
    """The changes held from a device under these numbers (those not held are left out)."""
    number = db.conn.execute("SELECT number FROM devices WHERE device_id = ?", [device_id])
    found = number.fetchone()
    if found is None:
        return []
    entries: list[tuple] = []
    ordered = sorted(set(seqs))
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        entries += db.conn.execute(
            f"{_NUMBERED} WHERE n.device = ? AND n.seq IN ({marks})", [found[0], *chunk]
        ).fetchall()
    return [op for _arrival, op in _rebuilt(db, entries)]


def above(db: sqlite_utils.Database, device_id: str, after: int) -> list[Op]:
    """The changes held from a device numbered above `after`, in number order."""
    found = db.conn.execute("SELECT number FROM devices WHERE device_id = ?", [device_id])
    number = found.fetchone()
    if number is None:
        return []
    cursor = db.conn.execute(
        f"{_NUMBERED} WHERE n.device = ? AND n.seq > ? ORDER BY n.seq", [number[0], after]
    )
    return [op for _arrival, op in _rebuilt(db, cursor.fetchall())]


def every_held(db: sqlite_utils.Database) -> list[Op]:
    """Every change held in the entries, in arrival order."""
    cursor = db.conn.execute(f"{_ENTRY} ORDER BY f.arrival")
    return [op for _arrival, op in _rebuilt(db, cursor.fetchall())]


def _rebuilt(db: sqlite_utils.Database, entries: list[tuple]) -> Iterator[tuple[int, Op]]:
    """(arrival, Op) for each entry, in the order given."""
    rows_by_table: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        rows_by_table[_TABLE_OF[entry[2] // 256]].add(entry[1])
    records: dict[tuple[str, int], dict[str, Any]] = {}
    erased: set[tuple[str, int]] = set()
    for table, rows in rows_by_table.items():
        for chunk in _chunks(rows):
            marks = ",".join("?" * len(chunk))
            cursor = db.conn.execute(
                f'SELECT rowid AS _row, * FROM "{table}" WHERE rowid IN ({marks})', chunk
            )
            names = [d[0] for d in cursor.description]
            for values in cursor:
                record = dict(zip(names, values, strict=True))
                records[(table, record["_row"])] = record
            gone = db.conn.execute(
                f'SELECT r.rowid FROM purged_rows p JOIN "{table}" r ON r.id = p.row_id '
                f"WHERE p.tbl = ? AND r.rowid IN ({marks})",
                [table, *chunk],
            )
            erased.update((table, r[0]) for r in gone)
    for arrival, row, number, clock, device, base, base_device, seq, value in entries:
        table, field = field_clocks.FIELD_NAME[number]
        record = records[(table, row)]
        if value is not None:
            value_json = None if value == field_clocks.EMPTY else value
        elif (table, row) in erased and not keeps_value(table, field):
            value_json = PURGED_JSON
        else:
            value_json = _dump(record[field])
        yield (
            arrival,
            Op(
                device,
                seq,
                field_clocks.to_text(clock, device),
                table,
                record["id"],
                field,
                value_json,
                None if base is None else field_clocks.to_text(base, base_device or ""),
            ),
        )


def _dump(value: Any) -> str | None:
    """A record's value as the JSON a change carries (as `changelog` writes it)."""
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _chunks(items: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(items)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]
