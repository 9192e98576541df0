"""What the audit log costs on the two hot paths: opening a person's page and saving an edit.

A locked store set up for a court, with 2,000 people (written in bulk) and an audit log
already holding 50,000 entries (`CASS_BENCH_AUDIT_PEOPLE`, `CASS_BENCH_AUDIT_ENTRIES`), so
each new entry is chained onto a long log. Then, 20 times each, interleaved so load affects
both alike:

- opening a person: `ClientPage.load` (offscreen) of a person with a few records, with the
  view recorded as shipped, against the same with `audit.viewed` replaced by nothing;
- saving an edit: `people.saving.save_client` changing the phone number, with its audit entry
  (as shipped), against the same with `data.audit.save` replaced by a bare `changelog.save`.

Median CPU time of each; the ratio is with / without. Goals: opening at most 1.25x, saving at
most 2x (an edit writes its change-log operation and one audit entry: two small inserts).
Prints one JSON line for each; exits 1 if a goal is missed.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import PASSPHRASE, emit
from cass_desktop.data import audit as audit_data
from cass_desktop.data import changelog, contacts, hearings, keyfile, local, open_store, store_path
from cass_desktop.people import saving
from cass_desktop.sites.setup import set_up_device

PEOPLE = int(os.environ.get("CASS_BENCH_AUDIT_PEOPLE", "2000"))
ENTRIES = int(os.environ.get("CASS_BENCH_AUDIT_ENTRIES", "50000"))
RUNS = 20
OPEN_GOAL, SAVE_GOAL = 1.25, 2.0


def _cpu(work, arg: int) -> float:
    started = time.process_time()
    work(arg)
    return time.process_time() - started


def _fill(db) -> list[str]:
    site = local.get(db, "site_id")
    people = changelog.save_new_many(
        db,
        "clients",
        [
            {
                "given_name": f"Person {n}",
                "family_name": "Bench",
                "site_id": site,
                "opened_on": "2026-01-05",
                "status": "open",
            }
            for n in range(PEOPLE)
        ],
    )
    # The log's earlier entries, chained as `append` chains them, written in one go.
    device, worker = changelog.device_id(db), local.get(db, "worker_id")
    prev, rows = audit_data.GENESIS, []
    for n in range(ENTRIES):
        person = people[n % PEOPLE]
        entry = {
            "device_id": device,
            "seq": n + 1,
            "at": "2026-11-30T10:00:00+00:00",
            "worker_id": worker,
            "action": "view",
            "kind": "clients",
            "record_id": person,
            "client_id": person,
            "detail": "",
            "prev_hash": prev,
        }
        entry["hash"] = prev = audit_data.entry_hash(entry)
        rows.append([entry[name] for name in audit_data.COLUMNS])
    with db.atomic():
        db.conn.executemany(audit_data._INSERT, rows)
    for person in people[:50]:
        contacts.create(db, {"client_id": person, "kind": "court", "summary": "Seen"})
        hearings.create(db, {"client_id": person, "starts_at": "2026-12-10T10:00"})
    return people


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from cass_desktop.ui.people import client_page
    from cass_desktop.ui.shell.context import AppContext

    keyfile.use_fast_kdf_for_tests()  # unlocking is not what is measured
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = open_store(store_path(folder), key=PASSPHRASE)
        set_up_device(db, "Plymouth Magistrates' Court", "Alex Carter")
        started = time.perf_counter()
        people = _fill(db)
        print(f"filled in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        context = AppContext(db, store_path(folder))
        page = client_page.ClientPage(context)
        page.resize(1024, 700)
        page.show()
        app.processEvents()
        shown = client_page.audit.viewed
        bare_save = changelog.save
        recorded_save = audit_data.save

        def open_person(n: int):
            page.load(people[n % 50])
            app.processEvents()

        def save(n: int):
            form = {
                "given_name": "Morwenna",
                "family_name": "Bench",
                "opened_on": "05/01/2026",
                "phone": f"07700 9{n:05d}",
            }
            saving.save_client(db, form, people[1])

        opened = {"with": [], "without": []}
        saved = {"with": [], "without": []}
        for n in range(RUNS):
            for label in ("with", "without") if n % 2 == 0 else ("without", "with"):
                client_page.audit.viewed = shown if label == "with" else (lambda *_a: None)
                opened[label].append(_cpu(open_person, n))
                audit_data.save = recorded_save if label == "with" else bare_save
                saved[label].append(_cpu(save, 2 * n + (label == "with")))
        client_page.audit.viewed, audit_data.save = shown, recorded_save
        page.close()
        db.close()
    missed = False
    for what, times, goal in (
        ("open a person", opened, OPEN_GOAL),
        ("save an edit", saved, SAVE_GOAL),
    ):
        with_ms = statistics.median(times["with"]) * 1000
        without_ms = statistics.median(times["without"]) * 1000
        ratio = with_ms / without_ms if without_ms else float("inf")
        missed |= ratio > goal
        emit(
            {
                "figure": f"audit cost: {what}",
                "with_audit_ms": round(with_ms, 3),
                "anchor_without_audit_ms": round(without_ms, 3),
                "ratio": round(ratio, 3),
                "people": PEOPLE,
                "audit_entries": ENTRIES,
                "runs": RUNS,
                "goal": f"ratio <= {goal}",
                "load_average": round(os.getloadavg()[0], 2),
            }
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
