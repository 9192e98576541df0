"""Which consent decisions are in force for a person."""

from __future__ import annotations

from cass_desktop.data import agencies, clients, consents


def test_latest_decision_for_each_thing_asked_is_in_force(device_db):
    db = device_db
    cid = clients.create(db, {"given_name": "Jago", "family_name": "Trelawny"})
    other = clients.create(db, {"given_name": "Tamsin", "family_name": "Rowe"})
    shelter = agencies.create(db, {"name": "Shelter Plymouth"})

    def record(**values):
        return consents.record(db, {"client_id": cid, **values})

    record(scope="hold", decision="given", decided_on="2026-11-01")
    record(scope="share", agency_id=shelter, decision="given", decided_on="2026-11-01")
    record(scope="share", agency_kind="housing", decision="refused", decided_on="2026-11-02")
    withdrawal = record(
        scope="share", agency_id=shelter, decision="withdrawn", decided_on="2026-11-20"
    )
    consents.record(db, {"client_id": other, "scope": "hold", "decision": "refused"})

    current = consents.current(db, cid)
    assert [(c["scope"], c["agency_name"], c["agency_kind"], c["decision"]) for c in current] == [
        ("hold", None, None, "given"),
        ("share", "Shelter Plymouth", None, "withdrawn"),
        ("share", None, "housing", "refused"),
    ]
    assert current[1]["id"] == withdrawal
    assert consents.get(db, withdrawal)["decided_on"] == "2026-11-20"
    assert len(consents.for_client(db, cid)) == 4


def test_same_day_decisions_are_ordered_by_when_they_were_recorded(device_db):
    cid = clients.create(device_db, {"given_name": "Jago", "family_name": "Trelawny"})
    consents.record(
        device_db,
        {"client_id": cid, "scope": "hold", "decision": "given", "decided_on": "2026-11-27"},
    )
    consents.record(
        device_db,
        {"client_id": cid, "scope": "hold", "decision": "withdrawn", "decided_on": "2026-11-27"},
    )
    assert [c["decision"] for c in consents.current(device_db, cid)] == ["withdrawn"]


def test_target_keys_tell_holding_sharing_and_kinds_apart():
    assert consents.target_key({"scope": "hold"}) == ("hold", "", "")
    assert consents.target_key({"scope": "share", "agency_id": "a1"}) == ("share", "agency", "a1")
    assert consents.target_key({"scope": "share", "agency_kind": "money"}) == (
        "share",
        "kind",
        "money",
    )
