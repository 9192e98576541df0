"""Follow-ups: editing, and undoing a 'done'."""

from __future__ import annotations

from cass_desktop.data import clients, followups


def test_edit_mark_done_and_reopen(device_db):
    db = device_db
    cid = clients.create(db, {"given_name": "Jago", "family_name": "Trelawny"})
    fid = followups.create(db, {"client_id": cid, "due_on": "2026-12-01", "what": "Ring CAB"})
    followups.update(db, fid, {"due_on": "2026-12-03", "what": "Ring CAB about arrears"})
    assert followups.get(db, fid)["what"] == "Ring CAB about arrears"
    assert [f["id"] for f in followups.due(db, "2026-12-03")] == [fid]

    followups.mark_done(db, fid, "2026-12-02")
    assert (followups.get(db, fid)["done"], followups.get(db, fid)["done_on"]) == (1, "2026-12-02")
    assert followups.due(db, "2026-12-31") == []

    followups.reopen(db, fid)
    row = followups.get(db, fid)
    assert (row["done"], row["done_on"]) == (0, None)
    assert [f["id"] for f in followups.due(db, "2026-12-31")] == [fid]
