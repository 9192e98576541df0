"""The audit log's SQL: an append-only, hash-chained list of who did what to whose record.

Each entry is (device, sequence, time, worker, action, record kind and id, the person it is
about, a short non-personal detail, the previous entry's hash, its own hash). Its hash is
SHA-256 over `canonical(entry)`; the first entry of a device follows `GENESIS`. The table
refuses UPDATE and DELETE in SQL (triggers, m006_audit), so the only way to change an entry
is to drop the triggers first, which the chain then shows (`audit.chain.verify`).

An entry is appended in the caller's transaction: an edit and its entry commit together or
not at all. Entries from other laptops (head office) are stored under their device, as they
came, by `receive`. What to record, and reading the chain, is the `audit` capability's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import sqlite_utils

from cass_desktop.data import changelog, local

GENESIS = "0" * 64
# Column order: the canonical encoding hashes these, then `hash` follows them.
ENTRY_FIELDS = (
    "device_id",
    "seq",
    "at",
    "worker_id",
    "action",
    "kind",
    "record_id",
    "client_id",
    "detail",
    "prev_hash",
)
COLUMNS = (*ENTRY_FIELDS, "hash")
_INSERT = f"INSERT INTO audit_log ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"


def canonical(entry: Mapping[str, Any]) -> bytes:
    """The bytes an entry's hash covers: its fields in `ENTRY_FIELDS` order, as compact JSON."""
    return json.dumps(
        [entry.get(name) for name in ENTRY_FIELDS], ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


def entry_hash(entry: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(entry)).hexdigest()


def current_worker(db: sqlite_utils.Database) -> str | None:
    """The worker at the keyboard (whoever unlocked the store), under whose name an entry is
    written: the one place the audit asks."""
    return local.current_worker_id(db)


def now() -> str:
    return _now()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def last(db: sqlite_utils.Database, device: str) -> tuple[int, str]:
    """The sequence number and hash of `device`'s newest entry held ((0, GENESIS): none)."""
    row = db.execute(
        "SELECT seq, hash FROM audit_log WHERE device_id = ? ORDER BY seq DESC LIMIT 1", [device]
    ).fetchone()
    return (int(row[0]), row[1]) if row else (0, GENESIS)


def append(
    db: sqlite_utils.Database,
    action: str,
    kind: str | None = None,
    record_id: str | None = None,
    *,
    client_id: str | None = None,
    detail: str = "",
    worker_id: str | None = None,
) -> dict[str, Any]:
    """Append one entry for this device, chained to the last; returns it. Runs inside the
    caller's transaction when there is one (so it commits with the change it records)."""
    with db.atomic():
        device = changelog.device_id(db)
        seq, prev = last(db, device)
        entry = {
            "device_id": device,
            "seq": seq + 1,
            "at": _now(),
            "worker_id": worker_id if worker_id is not None else current_worker(db),
            "action": action,
            "kind": kind,
            "record_id": record_id,
            "client_id": client_id,
            "detail": detail,
            "prev_hash": prev,
        }
        entry["hash"] = entry_hash(entry)
        db.execute(_INSERT, [entry[name] for name in COLUMNS])
    return entry


# -- edits -----------------------------------------------------------------------------------

# The synced tables whose records are about one person, and so whose saves are recorded.
_ABOUT_A_PERSON = ("referrals", "hearings", "consents", "contacts", "needs", "assessments")
AUDITED_TABLES = ("clients", *_ABOUT_A_PERSON, "followups")


def _seq(db: sqlite_utils.Database) -> int:
    row = db.execute("SELECT value FROM local_state WHERE key = 'seq'").fetchone()
    return int(row[0]) if row else 0


def save(
    db: sqlite_utils.Database,
    table: str,
    values: Mapping[str, Any],
    row_id: str | None = None,
    *,
    created_as: str = "create",
    **options: Any,
) -> str:
    """`changelog.save`, and an "edit" entry in the same transaction when anything changed
    (its detail: the names of the fields changed, never their values). A new record's entry
    is `created_as` ("create"; "imported" for a person from a spreadsheet)."""
    with db.atomic():
        before = _seq(db)
        row_id = changelog.save(db, table, values, row_id, **options)
        if _seq(db) != before:
            edited(db, table, row_id, before, created_as=created_as)
    return row_id


def edited(
    db: sqlite_utils.Database,
    table: str,
    row_id: str,
    since_seq: int,
    *,
    created_as: str = "create",
) -> None:
    """Record an edit of `table`'s `row_id` made by this device's changes after `since_seq`."""
    device = changelog.device_id(db)
    names = [
        row[0]
        for row in db.execute(
            "SELECT DISTINCT field FROM ops WHERE device_id = ? AND seq > ? AND tbl = ? "
            "AND row_id = ? ORDER BY field",
            [device, since_seq, table, row_id],
        )
    ]
    created = db.execute(
        "SELECT created = updated FROM " + _table(table) + " WHERE id = ?", [row_id]
    ).fetchone()
    if table == "clients":
        client_id = row_id
    else:
        row = db.execute(f"SELECT client_id FROM {_table(table)} WHERE id = ?", [row_id]).fetchone()
        client_id = row[0] if row else None
    action = created_as if created and created[0] else "edit"
    append(db, action, table, row_id, client_id=client_id, detail=", ".join(names)[:500])


def _table(table: str) -> str:
    if table not in AUDITED_TABLES:
        raise ValueError(f"not an audited table: {table}")
    return table


# -- reading ---------------------------------------------------------------------------------


def entries(
    db: sqlite_utils.Database, device: str | None = None, after_seq: int = 0
) -> Iterator[dict[str, Any]]:
    """Every entry (of `device`, after `after_seq`), device by device, in sequence order."""
    columns = ", ".join(COLUMNS)
    if device is None:
        cursor = db.execute(f"SELECT {columns} FROM audit_log ORDER BY device_id, seq")
    else:
        cursor = db.execute(
            f"SELECT {columns} FROM audit_log WHERE device_id = ? AND seq > ? ORDER BY seq",
            [device, after_seq],
        )
    for row in cursor:
        yield dict(zip(COLUMNS, row, strict=True))


# The details of the entries recording a restore (audit/section.py writes them).
RESTORE_MARKS = (
    "restored from a copy of itself that ends at entry %",
    "entries % were made on this laptop before it was restored from a copy of itself%",
)


def restores(db: sqlite_utils.Database) -> list[tuple[str, int]]:
    """(device, number) of each entry recording a restore, in order."""
    rows = db.execute(
        "SELECT device_id, seq FROM audit_log WHERE action = 'restore' "
        "AND (detail LIKE ? OR detail LIKE ?) ORDER BY device_id, seq",
        list(RESTORE_MARKS),
    )
    return [(row[0], int(row[1])) for row in rows]


def devices(db: sqlite_utils.Database) -> list[str]:
    return [row[0] for row in db.execute("SELECT DISTINCT device_id FROM audit_log")]


def for_client(db: sqlite_utils.Database, client_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The entries about these people (a person and any merged into them), newest first, with
    the worker's name and the laptop's court where this store knows them."""
    ids = list(client_ids)
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    columns = ", ".join(f"a.{name}" for name in COLUMNS)
    rows = db.execute(
        f"SELECT {columns}, w.name, s.name FROM audit_log a "
        "LEFT JOIN workers w ON w.id = a.worker_id "
        "LEFT JOIN sites s ON s.id = w.site_id "
        f"WHERE a.client_id IN ({marks}) ORDER BY a.at DESC, a.device_id, a.seq DESC",
        ids,
    ).fetchall()
    out = []
    for row in rows:
        entry = dict(zip(COLUMNS, row[: len(COLUMNS)], strict=True))
        entry["worker_name"] = row[len(COLUMNS)]
        entry["site_name"] = row[len(COLUMNS) + 1]
        out.append(entry)
    return out


def count(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM audit_log").fetchone()[0]


# -- entries from other laptops (head office) -----------------------------------------------


def receive(db: sqlite_utils.Database, rows: Iterable[Mapping[str, Any]]) -> int:
    """Store entries received from another device, as they came (checked by the caller);
    an entry already held is skipped. Returns how many were new."""
    new = 0
    for row in rows:
        cursor = db.execute(
            _INSERT.replace("INSERT INTO", "INSERT OR IGNORE INTO"),
            [row[name] for name in COLUMNS],
        )
        new += cursor.rowcount
    return new


def held(db: sqlite_utils.Database, device: str, seq: int) -> dict[str, Any] | None:
    """`device`'s entry number `seq`, if held."""
    row = db.execute(
        f"SELECT {', '.join(COLUMNS)} FROM audit_log WHERE device_id = ? AND seq = ?",
        [device, seq],
    ).fetchone()
    return dict(zip(COLUMNS, row, strict=True)) if row else None


def move_after_restore(
    db: sqlite_utils.Database,
    device: str,
    fork: int,
    received: list[Mapping[str, Any]],
    marker: Mapping[str, Any],
) -> int:
    """A laptop restored from a copy of itself (sync/restore.py), inside the caller's
    transaction: its entries after `fork` (made since the copy) are moved to follow
    `received` (the entries head office holds from this device after `fork`, checked by the
    caller), after `marker` (the entry recording the move). Each moved entry keeps its time,
    worker, action, record and detail; its number and the two hashes follow the new chain.
    Returns how many moved. The only deletion the log allows, and only of entries no other
    store holds: the trigger refusing DELETE is put back before the caller commits."""
    mine = list(entries(db, device, fork))
    db.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    db.execute("DELETE FROM audit_log WHERE device_id = ? AND seq > ?", [device, fork])
    db.execute(NO_DELETE)
    db.conn.executemany(_INSERT, [[row[name] for name in COLUMNS] for row in received])
    chain_on(db, device, marker, mine)
    return len(mine)


def chain_on(
    db: sqlite_utils.Database,
    device: str,
    marker: Mapping[str, Any],
    moved: Iterable[Mapping[str, Any]],
) -> None:
    """Append `marker` and then `moved` to `device`'s entries, each renumbered and chained on
    (its time, worker, action, record and detail kept): how a restored laptop's entries are
    put after the lost laptop's, here or at head office (sync/restore.py)."""
    seq, prev = last(db, device)
    rows = []
    for entry in [dict(marker), *(dict(row) for row in moved)]:
        seq += 1
        entry.update(device_id=device, seq=seq, prev_hash=prev)
        entry["hash"] = prev = entry_hash(entry)
        rows.append(entry)
    db.conn.executemany(_INSERT, [[row[name] for name in COLUMNS] for row in rows])


# As m006_audit made it (data/migrations.py): put back after `move_after_restore`.
NO_DELETE = (
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
)


def note_break(db: sqlite_utils.Database, device: str, bundle: str, sentence: str) -> None:
    """A laptop's audit log that did not check out on arrival, for the Devices view."""
    db.execute(
        "INSERT INTO audit_breaks (device_id, noticed_at, bundle, sentence) VALUES (?, ?, ?, ?)",
        [device, _now(), bundle, sentence],
    )


def breaks(db: sqlite_utils.Database, device: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT device_id, noticed_at, bundle, sentence FROM audit_breaks"
    params: list[Any] = []
    if device:
        sql += " WHERE device_id = ?"
        params.append(device)
    return list(db.query(sql + " ORDER BY noticed_at DESC, rowid DESC", params))


def person_ids(db: sqlite_utils.Database, client_id: str) -> list[str]:
    """A person's id and those of any records head office merged into theirs."""
    merged = [
        row[0] for row in db.execute("SELECT id FROM clients WHERE merged_into = ?", [client_id])
    ]
    return [client_id, *merged]
