"""Merging operations made elsewhere: last writer wins per field, nothing lost silently.

An operation is applied when its clock is newer than the clock of the value held (ties are
impossible: clocks carry the device id). When two edits of one field were made without either
seeing the other and their values differ, the loser is kept in `conflicts` beside the winner
for a person to review. Operations already held change nothing. With `gap_check`, a device's
operations after a gap in its sequence wait in `pending_ops` until the gap is filled.

With a `policy`, every operation is checked at the moment it would be applied (operations
released from `pending_ops` included): the policy says which of them their sender may not
make. Those are never applied; they are kept in `refused_ops` (or `proposals`) instead, and
count as held like any other, so they are acknowledged and a second import changes nothing.
The policy itself lives above the store (`cass_desktop.sync.policy`): it is passed in.
"""

from __future__ import annotations

import contextlib
import itertools
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

import sqlite_utils

from cass_desktop.data import field_clocks, purge, trust
from cass_desktop.data import sync as sync_data
from cass_desktop.data.changelog import DeviceClock, Op
from cass_desktop.records.schema import fields

_CHUNK = 500  # SQLite parameters per IN (...) list


REFUSE = "refuse"  # not allowed: kept in refused_ops with its reason, listed
ECHO = "echo"  # restates exactly what is held: kept quietly, counted as already held
PROPOSE = "propose"  # a suggestion for head office to accept or reject: kept in proposals


class Verdict(NamedTuple):
    """What the policy says of an operation its sender may not simply make."""

    kind: str  # REFUSE | ECHO | PROPOSE
    reason: str = ""  # in words, for REFUSE


# Given the store and operations about to be applied (none held yet), the verdict on each
# that may not be applied as it is, by (device, seq); operations left out are allowed.
Policy = Callable[[sqlite_utils.Database, list[Op]], dict[tuple[str, int], Verdict]]


@dataclass
class MergeResult:
    applied: int = 0
    already_held: int = 0  # echoes included: they restate what was held
    held_back: int = 0
    released: int = 0
    conflicts: int = 0
    refused: int = 0
    proposed: int = 0
    echoed: int = 0  # of already_held, those first received now
    purged: int = 0  # changes to erased records, dropped (kept as held, without their values)

    def __iadd__(self, other: MergeResult) -> MergeResult:
        self.applied += other.applied
        self.already_held += other.already_held
        self.held_back += other.held_back
        self.released += other.released
        self.conflicts += other.conflicts
        self.refused += other.refused
        self.proposed += other.proposed
        self.echoed += other.echoed
        self.purged += other.purged
        return self


class _Held(NamedTuple):
    hlc: str
    value_json: str | None
    base_hlc: str | None
    device_id: str
    seq: int


def _concurrent(a: _Held, b: _Held) -> bool:
    """Neither edit saw the other: the newer one was made on a value older than the other."""
    old, new = (a, b) if a.hlc < b.hlc else (b, a)
    return (new.base_hlc or "") < old.hlc


def apply_ops(db: sqlite_utils.Database, ops: Iterable[Op]) -> int:
    """Apply operations made elsewhere in any order; return how many were new here.

    Replaying a store's whole change log into an empty store rebuilds the same rows.
    """
    return merge(db, ops, gap_check=False).applied


@contextlib.contextmanager
def one_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """The caller's transaction if one is open, else a new one (BEGIN IMMEDIATE).

    Never a savepoint inside a transaction: while a savepoint is open SQLite copies every page
    a statement changes into a statement journal it cannot truncate until the savepoint ends,
    which cost a quarter of a large import. A failure inside rolls back the caller's whole
    transaction (the importer's, which refuses the bundle whole), as it should.
    """
    if db.conn.in_transaction:
        yield
        return
    with db.atomic():
        yield


def merge(
    db: sqlite_utils.Database,
    ops: Iterable[Op],
    *,
    gap_check: bool,
    source: str = "",
    policy: Policy | None = None,
) -> MergeResult:
    """Apply operations in one transaction (the caller's, when one is open: no savepoint)."""
    result = MergeResult()
    ops = list(ops)
    with one_transaction(db):
        if not gap_check:
            fresh = _not_held(db, ops)
            result.already_held = len(ops) - len(fresh)
            fresh = _drop_purged(db, fresh, result)
            fresh = _screen(db, fresh, policy, source, result)
            result.applied, result.conflicts = _apply(db, fresh)
            return result
        by_device: dict[str, list[Op]] = defaultdict(list)
        for op in ops:
            by_device[op.device_id].append(op)
        runs: list[Op] = []
        for device, device_ops in by_device.items():
            device_ops.sort(key=lambda op: op.seq)
            expected = sync_data.held_seq(db, device) + 1
            waiting: list[Op] = []
            for op in device_ops:
                if op.seq < expected:
                    result.already_held += 1
                elif op.seq == expected:
                    runs.append(op)
                    expected += 1
                else:
                    waiting.append(op)
            if waiting:
                sync_data.record_pending(db, waiting, source)
                result.held_back += len(waiting)
        runs = _drop_purged(db, runs, result)
        runs = _screen(db, runs, policy, source, result)
        result.applied, result.conflicts = _apply(db, runs)
        # Operations that waited for a gap this batch filled now follow on, checked now.
        for device in by_device:
            while released := sync_data.take_pending(
                db, device, sync_data.held_seq(db, device) + 1
            ):
                released = _drop_purged(db, released, result)
                allowed = _screen(db, released, policy, source, result)
                applied, conflicts = _apply(db, allowed)
                result.released += applied
                result.conflicts += conflicts
        sync_data.note_held(db, list(by_device))
    return result


def _drop_purged(db: sqlite_utils.Database, ops: list[Op], result: MergeResult) -> list[Op]:
    """The operations not about erased records; the others are kept as held, without values,
    before the policy sees them (so no erased value reaches refused_ops or proposals)."""
    kept, dropped = purge.drop_purged(db, ops)
    result.purged += len(dropped)
    return kept


def _screen(
    db: sqlite_utils.Database,
    ops: list[Op],
    policy: Policy | None,
    source: str,
    result: MergeResult,
) -> list[Op]:
    """The operations the policy allows; the others are kept where they belong, as held."""
    if policy is None or not ops:
        return ops
    verdicts = policy(db, ops)
    if not verdicts:
        return ops
    allowed: list[Op] = []
    kept: list[tuple[Op, str, str]] = []
    proposed: list[Op] = []
    for op in ops:
        verdict = verdicts.get((op.device_id, op.seq))
        if verdict is None:
            allowed.append(op)
        elif verdict.kind == PROPOSE:
            proposed.append(op)
        elif verdict.kind == ECHO:
            kept.append((op, trust.ECHO, verdict.reason))
            result.echoed += 1
            result.already_held += 1
        else:
            kept.append((op, trust.REFUSED, verdict.reason))
            result.refused += 1
    if kept:
        trust.record_refused(db, kept, source)
    if proposed:
        trust.record_proposals(db, proposed, source)
        result.proposed += len(proposed)
    return allowed


def _not_held(db: sqlite_utils.Database, ops: list[Op]) -> list[Op]:
    """The operations not held yet (applied, refused or proposed), each once."""
    by_device: dict[str, set[int]] = defaultdict(set)
    for op in ops:
        by_device[op.device_id].add(op.seq)
    held: set[tuple[str, int]] = set()
    for device, seqs in by_device.items():
        held.update((device, seq) for seq in sync_data.held_seqs(db, device, list(seqs)))
    fresh = []
    for op in ops:
        key = (op.device_id, op.seq)
        if key not in held:
            held.add(key)
            fresh.append(op)
    return fresh


def _held_values(
    db: sqlite_utils.Database, ops: list[Op]
) -> tuple[dict[tuple[str, str, str], _Held], dict[tuple[str, str], int]]:
    """The change behind the value each touched field holds now, from the field clocks; and
    the rowid of each touched record already held.

    Records not held here at all (most of a day's work) are found with one query per
    hundreds, and the clocks of those held with one more. Where the change behind a value is
    no longer held in `ops`, its value is read from the record itself.
    """
    by_table: dict[str, dict[str, None]] = defaultdict(dict)
    for op in ops:
        by_table[op.tbl][op.row_id] = None
    held: dict[tuple[str, str, str], _Held] = {}
    rows: dict[tuple[str, str], int] = {}
    for tbl, row_ids in by_table.items():
        existing = field_clocks.rowids(db, tbl, row_ids)
        if not existing:
            continue
        rows.update(((tbl, i), r) for i, r in existing.items())
        missing: dict[str, list[str]] = defaultdict(list)
        for row_id, field, clock, base, device, seq, value_json, in_ops in field_clocks.held(
            db, tbl, existing
        ):
            held[(tbl, row_id, field)] = _Held(clock, value_json, base, device, seq)
            if not in_ops:
                missing[row_id].append(field)
        if missing:
            for record in trust.records(db, tbl, missing).values():
                for field in missing[record["id"]]:
                    key = (tbl, record["id"], field)
                    held[key] = held[key]._replace(value_json=_dump(record[field]))
    return held, rows


def _dump(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _apply(db: sqlite_utils.Database, ops: list[Op]) -> tuple[int, int]:
    """Apply operations none of which is held yet; return (applied, conflicts)."""
    if not ops:
        return 0, 0
    for op in ops:
        if op.field not in fields(op.tbl):
            raise ValueError(f"{op.tbl} has no field {op.field}")
    clock = DeviceClock(db)
    held, rowids = _held_values(db, ops)
    winners: dict[tuple[str, str, str], _Held] = {}
    conflicts: list[tuple] = []
    late: dict[tuple[str, str, str], list[_Held]] = defaultdict(list)
    first_clock: dict[tuple[str, str], str] = {}
    for op in sorted(ops, key=lambda o: o.hlc):
        key = (op.tbl, op.row_id, op.field)
        incoming = _Held(op.hlc, op.value_json, op.base_hlc, op.device_id, op.seq)
        current = winners.get(key) or held.get(key)
        row = (op.tbl, op.row_id)
        first_clock[row] = min(first_clock.get(row, op.hlc), op.hlc)
        if current is not None and op.hlc < current.hlc:
            # It arrived after newer edits: the edits either side of it in clock order
            # decide whether it was overwritten unseen (see _late_conflicts).
            late[key].append(incoming)
        elif (
            current is not None
            and current.value_json != op.value_json
            and _concurrent(current, incoming)
        ):
            conflicts.append(_conflict_row(key, kept=incoming, other=current, detected=op.hlc))
        if current is None or op.hlc > current.hlc:
            winners[key] = incoming
        clock.last = max(clock.last or "", op.hlc)
        if op.device_id == clock.device:
            # This device's own changes coming back (a store restored from a copy): the next
            # change made here must follow them, not reuse their numbers.
            clock.seq = max(clock.seq, op.seq)
    if late:
        conflicts += _late_conflicts(db, late, rowids)
    if not field_clocks.keeps_changes(db):
        # Head office keeps no op: each is folded into its entry and the record (stage 3).
        db.conn.executemany(
            "INSERT INTO ops VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [op.row() for op in ops]
        )
    _write_rows(db, winners, first_clock)
    _record_clocks(db, ops, rowids, winners, held)
    if conflicts:
        db.conn.executemany(
            "INSERT OR IGNORE INTO conflicts (tbl, row_id, field, kept_value_json, kept_hlc, "
            "kept_device, other_value_json, other_hlc, other_device, other_seq, detected_hlc) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            conflicts,
        )
    clock.store()
    if people := purge.purged_people(ops):
        purge.erase(db, people)
    return len(ops), len(conflicts)


def _conflict_row(key: tuple[str, str, str], *, kept: _Held, other: _Held, detected: str) -> tuple:
    """A `conflicts` row: `other` was overwritten by `kept`, made without seeing it."""
    return (
        *key,
        kept.value_json,
        kept.hlc,
        kept.device_id,
        other.value_json,
        other.hlc,
        other.device_id,
        other.seq,
        detected,
    )


def _record_clocks(
    db: sqlite_utils.Database,
    ops: list[Op],
    rowids: dict[tuple[str, str], int],
    winners: dict[tuple[str, str, str], _Held],
    held: dict[tuple[str, str, str], _Held],
) -> None:
    """Each applied change's entry in field_clocks (the records are written by now).

    Where the store keeps its changes in their entries (head office): the newest entry of each
    field this batch changes is given the value it held first (read before the rows were
    written), and each new entry its change's value unless it is now its field's newest."""
    new: dict[str, set[str]] = defaultdict(set)
    for op in ops:
        if (op.tbl, op.row_id) not in rowids:
            new[op.tbl].add(op.row_id)
    for tbl, ids in new.items():
        rowids.update(((tbl, i), r) for i, r in field_clocks.rowids(db, tbl, ids).items())
    values = None
    if field_clocks.keeps_changes(db):
        field_clocks.supersede(
            db,
            (
                (rowids[key[:2]], field_clocks.FIELD_NUMBER[(key[0], key[2])], held[key].value_json)
                for key in winners
                if key in held
            ),
        )
        values = [
            None
            if (w := winners.get((op.tbl, op.row_id, op.field))) is not None
            and (w.device_id, w.seq) == (op.device_id, op.seq)
            else field_clocks.kept_value(op.value_json)
            for op in ops
        ]
    field_clocks.record(
        db,
        field_clocks.Devices(db),
        (
            (
                op.tbl,
                rowids[(op.tbl, op.row_id)],
                op.field,
                op.hlc,
                op.base_hlc,
                op.device_id,
                op.seq,
            )
            for op in ops
        ),
        values=values,
        arrival_from=None if values is None else field_clocks.arrival_top(db),
    )


def _late_conflicts(
    db: sqlite_utils.Database,
    late: dict[tuple[str, str, str], list[_Held]],
    rowids: dict[tuple[str, str], int],
) -> list[tuple]:
    """Conflicts for edits that arrived after newer edits of their field were already held.

    Comparing a late edit with the value held now is not enough: that value may have been
    made after seeing an edit which itself overwrote the late one unseen. Each late edit is
    compared with its neighbours in clock order instead (called before the batch is stored),
    from the field's clock entries with the values `ops` or the entries keep (head office:
    every entry but the newest); the newest, when neither does, with the value the record
    holds.
    """
    rows = []
    for key, arrivals in late.items():
        tbl, row_id, field = key
        entries = field_clocks.history(db, tbl, rowids[(tbl, row_id)], field)
        held: list[_Held] = []
        for n, (clock, base, device, seq, value_json, known) in enumerate(entries):
            if not known:
                if n != len(entries) - 1:
                    continue  # an older change no longer held: nothing to compare
                value_json = _dump(trust.records(db, tbl, [row_id])[row_id][field])
            held.append(_Held(clock, value_json, base, device, seq))
        new = {a.hlc for a in arrivals}
        ordered = sorted(held + arrivals, key=lambda h: h.hlc)
        for older, newer in itertools.pairwise(ordered):
            if (
                (older.hlc in new or newer.hlc in new)
                and older.value_json != newer.value_json
                and _concurrent(older, newer)
            ):
                rows.append(_conflict_row(key, kept=newer, other=older, detected=max(new)))
    return rows


def _write_rows(
    db: sqlite_utils.Database,
    winners: dict[tuple[str, str, str], _Held],
    first_clock: dict[tuple[str, str], str],
) -> None:
    """Upsert each touched row with the fields whose newest value arrived now."""
    changed: dict[tuple[str, str], dict[str, _Held]] = defaultdict(dict)
    for (tbl, row_id, field), op in winners.items():
        changed[(tbl, row_id)][field] = op
    by_shape: dict[tuple[str, tuple[str, ...]], list[tuple]] = defaultdict(list)
    for (tbl, row_id), row_fields in changed.items():
        names = tuple(sorted(row_fields))
        newest = max(op.hlc for op in row_fields.values())
        values = [row_fields[n].value_json for n in names]
        by_shape[(tbl, names)].append((row_id, first_clock[(tbl, row_id)], newest, *values))
    for (tbl, names), rows in by_shape.items():
        cols = ", ".join(f'"{n}"' for n in names)
        # SQLite decodes the JSON values itself: much faster than json.loads in Python.
        marks = ", ".join(["?", "?", "?"] + ["json_extract(?, '$')"] * len(names))
        sets = ", ".join(f'"{n}" = excluded."{n}"' for n in names)
        db.conn.executemany(
            f'INSERT INTO "{tbl}" (id, created, updated, {cols}) VALUES ({marks}) '
            f"ON CONFLICT(id) DO UPDATE SET {sets}, created = min(created, excluded.created), "
            "updated = max(updated, excluded.updated)",
            rows,
        )
    # Rows touched only by older operations still learn when they were first made.
    untouched = [
        (clock, tbl, row_id)
        for (tbl, row_id), clock in first_clock.items()
        if (tbl, row_id) not in changed
    ]
    for clock, tbl, row_id in untouched:
        db.execute(f'UPDATE "{tbl}" SET created = min(created, ?) WHERE id = ?', [clock, row_id])
