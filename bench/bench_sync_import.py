"""Head office importing 1,000,000 operations from 20 bundles, against raw SQLite.

Four laptops each write five bundles of 50,000 operations (people with a hearing and a
contact each: clients, hearings and contacts rows), one after another as when head office's
acknowledgements arrive between them. Head office imports all 20, the laptops taken in turn;
the time covers everything import does: decrypting, checking signatures and hashes, parsing,
the gap check, merging field by field and writing the rows. The baseline, in the same run: a
raw `executemany` of the same operation rows into the `ops` table of a fresh store (same
SQLite, same indexes and settings), in one transaction. The ratio is import time over raw
time (goal: within 3x).

Set CASS_BENCH_SYNC_OPS (for example 100000) to try it quickly; the figure that matters is
for 1,000,000.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from _common import OUT, emit
from bench_sync_export import acknowledge, fill, make_office
from cass_desktop.data import changelog, open_store, store_path
from cass_desktop.sync.exporter import export_device
from cass_desktop.sync.importer import import_file

TOTAL_OPS = int(os.environ.get("CASS_BENCH_SYNC_OPS", "1000000"))
DEVICES = 4
BUNDLES_EACH = 5
GOAL_RATIO = 3.0
_CHUNK = 50_000


def _write_bundles(root: Path) -> tuple[object, list[Path]]:
    ho, laptops = make_office(root, DEVICES)
    outbox = root / "bundles"
    per_bundle = TOTAL_OPS // (DEVICES * BUNDLES_EACH)
    written: list[list[Path]] = []
    for n, laptop in enumerate(laptops):
        mine = []
        for b in range(BUNDLES_EACH):
            fill(laptop, per_bundle, start=(n * BUNDLES_EACH + b) * per_bundle)
            mine.append(export_device(laptop, outbox))
            acknowledge(laptop)
        written.append(mine)
        laptop.close()
    # The laptops' bundles in turn: Plymouth's first, Bodmin's first, ... then the seconds.
    return ho, [bundle for round_ in zip(*written, strict=True) for bundle in round_]


def _raw_baseline(ho, root: Path) -> tuple[float, int]:
    """Seconds to executemany the operations head office now holds into a fresh store."""
    folder = root / "raw"
    folder.mkdir()
    raw = open_store(store_path(folder))
    me = changelog.device_id(ho)
    cursor = ho.execute("SELECT * FROM ops WHERE device_id != ? ORDER BY rowid", [me])
    seconds = 0.0
    count = 0
    raw.conn.execute("BEGIN IMMEDIATE")
    while chunk := cursor.fetchmany(_CHUNK):
        started = time.perf_counter()
        raw.conn.executemany("INSERT INTO ops VALUES (?, ?, ?, ?, ?, ?, ?, ?)", chunk)
        seconds += time.perf_counter() - started
        count += len(chunk)
    started = time.perf_counter()
    raw.conn.execute("COMMIT")
    seconds += time.perf_counter() - started
    raw.close()
    return seconds, count


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="sync-import-bench-", dir=OUT))
    try:
        started = time.perf_counter()
        ho, bundles = _write_bundles(root)
        prepare_s = time.perf_counter() - started
        bundle_mb = sum(p.stat().st_size for p in bundles) / 1e6

        started = time.perf_counter()
        results = [import_file(ho, path) for path in bundles]
        import_s = time.perf_counter() - started
        refused = [r.describe() for r in results if r.refused]
        if refused:
            raise SystemExit(f"bundles were refused: {refused}")
        applied = sum(r.merge.applied + r.merge.released for r in results)
        held_back = sum(r.merge.held_back for r in results)
        per_bundle_s = import_s / len(bundles)

        raw_s, raw_count = _raw_baseline(ho, root)
        ho.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    ratio = import_s / raw_s
    emit(
        {
            "benchmark": "sync_import",
            "ops": applied,
            "bundles": len(bundles),
            "devices": DEVICES,
            "bundles_mb": round(bundle_mb, 1),
            "import_s": round(import_s, 1),
            "import_ops_per_second": round(applied / import_s),
            "per_bundle_s": round(per_bundle_s, 2),
            "held_back": held_back,
            "raw_executemany_s": round(raw_s, 1),
            "raw_ops_per_second": round(raw_count / raw_s),
            "ratio_to_raw": round(ratio, 2),
            "goal_ratio": GOAL_RATIO,
            "met_goal": ratio <= GOAL_RATIO,
            "prepare_s": round(prepare_s, 1),
        }
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
