"""The referrals store functions: joined rows and the lists the screens show."""

from __future__ import annotations

import pytest

from cass_desktop.data import agencies, changelog, clients, local
from cass_desktop.data import referrals as referral_data

TODAY = "2026-11-25"


@pytest.fixture
def world(device_db):
    db = device_db
    sian = clients.create(
        db, {"given_name": "Siân", "family_name": "Ní Bhriain", "address": "3 Looe St"}, "PLY"
    )
    lukasz = clients.create(db, {"given_name": "Łukasz", "family_name": "Wiśniewski"}, "PLY")
    shelter = agencies.create(
        db,
        {
            "name": "Shelter Plymouth",
            "domains": "housing",
            "address": "1 Armada Way",
            "contact_name": "Marie Luscombe",
            "phone": "01632 960001",
            "email": "referrals@shelter.example.org",
        },
    )
    hamoaze = agencies.create(db, {"name": "Hamoaze House", "domains": "substances,money"})

    def make(client, agency, **values):
        return referral_data.create(
            db,
            {"client_id": client, "agency_id": agency, "reason": "Needs help", **values},
        )

    ids = {
        "draft": make(sian, shelter, status="draft", domains="housing"),
        "made_overdue": make(
            sian,
            hamoaze,
            status="made",
            made_on="2026-11-10",
            followup_due="2026-11-17",
            domains="substances",
        ),
        "made_today": make(
            lukasz, shelter, status="made", made_on=TODAY, followup_due=TODAY, domains="housing"
        ),
        "attended_later": make(
            lukasz,
            hamoaze,
            status="attended",
            made_on="2026-11-01",
            followup_due="2026-12-02",
            domains="money,substances",
        ),
        "closed_overdue": make(
            sian,
            shelter,
            status="closed",
            made_on="2026-10-01",
            followup_due="2026-10-08",
            domains="housing",
        ),
    }
    return db, {"sian": sian, "lukasz": lukasz, "shelter": shelter, "hamoaze": hamoaze}, ids


def test_get_joins_the_person_agency_and_worker(world):
    db, _who, ids = world
    referral_data.update(db, ids["draft"], {"worker_id": local.get(db, "worker_id")})
    row = referral_data.get(db, ids["draft"])
    assert row["given_name"] == "Siân"
    assert row["family_name"] == "Ní Bhriain"
    assert row["reference"].startswith("PLY-")
    assert row["client_address"] == "3 Looe St"
    assert row["agency_name"] == "Shelter Plymouth"
    assert row["agency_address"] == "1 Armada Way"
    assert row["agency_contact"] == "Marie Luscombe"
    assert row["agency_phone"] == "01632 960001"
    assert row["agency_email"] == "referrals@shelter.example.org"
    assert row["worker_name"] == "Alex Carter"
    assert referral_data.get(db, "no-such-id") is None


def test_for_client_puts_drafts_first_then_newest(world):
    db, who, ids = world
    assert [r["id"] for r in referral_data.for_client(db, who["sian"])] == [
        ids["draft"],
        ids["made_overdue"],
        ids["closed_overdue"],
    ]


def test_search_filters(world):
    db, who, ids = world

    def found(**filters):
        return {r["id"] for r in referral_data.search(db, **filters)}

    assert found() == set(ids.values())
    assert found(awaiting=True) == {ids["made_overdue"], ids["made_today"]}
    assert found(status="draft") == {ids["draft"]}
    assert found(status=["attended", "closed"]) == {ids["attended_later"], ids["closed_overdue"]}
    assert found(followup_due_by=TODAY) == {ids["made_overdue"], ids["made_today"]}
    assert found(agency_id=who["hamoaze"]) == {ids["made_overdue"], ids["attended_later"]}
    assert found(domain="money") == {ids["attended_later"]}
    assert found(domain="substances", awaiting=True) == {ids["made_overdue"]}
    assert len(referral_data.search(db, limit=2)) == 2


def test_search_lists_soonest_follow_up_first(world):
    db, _who, ids = world
    order = [r["id"] for r in referral_data.search(db)]
    assert order.index(ids["closed_overdue"]) < order.index(ids["made_overdue"])
    assert order.index(ids["made_today"]) < order.index(ids["attended_later"])


def test_followups_due_leaves_out_closed_and_later_ones(world):
    db, _who, ids = world
    assert [r["id"] for r in referral_data.followups_due(db, TODAY)] == [
        ids["made_overdue"],
        ids["made_today"],
    ]


def test_followups_due_for_a_worker_includes_unassigned(world):
    db, _who, ids = world
    me = changelog.save(db, "workers", {"name": "Sam Okafor"})
    other = changelog.save(db, "workers", {"name": "Kerensa Pascoe"})
    referral_data.update(db, ids["made_overdue"], {"worker_id": me})
    referral_data.update(db, ids["made_today"], {"worker_id": other})
    assert [r["id"] for r in referral_data.followups_due(db, TODAY, me)] == [ids["made_overdue"]]
    referral_data.update(db, ids["made_today"], {"worker_id": None})
    assert [r["id"] for r in referral_data.followups_due(db, TODAY, me)] == [
        ids["made_overdue"],
        ids["made_today"],
    ]


def test_made_on_day(world):
    db, _who, ids = world
    assert [r["id"] for r in referral_data.made_on_day(db, TODAY)] == [ids["made_today"]]


def test_deleted_referrals_and_people_are_left_out(world):
    db, who, ids = world
    referral_data.delete(db, ids["made_today"])
    changelog.delete(db, "clients", who["sian"])
    assert {r["id"] for r in referral_data.search(db)} == {ids["attended_later"]}
    assert referral_data.count(db) == 1
    assert referral_data.get(db, ids["made_today"])["deleted"] == 1


def test_agencies_referred_to(world):
    db, _who, _ids = world
    rows = referral_data.agencies_referred_to(db)
    assert [(r["name"], r["referrals"]) for r in rows] == [
        ("Hamoaze House", 2),
        ("Shelter Plymouth", 3),
    ]
