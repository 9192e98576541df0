"""Head office's store after years of edits, against the records alone.

`bench_store_size` measures a head office that has merged a demo laptop whose every field was
set once. A real head office keeps years of casework: a referral made, accepted, attended; a
phone number changed; a need's level going down; notes added to. Each edit supersedes a value,
and head office keeps the superseded value in its field clock entry (docs/change-log.md,
"Head office keeps no op"), so its store grows with edits, not only with people.

A laptop's workload of `CASS_BENCH_EDIT_PEOPLE` people (5,000: the demo's records saved through
the change log, as `bench_store_size` makes its laptop) is merged into a new head office, as an
import merges it (gap-checked, in batches). Then rounds of edits are made on the laptop
through the change log (`changelog.save`, the one way an edit is stored), to the fields
casework changes, with values of the same kind and size, and each round's new changes are
merged in turn. After each round head office is measured with dbstat as `bench_store_size`
measures it. The goal is the same: the whole store within 2x its records, here after
`GOAL_EDITS` edits a person (the issue's national figure, 10 million field changes a year
for about 150,000 people, is mostly records made; 30 edits a person is a few years' casework).
One JSON line; exit 1 when the goal is missed.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

from _common import OUT, emit, make_store
from bench_store_size import measure
from cass_desktop.data import store_path

PEOPLE = int(os.environ.get("CASS_BENCH_EDIT_PEOPLE", "5000"))
ROUNDS = (10, 30, 60)  # edits a person, in all, after each round
GOAL_EDITS = 30
GOAL_RATIO = 2.0
_BATCH = 50_000

# The fields casework changes after a record is made, by table.
EDITED = {
    "clients": ("status", "phone", "address", "postcode", "keyworker_id", "risk_flags"),
    "needs": ("level", "status", "notes"),
    "referrals": ("status", "appointment_at", "followup_due", "outcome", "notes"),
    "hearings": ("outcome", "outcome_detail", "next_hearing_at", "notes"),
    "consents": ("decision", "notes"),
    "followups": ("due_on", "what"),
}
_NOTE = "Spoke with them again; they are keeping their appointments and the plan stands."


def _new_value(rng: random.Random, name: str, field, current, workers: list[str]):
    """Another value of the field's kind, the size a worker would type."""
    from cass_desktop.records import schema, vocab

    if field.kind in (schema.CHOICE, schema.CHOICES):
        keys = [k for k in getattr(vocab, field.vocab) if k != current]
        return rng.choice(keys)
    if field.kind == schema.DATE:
        return (dt.date.today() + dt.timedelta(days=rng.randint(-300, 120))).isoformat()
    if field.kind == schema.DATETIME:
        day = dt.date.today() + dt.timedelta(days=rng.randint(-300, 120))
        return f"{day.isoformat()}T{rng.choice((9, 10, 11, 14, 15)):02d}:{rng.choice((0, 30)):02d}"
    if field.kind == schema.LINK:
        return rng.choice(workers)
    if field.kind == schema.LONG_TEXT:
        return ((current or "") + " " + _NOTE)[-rng.randint(80, 400) :].strip()
    if name == "phone":
        return f"07700 900{rng.randint(0, 999):03d}"
    return f"PL{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}X"


def _edit(laptop: Path, edits: int, rng: random.Random) -> tuple[float, int]:
    """`edits` changes a person, made on the laptop; (seconds, changes logged)."""
    from cass_desktop.data import changelog, open_store
    from cass_desktop.records import schema

    db = open_store(store_path(laptop))
    try:
        workers = [r[0] for r in db.execute("SELECT id FROM workers")]
        rows = {
            table: [r[0] for r in db.execute(f"SELECT id FROM {table} WHERE deleted = 0")]
            for table in EDITED
        }
        weights = [len(rows[t]) for t in EDITED]
        before = changelog.count_ops(db)
        started = time.perf_counter()
        made = 0
        while made < edits * PEOPLE:
            with db.atomic():
                for _ in range(500):
                    table = rng.choices(list(EDITED), weights)[0]
                    row_id = rng.choice(rows[table])
                    current = changelog.get(db, table, row_id) or {}
                    names = rng.sample(EDITED[table], rng.randint(1, 2))
                    fields = schema.fields(table)
                    values = {}
                    for name in names:
                        values[name] = _new_value(
                            rng, name, fields[name], current.get(name), workers
                        )
                    changelog.save(db, table, values, row_id)
                    made += len(values)
        return time.perf_counter() - started, changelog.count_ops(db) - before
    finally:
        db.close()


def _merge_new(office: Path, laptop: Path, after: int) -> tuple[float, int, int]:
    """Merge the laptop's changes numbered above `after` into head office, as an import
    does; (seconds, changes merged, last number merged)."""
    from cass_desktop.data import changelog, local, merge, open_store

    ho = open_store(store_path(office))
    source = open_store(store_path(laptop))
    try:
        if local.get(ho, "role") != "head-office":
            local.put(ho, "role", "head-office")
        device = changelog.device_id(source)
        started = time.perf_counter()
        batch: list = []
        count, top = 0, after
        for op in changelog.iter_ops(source, device, after):
            batch.append(op)
            top = op.seq
            if len(batch) == _BATCH:
                merge.merge(ho, batch, gap_check=True)
                count, batch = count + len(batch), []
        merge.merge(ho, batch, gap_check=True)
        count += len(batch)
        seconds = time.perf_counter() - started
        ho.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return seconds, count, top
    finally:
        source.close()
        ho.close()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="office-edits-bench-", dir=OUT))
    rng = random.Random(1)
    rounds = []
    try:
        make_store(folder / "laptop", PEOPLE, logged=True)
        (folder / "office").mkdir()
        merge_s, merged, top = _merge_new(folder / "office", folder / "laptop", 0)
        made = measure(folder / "office", PEOPLE)
        rounds.append(
            {
                "edits_a_person": 0,
                "changes_merged": merged,
                "merge_s": round(merge_s, 1),
                **_summary(made),
            }
        )
        done = 0
        for total in ROUNDS:
            edit_s, logged = _edit(folder / "laptop", total - done, rng)
            done = total
            merge_s, merged, top = _merge_new(folder / "office", folder / "laptop", top)
            office = measure(folder / "office", PEOPLE)
            rounds.append(
                {
                    "edits_a_person": total,
                    "changes_logged": logged,
                    "edit_s": round(edit_s, 1),
                    "changes_merged": merged,
                    "merge_s": round(merge_s, 1),
                    **_summary(office),
                }
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    at_goal = next(r for r in rounds if r["edits_a_person"] == GOAL_EDITS)
    met = at_goal["ratio"] <= GOAL_RATIO
    emit(
        {
            "benchmark": "office_edits",
            "figure": f"head office after {GOAL_EDITS} edits a person, bytes a person",
            "value": at_goal["bytes_per_person"],
            "anchor": "the records alone (synced tables and their indexes), bytes a person",
            "anchor_value": at_goal["records_per_person"],
            "ratio": at_goal["ratio"],
            "people": PEOPLE,
            "rounds": rounds,
            "goal": f"ratio <= {GOAL_RATIO} after {GOAL_EDITS} edits a person",
            "met_goal": met,
            "load": os.getloadavg()[0],
        }
    )
    return 0 if met else 1


def _summary(figures: dict) -> dict:
    return {
        "bytes_per_person": figures["bytes_per_person"],
        "records_per_person": figures["by_group_per_person"]["records"],
        "change_log_per_person": figures["by_group_per_person"].get("change_log", 0),
        "ratio": figures["ratio"],
        "by_name_per_person": dict(list(figures["by_name_per_person"].items())[:8]),
    }


if __name__ == "__main__":
    raise SystemExit(main())
