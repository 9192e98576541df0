"""The store's size per person, by table and index, against the records alone.

A 100,000-person laptop's workload (`CASS_BENCH_CLIENTS`): the demo's records written through
the change log as a worker's edits are (`demo.generate(..., logged=True)`: each field an op
with its field clock entry, the figures as before the demo stopped logging its made-up
records), made in a temporary folder, is measured with SQLite's dbstat
(the demo store is plain, so dbstat reads it): the bytes of every table and index, grouped as
records (the synced tables and their indexes), search (the full-text indexes and the Clients
list's name initials), the change log (ops and its indexes, pending_ops, refused_ops,
proposals, conflicts, purged_rows) and the rest.
The anchor is the records alone; the goal is the whole store within 2x of it. One JSON line;
exit 1 when a goal is missed.

Then the same store once head office has acknowledged every change (the laptop drops them,
keeping the field clocks: data/acknowledged.py), measured again: `acknowledged` in the line.
The goal is read on the store as made (a laptop that has not synced yet); the acknowledged
figure is what a laptop holds once it has.

And head office: a new head office store that has merged every change the demo laptop made
(as an import merges them, gap-checked, in batches), measured the same way: `head_office` in
the line, held to the same goal.

And the demo as shipped (`demo` in the line, made first): the same records with no change log
(data/made_up.py), held to the same goal; its time is reported (bench_demo_data.py holds it
to its goal, against a floor).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from _common import CLIENTS, OUT, emit, make_store
from cass_desktop.data import store_path
from cass_desktop.records.schema import SYNCED

GOAL_RATIO = 2.0
_BATCH = 50_000  # changes merged a transaction at head office (an import merges 20,000)
_LOG = (
    "ops",
    "field_clocks",
    "change_numbers",
    "devices",
    "pending_ops",
    "refused_ops",
    "proposals",
    "conflicts",
    "purged_rows",
)


def _group(name: str, table: str) -> str:
    if table in SYNCED:
        return "records"
    if table in _LOG:
        return "change_log"
    if "_fts" in name or name == "client_initials":  # the Clients list's name initials
        return "search"
    return "other"


def measure(folder: Path, people: int) -> dict:
    # The store is plain and closed: Python's own SQLite reads it (SQLCipher's build has no
    # dbstat), read-only.
    db = sqlite3.connect(f"file:{store_path(folder)}?mode=ro", uri=True)
    try:
        owner = dict(db.execute("SELECT name, tbl_name FROM sqlite_master").fetchall())
        sizes = db.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
        ).fetchall()
        ops = db.execute("SELECT count(*) FROM ops").fetchone()[0]
    finally:
        db.close()
    groups: dict[str, int] = {}
    per_name = {}
    for name, size in sizes:
        group = _group(name, owner.get(name, name))
        groups[group] = groups.get(group, 0) + size
        per_name[name] = round(size / people)
    total = sum(groups.values())
    return {
        "bytes_per_person": round(total / people),
        "by_group_per_person": {g: round(s / people) for g, s in groups.items()},
        "by_name_per_person": dict(list(per_name.items())[:15]),
        "ops": ops,
        "bytes_per_op_in_log": round(groups.get("change_log", 0) / max(ops, 1), 1),
        "ratio": round(total / groups["records"], 2),
    }


def _head_office(folder: Path, laptop: Path) -> tuple[float, int]:
    """A head office (a plain store, so dbstat reads it) that has imported every change the
    demo laptop made, merged as an import merges them (gap-checked, in batches, each in its
    own transaction); (seconds, changes)."""
    from cass_desktop.data import changelog, local, merge, open_store

    folder.mkdir()
    ho = open_store(store_path(folder))
    source = open_store(store_path(laptop))
    try:
        # Its role is all the change log asks of it (a real set-up would need a passphrase,
        # and SQLCipher's build has no dbstat to measure a keyed store with).
        local.put(ho, "role", "head-office")
        started = time.perf_counter()
        batch: list = []
        count = 0
        for op in changelog.iter_ops(source):
            batch.append(op)
            if len(batch) == _BATCH:
                merge.merge(ho, batch, gap_check=True)
                count += len(batch)
                batch = []
        merge.merge(ho, batch, gap_check=True)
        count += len(batch)
        seconds = time.perf_counter() - started
        ho.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return seconds, count
    finally:
        source.close()
        ho.close()


def _acknowledge_all(folder: Path) -> int:
    """As if head office had acknowledged every change the demo laptop made, and its last
    backup held them: the laptop drops them."""
    from cass_desktop.data import acknowledged, local, open_store
    from cass_desktop.data import sync as sync_data

    db = open_store(store_path(folder))
    try:
        with db.atomic():
            local.put(db, "acked_seq", sync_data.last_own_seq(db))
            acknowledged.note_kept_by_office(db, sync_data.last_own_seq(db))
            dropped = acknowledged.drop_acknowledged(db)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return dropped
    finally:
        db.close()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="store-size-bench-", dir=OUT))
    try:
        demo_s = make_store(folder / "demo", CLIENTS)
        shipped = measure(folder / "demo", CLIENTS)
        demo_mb = (folder / "demo" / "cass.db").stat().st_size / 1e6
        shutil.rmtree(folder / "demo")
        laptop_s = make_store(folder / "store", CLIENTS, logged=True)
        figures = measure(folder / "store", CLIENTS)
        file_mb = (folder / "store" / "cass.db").stat().st_size / 1e6
        office_s, office_ops = _head_office(folder / "office", folder / "store")
        office = measure(folder / "office", CLIENTS)
        acked = _acknowledge_all(folder / "store")
        after = measure(folder / "store", CLIENTS)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    met = figures["ratio"] <= GOAL_RATIO and office["ratio"] <= GOAL_RATIO
    met = met and shipped["ratio"] <= GOAL_RATIO
    emit(
        {
            "benchmark": "store_size",
            "figure": "whole store, bytes a person",
            "value": figures["bytes_per_person"],
            "anchor": "the records alone (synced tables and their indexes), bytes a person",
            "anchor_value": figures["by_group_per_person"]["records"],
            "ratio": figures["ratio"],
            "people": CLIENTS,
            "file_mb": round(file_mb, 1),
            **{k: v for k, v in figures.items() if k not in ("ratio", "bytes_per_person")},
            "laptop_workload_s": round(laptop_s, 1),
            # The demo as shipped: the same records, no change log.
            "demo": {
                "made_s": round(demo_s, 1),
                "file_mb": round(demo_mb, 1),
                "bytes_per_person": shipped["bytes_per_person"],
                "ratio": shipped["ratio"],
                "ops": shipped["ops"],
                "by_group_per_person": shipped["by_group_per_person"],
            },
            # The same laptop once head office has acknowledged all its changes (it drops
            # them, keeping the field clocks: data/acknowledged.py), pages in use.
            "acknowledged": {
                "dropped_ops": acked,
                "bytes_per_person": after["bytes_per_person"],
                "ratio": after["ratio"],
                "by_group_per_person": after["by_group_per_person"],
                "by_name_per_person": dict(list(after["by_name_per_person"].items())[:6]),
            },
            # Head office once it has imported every change the laptop made.
            "head_office": {
                "changes_imported": office_ops,
                "merge_s": round(office_s, 1),
                "bytes_per_person": office["bytes_per_person"],
                "ratio": office["ratio"],
                "ops_left": office["ops"],
                "by_group_per_person": office["by_group_per_person"],
                "by_name_per_person": dict(list(office["by_name_per_person"].items())[:8]),
            },
            "goal": f"ratio <= {GOAL_RATIO} (laptop before it syncs, head office, and the demo "
            "as shipped)",
            "met_goal": met,
            "load": os.getloadavg()[0],
        }
    )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
