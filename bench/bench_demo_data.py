"""How fast demo data is made (100,000 people), against a raw floor measured in the same run.

Makes a fresh store in a temporary folder (never the cache, so the figure is always a real
generation), then keeps it as today's cached store for the other benchmarks when there is none.
The demo as shipped writes its made-up records with no change log (data/made_up.py): the
record rows and their search rows, no op and no field clock entry.

The floor, in the same run and the same kind of store (same SQLite, indexes and bulk settings,
`data.bulk.bulk_loading`): raw `executemany` inserts of the rows the demo wrote, read back
from it untimed: every record row (with its rowid), every search row (the three full-text
indexes', written as rows of their own, the search triggers taken out of the floor's store
first, as a bulk write takes them out: data/search_rows.py), and every op row and field clock
row (none, for the demo as shipped), in transactions of `_CHUNK` rows. The ratio is the demo's
time over the floor's; the demo also makes the people (all Python, from one seeded generator),
which the floor does not: `people_alone` is the generator run once more writing nothing (its
CPU seconds are one core's), so the line shows what of the demo's time is making the people.

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
from cass_desktop import demo
from cass_desktop.data import changelog, open_store, store_path
from cass_desktop.data.bulk import bulk_loading
from cass_desktop.records.dates import today
from cass_desktop.records.schema import SYNCED

GOAL_SECONDS = 40.0
_CHUNK = 100_000


_SEARCH = ("clients_fts", "clients_ids_fts", "agencies_fts")


def floor(made: Path, root: Path) -> tuple[float, float]:
    """Seconds (wall, CPU) to write raw into a fresh store the record, search, op and field
    clock rows of the store in `made`."""
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
            # The search rows are written as rows of their own (below), not by the triggers.
            triggers = raw.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?",
                ["%fts_ai"],
            ).fetchall()
            for name, _ in triggers:
                raw.execute(f'DROP TRIGGER "{name}"')
            reads = [(f"SELECT rowid, * FROM {table} ORDER BY rowid", table) for table in SYNCED]
            reads += [(f"SELECT rowid, * FROM {index} ORDER BY rowid", index) for index in _SEARCH]
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
        for _, sql in triggers:
            raw.execute(sql)
    finally:
        raw.close()
        source.close()
    return seconds, cpu


class _MakeOnly(demo.Generator):
    """The generator making every person and record as the demo does, writing none of them."""

    def write(self, records) -> None:
        pass


def people_alone(root: Path) -> tuple[float, float]:
    """Seconds (wall, CPU) the generator takes to make the people alone, writing nothing."""
    root.mkdir(parents=True, exist_ok=True)
    db = open_store(store_path(root))
    try:
        with bulk_loading(db):
            started, used = time.perf_counter(), time.process_time()
            _MakeOnly(db, CLIENTS, SEED, today(), None).run()
            return time.perf_counter() - started, time.process_time() - used
    finally:
        db.close()


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
        alone_s, alone_cpu = people_alone(root / "alone")
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
                "people_alone_seconds": round(alone_s, 1),
                "people_alone_cpu_seconds": round(alone_cpu, 1),
                "clients_per_second": round(CLIENTS / seconds),
                "records": records,
                "ops": ops,
                "field_clocks": clocks,
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
