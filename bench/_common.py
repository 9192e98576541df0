"""Shared by the benchmarks: a 100,000-person demo store, made once and cached.

The store is cached under bench/out/ (git-ignored), keyed by people, seed and the day it was
made: demo hearings are placed around the day they are made, so yesterday's store would show
an empty Today page and flatter the start-up figure. Older copies for the same size and seed
are removed, as each is a few gigabytes.

Two kinds: the demo as shipped (`demo-...`: its made-up records have no change log, as a demo
store never exports), and a laptop's workload (`laptop-...`, `logged=True`: the same records,
each field an operation in the change log with its field clock, as if a worker had typed them
all in), for the benchmarks whose figures depend on a change log (bench_erasure,
bench_store_size).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
CLIENTS = int(os.environ.get("CASS_BENCH_CLIENTS", "100000"))
SEED = 1
_DONE = ".complete"
# Stores a benchmark sets up for a court or head office are locked, as every real one is (so
# their figures include SQLCipher and its memory security); the demo store is plain.
PASSPHRASE = "tidal estuary lighthouse keeper"


def _kind(logged: bool) -> str:
    return "laptop" if logged else "demo"


def cache_key(clients: int = CLIENTS, seed: int = SEED, *, logged: bool = False) -> str:
    return f"{_kind(logged)}-{clients}-seed{seed}-{dt.date.today().isoformat()}"


def cached_store(clients: int = CLIENTS, seed: int = SEED, *, logged: bool = False) -> Path | None:
    folder = OUT / cache_key(clients, seed, logged=logged)
    return folder if (folder / _DONE).exists() else None


def keep_as_cache(
    folder: Path, clients: int = CLIENTS, seed: int = SEED, *, logged: bool = False
) -> Path:
    """Move a freshly made demo store folder into the cache (replacing older days' copies)."""
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob(f"{_kind(logged)}-{clients}-seed{seed}-*"):
        if old != folder:  # the glob also matches the folder just made
            shutil.rmtree(old, ignore_errors=True)
    target = OUT / cache_key(clients, seed, logged=logged)
    shutil.move(str(folder), target)
    (target / _DONE).write_text(json.dumps({"clients": clients, "seed": seed, "logged": logged}))
    return target


def make_store(
    folder: Path, clients: int = CLIENTS, seed: int = SEED, *, logged: bool = False
) -> float:
    """Fill `folder` with a demo store (a laptop's workload when `logged`); return the seconds
    it took."""
    from cass_desktop import demo
    from cass_desktop.data import open_store, store_path

    folder.mkdir(parents=True, exist_ok=True)
    db = open_store(store_path(folder))
    try:
        started = time.perf_counter()
        demo.generate(db, clients=clients, seed=seed, logged=logged)
        return time.perf_counter() - started
    finally:
        db.close()


def demo_store(clients: int = CLIENTS, seed: int = SEED, *, logged: bool = False) -> Path:
    """The data folder of a cached demo store (a laptop's workload when `logged`), made first
    when there is none for today."""
    found = cached_store(clients, seed, logged=logged)
    if found is not None:
        return found
    OUT.mkdir(parents=True, exist_ok=True)
    building = OUT / (cache_key(clients, seed, logged=logged) + ".partial")
    shutil.rmtree(building, ignore_errors=True)
    print(f"making a {clients:,}-person {_kind(logged)} store in {building}…", file=sys.stderr)
    make_store(building, clients, seed, logged=logged)
    return keep_as_cache(building, clients, seed, logged=logged)


def emit(figures: dict) -> None:
    """The one JSON line a benchmark prints."""
    print(json.dumps(figures, ensure_ascii=False), flush=True)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]
