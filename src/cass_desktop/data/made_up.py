"""The records a demo store starts with: made up, written without a change log.

A demo store is never exported, gives no card and takes no bundle (`local.is_demo`), so the
made-up records it is filled with are not changes anyone made: `changelog.save_new_many`
writes them with `logged=False`, the record rows (and so their search rows) alone, with no op,
no field clock entry and no sequence number used. Everything done in the demo afterwards (an
edit, a new person, an erasure) is logged and clocked as in any store.

`refuse_unless_demo` is the one guard: only a store marked as demo data, never set up as head
office and not locked with a passphrase (every real store is), may be written so. A real
court's or head office's store raises `NotADemo` and nothing is written.

`is_made_up` tells a record the demo started with from one made since, for what reads the
change log about one record (a person's History tab): a made-up record has no field clock
entry at the clock it was created with. Only a demo store has such records; a real store's
laptop drops entries once head office acknowledges them, so there the question means nothing
and the answer is always False.
"""

from __future__ import annotations

import sqlite_utils

from cass_desktop.data import field_clocks, local


class NotADemo(ValueError):
    """Records without a change log were asked of a store that is not a demo store."""


def refuse_unless_demo(db: sqlite_utils.Database) -> None:
    """Raise NotADemo unless `db` is a demo store: marked as one, not head office's, not
    locked with a passphrase (the store key is what `data.store.is_protected` reads)."""
    if getattr(db, "store_key", None) is not None:
        raise NotADemo("This store is locked with a passphrase, so it is not a demo store.")
    if local.get(db, "role") == "head-office":
        raise NotADemo("This store is head office's, so it is not a demo store.")
    if not local.is_demo(db):
        raise NotADemo("This store is not marked as demo data.")


def is_made_up(db: sqlite_utils.Database, table: str, row_id: str) -> bool:
    """Whether the record `row_id` of `table` is one a demo store started with (written with
    no change log); False in any store that is not a demo, and for a record not held."""
    if not local.is_demo(db):
        return False
    found = db.conn.execute(f'SELECT rowid, created FROM "{table}" WHERE id = ?', [row_id])
    row = found.fetchone()
    if row is None or not row[1]:
        return False
    low, high = field_clocks.field_range(table)
    logged = db.conn.execute(
        "SELECT 1 FROM field_clocks WHERE row = ? AND field >= ? AND field < ? AND clock = ? "
        "LIMIT 1",
        [row[0], low, high, field_clocks.to_int(row[1])],
    ).fetchone()
    return logged is None
