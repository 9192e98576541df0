"""Erasure's data primitive: a person purged from the records and from every change still held.

A purge is one change like any other, `clients.purged = 1`, so it travels in bundles, is
gap-checked, acknowledged and forwarded as every change is. Wherever it is applied (on the
laptop that made it, at head office, on every laptop head office forwards it to) `erase`
runs in the same transaction:

- the person's row and each row of their records (every synced table with a `client_id`) keep
  only their ids (`id`, `client_id`, the person's `site_id`, so head office still knows which
  laptops to forward the purge to), `created`, `updated`, `deleted = 1` and, on the person,
  `purged = 1`; every other field is emptied (their search rows with them, by the triggers);
- each row is listed in `purged_rows`, the tombstone later changes are checked against;
- every change still held for those rows (ops, pending_ops, refused_ops, proposals) keeps its
  device, number, clock, table, row and field, and its value becomes the PURGED marker; the
  changes of the ids a tombstone keeps, and the purge change itself (1), keep their values,
  so the log replayed makes the same tombstone and still ends in the purge;
- their conflicts lose both values and are closed as erased;
- their rows in the tables that never sync (LOCAL_TABLES: assessment drafts, quick drop-in
  drafts) are deleted.

No old bytes are left behind (`overwriting`): the erasure runs with SQLite's secure_delete on
(freed space zeroed; SQLCipher turns it on for every keyed store anyway, so it stays on there)
and FTS5's secure-delete on (a deleted row's words taken out of the index's segments), both
put back as they were after; then every search index is optimised (merged into one segment),
so words left in older segments by earlier edits (a name changed months ago) go too, their
pages zeroed as they are freed. After the transaction commits, `settle` checkpoints the
write-ahead log and truncates it, so its older frames (pages as they were before the
erasure) do not stay in the file; when another connection is reading throughout, the next
erasure's truncates it, or SQLite removes it when the last connection closes.

Later changes to purged rows are dropped wherever they arrive (`drop_purged`), even from a
laptop that never saw the purge: they are kept as held (marker for value), so their numbers
are used up and acknowledged, and a re-sent bundle changes nothing. A new record of a purged
person (its `client_id` names them) is tombstoned on arrival, with every change to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import sqlite_utils

from cass_desktop.data import field_clocks
from cass_desktop.data.changelog import Op, save
from cass_desktop.records.schema import SYNCED

# What an erased change holds instead of its value: no field's value is a JSON object, so it
# can never be taken for one (the bundle checks let it through as what it is).
PURGED_JSON = '{"purged":true}'
PURGE_FIELD = "purged"
# The records that are a person's: every synced table with a client_id.
CHILD_TABLES = tuple(t for t, spec in SYNCED.items() if "client_id" in spec)
# What a tombstone keeps besides id, created and updated.
_KEPT = {"clients": ("site_id",), **{t: ("client_id",) for t in CHILD_TABLES}}
_OP_TABLES = ("ops", "pending_ops", "refused_ops", "proposals")
# A person's records that never sync, kept only on the machine that made them: erasure
# deletes their rows outright (by client_id; a quick drop-in's draft also by the person_id in
# its draft JSON, which can hold their words: "why" they came).
LOCAL_TABLES = ("assessment_drafts", "capture_drafts")
# A court list's cases matched to a person (as listed: their name, charge) and the people a
# worker said a listed case is not: local too, linked by person_id, deleted outright.
LISTED_TABLES = ("court_list_entries", "court_list_rejections")
# Tables with a client_id that erasure leaves as they are, and why (tests check that every
# table with a client_id is one of CHILD_TABLES, LOCAL_TABLES or these).
KEPT_THROUGH_ERASURE = {
    "audit_log": "append-only and hash-chained: its entries name records by id, never by "
    "their contents, and the erasure itself is one of them",
    "purged_rows": "the tombstones themselves: which rows were erased, so later changes to "
    "them are dropped",
}
_CHUNK = 500
# Set on a connection that erased since its last settle: its write-ahead log holds pages from
# before the erasure until it is checkpointed and truncated.
_UNSETTLED = "_cass_erased_unsettled"


def purge_person(db: sqlite_utils.Database, client_id: str) -> None:
    """Erase a person here and log the purge, so it reaches head office and every laptop.

    One transaction: the purge change and the erasure commit together or not at all. A person
    already purged is left as they are (their erasure ran with their purge, and records of
    theirs arriving since were tombstoned on arrival)."""
    with db.atomic():
        row = db.execute("SELECT purged FROM clients WHERE id = ?", [client_id]).fetchone()
        if row is None:
            raise ValueError(f"clients has no record {client_id}")
        if row[0] == 1:
            return
        save(db, "clients", {PURGE_FIELD: 1}, client_id)
        erase(db, [client_id])


def is_purged(db: sqlite_utils.Database, table: str, row_id: str) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM purged_rows WHERE tbl = ? AND row_id = ?", [table, row_id]
        ).fetchone()
        is not None
    )


def erase(db: sqlite_utils.Database, client_ids: Iterable[str]) -> int:
    """Erase people and their records from the records and from every change held (see the
    module's doc); return how many rows were tombstoned. Inside the caller's transaction."""
    people = sorted(set(client_ids))
    if not people:
        return 0
    rows: list[tuple[str, str, str]] = [("clients", p, p) for p in people]
    for table in CHILD_TABLES:
        for chunk in _chunks(people):
            marks = ",".join("?" * len(chunk))
            found = db.conn.execute(
                f'SELECT id, client_id FROM "{table}" WHERE client_id IN ({marks})', chunk
            )
            rows += [(table, row_id, client) for row_id, client in found]
    with overwriting(db):
        _tombstone(db, rows)
        _delete_local(db, people)
        optimise_search(db)
    setattr(db, _UNSETTLED, True)
    return len(rows)


def _search_indexes(db: sqlite_utils.Database) -> list[str]:
    return [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%' ORDER BY name"
        )
    ]


@contextmanager
def overwriting(db: sqlite_utils.Database) -> Iterator[None]:
    """Within: what is deleted or emptied is overwritten, not just let go. Freed space in the
    store is zeroed (SQLite's secure_delete) and the search indexes drop a deleted row's words
    at once (FTS5's secure-delete), rather than keeping them until the index is next merged.
    Both are put back as they were after (each costs more on every write)."""
    before = int(db.execute("PRAGMA secure_delete").fetchone()[0])
    db.execute("PRAGMA secure_delete = ON")
    fts: dict[str, int] = {}
    try:
        for table in _search_indexes(db):
            held = db.execute(
                f"SELECT v FROM \"{table}_config\" WHERE k = 'secure-delete'"
            ).fetchone()
            fts[table] = int(held[0]) if held and held[0] is not None else 0
            db.execute(f'INSERT INTO "{table}"("{table}", rank) VALUES (\'secure-delete\', 1)')
        yield
    finally:
        for table, was in fts.items():
            db.execute(f'INSERT INTO "{table}"("{table}", rank) VALUES (\'secure-delete\', {was})')
        db.execute(f"PRAGMA secure_delete = {before}")


def optimise_search(db: sqlite_utils.Database) -> None:
    """Merge every search index into one segment: words deleted earlier and still held in
    older segments are dropped (their pages zeroed as freed, under `overwriting`)."""
    for table in _search_indexes(db):
        db.execute(f'INSERT INTO "{table}"("{table}") VALUES (\'optimize\')')


def settle(db: sqlite_utils.Database) -> bool:
    """After an erasure has committed: copy the write-ahead log into the store and truncate
    it, so the log's older frames (pages as they were before) are not left in the file.
    Nothing to do (True) when this connection has not erased since it last settled; False
    when another connection was reading throughout (tried again at the next settle). Outside
    any transaction."""
    if not getattr(db, _UNSETTLED, False) or db.conn.in_transaction:
        return not getattr(db, _UNSETTLED, False)
    busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    if busy:
        return False
    setattr(db, _UNSETTLED, False)
    return True


def _tombstone(db: sqlite_utils.Database, rows: list[tuple[str, str, str]]) -> None:
    """Empty each row but its ids, list it in purged_rows, and erase its values from every
    change and conflict held."""
    db.conn.executemany("INSERT OR IGNORE INTO purged_rows VALUES (?, ?, ?)", rows)
    by_table: dict[str, list[str]] = {}
    for table, row_id, _client in rows:
        by_table.setdefault(table, []).append(row_id)
    for table, ids in by_table.items():
        kept = {"id", "created", "updated", *_KEPT[table]}
        emptied = [f for f in SYNCED[table] if f not in kept and f not in ("deleted", "purged")]
        empty = _empty_values(db, table)
        sets = ", ".join(f'"{f}" = {empty.get(f, "NULL")}' for f in emptied) + ", deleted = 1"
        if table == "clients":
            sets += ", purged = 1"
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            db.conn.execute(f'UPDATE "{table}" SET {sets} WHERE id IN ({marks})', chunk)
            # Every change held for these rows keeps its numbers and loses its value, but for
            # the ids the tombstone keeps and the purge itself: replaying the log still makes
            # the same tombstone, and still ends in the purge.
            ids_kept = ",".join(f"'{f}'" for f in (*_KEPT[table], PURGE_FIELD))
            for log in _OP_TABLES:
                db.conn.execute(
                    f"UPDATE {log} SET value_json = ? WHERE tbl = ? AND row_id IN ({marks}) "
                    f"AND field NOT IN ({ids_kept})",
                    [PURGED_JSON, table, *chunk],
                )
            # And the values kept with older field clocks (head office's held changes).
            low, high = field_clocks.field_range(table)
            numbers = ",".join(
                str(field_clocks.FIELD_NUMBER[(table, f)])
                for f in (*_KEPT[table], PURGE_FIELD)
                if (table, f) in field_clocks.FIELD_NUMBER
            )
            db.conn.execute(
                f'UPDATE field_clocks SET value = ? WHERE row IN (SELECT rowid FROM "{table}" '
                f"WHERE id IN ({marks})) AND field >= ? AND field < ? AND value IS NOT NULL "
                f"AND field NOT IN ({numbers or 'NULL'})",
                [PURGED_JSON, *chunk, low, high],
            )
            db.conn.execute(
                "UPDATE conflicts SET kept_value_json = NULL, other_value_json = NULL, "
                "resolved_value_json = NULL, resolved_by = 'erased', "
                "resolved_at = coalesce(resolved_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) "
                f"WHERE tbl = ? AND row_id IN ({marks})",
                [table, *chunk],
            )


def _delete_local(db: sqlite_utils.Database, people: list[str]) -> None:
    """Delete the people's rows in the tables that never sync (LOCAL_TABLES, LISTED_TABLES)."""
    for chunk in _chunks(people):
        marks = ",".join("?" * len(chunk))
        db.conn.execute(f"DELETE FROM assessment_drafts WHERE client_id IN ({marks})", chunk)
        db.conn.execute(
            f"DELETE FROM capture_drafts WHERE client_id IN ({marks}) OR CASE WHEN "
            "json_valid(draft_json) THEN json_extract(draft_json, '$.person_id') END "
            f"IN ({marks})",
            [*chunk, *chunk],
        )
        for table in LISTED_TABLES:
            db.conn.execute(f"DELETE FROM {table} WHERE person_id IN ({marks})", chunk)


def _empty_values(db: sqlite_utils.Database, table: str) -> dict[str, str]:
    """What an emptied column is set to where it may not be NULL: its default (a column a
    later migration added to older stores as NOT NULL with a default, such as
    hearings.restricted, a flag: nothing about the person)."""
    return {
        name: default
        for _cid, name, _kind, notnull, default, _pk in db.conn.execute(
            f'PRAGMA table_info("{table}")'
        )
        if notnull and default is not None
    }


def drop_purged(db: sqlite_utils.Database, ops: list[Op]) -> tuple[list[Op], list[Op]]:
    """(the operations to merge, those dropped): changes to purged rows, changes carrying the
    PURGED marker, and every change to a new record of a purged person (tombstoned now).

    The dropped ones are kept as held, their values replaced by the marker, so their numbers
    are used up; the caller counts them. One query per few hundred rows touched."""
    if not ops:
        return ops, []
    if db.conn.execute("SELECT 1 FROM purged_rows LIMIT 1").fetchone() is None:
        # Nobody erased here (most stores, most days): only marked copies can be dropped.
        if PURGED_JSON not in {op.value_json for op in ops}:
            return ops, []
        return _split(db, ops, set())
    touched: dict[str, set[str]] = {}
    named: dict[str, str] = {}  # a record's client_id, as this batch sets it
    for op in ops:
        touched.setdefault(op.tbl, set()).add(op.row_id)
        if op.field == "client_id" and op.tbl in CHILD_TABLES and op.value_json:
            named[op.row_id] = op.value_json.strip('"')
    purged: set[tuple[str, str]] = set()
    for table, ids in touched.items():
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            found = db.conn.execute(
                f"SELECT row_id FROM purged_rows WHERE tbl = ? AND row_id IN ({marks})",
                [table, *chunk],
            )
            purged.update((table, r[0]) for r in found)
    if named:
        gone: set[str] = set()
        for chunk in _chunks(set(named.values())):
            marks = ",".join("?" * len(chunk))
            found = db.conn.execute(
                f"SELECT row_id FROM purged_rows WHERE tbl = 'clients' AND row_id IN ({marks})",
                chunk,
            )
            gone.update(r[0] for r in found)
        late = [
            (op.tbl, op.row_id, named[op.row_id])
            for op in ops
            if op.field == "client_id" and named.get(op.row_id) in gone
        ]
        if late:
            new = [row for row in late if (row[0], row[1]) not in purged]
            db.conn.executemany("INSERT OR IGNORE INTO purged_rows VALUES (?, ?, ?)", new)
            purged.update((t, r) for t, r, _c in late)
    if not purged and PURGED_JSON not in {op.value_json for op in ops}:
        return ops, []
    return _split(db, ops, purged)


def _split(
    db: sqlite_utils.Database, ops: list[Op], purged: set[tuple[str, str]]
) -> tuple[list[Op], list[Op]]:
    """(kept, dropped): dropped are those of purged rows or carrying the marker, stored as held
    with the marker for value (the purge itself keeps its value)."""
    kept: list[Op] = []
    dropped: list[Op] = []
    for op in ops:
        if (op.tbl, op.row_id) in purged or op.value_json == PURGED_JSON:
            dropped.append(op if _is_purge(op) else op._replace(value_json=PURGED_JSON))
        else:
            kept.append(op)
    if dropped:
        db.conn.executemany(
            "INSERT OR IGNORE INTO ops VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [op.row() for op in dropped],
        )
    return kept, dropped


def keeps_value(table: str, field: str) -> bool:
    """Whether a change to an erased row of `table` keeps its value: the ids its tombstone
    keeps, and the purge itself."""
    return field == PURGE_FIELD or field in _KEPT.get(table, ())


def _is_purge(op: Op) -> bool:
    return op.tbl == "clients" and op.field == PURGE_FIELD and op.value_json == "1"


def purged_people(ops: Iterable[Op]) -> list[str]:
    """The people a batch of applied operations purges."""
    return [op.row_id for op in ops if _is_purge(op)]


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]
