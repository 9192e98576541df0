"""How fast demo data is made: people and change-log operations per second (100,000 people).

Makes a fresh store in a temporary folder (never the cache, so the figure is always a real
generation), then keeps it as today's cached store for the other benchmarks when there is none.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from _common import CLIENTS, OUT, SEED, cached_store, emit, keep_as_cache, make_store
from cass_desktop.data import changelog, open_store, store_path


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="demo-bench-", dir=OUT)) / "store"
    try:
        seconds = make_store(folder, CLIENTS, SEED)
        db = open_store(store_path(folder), create=False)
        try:
            ops = changelog.count_ops(db)
            records = sum(
                db[table].count
                for table in (
                    "clients",
                    "consents",
                    "hearings",
                    "contacts",
                    "needs",
                    "followups",
                    "agencies",
                    "workers",
                    "sites",
                )
            )
        finally:
            db.close()
        size_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        emit(
            {
                "benchmark": "demo_data",
                "clients": CLIENTS,
                "seed": SEED,
                "seconds": round(seconds, 1),
                "clients_per_second": round(CLIENTS / seconds),
                "records": records,
                "ops": ops,
                "ops_per_second": round(ops / seconds),
                "store_mb": round(size_mb),
            }
        )
        if cached_store(CLIENTS, SEED) is None:
            keep_as_cache(folder, CLIENTS, SEED)
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
