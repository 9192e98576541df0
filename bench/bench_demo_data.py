"""How fast demo data is made (100,000 people), against a raw floor measured in the same run.

Makes a fresh store in a temporary folder (never the cache, so the figure is always a real
generation), then keeps it as today's cached store for the other benchmarks when there is none.

The floor, in the same run and the same kind of store (same SQLite, indexes, triggers and bulk
settings, `data.bulk.bulk_loading`): raw `executemany` inserts of the rows the demo wrote,
read back from it untimed: every record row (with its rowid, so its search rows are written
by the same triggers), every op row and every field clock row, in transactions of
`_CHUNK` rows. The ratio is the demo's time over the floor's; the demo also makes the people
(all Python, from one seeded generator), which the floor does not.

Goal: the demo within 40 s. One JSON line, with the CPU seconds of each as well (the demo's
across both its threads) and the load average before and after (the machine is shared: read
the ratios first); exits 1 when the goal is missed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from _common import CLIENTS, OUT, SEED, cached_store, emit, keep_as_cache, make_store
from cass_desktop.data import changelog, open_store, store_path
from cass_desktop.data.bulk import bulk_loading
from cass_desktop.records.schema import SYNCED

GOAL_SECONDS = 40.0
_CHUNK = 100_000


def floor(made: Path, root: Path) -> tuple[float, float]:
    """Seconds (wall, CPU) to write raw into a fresh store the record, op and field clock rows
    of the store in `made`."""
    source = open_store(store_path(made), create=False)
    root.mkdir(parents=True, exist_ok=True)
    raw = open_store(store_path(root))
    seconds = cpu = 0.0
    try:
        with bulk_loading(raw):
            raw.conn.executemany(
                "INSERT OR IGNORE INTO devices (number, device_id) VALUES (?, ?)",
                source.execute("SELECT number, device_id FROM devices").fetchall(),
            )
            reads = [(f"SELECT rowid, * FROM {table} ORDER BY rowid", table) for table in SYNCED]
            reads += [("SELECT * FROM ops ORDER BY rowid", "ops")]
            reads += [("SELECT * FROM field_clocks", "field_clocks")]
            for query, table in reads:
                cursor = source.execute(query)
                names = [d[0] for d in cursor.description]
                columns = ", ".join(f'"{n}"' for n in names)
                sql = f'INSERT INTO "{table}" ({columns}) VALUES ({", ".join("?" * len(names))})'
                while chunk := cursor.fetchmany(_CHUNK):
                    started, used = time.perf_counter(), time.process_time()
                    raw.conn.execute("BEGIN IMMEDIATE")
                    raw.conn.executemany(sql, chunk)
                    raw.conn.execute("COMMIT")
                    seconds += time.perf_counter() - started
                    cpu += time.process_time() - used
            started, used = time.perf_counter(), time.process_time()
        seconds += time.perf_counter() - started  # bulk_loading's checkpoint on leaving
        cpu += time.process_time() - used
    finally:
        raw.close()
        source.close()
    return seconds, cpu


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="demo-bench-", dir=OUT))
    folder = root / "store"
    load_before = os.getloadavg()[0]
    try:
        used = time.process_time()
        seconds = make_store(folder, CLIENTS, SEED)
        cpu = time.process_time() - used  # both threads'
        db = open_store(store_path(folder), create=False)
        try:
            ops = changelog.count_ops(db)
            clocks = db.execute("SELECT count(*) FROM field_clocks").fetchone()[0]
            records = sum(db[table].count for table in SYNCED)
        finally:
            db.close()
        size_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        floor_s, floor_cpu = floor(folder, root / "raw")
        load_after = os.getloadavg()[0]
        emit(
            {
                "benchmark": "demo_data",
                "clients": CLIENTS,
                "seed": SEED,
                "seconds": round(seconds, 1),
                "floor_seconds": round(floor_s, 1),
                "ratio": round(seconds / floor_s, 2),
                "cpu_seconds": round(cpu, 1),
                "floor_cpu_seconds": round(floor_cpu, 1),
                "cpu_ratio": round(cpu / floor_cpu, 2),
                "clients_per_second": round(CLIENTS / seconds),
                "records": records,
                "ops": ops,
                "field_clocks": clocks,
                "ops_per_second": round(ops / seconds),
                "store_mb": round(size_mb),
                "load_average": [round(load_before, 1), round(load_after, 1)],
                "goal_seconds": GOAL_SECONDS,
            }
        )
        if cached_store(CLIENTS, SEED) is None:
            keep_as_cache(folder, CLIENTS, SEED)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0 if seconds <= GOAL_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
