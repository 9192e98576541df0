"""A laptop drops its own changes once head office has acknowledged them.

A change is kept on a laptop for two reasons: to send it again until head office has it (the
next bundle starts after `acked_seq`), and to tell a merge what clock holds its field. Once
head office acknowledges it, and its last backup holds it too (so head office restored from
that backup would still have it), the first reason is gone and the field clocks
(data/field_clocks.py) answer the second, so `drop_acknowledged` removes from `ops` every change
of this device numbered below both `acked_seq` and the number head office's update says its
last backup holds (`note_kept_by_office`), and with each its field clock entry unless that
entry is the newest of its field (the clock of the value held, which a later merge compares
with). The last change acknowledged is kept: its clock says when head office had everything
up to it. An acknowledgement that does not match what this laptop made (it, or head office,
was restored from a backup) is not taken at all (sync/importer.py), so nothing is dropped.

What stays: the changes not yet acknowledged (a re-send needs them), every change received
from elsewhere (held by its device and number, so an update imported twice changes nothing and
"the same number, different change" is still refused), and the newest clock of every field.
Erasure is untouched: a dropped change held no value any more, the records' are erased as ever.
"""

from __future__ import annotations

from collections import defaultdict

import sqlite_utils

from cass_desktop.data import field_clocks, local
from cass_desktop.data.changelog import device_id

_KEY = "dropped_seq"  # local: this device's changes below it are no longer in ops
_KEPT = "office_kept_seq"  # local: head office's last backup holds this device's changes to it


def note_kept_by_office(db: sqlite_utils.Database, backed_up: int) -> None:
    """Head office's update says its last backup holds this device's changes up to
    `backed_up` (never more than it acknowledges)."""
    acked = int(local.get(db, "acked_seq", 0))
    kept = min(backed_up, acked)
    if kept > int(local.get(db, _KEPT, 0)):
        local.put(db, _KEPT, kept)


_BATCH = 20_000


def drop_acknowledged(db: sqlite_utils.Database) -> int:
    """Drop this device's acknowledged changes that head office's last backup holds (see the
    module's doc); return how many. Inside the caller's transaction (the import that took the
    acknowledgement)."""
    acked = min(int(local.get(db, "acked_seq", 0)), int(local.get(db, _KEPT, 0)))
    done = int(local.get(db, _KEY, 0))
    if acked - 1 <= done:
        return 0
    me = device_id(db)
    number = field_clocks.Devices(db).number.get(me)
    dropped = 0
    start = done
    while start < acked - 1:
        end = min(start + _BATCH, acked - 1)
        ops = db.conn.execute(
            "SELECT tbl, row_id, field, hlc FROM ops WHERE device_id = ? AND seq > ? AND seq <= ?",
            [me, start, end],
        ).fetchall()
        if number is not None and ops:
            _drop_clocks(db, number, ops)
        dropped += db.conn.execute(
            "DELETE FROM ops WHERE device_id = ? AND seq > ? AND seq <= ?", [me, start, end]
        ).rowcount
        start = end
    local.put(db, _KEY, acked - 1)
    return dropped


def _drop_clocks(db: sqlite_utils.Database, number: int, ops: list[tuple]) -> None:
    """Remove the field clock entries of these changes, but the newest of each field."""
    by_table: dict[str, set[str]] = defaultdict(set)
    for tbl, row_id, _field, _clock in ops:
        by_table[tbl].add(row_id)
    rowids = {
        (tbl, i): r
        for tbl, ids in by_table.items()
        for i, r in field_clocks.rowids(db, tbl, ids).items()
    }
    keys = [
        (rowids[(tbl, row_id)], field_clocks.FIELD_NUMBER[(tbl, field)], field_clocks.to_int(clock))
        for tbl, row_id, field, clock in ops
        if (tbl, row_id) in rowids
    ]
    db.conn.executemany(
        "DELETE FROM field_clocks WHERE row = ?1 AND field = ?2 AND clock = ?3 AND device = ?4 "
        "AND EXISTS (SELECT 1 FROM field_clocks g WHERE g.row = ?1 AND g.field = ?2 "
        "AND g.clock > ?3)",
        [(*key, number) for key in keys],
    )
