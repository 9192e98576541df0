"""Records without a change log (`changelog.save_new_many(..., logged=False)`): only a demo
store takes them, and every other store still logs every field of every record it is given."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cass_desktop.data import changelog, local, made_up, open_store, store_path
from cass_desktop.sites.setup import set_up_device, set_up_head_office
from tests.helpers.stores import new_store, reopen

PEOPLE = [
    {"reference": "PLY-1", "given_name": "Kerensa", "family_name": "Trelawny"},
    {"reference": "PLY-2", "given_name": "Jory", "phone": "07700 900123"},
]


def _written(db) -> tuple[int, int, int, str | None]:
    return (
        db["clients"].count,
        changelog.count_ops(db),
        db.execute("SELECT count(*) FROM field_clocks").fetchone()[0],
        db.execute("SELECT value FROM local_state WHERE key = 'seq'").fetchone(),
    )


def _refused(db) -> None:
    before = _written(db)
    with pytest.raises(made_up.NotADemo):
        changelog.save_new_many(db, "clients", PEOPLE, logged=False)
    assert _written(db) == before  # nothing written, not even a sequence number


def test_a_court_s_store_refuses_records_without_a_change_log(device_db):
    _refused(device_db)  # (locked, as every real store is)


def test_a_plain_store_not_marked_as_demo_refuses(tmp_path):
    """Without the lock to go by, the store's own marks decide: a device's store that is not
    marked as demo data refuses, whatever connection asks."""
    db = open_store(store_path(tmp_path))
    try:
        local.put(db, "role", "device")
        _refused(db)
    finally:
        db.close()


def test_head_office_refuses_records_without_a_change_log(db):
    set_up_head_office(db, "Devon and Cornwall CASS")
    _refused(db)


def test_a_locked_store_refuses_them_even_when_marked_as_demo(db):
    local.mark_demo(db)  # no real store is ever marked, but a locked one is real whatever it says
    _refused(db)


def test_a_plain_store_not_marked_as_demo_refuses_them(tmp_path):
    db = open_store(store_path(tmp_path))
    try:
        _refused(db)
    finally:
        db.close()


def test_a_demo_marked_as_head_office_refuses_them(tmp_path):
    db = open_store(store_path(tmp_path))
    try:
        local.mark_demo(db)
        local.put(db, "role", "head-office")
        _refused(db)
    finally:
        db.close()


def test_a_demo_store_takes_them_with_no_op_clock_or_number(tmp_path):
    db = open_store(store_path(tmp_path))
    try:
        local.mark_demo(db)
        ids = changelog.save_new_many(db, "clients", PEOPLE, logged=False)
        assert _written(db)[:3] == (2, 0, 0)
        assert local.unexported_count(db) == 0
        assert all(made_up.is_made_up(db, "clients", i) for i in ids)
        # A person added afterwards is logged and clocked like any other, and is not made up.
        later = changelog.save(db, "clients", {"reference": "PLY-3", "given_name": "Tamsin"})
        assert changelog.count_ops(db) == 2
        assert not made_up.is_made_up(db, "clients", later)
        # An edit of a made-up person is logged and clocked as any edit (on no earlier clock).
        changelog.save(db, "clients", {"phone": "07700 900999"}, ids[0])
        [edit] = [op for op in changelog.iter_ops(db) if op.row_id == ids[0]]
        assert (edit.field, edit.value, edit.base_hlc) == ("phone", "07700 900999", None)
        assert set(changelog.held_clocks(db, "clients", ids[0])) == {"phone"}
        assert made_up.is_made_up(db, "clients", ids[0])  # still one the demo began with
    finally:
        db.close()


def test_nothing_is_made_up_outside_a_demo(device_db):
    [person] = changelog.save_new_many(device_db, "clients", PEOPLE[:1])
    assert not made_up.is_made_up(device_db, "clients", person)
    assert not made_up.is_made_up(device_db, "clients", "no-such-person")


_values = st.fixed_dictionaries(
    {},
    optional={
        "given_name": st.text(max_size=20),
        "family_name": st.text(max_size=20),
        "status": st.sampled_from(["open", "closed"]),
        "communication_needs": st.text(max_size=40),
        "deleted": st.integers(0, 1),
    },
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(records=st.lists(_values, min_size=1, max_size=8))
def test_a_real_store_still_writes_every_op(device_db, records):
    """Without the flag (every caller but the demo), one op and one field clock entry for each
    field given, as ever, numbered on without a gap."""
    before_ops = changelog.count_ops(device_db)
    before_clocks = device_db.execute("SELECT count(*) FROM field_clocks").fetchone()[0]
    seq = int(device_db.execute("SELECT value FROM local_state WHERE key = 'seq'").fetchone()[0])
    changelog.save_new_many(device_db, "clients", records)
    logged = sum(len({k: v for k, v in r.items() if v is not None}) or 1 for r in records)
    assert changelog.count_ops(device_db) == before_ops + logged
    clocks = device_db.execute("SELECT count(*) FROM field_clocks").fetchone()[0]
    assert clocks == before_clocks + logged
    assert local.unexported_count(device_db) == seq + logged  # nothing exported yet


def test_a_store_opened_again_still_refuses(tmp_path):
    """A court's store opened anew refuses (locked, as every real store is)."""
    path = store_path(tmp_path)
    db = new_store(path)
    set_up_device(db, "Truro Magistrates' Court", "Jo Pengelly")
    db.close()
    again = reopen(path)
    try:
        _refused(again)
    finally:
        again.close()
