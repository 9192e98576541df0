"""Per-field clocks kept with the records: what clock holds each field, without an index over
every operation ever held.

`field_clocks (row, field, clock, device, base, seq)`, WITHOUT ROWID, all integers:

- `row`: the record's rowid in its own table (stable: nothing here deletes and re-inserts a
  record, and the search index already relies on it);
- `field`: a number from the order in `records/schema.py`, table by table: the table's place
  times 256 plus the field's place in it, so a row's fields are one range of the key and rows
  of different tables never share a key (new fields go at the end of their table, new tables
  at the end of SYNCED: tests/data/test_field_clocks.py pins the numbers);
- `clock`: the change's clock as one 64-bit integer whose order is clock order (see `to_int`),
  and `device`, the device that made it, by number through `devices (number, device_id)`:
  together they order changes exactly as the text clocks do;
- `base`: the clock (as an integer) of the value the change was made on, or NULL;
- `seq`: the change's sequence number on its device, so the change itself can be found in
  `ops` while it is held there.

One entry per change applied here, written in the same transaction as the change (by
`changelog.save` and `merge`): the newest entry of a field is the clock of the value it holds,
the older ones let a change arriving late be judged against its neighbours in clock order.
Bundles keep their text clocks: converted here, at the edge.

At head office each entry also keeps what it must answer of its change (m011: the base's
device, the value while it is not the newest, the arrival number; data/held_changes.py), and
`change_numbers (device, seq, row, field)` finds it by its device and number (m012, kept by
triggers: `BY_NUMBER`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import sqlite_utils

from cass_desktop.data import hlc, local
from cass_desktop.records.schema import SYNCED

_OFFSET = 1 << 63
_COUNTER_BITS = 20  # hlc's counter reaches 999,999: 20 bits, not 16
_CHUNK = 500

TABLE_NUMBER = {table: n for n, table in enumerate(SYNCED)}
FIELD_NUMBER: dict[tuple[str, str], int] = {
    (table, name): TABLE_NUMBER[table] * 256 + i
    for table, spec in SYNCED.items()
    for i, name in enumerate(spec)
}
FIELD_NAME = {number: key for key, number in FIELD_NUMBER.items()}


def field_range(table: str) -> tuple[int, int]:
    """The numbers of a table's fields, [low, high)."""
    low = TABLE_NUMBER[table] * 256
    return low, low + 256


def to_int(clock: str | None) -> int | None:
    """A text clock ("wall ms-counter-device") as a signed 64-bit integer in the same order:
    (wall ms << 20 | counter) - 2**63. The device is kept apart (`device`), as the tie-break.
    44 bits of milliseconds reach the year 2527 and 20 of counter hold hlc's largest, so every
    clock hlc can make fits."""
    if clock is None:
        return None
    return ((int(clock[:13]) << _COUNTER_BITS) | int(clock[14:20])) - _OFFSET


def to_text(value: int, device: str) -> str:
    """The text clock of an integer clock made by `device`."""
    packed = value + _OFFSET
    return hlc.HLC(packed >> _COUNTER_BITS, packed & ((1 << _COUNTER_BITS) - 1), device).encode()


def base_text(value: int | None) -> str | None:
    """A base clock as text when only its integer is known (the change behind it no longer
    held): with no device, it sorts just before every clock of the same instant, so a change
    is never taken to have seen one made at the very same instant elsewhere."""
    return None if value is None else to_text(value, "")


class Devices:
    """Device numbers, read once and added to as new devices appear (inside a transaction)."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.number = dict(db.conn.execute("SELECT device_id, number FROM devices"))
        self.device = {n: d for d, n in self.number.items()}

    def of(self, device_id: str) -> int:
        number = self.number.get(device_id)
        if number is None:
            cursor = self.db.conn.execute("INSERT INTO devices (device_id) VALUES (?)", [device_id])
            number = cursor.lastrowid
            self.number[device_id] = number
            self.device[number] = device_id
        return number


def rowids(db: sqlite_utils.Database, table: str, ids: Iterable[str]) -> dict[str, int]:
    """The rowid of each record held among `ids`."""
    found: dict[str, int] = {}
    for chunk in _chunks(list(ids)):
        marks = ",".join("?" * len(chunk))
        found.update(
            db.conn.execute(f'SELECT id, rowid FROM "{table}" WHERE id IN ({marks})', chunk)
        )
    return found


def record(
    db: sqlite_utils.Database,
    devices: Devices,
    entries: Iterable[tuple[str, int, str, str, str | None, str, int]],
    *,
    values: Iterable[str | None] | None = None,
    arrival_from: int | None = None,
) -> None:
    """Write one entry per applied change: (table, rowid, field, clock, base, device, seq).

    Where the store keeps the changes it holds in its entries (head office, `keeps_changes`),
    each entry also gets its arrival number (the next, in the order given, after
    `arrival_from` or `arrival_top`), the device of its
    base, and `values`, one for each entry (in order): the change's value for an entry that is
    not the newest of its field, None for the newest (its value is the record's); the caller
    has already `supersede`d the entries these replace as newest."""
    if values is None or not keeps_changes(db):
        rows = [
            (row, FIELD_NUMBER[(table, f)], to_int(clock), devices.of(device), to_int(base), seq)
            for table, row, f, clock, base, device, seq in entries
        ]
        db.conn.executemany(
            "INSERT OR IGNORE INTO field_clocks (row, field, clock, device, base, seq) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        return
    entries = list(entries)
    # Unless the caller says where they start (merge), the changes were written to ops just
    # before (head office's own, by changelog): the next numbers after those held before.
    arrival = arrival_top(db, len(entries)) if arrival_from is None else arrival_from
    held = [
        (
            row,
            FIELD_NUMBER[(table, f)],
            to_int(clock),
            devices.of(device),
            to_int(base),
            None if not base or not base[21:] else devices.of(base[21:]),
            seq,
            value,
            arrival + n,
        )
        for n, ((table, row, f, clock, base, device, seq), value) in enumerate(
            zip(entries, values, strict=True), start=1
        )
    ]
    _in_number_order(db, [(entry[3], entry[6]) for entry in held])
    written = db.conn.executemany(
        "INSERT OR IGNORE INTO field_clocks "
        "(row, field, clock, device, base, base_device, seq, value, arrival) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        held,
    ).rowcount
    if written != len(held):
        # Two changes of one field from one device with one clock (a clock set back): the
        # entry is all head office keeps of a change, so one of them would vanish.
        raise SameClock("two changes of one field were made at the same moment on one device")


class SameClock(ValueError):
    """Head office was given a change whose field already holds another change from the same
    device with the same clock (its entry would be lost)."""


class OutOfOrder(ValueError):
    """Head office was about to give a device's change an arrival number out of the order of
    its numbers (updates rely on that order: see `arrival_top`)."""


def _in_number_order(db: sqlite_utils.Database, changes: list[tuple[int, int]]) -> None:
    """Check that these changes, (device number, seq) in the order their arrival numbers are
    given, follow each device's changes held, in the order of their numbers: a device's later
    number always arrives later. Gap-checked merges and head office's own numbering make it
    so; this says so if anything ever did not, rather than let an update miss a change."""
    last: dict[int, int] = {}
    for device, seq in changes:
        if device not in last:
            last[device] = top_seq(db, device)
        if seq <= last[device]:
            raise OutOfOrder("a change arrived before one numbered below it from its device")
        last[device] = seq


def top_seq(db: sqlite_utils.Database, device: int) -> int:
    """The highest number of a device's changes held in the entries (head office), or 0."""
    row = db.conn.execute("SELECT max(seq) FROM change_numbers WHERE device = ?", [device])
    return int(row.fetchone()[0] or 0)


# Head office's held changes by device and number (m012_change_numbers): `change_numbers
# (device, seq, row, field)`, kept by triggers exactly as the entries with an arrival are, is
# the index of them, narrower than an index on field_clocks (which would repeat the entry's
# whole key, its 8-byte clock included). The entry itself: its row and field lead field_clocks'
# key, and a field holds few entries.
BY_NUMBER = (
    "change_numbers n CROSS JOIN field_clocks f ON f.row = n.row AND f.field = n.field "
    "AND f.device = n.device AND f.seq = n.seq"
)


# An entry's value for a change whose value was empty (JSON null, None in an op): kept apart
# from NULL, which says "the newest: the record holds the value". Never JSON, so never a value.
EMPTY = ""


def kept_value(value_json: str | None) -> str:
    """What an entry that is not the newest of its field keeps of its change's value."""
    return EMPTY if value_json is None else value_json


def keeps_changes(db: sqlite_utils.Database) -> bool:
    """Whether this store keeps the changes it holds in its entries (head office: it keeps no
    op for ever, docs/change-log.md); laptops keep theirs in `ops` until acknowledged."""
    return local.get(db, "role") == "head-office"


def arrival_top(db: sqlite_utils.Database, just_written: int = 0) -> int:
    """The last arrival number given: head office's own order of applying changes, what
    update cursors count (the rowid of `ops` before m011, so cursors given then still hold;
    `just_written`: the ops written since, not counted).

    A device's changes arrive in the order of their numbers (`OutOfOrder`; m012 made it so of
    every change held before), so the last arrival of each device is that of its highest
    number: one look-up a device in `change_numbers`."""
    row = db.conn.execute(
        f"SELECT max(a) FROM (SELECT (SELECT f.arrival FROM {BY_NUMBER} "
        "WHERE n.device = d.number ORDER BY n.seq DESC LIMIT 1) AS a "
        "FROM devices d UNION ALL SELECT coalesce(max(rowid), 0) - ? FROM ops UNION ALL SELECT 0)",
        [just_written],
    ).fetchone()
    return int(row[0])


def starts_after(db: sqlite_utils.Database, after: int, *, leave_out: int = -1) -> None:
    """Fill the temporary table `arrived_from (device, seq)`: for every device (but
    `leave_out`), its highest number that arrived at or before `after`, or 0. Its changes
    numbered above it are exactly those that arrived after `after` (they arrive in number
    order), so they are read from `change_numbers` by device and number: each device's
    range is read downwards from its top only as far as the first arrival at or before
    `after`."""
    db.conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS arrived_from (device INTEGER PRIMARY KEY, seq INTEGER)"
    )
    db.conn.execute("DELETE FROM arrived_from")
    db.conn.execute(
        f"INSERT INTO arrived_from SELECT d.number, coalesce((SELECT n.seq FROM {BY_NUMBER} "
        "WHERE n.device = d.number AND f.arrival <= :after ORDER BY n.seq DESC LIMIT 1), 0) "
        "FROM devices d WHERE d.number != :leave_out",
        {"after": after, "leave_out": leave_out},
    )


def supersede(db: sqlite_utils.Database, rows: Iterable[tuple[int, int, str | None]]) -> None:
    """Before entries newer than a field's newest are written (head office): give the newest
    the value it has held until now, (rowid, field number, value as JSON or None) each, as
    the record still holds it. Its entry is the one without a value."""
    db.conn.executemany(
        "UPDATE field_clocks SET value = ? WHERE row = ? AND field = ? AND value IS NULL",
        [(kept_value(value), row, number) for row, number, value in rows],
    )


def held(
    db: sqlite_utils.Database, table: str, rows: dict[str, int]
) -> Iterator[tuple[str, str, str, str | None, str, int, str | None, bool]]:
    """The newest entry of each field of these rows (id -> rowid): (id, field, clock, base,
    device, seq, value_json, in_ops). While `ops` holds the change, its value and exact base
    come from there (in_ops True); once it is no longer held, value_json is None (the value is
    the record's: the caller reads it) and the base is known only as an integer (`base_text`)."""
    by_rowid = {r: i for i, r in rows.items()}
    low, high = field_range(table)
    for chunk in _chunks(list(by_rowid)):
        marks = ",".join("?" * len(chunk))
        cursor = db.conn.execute(
            "WITH w AS (SELECT row, field, max(clock) AS clock, device, base, base_device, seq "
            f"FROM field_clocks WHERE row IN ({marks}) AND field >= ? AND field < ? "
            "GROUP BY row, field) "
            "SELECT w.row, w.field, w.clock, d.device_id, w.base, b.device_id, w.seq, "
            "o.base_hlc, o.value_json, o.seq IS NOT NULL FROM w "
            "JOIN devices d ON d.number = w.device LEFT JOIN devices b ON b.number = w.base_device "
            "LEFT JOIN ops o ON o.device_id = d.device_id AND o.seq = w.seq",
            [*chunk, low, high],
        )
        for row, number, clock, device, base, base_by, seq, base_hlc, value, in_ops in cursor:
            yield (
                by_rowid[row],
                FIELD_NAME[number][1],
                to_text(clock, device),
                base_hlc if in_ops else _base(base, base_by),
                device,
                seq,
                value,
                bool(in_ops),
            )


def _base(base: int | None, device: str | None) -> str | None:
    """A base clock as text from its integer and, where the entry keeps it, its device."""
    if base is None:
        return None
    return base_text(base) if device is None else to_text(base, device)


def history(
    db: sqlite_utils.Database, table: str, row: int, field: str
) -> list[tuple[str, str | None, str, int, str | None, bool]]:
    """Every entry held for one field, oldest first: (clock, base, device, seq, value_json,
    known). For judging a change that arrives after newer ones (rare). The value and exact
    base come from `ops` while it holds the change, else from the entry (head office keeps
    them there for every entry but the newest); `known` says whether they were found: the
    newest's value is the record's (the caller reads it)."""
    cursor = db.conn.execute(
        "SELECT f.clock, d.device_id, f.base, b.device_id, f.seq, f.value, o.base_hlc, "
        "o.value_json, o.seq IS NOT NULL FROM field_clocks f "
        "JOIN devices d ON d.number = f.device LEFT JOIN devices b ON b.number = f.base_device "
        "LEFT JOIN ops o ON o.device_id = d.device_id AND o.seq = f.seq "
        "WHERE f.row = ? AND f.field = ? ORDER BY f.clock, d.device_id",
        [row, FIELD_NUMBER[(table, field)]],
    )
    entries = []
    for clock, device, base, base_by, seq, kept, base_hlc, value, in_ops in cursor:
        if in_ops:
            entries.append((to_text(clock, device), base_hlc, device, seq, value, True))
        else:
            value = None if kept in (None, EMPTY) else kept
            base_hlc = _base(base, base_by)
            entries.append((to_text(clock, device), base_hlc, device, seq, value, kept is not None))
    return entries


def clocks_of_row(db: sqlite_utils.Database, table: str, row: int) -> dict[str, str]:
    """The clock of the value each field of one row holds, as text."""
    low, high = field_range(table)
    cursor = db.conn.execute(
        "SELECT f.field, max(f.clock), d.device_id FROM field_clocks f "
        "JOIN devices d ON d.number = f.device WHERE f.row = ? AND f.field >= ? AND f.field < ? "
        "GROUP BY f.field",
        [row, low, high],
    )
    return {FIELD_NAME[n][1]: to_text(clock, device) for n, clock, device in cursor}


def _chunks(items: list) -> Iterator[list]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def fold_ops(db: sqlite_utils.Database) -> None:
    """m011_held_changes's filling (history: never change what it does): at head office, every
    entry's arrival (its op's rowid, so cursors given before still hold), base device and, when
    a newer entry of its field exists, value, read from `ops`; each device's held seq; then the
    changes received leave `ops` (head office's own stay). Nothing on a laptop."""
    role = db.execute("SELECT value FROM local_state WHERE key = 'setting:role'").fetchone()
    if role is None or role[0] != '"head-office"':
        return
    held_in = ("ops", "refused_ops", "proposals")
    db.execute(
        "INSERT OR IGNORE INTO devices (device_id) "
        + " UNION ".join(f"SELECT device_id FROM {t}" for t in held_in)
        # and every base's device, so each base clock is rebuilt with its device
        + " UNION SELECT DISTINCT substr(base_hlc, 22) FROM ops WHERE base_hlc IS NOT NULL"
    )
    db.execute(
        "UPDATE field_clocks AS f SET arrival = o.rowid, "
        "base_device = (SELECT b.number FROM devices b "
        "WHERE b.device_id = substr(o.base_hlc, 22)), "
        "value = CASE WHEN EXISTS (SELECT 1 FROM field_clocks g JOIN devices gd "
        "ON gd.number = g.device WHERE g.row = f.row AND g.field = f.field AND (g.clock > f.clock "
        "OR (g.clock = f.clock AND gd.device_id > d.device_id))) "
        "THEN coalesce(o.value_json, '') END "
        "FROM ops o JOIN devices d ON d.device_id = o.device_id "
        "WHERE d.number = f.device AND o.seq = f.seq"
    )
    tops = ", ".join(
        f"coalesce((SELECT max(seq) FROM {t} WHERE device_id = devices.device_id), 0)"
        for t in held_in
    )
    db.execute(f"UPDATE devices SET held_seq = max({tops})")
    # Folded: the changes received, now their entries and the records, leave ops.
    db.execute(
        "DELETE FROM ops WHERE rowid IN (SELECT o.rowid FROM field_clocks f JOIN devices d "
        "ON d.number = f.device JOIN ops o ON o.device_id = d.device_id AND o.seq = f.seq "
        "WHERE f.arrival IS NOT NULL AND d.device_id != (SELECT value FROM local_state "
        "WHERE key = 'device_id'))"
    )


def arrivals_in_number_order(db: sqlite_utils.Database) -> None:
    """m012_change_numbers's first step (history: never change what it does): at head
    office, a change folded by m011 whose arrival is below that of a lower number of its device
    (an older store's order of applying) is given that higher arrival, so each device's
    arrivals follow its numbers, as every change applied since m011 does. A laptop's cursor
    then never passes over a change it has not had: at worst it is sent again, which changes
    nothing there."""
    db.execute(
        "UPDATE field_clocks AS f SET arrival = m.top FROM (SELECT row, field, clock, device, "
        "arrival, max(arrival) OVER (PARTITION BY device ORDER BY seq "
        "ROWS UNBOUNDED PRECEDING) AS top FROM field_clocks WHERE arrival IS NOT NULL) AS m "
        "WHERE m.top > m.arrival AND f.row = m.row AND f.field = m.field "
        "AND f.clock = m.clock AND f.device = m.device"
    )


def number_changes(db: sqlite_utils.Database) -> None:
    """m012_change_numbers's table and triggers (history: never change what they do):
    `change_numbers` holds (device, seq, row, field) of every entry with an arrival, filled
    from them, then kept so by triggers on every insert, update and delete of an entry."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS change_numbers (device INTEGER NOT NULL, "
        "seq INTEGER NOT NULL, row INTEGER NOT NULL, field INTEGER NOT NULL, "
        "PRIMARY KEY (device, seq)) WITHOUT ROWID"
    )
    db.execute(
        "INSERT INTO change_numbers SELECT device, seq, row, field FROM field_clocks "
        "WHERE arrival IS NOT NULL ORDER BY device, seq"
    )
    db.execute(
        "CREATE TRIGGER IF NOT EXISTS change_numbers_ai AFTER INSERT ON field_clocks "
        "WHEN new.arrival IS NOT NULL BEGIN INSERT INTO change_numbers "
        "VALUES (new.device, new.seq, new.row, new.field); END"
    )
    db.execute(
        "CREATE TRIGGER IF NOT EXISTS change_numbers_au AFTER UPDATE OF row, field, device, seq, "
        "arrival ON field_clocks WHEN old.arrival IS NOT NULL OR new.arrival IS NOT NULL BEGIN "
        "DELETE FROM change_numbers WHERE old.arrival IS NOT NULL AND device = old.device "
        "AND seq = old.seq; INSERT INTO change_numbers SELECT new.device, new.seq, new.row, "
        "new.field WHERE new.arrival IS NOT NULL; END"
    )
    db.execute(
        "CREATE TRIGGER IF NOT EXISTS change_numbers_ad AFTER DELETE ON field_clocks "
        "WHEN old.arrival IS NOT NULL BEGIN DELETE FROM change_numbers "
        "WHERE device = old.device AND seq = old.seq; END"
    )
