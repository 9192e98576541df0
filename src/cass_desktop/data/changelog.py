"""Writing records and their change log together.

Every write to a synced table goes through `save` (or `save_new_many` for bulk creation): in
one transaction it writes the row and appends one operation per changed field to `ops`, with
a hybrid logical clock and the next gap-free sequence number of this device (all but a demo
store's made-up records: data/made_up.py). An operation is known by its device and sequence
number. Applying operations made elsewhere is `merge`'s.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import secrets
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

import sqlite_utils

from cass_desktop.data import field_clocks, hlc, made_up, search_rows
from cass_desktop.records.schema import fields

OPS_COLUMNS = (
    "device_id",
    "seq",
    "hlc",
    "tbl",
    "row_id",
    "field",
    "value_json",
    "base_hlc",
)


_COLUMNS = ", ".join(OPS_COLUMNS)


class Op(NamedTuple):
    """One changed field. A tuple in `ops` column order: made by the million when head office
    merges, where a tuple is several times cheaper to build than a dataclass."""

    device_id: str
    seq: int
    hlc: str
    tbl: str
    row_id: str
    field: str
    value_json: str | None
    base_hlc: str | None

    @property
    def value(self) -> Any:
        return None if self.value_json is None else json.loads(self.value_json)

    def row(self) -> tuple:
        """The values in `ops` column order."""
        return tuple(self)


def day_bounds(day: str) -> tuple[str, str]:
    """ISO text bounds [start, end) of one day, for comparing stored date-times as text."""
    start = dt.date.fromisoformat(day)
    return start.isoformat(), (start + dt.timedelta(days=1)).isoformat()


def new_id() -> str:
    """A UUID version 7: unique without coordination, and made in time order, so new records
    land at the end of the store's indexes instead of at random places in them."""
    return uuid7(hlc.now_ms(), secrets.randbits(74))


def uuid7(wall_ms: int, random_bits: int) -> str:
    """RFC 9562 UUIDv7 from 48 bits of milliseconds and 74 random bits."""
    value = (wall_ms & (2**48 - 1)) << 80
    value |= 0x7 << 76 | ((random_bits >> 62) & 0xFFF) << 64
    value |= 0b10 << 62 | (random_bits & (2**62 - 1))
    digits = f"{value:032x}"  # as str(uuid.UUID(int=value)) writes it, without the object
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def device_id(db: sqlite_utils.Database) -> str:
    row = db.execute("SELECT value FROM local_state WHERE key = 'device_id'").fetchone()
    return row[0]


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


class DeviceClock:
    """This device's clock and sequence, read and written back inside one transaction."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        state = dict(
            db.execute(
                "SELECT key, value FROM local_state WHERE key IN ('device_id', 'hlc', 'seq')"
            ).fetchall()
        )
        self.device = state["device_id"]
        self.last = state.get("hlc")
        self.seq = int(state.get("seq", 0))

    def tick(self) -> str:
        self.last = hlc.tick(self.last, self.device)
        return self.last

    def ticks(self, count: int) -> list[str]:
        """The clocks of `count` changes made one after another now, as `tick` makes them
        (read the wall clock once: the rest follow on by counter)."""
        if not count:
            return []
        stamps = [self.tick()]
        wall, counter = int(stamps[0][:13]), int(stamps[0][14:20])
        for _ in range(count - 1):
            if counter < hlc.MAX_COUNTER:
                counter += 1
            else:  # the counter is full: tick moves the clock on a millisecond
                self.last = stamps[-1]
                stamps.append(self.tick())
                wall, counter = int(stamps[-1][:13]), int(stamps[-1][14:20])
                continue
            stamps.append(f"{wall:013d}-{counter:06d}-{self.device}")
        self.last = stamps[-1]
        return stamps

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def store(self) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO local_state (key, value) VALUES ('hlc', ?), ('seq', ?)",
            [self.last, str(self.seq)],
        )


def _validate(table: str, values: Mapping[str, Any]) -> None:
    known = fields(table)
    unknown = [name for name in values if name not in known]
    if unknown:
        raise ValueError(f"{table} has no field {', '.join(unknown)}")


def _as_stored(table: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The values as SQLite will hold them, so the log records exactly what the row holds.

    SQLite's column types turn "30" into 30 in an INTEGER field and 30 into "30" in a TEXT one;
    comparing and logging the value as given would log an unchanged save again every time.
    """
    integers = _integer_fields(table)
    return {
        name: value
        if type(value) is str and name not in integers
        else _stored(table, name, value, name in integers)
        for name, value in values.items()
    }


def _stored(table: str, name: str, value: Any, integer: bool) -> Any:
    """One value as SQLite will hold it in an INTEGER field (`integer`) or a TEXT one."""
    if value is None or isinstance(value, float):
        return value
    if isinstance(value, bool | int):
        return int(value) if integer else str(int(value))
    if isinstance(value, str):
        if integer and _WHOLE_NUMBER.fullmatch(value):
            return int(value)
        return value
    raise ValueError(f"{table}.{name} must be text or a number, not {type(value).__name__}")


_WHOLE_NUMBER = re.compile(r"[+-]?\d{1,18}")


@functools.cache
def _integer_fields(table: str) -> frozenset[str]:
    return frozenset(name for name, spec in fields(table).items() if spec[0] == "INTEGER")


def _first_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """What a new record logs: the fields it has (an empty field needs no op: it is empty
    everywhere already), or `deleted` when none were given, so that every record has at least
    one op and reaches other devices."""
    given = {k: v for k, v in values.items() if v is not None}
    return given or {"deleted": 0}


def held_clocks(db: sqlite_utils.Database, table: str, row_id: str) -> dict[str, str]:
    """The clock of the value each field of a row holds (from its field clocks)."""
    row = _rowid(db, table, row_id)
    return {} if row is None else field_clocks.clocks_of_row(db, table, row)


def _rowid(db: sqlite_utils.Database, table: str, row_id: str) -> int | None:
    found = db.conn.execute(f'SELECT rowid FROM "{table}" WHERE id = ?', [row_id]).fetchone()
    return None if found is None else found[0]


def save(
    db: sqlite_utils.Database,
    table: str,
    values: Mapping[str, Any],
    row_id: str | None = None,
    *,
    always: bool = False,
    answering: str | None = None,
) -> str:
    """Create a record (no `row_id`, or one not yet held) or change one; return its id.

    Only fields whose value changes are logged; saving unchanged values writes nothing,
    unless `always` (a person's decision, such as choosing the value a conflict keeps, is
    recorded even when it keeps the value already shown).

    `answering` is the clock of a change made elsewhere that this one decides on (head office
    accepting or rejecting a laptop's proposal): this device's clock moves past it, so the
    decision is newer, and the decision is logged as made on it, so the device that proposed
    it does not see a conflict.
    """
    _validate(table, values)
    values = _as_stored(table, values)
    with db.atomic():
        row_id = row_id or new_id()
        current = _get_row(db, table, row_id)
        if current is None:
            changes = _first_fields(values)
        else:
            changes = {k: v for k, v in values.items() if always or current.get(k) != v}
        if current is not None and not changes:
            return row_id
        clock = DeviceClock(db)
        if answering is not None:
            clock.last = hlc.observe(clock.last, answering)
        stamp = clock.tick()
        bases = held_clocks(db, table, row_id) if current is not None else {}
        if answering is not None:
            bases = dict.fromkeys(changes, answering)
        ops = [
            (
                clock.device,
                clock.next_seq(),
                stamp,
                table,
                row_id,
                name,
                _dump(value),
                bases.get(name),
            )
            for name, value in changes.items()
        ]
        db.conn.executemany("INSERT INTO ops VALUES (?, ?, ?, ?, ?, ?, ?, ?)", ops)
        clock.store()
        if current is None:
            db[table].insert({"id": row_id, "created": stamp, "updated": stamp, **changes})
        else:
            db[table].update(row_id, {"updated": stamp, **changes})
        _record_clocks(db, table, {row_id: _rowid(db, table, row_id)}, ops, current)
    return row_id


def _record_clocks(
    db: sqlite_utils.Database,
    table: str,
    rows: dict[str, int],
    ops: list[tuple],
    current: Mapping[str, Any] | None = None,
) -> None:
    """Each change's entry in field_clocks (`rows`: the rowid of each record changed; each
    change the newest of its field). Where entries keep the changes (head office), the
    entries they replace as newest first keep the values the record held (`current`)."""
    if current is not None and field_clocks.keeps_changes(db):
        field_clocks.supersede(
            db,
            (
                (rows[op[4]], field_clocks.FIELD_NUMBER[(table, op[5])], _dump(current[op[5]]))
                for op in ops
            ),
        )
    field_clocks.record(
        db,
        field_clocks.Devices(db),
        ((table, rows[op[4]], op[5], op[2], op[7], op[0], op[1]) for op in ops),
        values=[None] * len(ops),
    )


def save_new_many(
    db: sqlite_utils.Database,
    table: str,
    records: Iterable[Mapping[str, Any]],
    *,
    logged: bool = True,
) -> list[str]:
    """Create many new records in one transaction (imports, demo data); return their ids.

    A record may carry its own `id`; otherwise one is made. What it writes is what `save`
    writes for each record in turn (the row, one op per field in the order given, each with
    its field clock entry, one clock a record), but set-based: Python checks each record and
    stages it as one row (`_stage`), and SQLite makes the record rows, their search rows (by
    the triggers' own SQL, data/search_rows.py), the ops and the field clock entries from the
    staged rows, one statement each, with values taken from the staged JSON by SQLite itself
    (`->`, which gives back a value's JSON text exactly as it was written, so `value_json` is
    what `save` logs).

    `logged=False`: a demo store's made-up records (data/made_up.py), rows and search rows
    alone, no op, clock entry or number used; any other store raises `made_up.NotADemo`.
    """
    records = list(records)
    with db.atomic():
        if not logged:
            made_up.refuse_unless_demo(db)
        clock = DeviceClock(db)
        stamps = clock.ticks(len(records))
        staged, shapes, ids = _stage(db, table, records, stamps, clock, logged=logged)
        _write_staged(db, table, staged, shapes, clock.device, logged=logged)
        clock.store()
    return ids


_ENCODER = json.JSONEncoder(ensure_ascii=False)  # what json.dumps(..., ensure_ascii=False) makes
_STAGING = (
    "CREATE TEMP TABLE IF NOT EXISTS changelog_new (n INTEGER PRIMARY KEY, row INTEGER, "
    "id TEXT, stamp TEXT, clock INTEGER, seq INTEGER, shape INTEGER, doc TEXT)",
    "CREATE TEMP TABLE IF NOT EXISTS changelog_shapes (shape INTEGER, place INTEGER, "
    "field TEXT, number INTEGER, path TEXT, PRIMARY KEY (shape, place)) WITHOUT ROWID",
)


def _stage(
    db: sqlite_utils.Database,
    table: str,
    records: list[Mapping[str, Any]],
    stamps: list[str],
    clock: DeviceClock,
    *,
    logged: bool = True,
) -> tuple[list[tuple], dict[tuple[str, ...], int], list[str]]:
    """Check each record and make its staged row: (n, rowid, id, clock text, clock integer,
    first seq, shape, the values as JSON). A shape is the fields a record logs, in order; its
    fields are checked once. Rowids are the ones SQLite would give rows inserted in order.
    Unless `logged`, no sequence number is used (the staged ones are never written)."""
    known: set[tuple[str, ...]] = set()
    shapes: dict[tuple[str, ...], int] = {}
    staged: list[tuple] = []
    ids: list[str] = []
    encode = _ENCODER.encode
    to_int = field_clocks.to_int if logged else lambda _stamp: None  # for field clocks only
    last = db.conn.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0] or 0
    seq = clock.seq
    integers = _integer_fields(table)
    for n, (record, stamp) in enumerate(zip(records, stamps, strict=True)):
        given = tuple(record)
        if given not in known:
            _validate(table, dict.fromkeys(name for name in given if name != "id"))
            known.add(given)
        # _first_fields(_as_stored(...)), without the copies: what a record logs.
        values = {
            name: value
            if type(value) is str and name not in integers
            else _stored(table, name, value, name in integers)
            for name, value in record.items()
            if value is not None and name != "id"
        } or {"deleted": 0}
        fields_of = tuple(values)
        shape = shapes.setdefault(fields_of, len(shapes))
        row_id = record.get("id") or new_id()
        staged.append(
            (n, last + n + 1, row_id, stamp, to_int(stamp), seq + 1, shape, encode(values))
        )
        ids.append(row_id)
        seq += len(fields_of)
    if logged:
        clock.seq = seq
    return staged, shapes, ids


def _write_staged(
    db: sqlite_utils.Database,
    table: str,
    staged: list[tuple],
    shapes: dict[tuple[str, ...], int],
    device: str,
    *,
    logged: bool = True,
) -> None:
    """The record rows, ops and field clock entries of the staged rows (the rows alone unless
    `logged`), one statement each, in the order the records were given (rowids, sequence
    numbers and clocks all ascending)."""
    if not staged:
        return
    conn = db.conn
    for sql in _STAGING:
        conn.execute(sql)
    numbers = field_clocks.FIELD_NUMBER
    try:
        conn.executemany(
            "INSERT INTO changelog_shapes VALUES (?, ?, ?, ?, ?)",
            [
                (shape, place, name, numbers[(table, name)], _path(name))
                for names, shape in shapes.items()
                for place, name in enumerate(names)
            ],
        )
        conn.executemany("INSERT INTO changelog_new VALUES (?, ?, ?, ?, ?, ?, ?, ?)", staged)
        defaults = {
            name: default
            for _, name, _, _, default, _ in conn.execute(f'PRAGMA table_info("{table}")')
        }
        used = list(dict.fromkeys(name for names in shapes for name in names))
        columns = ", ".join(f'"{name}"' for name in used)
        picked = ", ".join(
            f"doc ->> {_quote(_path(name))}"
            if defaults.get(name) is None
            else f"coalesce(doc ->> {_quote(_path(name))}, {defaults[name]})"
            for name in used
        )
        with search_rows.set_based(db, table, staged[0][1] - 1, len(staged)):
            conn.execute(
                f'INSERT INTO "{table}" (rowid, id, created, updated, {columns}) '
                f"SELECT row, id, stamp, stamp, {picked} FROM changelog_new ORDER BY n"
            )
        if not logged:
            return
        each_field = (
            "FROM changelog_new b CROSS JOIN changelog_shapes s ON s.shape = b.shape "
            "ORDER BY b.n, s.place"
        )
        written = conn.execute(
            f"INSERT INTO ops ({_COLUMNS}) SELECT ?, b.seq + s.place, b.stamp, ?, b.id, s.field, "
            f"b.doc -> s.path, NULL {each_field}",
            [device, table],
        ).rowcount
        # Head office gives its entries arrival numbers (what updates to laptops count); each
        # is the newest of its new record's field, so it keeps no value (data/held_changes.py).
        arrival = field_clocks.arrival_top(db, written) if field_clocks.keeps_changes(db) else None
        conn.execute(
            "INSERT OR IGNORE INTO field_clocks (row, field, clock, device, base, seq, arrival) "
            "SELECT b.row, s.number, b.clock, ?, NULL, b.seq + s.place, "
            f"? + row_number() OVER (ORDER BY b.n, s.place) {each_field}",
            [field_clocks.Devices(db).of(device), arrival],
        )
    finally:  # (on a failure the caller's transaction also rolls them back)
        conn.execute("DELETE FROM changelog_new")
        conn.execute("DELETE FROM changelog_shapes")


def _path(name: str) -> str:
    """The JSON path of a field in a staged record."""
    return f'$."{name}"'


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def delete(db: sqlite_utils.Database, table: str, row_id: str) -> None:
    """Mark a record deleted: deletion is a field like any other, so it syncs and can be undone."""
    with db.atomic():
        if _get_row(db, table, row_id) is None:
            raise ValueError(f"{table} has no record {row_id}")
        save(db, table, {"deleted": 1}, row_id)


def _get_row(db: sqlite_utils.Database, table: str, row_id: str) -> dict[str, Any] | None:
    cursor = db.execute(f'SELECT * FROM "{table}" WHERE id = ?', [row_id])
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


def get(db: sqlite_utils.Database, table: str, row_id: str) -> dict[str, Any] | None:
    """One record by id, deleted or not."""
    fields(table)
    return _get_row(db, table, row_id)


def iter_ops(
    db: sqlite_utils.Database, device: str | None = None, after_seq: int = 0
) -> Iterator[Op]:
    """Operations in the log, in each device's sequence order."""
    if device is None:
        cursor = db.execute(f"SELECT {_COLUMNS} FROM ops ORDER BY device_id, seq")
    else:
        cursor = db.execute(
            f"SELECT {_COLUMNS} FROM ops WHERE device_id = ? AND seq > ? ORDER BY seq",
            [device, after_seq],
        )
    for row in cursor:
        yield Op(*row)


def count_ops(db: sqlite_utils.Database, device: str | None = None, after_seq: int = 0) -> int:
    if device is None:
        return db.execute("SELECT count(*) FROM ops").fetchone()[0]
    return db.execute(
        "SELECT count(*) FROM ops WHERE device_id = ? AND seq > ?", [device, after_seq]
    ).fetchone()[0]
