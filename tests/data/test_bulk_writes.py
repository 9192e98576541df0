"""Creating many records at once (`changelog.save_new_many`, set-based) writes exactly what
saving each record in turn (`changelog.save`) writes: the rows, their search rows, one op per
field in the order given with the value as `save` logs it, and each op's field clock entry."""

from __future__ import annotations

import json

import pytest
import sqlcipher3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cass_desktop.data import changelog, clients, hlc, open_store, search_rows, store_path
from tests.helpers.stores import new_store

# Every kind of record a bulk write meets: mixed shapes, empty fields left out, whole numbers
# given as text and as numbers (the INTEGER fields hold numbers, the TEXT fields text), flags
# given as booleans, quotes, line breaks, control characters and letters beyond ASCII.
_RECORDS = {
    "clients": [
        {"reference": "PLY-1", "given_name": "Siân", "family_name": "O'Brien", "phone": None},
        {"family_name": 'Quote "and" back\\slash', "given_name": "Line\nbreak\ttab\x01"},
        {"reference": "PLY-3", "given_name": "Łukasz", "family_name": "Wiśniewski 😀"},
        {},
    ],
    "contacts": [
        {"client_id": "c1", "kind": "phone", "duration_minutes": "30", "summary": "spoke"},
        {"client_id": "c2", "duration_minutes": 45, "summary": 12},
        {"summary": "no minutes", "deleted": True},
    ],
}


def _written(db, table: str) -> dict:
    device = changelog.device_id(db)
    ids = [r[0] for r in db.execute(f"SELECT id FROM {table} ORDER BY rowid")]
    first = {i: n for n, i in enumerate(ids)}
    rows = [
        {k: v for k, v in r.items() if k not in ("id", "created", "updated")}
        for r in db.query(f"SELECT * FROM {table} ORDER BY rowid")
    ]
    mine = [o for o in changelog.iter_ops(db, device) if o.tbl == table]
    ops = [(first[o.row_id], o.field, o.value_json, o.base_hlc) for o in mine]
    seqs = [o.seq for o in mine]
    clocks = [
        tuple(r)
        for r in db.execute(
            "SELECT f.row, f.field, f.base, f.seq, o.hlc = r.created "
            f"FROM field_clocks f JOIN ops o ON o.seq = f.seq JOIN {table} r ON r.rowid = f.row "
            "ORDER BY f.seq"
        )
    ]
    created = [r[0] for r in db.execute(f"SELECT created FROM {table} ORDER BY rowid")]
    return {"rows": rows, "ops": ops, "seqs": seqs, "clocks": clocks, "created": created}


def test_bulk_writes_what_saving_each_in_turn_writes(tmp_path):
    one_by_one = new_store(tmp_path / "one.db")
    bulk = new_store(tmp_path / "bulk.db")
    try:
        for table, records in _RECORDS.items():
            for record in records:
                changelog.save(one_by_one, table, record)
            changelog.save_new_many(bulk, table, records)
            expected, got = _written(one_by_one, table), _written(bulk, table)
            assert got["rows"] == expected["rows"]
            assert got["ops"] == expected["ops"]
            assert got["seqs"] == expected["seqs"]  # gap-free, in the order given
            assert got["clocks"] == expected["clocks"]
            assert got["created"] == sorted(got["created"])  # one clock a record, in order
            assert len(set(got["created"])) == len(got["created"])
        # The search rows, written by the same triggers.
        assert clients.search(bulk, "sian") and clients.search(bulk, "obrien")
        for table in ("clients_fts", "clients_ids_fts", "client_initials"):
            query = f"SELECT * FROM {table}"
            assert bulk.execute(query).fetchall() == one_by_one.execute(query).fetchall()
        local = ("SELECT value FROM local_state WHERE key = 'seq'",)
        assert bulk.execute(*local).fetchone() == one_by_one.execute(*local).fetchone()
    finally:
        one_by_one.close()
        bulk.close()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=8))
def test_every_value_is_logged_as_save_logs_it(tmp_path_factory, texts):
    db = open_store(store_path(tmp_path_factory.mktemp("bulk")))  # plain: quick to make
    try:
        ids = changelog.save_new_many(db, "needs", [{"notes": t} for t in texts])
        logged = {o.row_id: o.value_json for o in changelog.iter_ops(db) if o.field == "notes"}
        assert [logged[i] for i in ids] == [json.dumps(t, ensure_ascii=False) for t in texts]
        assert [changelog.get(db, "needs", i)["notes"] for i in ids] == texts
    finally:
        db.close()


def test_a_batch_of_clocks_moves_on_a_millisecond_when_the_counter_is_full(tmp_path):
    db = new_store(tmp_path / "cass.db")
    try:
        clock = changelog.DeviceClock(db)
        far = hlc.HLC(hlc.now_ms() + 60_000, hlc.MAX_COUNTER - 2, clock.device).encode()
        clock.last = far
        stamps = clock.ticks(5)
        expected, last = [], far
        for _ in range(5):
            last = hlc.tick(last, clock.device)
            expected.append(last)
        assert stamps == expected and clock.last == stamps[-1]
        assert [hlc.HLC.decode(s).counter for s in stamps] == [
            hlc.MAX_COUNTER - 1,
            hlc.MAX_COUNTER,
            0,
            1,
            2,
        ]
        assert clock.ticks(0) == []
    finally:
        db.close()


def _people(count: int) -> list[dict]:
    return [
        {
            "reference": f"PLY-{n}",
            "given_name": ["Siân", "Łukasz", "Jory", "O'Neil"][n % 4],
            "family_name": f"Tre{n}lawny",
            "preferred_name": "Jo" if n % 3 else None,
            "date_of_birth": f"19{50 + n % 50}-0{1 + n % 9}-1{n % 10}",
            "phone": ["07700 900123", "+44 (0)1632 960001", None][n % 3],
        }
        for n in range(count)
    ]


def _search_rows(db) -> list:
    return [
        db.execute(q).fetchall()
        for q in ("SELECT rowid, * FROM clients_fts", "SELECT rowid, * FROM clients_ids_fts")
    ]


def _triggers(db) -> list:
    query = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY 1"
    return db.execute(query).fetchall()


def test_many_people_get_the_search_rows_their_triggers_give(tmp_path):
    """From `search_rows.AT_LEAST` records on, the search rows are written set-based by the
    triggers' own SQL: the same rows as the triggers write one by one, the triggers back as
    they were, and a later change still kept in the index by them."""
    count = search_rows.AT_LEAST + 7
    by_trigger = open_store(tmp_path / "one.db")
    bulk = open_store(tmp_path / "bulk.db")
    try:
        triggers = _triggers(bulk)
        for part in (_people(count)[:5], _people(count)[5:10]):
            changelog.save_new_many(by_trigger, "clients", part)  # under AT_LEAST: triggers
        for record in _people(count)[10:]:
            changelog.save(by_trigger, "clients", record)
        changelog.save_new_many(bulk, "clients", _people(count)[:10])
        changelog.save_new_many(bulk, "clients", _people(count)[10:])
        assert _search_rows(bulk) == _search_rows(by_trigger)
        assert _triggers(bulk) == triggers
        [[person]] = bulk.execute("SELECT id FROM clients WHERE reference = 'PLY-12'")
        changelog.save(bulk, "clients", {"family_name": "Penhaligon"}, person)
        assert [c["id"] for c in clients.search(bulk, "penhaligon")] == [person]
    finally:
        by_trigger.close()
        bulk.close()


def test_a_failed_bulk_write_leaves_the_triggers_and_the_index_as_they_were(tmp_path):
    db = open_store(store_path(tmp_path))
    try:
        changelog.save_new_many(db, "clients", _people(3))
        triggers, rows = _triggers(db), _search_rows(db)
        taken = [{**p, "reference": "PLY-0"} for p in _people(search_rows.AT_LEAST)]
        with pytest.raises(sqlcipher3.IntegrityError):  # the references must be unique
            changelog.save_new_many(db, "clients", taken)
        assert _triggers(db) == triggers and _search_rows(db) == rows
        assert db["clients"].count == 3
    finally:
        db.close()
