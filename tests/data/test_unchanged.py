"""A value read once for a batch is read again as soon as the store changes."""

from __future__ import annotations

from cass_desktop.data import local, store_path, unchanged
from tests.helpers.stores import new_store, reopen


def test_a_value_is_read_once_while_the_store_is_unchanged_and_again_after_any_change(
    tmp_path,
):
    db = new_store(store_path(tmp_path))
    local.put(db, "letterhead.phone", "01752 206 200")
    reads = []

    def read():
        reads.append(1)
        return local.get(db, "letterhead.phone")

    assert unchanged.kept(db, "phone", read) == "01752 206 200"
    assert unchanged.kept(db, "phone", read) == "01752 206 200"
    assert len(reads) == 1  # nothing changed: not read again

    local.put(db, "letterhead.phone", "01752 000 000")  # this connection writes
    assert unchanged.kept(db, "phone", read) == "01752 000 000"
    assert len(reads) == 2

    other = reopen(store_path(tmp_path))  # another connection (a background task) writes
    try:
        local.put(other, "letterhead.phone", "0344 515 1540")
    finally:
        other.close()
    assert unchanged.kept(db, "phone", read) == "0344 515 1540"
    assert len(reads) == 3
    db.close()


def test_values_are_kept_apart_by_key_and_by_connection(tmp_path):
    db = new_store(store_path(tmp_path))
    other = reopen(store_path(tmp_path))
    try:
        assert unchanged.kept(db, "a", lambda: 1) == 1
        assert unchanged.kept(db, "b", lambda: 2) == 2
        assert unchanged.kept(other, "a", lambda: 3) == 3
        assert unchanged.kept(db, "a", lambda: 4) == 1
    finally:
        other.close()
        db.close()
