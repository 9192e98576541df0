"""Today's counts read indexes, not rows (issue 12: start-up on a cold cache). At 100,000
people counting a worker's referrals and follow-ups due read every one due at the court (2,690
and 3,886 rows, scattered over the file) to keep the worker's 20 and 25, and counting who was
seen today read each of the day's 1,054 contacts; m013's indexes hold what each count asks.
Checked by SQLite's own plan for the very statement each count runs, so a change to the query
or the index that sends it back to the rows fails here (no timing)."""

from __future__ import annotations

import pytest

from cass_desktop.data import contacts, followups
from cass_desktop.data import referrals as referral_data
from tests.helpers.stores import new_store

DAY = "2026-12-01"


@pytest.fixture
def db(tmp_path):
    store = new_store(tmp_path / "cass.db")
    yield store
    store.close()


def _plans(db, count) -> list[str]:
    """The plan of each statement `count()` runs, as SQLite words it."""
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        count()
    finally:
        db.conn.set_trace_callback(None)
    assert statements
    return [
        " / ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}")) for sql in statements
    ]


@pytest.mark.parametrize(
    ("count", "table", "index"),
    [
        (lambda db: followups.count_due(db, DAY, "worker-1"), "f", "followups_worker_due"),
        (
            lambda db: referral_data.count_followups_due(db, DAY, "worker-1"),
            "r",
            "referrals_worker_due",
        ),
        (lambda db: contacts.count_seen_on(db, DAY, "site-1"), "t", "contacts_on_day"),
    ],
    ids=["follow-ups due", "referrals due", "seen today"],
)
def test_each_count_reads_its_index_and_none_of_its_rows(db, count, table, index):
    for plan in _plans(db, lambda: count(db)):
        assert f"{table} USING COVERING INDEX {index}" in plan, plan
        assert f"{table} USING INDEX" not in plan, plan  # (a lookup of each row)
        assert f"SCAN {table}" not in plan, plan
