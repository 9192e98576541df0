"""Settings for writing very many records at once (demo data, benchmarks, large imports).

Writing 100,000 people means millions of rows (a laptop's workload: as many change-log
operations besides; a demo's made-up records have none). With the store's everyday
settings each batch waits for the disk (fsync) and re-reads index pages that did not fit the
small page cache. While `bulk_loading` is open the connection keeps a large page cache, does
not wait for the disk after each batch and checkpoints the write-ahead log less often; on
leaving, the everyday settings come back and the log is folded into the store file and synced,
so what was written is then as safe as any other write.

The records themselves are still written through `changelog.save_new_many` (one operation
per field, but for a demo's made-up records: data/made_up.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils

# Page cache while loading, in KiB (negative cache_size means KiB in SQLite).
_BULK_CACHE_KIB = 512 * 1024
_BULK_AUTOCHECKPOINT_PAGES = 50_000


@contextmanager
def bulk_loading(db: sqlite_utils.Database) -> Iterator[None]:
    """Open a stretch of bulk writes on this connection; restore everyday settings after."""
    conn = db.conn
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    synchronous = conn.execute("PRAGMA synchronous").fetchone()[0]
    autocheckpoint = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {-_BULK_CACHE_KIB}")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute(f"PRAGMA wal_autocheckpoint = {_BULK_AUTOCHECKPOINT_PAGES}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA synchronous = {int(synchronous)}")
        conn.execute(f"PRAGMA wal_autocheckpoint = {int(autocheckpoint)}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute(f"PRAGMA cache_size = {int(cache)}")
