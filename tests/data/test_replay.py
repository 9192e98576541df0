"""Replaying the change log rebuilds the store exactly, in any order, any number of times.

Hypothesis makes random histories of creates, edits (no-op edits and the same field edited
again and again included) and deletes over the synced tables, with the laptop's wall clock
sometimes put back. After each history the log is replayed into empty stores: in order, twice,
and shuffled into bundles. Every synced row must come out the same, column for column.
"""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cass_desktop.data import (
    agencies,
    changelog,
    clients,
    consents,
    contacts,
    followups,
    hearings,
    hlc,
    merge,
    needs,
    open_store,
    sites,
)
from cass_desktop.records.schema import SYNCED

pytestmark = pytest.mark.slow  # hypothesis replays many random histories

T0 = 1_795_000_000_000

# Small pools of values, so edits often set what is already held (no-op) or undo each other.
_TEXT = st.sampled_from([None, "", "a", "b", "Siân", "Łukasz O'Brien", "2026-11-27T10:00"])
_DATE = st.sampled_from([None, "2026-11-27", "2026-12-11"])
_INT = st.sampled_from([None, 0, 1, 30])

FIELDS = {
    "clients": {
        "given_name": _TEXT,
        "family_name": _TEXT,
        "preferred_name": _TEXT,
        "date_of_birth": _DATE,
        "phone": st.sampled_from([None, "07700 900123", "(01752) 123456"]),
        "status": st.sampled_from(["open", "closed"]),
        "risk_flags": _TEXT,
    },
    "hearings": {
        "starts_at": st.sampled_from(["2026-11-27T10:00", "2026-12-11T14:00"]),
        "courtroom": _TEXT,
        "outcome": st.sampled_from([None, "adjourned", "sentenced"]),
        "next_hearing_at": st.sampled_from([None, "2026-12-11T14:00"]),
        "notes": _TEXT,
    },
    "contacts": {
        "kind": st.sampled_from(["court", "phone", None]),
        "at": st.sampled_from(["2026-11-27T09:00", "2026-11-27T15:00"]),
        "duration_minutes": _INT,
        "summary": _TEXT,
    },
    "needs": {
        "domain": st.sampled_from(["housing", "money"]),
        "level": st.sampled_from([None, "low", "high"]),
        "status": st.sampled_from(["identified", "met"]),
        "notes": _TEXT,
    },
    "followups": {
        "due_on": _DATE,
        "what": _TEXT,
        "done": _INT,
        "done_on": _DATE,
    },
    "agencies": {
        "name": _TEXT,
        "domains": st.sampled_from([None, "housing", "housing,money"]),
        "areas": _TEXT,
        "active": st.sampled_from([0, 1]),
    },
    "consents": {
        "scope": st.sampled_from(["hold", "share"]),
        "decision": st.sampled_from(["given", "withdrawn"]),
        "notes": _TEXT,
    },
    "sites": {"name": _TEXT, "code": st.sampled_from(["PLY", "TRU"])},
}
TABLES = sorted(FIELDS)


def _values(table: str):
    """Some of a table's fields (perhaps none), each with a value from its small pool."""
    return st.fixed_dictionaries({}, optional=FIELDS[table])


_clock_step = st.sampled_from([0, 0, 1, 250, -60_000])  # the wall clock sometimes goes back

_action = st.one_of(
    st.tuples(st.just("create"), st.sampled_from(TABLES), st.data(), _clock_step),
    st.tuples(st.just("edit"), st.sampled_from(TABLES), st.data(), _clock_step),
    st.tuples(st.just("edit"), st.sampled_from(TABLES), st.data(), _clock_step),
    st.tuples(st.just("delete"), st.sampled_from(TABLES), st.data(), _clock_step),
    st.tuples(st.just("create_many"), st.sampled_from(TABLES), st.data(), _clock_step),
)


@contextmanager
def _store():
    with tempfile.TemporaryDirectory() as folder:
        db = open_store(Path(folder) / "cass.db")
        try:
            yield db
        finally:
            db.close()


@contextmanager
def _fake_wall_clock():
    wall = [T0]
    real = hlc.now_ms
    hlc.now_ms = lambda: wall[0]
    try:
        yield wall
    finally:
        hlc.now_ms = real


def _create(db, table: str, values: dict, people: list[str]) -> str:
    """Create through the table's own data function, as the app does."""
    client = people[0] if people else None
    if table == "clients":
        return clients.create(db, values, "PLY")
    if table == "hearings":
        return hearings.create(db, {"client_id": client, **values})
    if table == "contacts":
        return contacts.create(db, {"client_id": client, **values})
    if table == "needs":
        return needs.create(db, {"client_id": client, **values})
    if table == "followups":
        return followups.create(db, {"client_id": client, **values})
    if table == "agencies":
        return agencies.create(db, values)
    if table == "consents":
        return consents.record(db, {"client_id": client, **values})
    return sites.create_site(db, values)


def _edit(db, table: str, row_id: str, values: dict) -> None:
    updates = {
        "clients": clients.update,
        "hearings": hearings.update,
        "contacts": contacts.update,
        "needs": needs.update,
        "agencies": agencies.update,
    }
    if table in updates:
        updates[table](db, row_id, values)
    elif table == "followups" and set(values) == {"done", "done_on"} and values["done"] == 1:
        followups.mark_done(db, row_id, values["done_on"])
    else:
        changelog.save(db, table, values, row_id)


def _run(db, actions, wall) -> None:
    made: dict[str, list[str]] = {t: [] for t in TABLES}
    for kind, table, data, step in actions:
        wall[0] += step
        values = data.draw(_values(table))
        rows = made[table]
        if kind == "create" or (kind != "create_many" and not rows):
            rows.append(_create(db, table, values, made["clients"]))
        elif kind == "create_many":
            records = [values, data.draw(_values(table))]
            rows.extend(changelog.save_new_many(db, table, records))
        elif kind == "edit":
            row_id = rows[data.draw(st.integers(0, len(rows) - 1))]
            _edit(db, table, row_id, values)
        else:
            changelog.delete(db, table, rows[data.draw(st.integers(0, len(rows) - 1))])


def _rows(db) -> dict[str, list[dict]]:
    return {
        table: [dict(r) for r in db.query(f"SELECT * FROM {table} ORDER BY id")] for table in SYNCED
    }


def _ops(db) -> set[tuple]:
    return {tuple(op) for op in changelog.iter_ops(db)}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(actions=st.lists(_action, min_size=1, max_size=25), data=st.data())
def test_replaying_the_log_rebuilds_the_same_rows(actions, data):
    with _fake_wall_clock() as wall, _store() as original:
        _run(original, actions, wall)
        expected = _rows(original)
        log = list(changelog.iter_ops(original))
        device = changelog.device_id(original)
        assert [op.seq for op in log] == list(range(1, len(log) + 1))
        assert {op.device_id for op in log} <= {device}

        # Every field's held clock is its newest op; created and updated are clocks of ops.
        for table, rows in expected.items():
            for row in rows:
                clocks = [op.hlc for op in log if op.row_id == row["id"]]
                assert row["created"] == min(clocks) and row["updated"] == max(clocks), table

        # In order, into an empty store; then again, which changes nothing.
        with _store() as replica:
            assert merge.apply_ops(replica, log) == len(log)
            assert _rows(replica) == expected
            assert _ops(replica) == _ops(original)
            assert merge.apply_ops(replica, log) == 0
            assert _rows(replica) == expected
            assert changelog.count_ops(replica) == len(log)

        # Shuffled and split into bundles arriving in any order: the same rows (last writer
        # wins per field, whatever order the ops come in).
        shuffled = data.draw(st.permutations(log), label="shuffled log")
        cuts = sorted(data.draw(st.lists(st.integers(0, len(log)), max_size=3), label="bundles"))
        bundles = [shuffled[a:b] for a, b in zip([0, *cuts], [*cuts, len(log)], strict=True)]
        with _store() as replica:
            for bundle in bundles:
                merge.apply_ops(replica, bundle)
            assert _rows(replica) == expected
            for bundle in reversed(bundles):
                assert merge.apply_ops(replica, bundle) == 0
            assert _rows(replica) == expected

        # Replaying the store's own log into itself changes nothing either.
        assert merge.apply_ops(original, log) == 0
        assert _rows(original) == expected
