"""Needs: reading one, changing status, and finding an open need in a domain."""

from __future__ import annotations

from cass_desktop.data import changelog, clients, needs


def test_status_changes_are_logged_and_open_needs_found_by_domain(device_db):
    db = device_db
    cid = clients.create(db, {"given_name": "Jago", "family_name": "Trelawny"})
    need = needs.create(db, {"client_id": cid, "domain": "housing", "level": "high"})
    assert needs.get(db, need)["status"] == "identified"
    assert needs.open_in_domain(db, cid, "housing")["id"] == need
    assert needs.open_in_domain(db, cid, "money") is None

    needs.set_status(db, need, "being_met")
    assert needs.get(db, need)["status"] == "being_met"
    assert needs.open_in_domain(db, cid, "housing")["id"] == need
    ops = [op for op in changelog.iter_ops(db) if op.row_id == need and op.field == "status"]
    assert [op.value for op in ops] == ["being_met"]  # one logged change, synced

    needs.set_status(db, need, "met")
    assert needs.open_in_domain(db, cid, "housing") is None
    changelog.delete(db, "needs", needs.create(db, {"client_id": cid, "domain": "money"}))
    assert needs.open_in_domain(db, cid, "money") is None
