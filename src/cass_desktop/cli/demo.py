"""`demo-data`: fill an empty store with realistic made-up data (the work is in demo/)."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from cass_desktop.cli.command import positive
from cass_desktop.cli.store import check_clock, open_
from cass_desktop.data import StoreError, store_path
from cass_desktop.data.passphrase import is_locked


def register(commands) -> None:
    demo = commands.add_parser("demo-data", help="fill a store with realistic made-up data")
    demo.add_argument("--clients", type=positive, required=True, help="how many people")
    demo.add_argument("--seed", type=int, default=1, help="same seed, same data")
    demo.set_defaults(run=_run)


def _run(args: argparse.Namespace, data_dir: Path, key: str | None) -> int:
    check_clock(None, args)  # demo data goes in an empty store: no clock of its own
    return _demo_data(data_dir, args.clients, args.seed, key)


def _demo_data(data_dir: Path, people: int, seed: int, key: str | None) -> int:
    """Made beside the store and moved into place whole (demo.make_store): killed part way,
    it leaves no demo, and running it again starts afresh."""
    from cass_desktop import demo

    path = store_path(data_dir)
    if is_locked(path):  # a real store: refused without asking for its passphrase
        raise StoreError(demo.locked_refusal(path))
    if path.exists():  # only a store holding nothing is replaced by the demo
        db = open_(data_dir, key)
        try:
            refused = demo.refusal(db, f"The store in {data_dir}")
        finally:
            db.close()
        if refused:
            raise StoreError(refused)
    started = time.perf_counter()
    try:
        demo.make_store(path, clients=people, seed=seed)
    except demo.DemoRefused as exc:
        raise StoreError(str(exc)) from None
    elapsed = time.perf_counter() - started
    print(json.dumps({"clients": people, "seed": seed, "seconds": round(elapsed, 2)}))
    return 0
