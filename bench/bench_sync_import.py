"""Head office importing laptops' bundles, against a fair raw floor, at three sizes.

Four laptops each write five bundles (people with a hearing and a contact each: clients,
hearings and contacts rows). From the second bundle on, each laptop also edits people it made
earlier (a new phone number and status), and head office edits some of the same people's phone
numbers before those bundles arrive, so the import finds concurrent edits with different values
(conflicts kept for review). The laptops' bundles are imported in turn, except that one
laptop's second bundle arrives before its first: it is held back and applied when the first
comes. The time covers everything import does (decrypting, checking signatures and hashes,
parsing, the gap check, the policy, merging field by field, writing the rows and their search
rows); head office's own edits between rounds are not timed.

The floor, in the same run and the same kind of store (same SQLite, indexes, triggers and
settings): raw `executemany` inserts, in one transaction, of the same op rows head office now
holds from the laptops, and of the same record rows (clients, hearings, contacts, written as
head office holds them, which writes their search rows through the same triggers). The ratio is
import time over floor time (goal: within 2x at every size), and the import's microseconds per
operation must grow at most 1.3x from the smallest size to the largest (linear).

The floor also writes the field clock rows the import writes (data/field_clocks.py); the line
gives the ratio without them too.

Sizes: CASS_BENCH_SYNC_SIZES (default 100000,300000,1000000 operations). SQLCipher memory
security is as shipped (on) unless CASS_BENCH_MEMORY_SECURITY=0, which turns it off for this
process only: the report gives both. One JSON line.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _common import OUT, PASSPHRASE, emit
from bench_sync_export import acknowledge, fill, make_office
from cass_desktop.data import changelog, open_store, store, store_path
from cass_desktop.sync.exporter import export_device
from cass_desktop.sync.importer import import_file

SIZES = [
    int(s) for s in os.environ.get("CASS_BENCH_SYNC_SIZES", "100000,300000,1000000").split(",")
]
MEMORY_SECURITY = os.environ.get("CASS_BENCH_MEMORY_SECURITY", "1") != "0"
DEVICES = 4
BUNDLES_EACH = 5
GOAL_RATIO = 2.0
GOAL_GROWTH = 1.3  # µs an op at the largest size over the smallest
EDIT_SHARE = 0.05  # of a bundle's operations, edits of people made earlier (2 ops each)
OFFICE_EDITS = 20  # people per laptop and round whose phone head office also edits
_CHUNK = 50_000
_TABLES = ("clients", "hearings", "contacts")


def _edit(laptop, people: list[str], round_: int) -> None:
    """The laptop edits people it made earlier: new phone number and status (2 ops each)."""
    with laptop.atomic():
        for n, person in enumerate(people):
            changelog.save(
                laptop,
                "clients",
                {"phone": f"07700 {round_}{n:05d}", "status": "closed" if n % 2 else "open"},
                person,
            )


def _write_bundles(root: Path, total_ops: int):
    ho, laptops = make_office(root, DEVICES)
    outbox = root / "bundles"
    per_bundle = total_ops // (DEVICES * BUNDLES_EACH)
    edits = int(per_bundle * EDIT_SHARE) // 2
    written: list[list[Path]] = []
    contested: list[list[list[str]]] = []  # per laptop, per round: people head office edits
    for n, laptop in enumerate(laptops):
        mine, theirs = [], []
        made: list[str] = []
        for b in range(BUNDLES_EACH):
            before = {r[0] for r in laptop.execute("SELECT id FROM clients")}
            edited = made[-edits:] if b and edits else []
            if edited:
                _edit(laptop, edited, b)
            fill(laptop, per_bundle - 2 * len(edited), start=(n * BUNDLES_EACH + b) * per_bundle)
            made += [r[0] for r in laptop.execute("SELECT id FROM clients") if r[0] not in before]
            mine.append(export_device(laptop, outbox))
            theirs.append(edited[:OFFICE_EDITS])
            acknowledge(laptop)
        written.append(mine)
        contested.append(theirs)
        laptop.close()
    # Laptop 0's second bundle arrives before its first (held back, then released).
    written[0][0], written[0][1] = written[0][1], written[0][0]
    rounds = [list(r) for r in zip(*written, strict=True)]
    office_edits = [[p for c in contested for p in c[b]] for b in range(BUNDLES_EACH)]
    return ho, rounds, office_edits


def _office_edits(ho, people: list[str]) -> None:
    """Head office changes phone numbers the laptops are changing too (not timed)."""
    with ho.atomic():
        for person in people:
            if changelog.get(ho, "clients", person) is not None:
                changelog.save(ho, "clients", {"phone": "01752 000000"}, person)


def _floor(ho, root: Path) -> tuple[float, float, int]:
    """Seconds to write raw, in one transaction, the op rows (none once head office folds the
    changes it receives: stage 3), record rows and field clock rows the import wrote."""
    folder = root / "raw"
    folder.mkdir()
    raw = open_store(store_path(folder), key=PASSPHRASE)
    me = changelog.device_id(ho)
    seconds = 0.0
    count = 0
    raw.conn.execute("BEGIN IMMEDIATE")
    cursor = ho.execute("SELECT * FROM ops WHERE device_id != ? ORDER BY rowid", [me])
    while chunk := cursor.fetchmany(_CHUNK):
        started = time.perf_counter()
        raw.conn.executemany("INSERT INTO ops VALUES (?, ?, ?, ?, ?, ?, ?, ?)", chunk)
        seconds += time.perf_counter() - started
        count += len(chunk)
    for table in _TABLES:
        cursor = ho.execute(f"SELECT * FROM {table}")
        marks = ", ".join("?" * len(cursor.description))
        while chunk := cursor.fetchmany(_CHUNK):
            started = time.perf_counter()
            raw.conn.executemany(f"INSERT INTO {table} VALUES ({marks})", chunk)
            seconds += time.perf_counter() - started
    # The field clocks the import wrote with them (one narrow row per op: data/field_clocks.py),
    # timed apart as well, so the floor can be read with and without them.
    clocks_s = 0.0
    if "field_clocks" in ho.table_names():
        raw.conn.executemany(
            "INSERT OR IGNORE INTO devices (number, device_id) VALUES (?, ?)",
            ho.execute("SELECT number, device_id FROM devices").fetchall(),
        )
        # In the order the import wrote them (arrival: each device's run by number), so the
        # floor maintains what they are found by (change_numbers) as the import does.
        cursor = ho.execute(
            "SELECT f.* FROM field_clocks f JOIN devices d ON d.number = f.device "
            "WHERE d.device_id != ? ORDER BY f.arrival, f.device, f.seq",
            [me],
        )
        marks = ", ".join("?" * len(cursor.description))
        entries = 0
        while chunk := cursor.fetchmany(_CHUNK):
            started = time.perf_counter()
            raw.conn.executemany(f"INSERT OR IGNORE INTO field_clocks VALUES ({marks})", chunk)
            clocks_s += time.perf_counter() - started
            entries += len(chunk)
        # Head office folds the changes it receives into their entries (stage 3): no op rows.
        count = count or entries
    started = time.perf_counter()
    raw.conn.execute("COMMIT")
    seconds += time.perf_counter() - started
    raw.close()
    return seconds + clocks_s, clocks_s, count


def _one_size(total_ops: int) -> dict:
    root = Path(tempfile.mkdtemp(prefix="sync-import-bench-", dir=OUT))
    try:
        ho, rounds, office_edits = _write_bundles(root, total_ops)
        import_s = 0.0
        results = []
        for round_, people in zip(rounds, office_edits, strict=True):
            _office_edits(ho, people)
            started = time.perf_counter()
            results += [import_file(ho, path) for path in round_]
            import_s += time.perf_counter() - started
        refused = [r.describe() for r in results if r.refused]
        if refused:
            raise SystemExit(f"bundles were refused: {refused}")
        applied = sum(r.merge.applied + r.merge.released for r in results)
        floor_s, clocks_s, floor_ops = _floor(ho, root)
        figures = {
            "ops": applied,
            "import_s": round(import_s, 2),
            "us_per_op": round(import_s / applied * 1e6, 1),
            "floor_s": round(floor_s, 2),
            "ratio": round(import_s / floor_s, 2),
            "floor_field_clocks_s": round(clocks_s, 2),
            "ratio_to_floor_without_field_clocks": round(
                import_s / max(floor_s - clocks_s, 1e-9), 2
            ),
            "held_back": sum(r.merge.held_back for r in results),
            "released": sum(r.merge.released for r in results),
            "conflicts": sum(r.merge.conflicts for r in results),
        }
        assert floor_ops == applied, (floor_ops, applied)
        ho.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return figures


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    store.MEMORY_SECURITY = MEMORY_SECURITY
    sizes = []
    for n in SIZES:
        sizes.append(_one_size(n))
        print(json.dumps(sizes[-1]), file=sys.stderr, flush=True)  # progress, one size done
    largest, smallest = sizes[-1], sizes[0]
    growth = largest["us_per_op"] / smallest["us_per_op"]
    worst = max(s["ratio"] for s in sizes)
    met = worst <= GOAL_RATIO and growth <= GOAL_GROWTH
    emit(
        {
            "benchmark": "sync_import",
            "figure": f"import {largest['ops']:,} ops in {DEVICES * BUNDLES_EACH} bundles, s",
            "import_s": largest["import_s"],
            "anchor": "raw executemany of the same op, record and search rows, s",
            "floor_s": largest["floor_s"],
            "ratio": largest["ratio"],
            "worst_ratio": worst,
            "growth_us_per_op": round(growth, 2),
            "memory_security": MEMORY_SECURITY,
            "sizes": sizes,
            "goal": f"ratio <= {GOAL_RATIO} at every size; us/op growth <= {GOAL_GROWTH}",
            "met_goal": met,
        }
    )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
