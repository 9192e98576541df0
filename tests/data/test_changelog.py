"""The change log: every write is its row and one op per changed field, in one transaction."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
import sqlcipher3

from cass_desktop.data import changelog, clients, hlc, local, merge, open_store, store_path
from cass_desktop.data.changelog import Op


def _ops(db, row_id=None):
    ops = list(changelog.iter_ops(db))
    return [op for op in ops if row_id is None or op.row_id == row_id]


def _seq(db) -> int:
    row = db.execute("SELECT value FROM local_state WHERE key = 'seq'").fetchone()
    return int(row[0]) if row else 0


def _assert_gap_free(db):
    device = changelog.device_id(db)
    seqs = [op.seq for op in changelog.iter_ops(db, device)]
    assert seqs == list(range(1, len(seqs) + 1))
    assert _seq(db) == len(seqs)


# --- creating ---------------------------------------------------------------------------------


def test_creating_writes_the_row_and_one_op_per_field(db):
    row_id = changelog.save(db, "needs", {"client_id": "c1", "domain": "housing", "level": "high"})
    row = changelog.get(db, "needs", row_id)
    assert row["domain"] == "housing" and row["level"] == "high"
    assert row["status"] == "identified"  # the default, not logged
    assert row["deleted"] == 0
    ops = _ops(db, row_id)
    assert sorted((op.field, op.value) for op in ops) == [
        ("client_id", "c1"),
        ("domain", "housing"),
        ("level", "high"),
    ]
    assert {op.tbl for op in ops} == {"needs"}
    assert {op.device_id for op in ops} == {changelog.device_id(db)}
    assert all(op.base_hlc is None for op in ops)
    # one clock for the whole save, which is the row's created and updated clock
    assert {op.hlc for op in ops} == {row["created"]} == {row["updated"]}
    _assert_gap_free(db)


def test_ids_are_uuids_made_here(db):
    row_id = changelog.save(db, "needs", {"domain": "money"})
    assert uuid.UUID(row_id)


def test_a_record_may_be_created_with_its_own_id(db):
    given = str(uuid.uuid4())
    assert changelog.save(db, "needs", {"domain": "money"}, given) == given
    assert changelog.get(db, "needs", given)["domain"] == "money"


def test_a_record_created_with_no_fields_still_logs_an_op(db):
    """Otherwise the record exists here and never reaches another device."""
    row_id = changelog.save(db, "needs", {})
    assert [(op.field, op.value) for op in _ops(db, row_id)] == [("deleted", 0)]
    [new_id] = changelog.save_new_many(db, "needs", [{}])
    assert [(op.field, op.value) for op in _ops(db, new_id)] == [("deleted", 0)]


def test_unknown_tables_and_fields_are_refused_and_nothing_written(db):
    with pytest.raises(ValueError, match="unknown table"):
        changelog.save(db, "secrets", {"x": 1})
    with pytest.raises(ValueError, match="no field shoe_size"):
        changelog.save(db, "clients", {"given_name": "Jo", "shoe_size": 9})
    with pytest.raises(ValueError):
        changelog.save(db, "clients", {"created": "now"})  # kept by the log, not writable
    assert changelog.count_ops(db) == 0
    assert clients.count(db) == 0


def test_values_must_be_text_or_numbers(db):
    with pytest.raises(ValueError, match="must be text or a number"):
        changelog.save(db, "clients", {"risk_flags": ["violence"]})
    assert changelog.count_ops(db) == 0


# --- updating ---------------------------------------------------------------------------------


def test_updating_logs_only_the_fields_that_change(db):
    row_id = changelog.save(db, "needs", {"domain": "housing", "level": "low", "notes": "x"})
    created = changelog.get(db, "needs", row_id)["created"]
    changelog.save(db, "needs", {"domain": "housing", "level": "high", "notes": "x"}, row_id)
    ops = _ops(db, row_id)
    assert len(ops) == 4
    last = ops[-1]
    assert (last.field, last.value) == ("level", "high")
    row = changelog.get(db, "needs", row_id)
    assert row["level"] == "high"
    assert row["created"] == created
    assert row["updated"] == last.hlc > created
    _assert_gap_free(db)


def test_one_op_per_changed_field_with_the_clock_held_as_base(db):
    row_id = changelog.save(db, "clients", {"given_name": "Jo", "family_name": "Pascoe"})
    first = {op.field: op.hlc for op in _ops(db, row_id)}
    changelog.save(db, "clients", {"family_name": "Penrose"}, row_id)
    second = _ops(db, row_id)[-1]
    assert second.base_hlc == first["family_name"]
    changelog.save(db, "clients", {"given_name": "Joanna", "family_name": "Pender"}, row_id)
    third = {op.field: op for op in _ops(db, row_id)[-2:]}
    assert third["given_name"].base_hlc == first["given_name"]
    assert third["family_name"].base_hlc == second.hlc
    assert changelog.held_clocks(db, "clients", row_id) == {
        "given_name": third["given_name"].hlc,
        "family_name": third["family_name"].hlc,
    }


def test_held_clocks_are_the_newest_op_per_field(db):
    row_id = changelog.save(db, "needs", {"domain": "housing", "level": "low"})
    changelog.save(db, "needs", {"level": "high"}, row_id)
    ops = _ops(db, row_id)
    assert changelog.held_clocks(db, "needs", row_id) == {
        "domain": ops[0].hlc,  # both fields were first saved together, with one clock
        "level": ops[-1].hlc,
    }
    assert changelog.held_clocks(db, "needs", "no-such-row") == {}


def test_an_unchanged_save_writes_no_op_and_keeps_updated(db):
    row_id = changelog.save(db, "contacts", {"kind": "court", "duration_minutes": 30})
    before = changelog.get(db, "contacts", row_id)
    count = changelog.count_ops(db)
    assert changelog.save(db, "contacts", {"kind": "court"}, row_id) == row_id
    changelog.save(db, "contacts", {}, row_id)
    changelog.save(db, "contacts", {"kind": "court", "duration_minutes": 30}, row_id)
    assert changelog.count_ops(db) == count
    assert changelog.get(db, "contacts", row_id) == before
    _assert_gap_free(db)


def test_values_are_logged_as_the_store_holds_them(db):
    """A number typed as text into a number field (or the reverse) is held converted; saving
    the same again must not log a change every time."""
    row_id = changelog.save(db, "contacts", {"duration_minutes": "30", "place": 12})
    row = changelog.get(db, "contacts", row_id)
    assert row["duration_minutes"] == 30 and row["place"] == "12"
    logged = {op.field: op.value for op in _ops(db, row_id)}
    assert logged == {"duration_minutes": 30, "place": "12"}
    count = changelog.count_ops(db)
    changelog.save(db, "contacts", {"duration_minutes": "30", "place": 12}, row_id)
    changelog.save(db, "contacts", {"duration_minutes": 30, "place": "12"}, row_id)
    changelog.save(db, "followups", {"done": True}, changelog.save(db, "followups", {"done": 1}))
    assert changelog.count_ops(db) == count + 1  # only the follow-up's creation


def test_setting_a_field_to_nothing_is_a_change(db):
    row_id = changelog.save(db, "needs", {"notes": "sofa surfing"})
    changelog.save(db, "needs", {"notes": None}, row_id)
    last = _ops(db, row_id)[-1]
    assert (last.field, last.value_json, last.value) == ("notes", None, None)
    assert changelog.get(db, "needs", row_id)["notes"] is None


def test_text_is_logged_as_json_keeping_every_character(db):
    name = 'Siân "Shaz" Ní Bhriain — Łukasz\n2nd line'
    row_id = changelog.save(db, "needs", {"notes": name})
    [op] = _ops(db, row_id)
    assert json.loads(op.value_json) == name
    assert "Siân" in op.value_json  # readable, not \\u escapes


# --- deleting ---------------------------------------------------------------------------------


def test_deleting_is_a_field_like_any_other(db):
    row_id = changelog.save(db, "needs", {"domain": "money"})
    changelog.delete(db, "needs", row_id)
    row = changelog.get(db, "needs", row_id)
    assert row is not None and row["deleted"] == 1
    last = _ops(db, row_id)[-1]
    assert (last.field, last.value) == ("deleted", 1)
    # deleting twice changes nothing; undeleting is another change
    count = changelog.count_ops(db)
    changelog.delete(db, "needs", row_id)
    assert changelog.count_ops(db) == count
    changelog.save(db, "needs", {"deleted": 0}, row_id)
    assert changelog.get(db, "needs", row_id)["deleted"] == 0
    _assert_gap_free(db)


def test_deleting_a_record_that_is_not_held_is_refused(db):
    """It used to create an empty, deleted record with that id."""
    with pytest.raises(ValueError, match="no record"):
        changelog.delete(db, "clients", "no-such-id")
    assert changelog.get(db, "clients", "no-such-id") is None
    assert changelog.count_ops(db) == 0


# --- sequence and clocks ----------------------------------------------------------------------


def test_sequence_is_gap_free_across_tables_and_kinds_of_write(db):
    a = changelog.save(db, "needs", {"domain": "money", "level": "low"})
    changelog.save_new_many(db, "agencies", [{"name": "Shelter"}, {"name": "StepChange"}])
    changelog.save(db, "needs", {"level": "high"}, a)
    changelog.save(db, "needs", {"level": "high"}, a)  # nothing
    changelog.delete(db, "needs", a)
    with pytest.raises(ValueError):
        changelog.save(db, "needs", {"bogus": 1}, a)
    _assert_gap_free(db)
    assert local.unexported_count(db) == changelog.count_ops(db) == 6


def test_clocks_increase_with_every_save_even_if_the_wall_clock_goes_back(db, monkeypatch):
    wall = [1_795_000_000_000]
    monkeypatch.setattr(hlc, "now_ms", lambda: wall[0])
    first = changelog.save(db, "needs", {"domain": "money"})
    wall[0] -= 3_600_000  # the laptop's clock is put back an hour
    second = changelog.save(db, "needs", {"domain": "housing"})
    changelog.save(db, "needs", {"level": "high"}, first)
    clocks = [op.hlc for op in changelog.iter_ops(db)]
    assert clocks == sorted(clocks) and len(set(clocks)) == 3
    assert (
        changelog.get(db, "needs", second)["created"] > changelog.get(db, "needs", first)["created"]
    )


def test_the_clock_and_sequence_survive_reopening(tmp_path):
    path = store_path(tmp_path)
    db = open_store(path)
    changelog.save(db, "needs", {"domain": "money"})
    last = list(changelog.iter_ops(db))[-1]
    db.close()
    db = open_store(path)
    changelog.save(db, "needs", {"domain": "housing"})
    newest = list(changelog.iter_ops(db))[-1]
    assert newest.seq == last.seq + 1
    assert newest.hlc > last.hlc
    db.close()


def test_save_new_many_writes_rows_and_ops_in_one_go(db):
    given = str(uuid.uuid4())
    ids = changelog.save_new_many(
        db,
        "agencies",
        [
            {"name": "Shelter", "domains": "housing"},
            {"id": given, "name": "Citizens Advice", "phone": "0800 144 8848"},
        ],
    )
    assert ids[1] == given
    first, second = (changelog.get(db, "agencies", i) for i in ids)
    assert first["name"] == "Shelter" and first["active"] == 1 and first["phone"] is None
    assert second["phone"] == "0800 144 8848" and second["domains"] is None
    assert first["created"] < second["created"]
    assert len(_ops(db, ids[0])) == 2 and len(_ops(db, given)) == 2
    _assert_gap_free(db)


def test_save_new_many_is_all_or_nothing(db):
    taken = changelog.save(db, "agencies", {"name": "Shelter"})
    with pytest.raises(sqlcipher3.IntegrityError):
        changelog.save_new_many(db, "agencies", [{"name": "A"}, {"id": taken, "name": "B"}])
    assert changelog.count_ops(db) == 1
    assert db.execute("SELECT count(*) FROM agencies").fetchone()[0] == 1
    _assert_gap_free(db)


def test_iter_ops_by_device_after_a_sequence_number(db):
    for domain in ("money", "housing", "drugs"):
        changelog.save(db, "needs", {"domain": domain})
    device = changelog.device_id(db)
    assert [op.seq for op in changelog.iter_ops(db, device, after_seq=1)] == [2, 3]
    assert changelog.count_ops(db, device, after_seq=1) == 2
    assert list(changelog.iter_ops(db, "another-device")) == []
    assert changelog.count_ops(db, "another-device") == 0


def test_day_bounds_cover_one_whole_day():
    assert changelog.day_bounds("2026-11-27") == ("2026-11-27", "2026-11-28")
    assert changelog.day_bounds("2026-12-31") == ("2026-12-31", "2027-01-01")
    start, end = changelog.day_bounds("2026-11-27")
    assert start <= "2026-11-27T00:00" < end and start <= "2026-11-27T23:59" < end


def test_get_returns_deleted_records_and_refuses_unknown_tables(db):
    row_id = changelog.save(db, "needs", {"domain": "money"})
    changelog.delete(db, "needs", row_id)
    assert changelog.get(db, "needs", row_id)["id"] == row_id
    assert changelog.get(db, "needs", "missing") is None
    with pytest.raises(ValueError):
        changelog.get(db, "sqlite_master", row_id)


# --- transactions -----------------------------------------------------------------------------


def test_a_failed_write_leaves_neither_row_nor_ops(db):
    """Client references are unique: a clash fails the whole save, ops and sequence included."""
    clients.create(db, {"given_name": "Jo", "reference": "PLY-AAAA-BBBB"})
    count, seq = changelog.count_ops(db), _seq(db)
    with pytest.raises(sqlcipher3.IntegrityError):
        changelog.save(db, "clients", {"given_name": "Sam", "reference": "PLY-AAAA-BBBB"})
    assert changelog.count_ops(db) == count and _seq(db) == seq
    assert clients.count(db) == 1
    # and the next save carries on the sequence without a gap
    clients.create(db, {"given_name": "Sam"}, "PLY")
    _assert_gap_free(db)


def test_a_save_inside_a_larger_transaction_rolls_back_with_it(db):
    with pytest.raises(RuntimeError), db.atomic():
        changelog.save(db, "needs", {"domain": "money"})
        raise RuntimeError("the rest of the work failed")
    assert changelog.count_ops(db) == 0
    assert db.execute("SELECT count(*) FROM needs").fetchone()[0] == 0
    assert _seq(db) == 0


def test_two_connections_writing_at_once_both_succeed_with_one_sequence(tmp_path):
    """A background thread's connection writes while the UI's reads then writes.

    With sqlite-utils' deferred BEGIN, the UI's transaction read the sequence, the other
    connection committed, and the UI's write then failed with "database is locked".
    """
    path = store_path(tmp_path)
    ui = open_store(path)
    failures: list[BaseException] = []
    started = threading.Event()

    def background():
        other = open_store(path, create=False)
        try:
            started.set()
            for i in range(5):
                changelog.save(other, "needs", {"domain": f"bg{i}"})
        except BaseException as exc:
            failures.append(exc)
        finally:
            other.close()

    thread = threading.Thread(target=background)
    with ui.atomic():
        held = clients.count(ui)  # a read first, as clients.create does
        thread.start()
        started.wait()
        changelog.save(ui, "needs", {"domain": "ui"})
    thread.join()
    for i in range(3):
        changelog.save(ui, "needs", {"domain": f"ui{i}"})
    assert failures == []
    assert held == 0
    assert db_count(ui, "needs") == 9
    _assert_gap_free(ui)
    ui.close()


def db_count(db, table):
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


_CRASH = """
import os, sys
from cass_desktop.data import changelog, open_store
db = open_store(sys.argv[1])
for i in range(5):
    changelog.save(db, "needs", {"domain": f"saved{i}"})
db.conn.execute("BEGIN IMMEDIATE")
changelog.save(db, "needs", {"domain": "half-done"})
os._exit(9)  # the process dies: no commit, no close, no checkpoint
"""


def test_a_crash_mid_write_loses_no_saved_work(tmp_path: Path):
    path = store_path(tmp_path)
    open_store(path).close()
    result = subprocess.run([sys.executable, "-c", _CRASH, str(path)], check=False)
    assert result.returncode == 9
    db = open_store(path)
    domains = sorted(r[0] for r in db.execute("SELECT domain FROM needs"))
    assert domains == [f"saved{i}" for i in range(5)]
    _assert_gap_free(db)
    changelog.save(db, "needs", {"domain": "after"})
    _assert_gap_free(db)
    db.close()


def test_writes_are_made_durable(db):
    """synchronous=FULL: a change reported saved survives a power cut, not only a crash."""
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2


# --- applying ops from elsewhere --------------------------------------------------------------


def _op(device, seq, clock, table, row_id, field, value, base=None):
    return Op(
        device,
        seq,
        clock,
        table,
        row_id,
        field,
        None if value is None else json.dumps(value),
        base,
    )


def test_apply_ops_last_writer_wins_per_field(db):
    row = str(uuid.uuid4())
    early = hlc.HLC(1_795_000_000_000, 0, "b").encode()
    late = hlc.HLC(1_795_000_000_500, 0, "c").encode()
    newer = _op("c", 1, late, "needs", row, "level", "high")
    older = _op("b", 1, early, "needs", row, "level", "low")
    other = _op("b", 2, early, "needs", row, "domain", "money")
    assert merge.apply_ops(db, [newer, older, other]) == 3
    held = changelog.get(db, "needs", row)
    assert held["level"] == "high" and held["domain"] == "money"
    assert held["created"] == early and held["updated"] == late
    # applying again changes nothing
    assert merge.apply_ops(db, [newer, older, other]) == 0
    assert changelog.get(db, "needs", row) == held


def test_apply_ops_moves_this_devices_clock_past_what_it_saw(db):
    ahead = hlc.HLC(hlc.now_ms() + 86_400_000, 5, "b").encode()
    merge.apply_ops(db, [_op("b", 1, ahead, "needs", str(uuid.uuid4()), "domain", "x")])
    row_id = changelog.save(db, "needs", {"domain": "money"})
    assert _ops(db, row_id)[0].hlc > ahead


def test_apply_ops_refuses_unknown_tables_and_fields_and_applies_none(db):
    good = _op("b", 1, hlc.tick(None, "b"), "needs", "r1", "domain", "money")
    bad = _op("b", 2, hlc.tick(None, "b"), "needs", "r1", "id; DROP TABLE needs", 1)
    with pytest.raises(ValueError):
        merge.apply_ops(db, [good, bad])
    assert changelog.count_ops(db) == 0
    assert changelog.get(db, "needs", "r1") is None


def test_own_ops_coming_back_do_not_make_the_sequence_repeat(tmp_path):
    """A store restored from an older copy gets its own later changes back from head office:
    its next change must not reuse one of their sequence numbers."""
    path = store_path(tmp_path)
    db = open_store(path)
    changelog.save(db, "needs", {"domain": "money"})
    db.close()
    copy = tmp_path / "copy.db"
    copy.write_bytes(path.read_bytes())
    db = open_store(path)
    for domain in ("housing", "drugs"):
        changelog.save(db, "needs", {"domain": domain})
    later = list(changelog.iter_ops(db))[1:]
    db.close()

    restored = open_store(copy)
    assert merge.apply_ops(restored, later) == 2
    changelog.save(restored, "needs", {"domain": "family"})
    device = changelog.device_id(restored)
    assert [op.seq for op in changelog.iter_ops(restored, device)] == [1, 2, 3, 4]
    restored.close()
