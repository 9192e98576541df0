"""One person's erasure on a 100,000-person store, against raw SQLite deleting the same rows.

Two copies of the cached laptop workload (`CASS_BENCH_CLIENTS` people, default 100,000; the
demo's records with 88 change-log operations a person, as a laptop holds them before it syncs:
`_common.demo_store(logged=True)`; the demo as shipped holds no operation to erase) are made
in a temporary folder beside the cache; then, for `RUNS` people chosen with a fixed seed (the
laptop's own court's), interleaved so load affects both alike:

- the erasure as shipped: `privacy.erasure.erase_person` (the audit entry, the purge change,
  every record of theirs tombstoned, their values taken out of every change held, with
  secure_delete and FTS5 secure-delete on, every search index optimised, committed, and the
  write-ahead log checkpointed and truncated);
- the anchor, on the other copy: raw SQL deleting the same person's rows (each record of
  theirs, the person, and every change held for those rows), in one transaction, committed;
  SQLite's defaults, the search triggers firing as they do for the app.

Before each, 20 other people's phone numbers are changed on both copies (not timed), as a day's
work would between two erasures. Each figure is the wall time of one person; the median over
the runs, the first (it optimises an index never merged before: the demo store's is in hundreds
of segments) and the worst; the ratio is the median erasure over the median anchor. Most of an
erasure is the optimised search index (every segment merged into one, the old pages zeroed:
without it an earlier name stays in the older segments, tests/privacy/test_erasure_bytes.py),
which a bare delete does not do, so the goals are for the time a worker waits, in the
background with "Erasing…" on screen: median at most 2 s, worst at most 10 s.
One JSON line; exits 1 if a goal is missed. The copies are removed afterwards.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import CLIENTS, OUT, demo_store, emit
from cass_desktop.data import changelog, local, open_store, purge, store_path
from cass_desktop.privacy import erasure

RUNS = int(os.environ.get("CASS_BENCH_RUNS", "5"))
EDITS = 20  # edits of other people between two erasures
MEDIAN_GOAL = 2.0
WORST_GOAL = 10.0
_LOGS = ("ops", "pending_ops", "refused_ops", "proposals")


def _rows_of(db, person: str) -> list[tuple[str, str]]:
    rows = [("clients", person)]
    for table in purge.CHILD_TABLES:
        found = db.execute(f'SELECT id FROM "{table}" WHERE client_id = ?', [person])
        rows += [(table, r[0]) for r in found]
    return rows


def _raw_delete(db, person: str) -> None:
    """The anchor: delete the person's rows and every change held for them, nothing else."""
    rows = _rows_of(db, person)
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        for table in purge.CHILD_TABLES:
            conn.execute(f'DELETE FROM "{table}" WHERE client_id = ?', [person])
        conn.execute("DELETE FROM clients WHERE id = ?", [person])
        for log in _LOGS:
            conn.executemany(
                f"DELETE FROM {log} WHERE tbl = ? AND row_id = ?",
                rows,
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _timed(work, person: str) -> float:
    started = time.perf_counter()
    work(person)
    return time.perf_counter() - started


def _copy(base: Path, folder: Path) -> Path:
    folder.mkdir()
    for name in ("cass.db", "cass.db-wal"):
        if (base / name).exists():
            shutil.copyfile(base / name, folder / name)
    return store_path(folder)


def main() -> int:
    base = demo_store(logged=True)
    with tempfile.TemporaryDirectory(dir=OUT, prefix="erasure-bench-") as tmp:
        started = time.perf_counter()
        db = open_store(_copy(base, Path(tmp) / "erased"), create=False)
        anchor = open_store(_copy(base, Path(tmp) / "anchor"), create=False)
        copied = time.perf_counter() - started
        try:
            # The laptop's own court's people (a laptop erases only those).
            site = local.get(db, "site_id")
            people = [
                r[0]
                for r in db.execute("SELECT id FROM clients WHERE site_id = ? ORDER BY id", [site])
            ]
            chosen = random.Random(13).sample(people, RUNS)
            sizes = [len(_rows_of(db, p)) for p in chosen]
            ops = [
                db.execute(
                    "SELECT count(*) FROM ops WHERE row_id IN (SELECT value FROM json_each(?))",
                    [json.dumps([r for _t, r in _rows_of(db, p)])],
                ).fetchone()[0]
                for p in chosen
            ]
            erased: list[float] = []
            raw: list[float] = []
            others = random.Random(14).sample(people, EDITS * RUNS)
            for n, person in enumerate(chosen):
                # A day's work between erasures (not timed), on both copies: new search
                # segments, which the erasure's optimise merges into the index again.
                for other in others[n * EDITS : (n + 1) * EDITS]:
                    for store in (db, anchor):
                        changelog.save(store, "clients", {"phone": f"07700 9{n:05d}"}, other)
                pair = [
                    (erased, lambda p: erasure.erase_person(db, p, "retention")),
                    (raw, lambda p: _raw_delete(anchor, p)),
                ]
                for times, work in pair if n % 2 == 0 else pair[::-1]:
                    times.append(_timed(work, person))
            fts_rows = db.execute("SELECT count(*) FROM clients_fts").fetchone()[0]
            held_ops = db.execute("SELECT count(*) FROM ops").fetchone()[0]
        finally:
            db.close()
            anchor.close()
    erase_s = statistics.median(erased)
    raw_s = statistics.median(raw)
    ratio = erase_s / raw_s if raw_s else float("inf")
    emit(
        {
            "figure": "one person's erasure (erase_person, as shipped)",
            "erasure_ms": round(erase_s * 1000, 1),
            "erasure_first_ms": round(erased[0] * 1000, 1),
            "erasure_worst_ms": round(max(erased) * 1000, 1),
            "anchor_raw_delete_ms": round(raw_s * 1000, 1),
            "ratio": round(ratio, 2),
            "people": CLIENTS,
            "ops_held": held_ops,
            "search_rows": fts_rows,
            "rows_a_person": f"{min(sizes)}-{max(sizes)}",
            "ops_a_person": f"{min(ops)}-{max(ops)}",
            "runs": RUNS,
            "edits_between": EDITS,
            "store": "plain demo store (SQLCipher's library, no key)",
            "copy_s": round(copied, 1),
            "goal": f"median <= {MEDIAN_GOAL} s, worst <= {WORST_GOAL} s",
            "load_average": round(os.getloadavg()[0], 2),
        }
    )
    return 0 if erase_s <= MEDIAN_GOAL and max(erased) <= WORST_GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
