"""Reading once what a batch shares: a value read from the store, kept for as long as the
store has not changed since (a day's letters read the letterhead and head office's template
once, not once a letter).

The store has not changed when no other connection has committed (`PRAGMA data_version` is
the same) and this connection has changed no row (`total_changes` is the same): both cost no
page read. A change anywhere in the store, even to a table the value does not come from, reads
the value again, so a value kept is never older than the store.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Any

import sqlite_utils

_KEPT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def version(db: sqlite_utils.Database) -> tuple[int, int]:
    """What changes whenever the store does (another connection's commit, or a row this
    connection changed)."""
    return db.execute("PRAGMA data_version").fetchone()[0], db.conn.total_changes


def kept(db: sqlite_utils.Database, key: Hashable, read: Callable[[], Any]) -> Any:
    """`read()`'s value, read again only when the store changed since it was last read for
    `key` on this connection. The value is shared: callers must not change it."""
    now = version(db)
    values = _KEPT.setdefault(db, {})
    found = values.get(key)
    if found is not None and found[0] == now:
        return found[1]
    value = read()
    values[key] = (now, value)
    return value
