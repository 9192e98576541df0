"""Referrals: the rule on sharing information, checking, and what saving fills in."""

from __future__ import annotations

import datetime as dt

import pytest

from cass_desktop.data import agencies, changelog, clients, consents, local
from cass_desktop.data import referrals as referral_data
from cass_desktop.records import vocab
from cass_desktop.records.dates import today
from cass_desktop.referrals.consent import SharingBlocked, covering_consents, sharing_block
from cass_desktop.referrals.saving import ReferralInvalid, mark_status, save_referral


@pytest.fixture
def sian(device_db) -> str:
    return clients.create(
        device_db,
        {"given_name": "Siân", "family_name": "Ní Bhriain", "gender": "Female"},
        site_code="PLY",
    )


@pytest.fixture
def shelter(device_db) -> str:
    return agencies.create(
        device_db,
        {"name": "Shelter Plymouth", "domains": "housing,money", "contact_name": "Marie"},
    )


def share(db, client_id, decision="given", *, agency_id=None, kind=None, on="2026-01-10"):
    return consents.record(
        db,
        {
            "client_id": client_id,
            "scope": "share",
            "agency_id": agency_id,
            "agency_kind": kind,
            "decision": decision,
            "decided_on": on,
            "how_recorded": "verbal",
        },
    )


def referral(client_id, agency_id, **more):
    return {
        "client_id": client_id,
        "agency_id": agency_id,
        "domains": "housing",
        "reason": "Sleeping in a tent since the eviction; wants help to find a room.",
        **more,
    }


# -- the sharing rule -----------------------------------------------------------------------


def test_no_consent_blocks_sharing_and_says_what_to_do(device_db, sian, shelter):
    message = sharing_block(device_db, referral(sian, shelter))
    assert message == (
        "Siân has not agreed to share her information with Shelter Plymouth. Record her "
        "consent with Record consent, or record a lawful reason to share without it."
    )


def test_consent_to_the_agency_by_name_allows_sharing(device_db, sian, shelter):
    share(device_db, sian, agency_id=shelter)
    assert sharing_block(device_db, referral(sian, shelter)) is None


def test_consent_to_a_kind_of_service_the_agency_gives_allows_sharing(device_db, sian, shelter):
    share(device_db, sian, kind="money")
    assert sharing_block(device_db, referral(sian, shelter)) is None


def test_consent_to_another_kind_or_agency_does_not(device_db, sian, shelter):
    other = agencies.create(device_db, {"name": "Hamoaze House", "domains": "substances"})
    share(device_db, sian, kind="mental_health")
    share(device_db, sian, agency_id=other)
    assert "has not agreed" in sharing_block(device_db, referral(sian, shelter))


def test_withdrawn_consent_blocks_with_the_date(device_db, sian, shelter):
    share(device_db, sian, agency_id=shelter, on="2026-01-10")
    share(device_db, sian, "withdrawn", agency_id=shelter, on="2026-02-03")
    message = sharing_block(device_db, referral(sian, shelter))
    assert message == (
        "Siân withdrew her consent to share her information with Shelter Plymouth on "
        "3 Feb 2026. If she now agrees, record her consent with Record consent, or record a "
        "lawful reason to share without it."
    )


def test_a_no_to_the_named_agency_wins_over_a_yes_to_its_kind(device_db, sian, shelter):
    share(device_db, sian, kind="housing")
    share(device_db, sian, "refused", agency_id=shelter, on="2026-01-12")
    message = sharing_block(device_db, referral(sian, shelter))
    assert message.startswith("Siân refused consent to share her information with Shelter")


def test_a_refusal_for_the_kind_is_explained(device_db, shelter):
    jay = clients.create(device_db, {"given_name": "Jay", "family_name": "Rowe"})
    share(device_db, jay, "refused", kind="housing", on="2026-01-12")
    message = sharing_block(device_db, referral(jay, shelter))
    assert message.startswith(
        "Jay refused consent to share their information with any housing and homelessness "
        "service on 12 Jan 2026. If they now agree,"
    )


def test_a_lawful_reason_allows_sharing_only_with_the_workers_words(device_db, sian, shelter):
    without = referral(sian, shelter, lawful_basis="safeguarding")
    assert "Write down why" in sharing_block(device_db, without)
    with_words = {**without, "lawful_reason": "Told me her partner threatened to kill her."}
    assert sharing_block(device_db, with_words) is None


def test_no_agency_is_blocked(device_db, sian):
    assert "Choose the agency" in sharing_block(device_db, referral(sian, None))


def test_covering_consents_are_the_ones_in_force(device_db, sian, shelter):
    by_kind = share(device_db, sian, kind="housing")
    assert [
        c["id"]
        for c in covering_consents(device_db, sian, {"id": shelter, "domains": "housing,money"})
    ] == [by_kind]
    named = share(device_db, sian, agency_id=shelter)
    agency = agencies.get(device_db, shelter)
    assert [c["id"] for c in covering_consents(device_db, sian, agency)] == [
        named,
        by_kind,
    ]
    share(device_db, sian, "withdrawn", agency_id=shelter)
    assert covering_consents(device_db, sian, agency) == []


# -- saving -----------------------------------------------------------------------------------


def test_a_draft_saves_without_consent_and_gets_a_follow_up_in_a_week(device_db, sian, shelter):
    referral_id = save_referral(device_db, referral(sian, shelter))
    row = referral_data.get(device_db, referral_id)
    assert row["status"] == "draft"
    assert row["made_on"] is None
    assert row["followup_due"] == (today() + dt.timedelta(days=7)).isoformat()
    assert row["worker_id"] == local.get(device_db, "worker_id")
    assert row["worker_name"] == "Alex Carter"
    assert row["agency_name"] == "Shelter Plymouth"


def test_marking_made_without_consent_is_refused_and_nothing_is_written(device_db, sian, shelter):
    before = changelog.count_ops(device_db)
    with pytest.raises(SharingBlocked, match="has not agreed") as caught:
        save_referral(device_db, referral(sian, shelter, status="made"))
    assert "with Record consent" in caught.value.message
    assert changelog.count_ops(device_db) == before
    assert referral_data.count(device_db) == 0


def test_marking_made_fills_the_day_and_the_consent_relied_on(device_db, sian, shelter):
    consent_id = share(device_db, sian, kind="housing")
    referral_id = save_referral(device_db, referral(sian, shelter))
    save_referral(device_db, {"status": "made"}, referral_id)
    row = referral_data.get(device_db, referral_id)
    assert row["status"] == "made"
    assert row["made_on"] == today().isoformat()
    assert row["consent_id"] == consent_id
    assert row["consent_decision"] == "given"


def test_every_change_is_in_the_change_log(device_db, sian, shelter):
    share(device_db, sian, agency_id=shelter)
    referral_id = save_referral(device_db, referral(sian, shelter, status="made"))
    mark_status(device_db, referral_id, "attended", outcome="Went; given a room.")
    logged = {
        (op.field, op.value)
        for op in changelog.iter_ops(device_db)
        if op.tbl == "referrals" and op.row_id == referral_id
    }
    assert ("status", "made") in logged
    assert ("status", "attended") in logged
    assert ("outcome", "Went; given a room.") in logged
    assert ("reason", referral(sian, shelter)["reason"]) in logged


def test_a_lawful_reason_lets_it_be_made(device_db, sian, shelter):
    referral_id = save_referral(
        device_db,
        referral(
            sian,
            shelter,
            status="made",
            lawful_basis="safeguarding",
            lawful_reason="  Fleeing violence at home; at risk tonight.  ",
        ),
    )
    row = referral_data.get(device_db, referral_id)
    assert row["lawful_reason"] == "Fleeing violence at home; at risk tonight."
    assert row["consent_id"] is None


def test_closing_is_always_allowed(device_db, sian, shelter):
    share(device_db, sian, agency_id=shelter)
    referral_id = save_referral(device_db, referral(sian, shelter, status="made"))
    share(device_db, sian, "withdrawn", agency_id=shelter)
    with pytest.raises(SharingBlocked, match="withdrew"):
        mark_status(device_db, referral_id, "accepted")
    mark_status(device_db, referral_id, "closed", outcome="Consent withdrawn.")
    assert referral_data.get(device_db, referral_id)["status"] == "closed"


def test_problems_are_listed_in_plain_words(device_db, sian):
    with pytest.raises(ReferralInvalid) as caught:
        save_referral(
            device_db,
            {
                "client_id": sian,
                "reason": "   ",
                "status": "made",
                "domains": "",
                "lawful_basis": "safeguarding",
                "support": "appointment_made",
                "followup_due": "2026-13-40",
            },
        )
    fields = dict(caught.value.problems)
    assert fields["agency_id"] == "Choose the agency the person is being referred to."
    assert fields["reason"] == "Write the reason for the referral, in your own words."
    assert "at least one need" in fields["domains"]
    assert "write down why" in fields["lawful_reason"]
    assert "Appointment made" in fields["appointment_at"]
    assert fields["followup_due"] == "The follow-up date is not a real date."


def test_an_inactive_agency_cannot_be_chosen(device_db, sian):
    gone = agencies.create(device_db, {"name": "Old Advice Shop", "domains": "money", "active": 0})
    with pytest.raises(ReferralInvalid, match="no longer active"):
        save_referral(device_db, referral(sian, gone))


def test_someone_elses_consent_cannot_be_relied_on(device_db, sian, shelter):
    jay = clients.create(device_db, {"given_name": "Jay", "family_name": "Rowe"})
    theirs = share(device_db, jay, agency_id=shelter)
    with pytest.raises(ReferralInvalid, match="not this person's consent"):
        save_referral(device_db, referral(sian, shelter, consent_id=theirs))


def test_lists_of_keys_are_stored_as_text(device_db, sian, shelter):
    referral_id = save_referral(
        device_db,
        referral(
            sian,
            shelter,
            domains=["housing", "money", "housing"],
            support=["phoned_ahead", "appointment_made"],
            appointment_at="2026-12-01T10:30",
        ),
    )
    row = referral_data.get(device_db, referral_id)
    assert row["domains"] == "housing,money"
    assert row["support"] == "phoned_ahead,appointment_made"


def test_the_awaiting_statuses_match_the_vocabulary():
    assert set(referral_data.AWAITING) == vocab.REFERRAL_STATUSES_AWAITING
    assert set(referral_data.FINISHED) | vocab.REFERRAL_STATUSES_SHARED | {"draft"} == set(
        vocab.REFERRAL_STATUSES
    )


# -- recording a decision ---------------------------------------------------------------------


def test_a_decision_is_recorded_only_when_whole(device_db, sian, shelter):
    from cass_desktop.referrals.consent import ConsentInvalid, record_consent

    future = (today() + dt.timedelta(days=1)).isoformat()
    decision = {"client_id": sian, "scope": "share", "decided_on": future}
    with pytest.raises(ConsentInvalid) as refused:
        record_consent(device_db, {**decision, "agency_id": shelter, "agency_kind": "housing"})
    assert refused.value.problems == [
        "Say who the information may be shared with: an agency or a kind.",
        "Say whether consent was given, refused or withdrawn.",
        "The date is in the future; give the day they decided.",
    ]
    assert consents.for_client(device_db, sian) == []
    record_consent(
        device_db,
        {**decision, "agency_id": shelter, "decision": "given", "decided_on": today().isoformat()},
    )
    assert sharing_block(device_db, referral(sian, shelter)) is None
