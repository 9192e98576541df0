"""Contacts: reading one back."""

from __future__ import annotations

from cass_desktop.data import clients, contacts


def test_get_returns_the_note_as_saved(device_db):
    cid = clients.create(device_db, {"given_name": "Jago", "family_name": "Trelawny"})
    contact_id = contacts.create(
        device_db,
        {"client_id": cid, "kind": "phone", "at": "2026-11-27T09:15", "summary": "Rang"},
    )
    row = contacts.get(device_db, contact_id)
    assert (row["client_id"], row["kind"], row["at"], row["summary"]) == (
        cid,
        "phone",
        "2026-11-27T09:15",
        "Rang",
    )
    assert contacts.get(device_db, "no-such-id") is None
