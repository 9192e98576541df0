"""Consent to hold (issue 13): without it only the minimum is kept, on real stores."""

from __future__ import annotations

import datetime as dt

import pytest

from cass_desktop.data import clients, consents, contacts, needs
from cass_desktop.people import casework, hold, merging, saving
from cass_desktop.records import dates, schema
from cass_desktop.records.problems import RecordInvalid
from cass_desktop.referrals import saving as referral_saving
from tests.helpers.people import add_person


def _person(db, answer: str = hold.NOT_ASKED) -> str:
    return add_person(db, "Kit", "Rowe", hold_consent=answer)


def test_the_answer_in_force_is_the_latest_decision(db):
    cid = _person(db)
    assert hold.answer(db, cid) == hold.NOT_ASKED
    assert hold.record(db, cid, hold.NOT_ASKED, worker_id=None) is None  # records nothing
    hold.record(db, cid, hold.NO, worker_id=None)
    assert hold.answer(db, cid) == hold.NO
    hold.record(db, cid, hold.YES, worker_id=None)
    assert hold.answer(db, cid) == hold.YES
    assert hold.state(db, cid).decided_on is not None
    withdrawn = {"client_id": cid, "scope": "hold", "decision": "withdrawn"}
    consents.record(db, {**withdrawn, "decided_on": "2099-01-01"})
    assert hold.answer(db, cid) == hold.NO


@pytest.mark.parametrize(
    "save",
    [
        lambda db, cid: casework.save_need(db, {"client_id": cid, "domain": "housing"}),
        lambda db, cid: casework.save_followup(
            db, {"client_id": cid, "due_on": "2099-01-01", "what": "Ring Shelter"}
        ),
        lambda db, cid: casework.save_contact(
            db, {"client_id": cid, "at": "2026-01-05T10:00", "summary": "Talked about money"}
        ),
    ],
)
def test_without_consent_casework_is_refused_in_one_sentence_and_nothing_saved(db, save):
    cid = _person(db, hold.NO)
    seq = db.execute("SELECT count(*) FROM ops").fetchone()[0]
    with pytest.raises(RecordInvalid) as refused:
        save(db, cid)
    [sentence] = refused.value.problems
    assert sentence.startswith("Not saved: they have not agreed to their information being held")
    assert sentence.endswith("record their consent first.")
    assert db.execute("SELECT count(*) FROM ops").fetchone()[0] == seq


@pytest.mark.parametrize("newer_on", ["duplicate", "kept"])
@pytest.mark.parametrize(("older", "newer"), [(hold.YES, hold.NO), (hold.NO, hold.YES)])
def test_after_a_merge_the_latest_answer_of_either_record_is_in_force(db, older, newer, newer_on):
    kept = clients.create(db, {"given_name": "Ola", "family_name": "Bee"}, "PLY")
    duplicate = clients.create(db, {"given_name": "Ola", "family_name": "B"}, "PLY")
    today = dates.today()
    old_one, new_one = (kept, duplicate) if newer_on == "duplicate" else (duplicate, kept)
    hold.record(db, old_one, older, worker_id=None, on=today - dt.timedelta(days=30))
    hold.record(db, new_one, newer, worker_id=None, on=today)
    merging.merge_people(db, duplicate, kept)
    assert hold.answer(db, kept) == hold.answer(db, duplicate) == newer
    assert hold.state(db, kept).decided_on == today.isoformat()
    need = {"client_id": kept, "domain": "housing", "status": "open"}
    if newer == hold.YES:
        casework.save_need(db, need)
        assert [n["domain"] for n in needs.for_client(db, kept)] == ["housing"]
        return
    seq = db.execute("SELECT count(*) FROM ops").fetchone()[0]
    with pytest.raises(hold.HoldRefused) as refused:
        casework.save_need(db, need)
    [sentence] = refused.value.problems
    assert sentence.startswith("Not saved: they have not agreed to their information being held")
    assert db.execute("SELECT count(*) FROM ops").fetchone()[0] == seq
    assert needs.for_client(db, kept) == []


def test_a_no_merged_in_twice_removed_still_counts_and_undoing_the_merge_drops_it(db):
    kept, middle, first = (
        clients.create(db, {"given_name": "Ola", "family_name": name}, "PLY")
        for name in ("Bee", "Be", "B")
    )
    hold.record(db, kept, hold.YES, worker_id=None, on=dates.today() - dt.timedelta(days=30))
    hold.record(db, first, hold.NO, worker_id=None)
    merging.merge_people(db, first, middle)
    merging.merge_people(db, middle, kept)
    assert hold.answer(db, kept) == hold.NO
    # Many people at once (the day's list) by the same rule: the No, from any of the records.
    assert hold.decisions_in_force(db, [kept, middle, first]) == dict.fromkeys(
        [kept, middle, first], "refused"
    )
    merging.undo_merge(db, middle)
    assert hold.answer(db, kept) == hold.YES
    assert hold.answer(db, middle) == hold.NO
    assert hold.decisions_in_force(db, [kept, middle, first]) == {
        kept: "given",
        middle: "refused",
        first: "refused",
    }


def test_consent_recorded_later_lets_the_need_be_added(db):
    cid = _person(db, hold.NO)
    with pytest.raises(hold.HoldRefused):
        casework.save_need(db, {"client_id": cid, "domain": "housing"})
    hold.record(db, cid, hold.YES, worker_id=None)
    casework.save_need(db, {"client_id": cid, "domain": "housing"})
    assert [n["domain"] for n in needs.for_client(db, cid)] == ["housing"]


def test_not_yet_asked_does_not_stop_the_work(db):
    cid = _person(db)
    casework.save_need(db, {"client_id": cid, "domain": "money"})
    assert len(needs.for_client(db, cid)) == 1


def test_a_new_person_who_says_no_keeps_only_the_minimum(db):
    form = {"given_name": "Kit", "family_name": "Rowe", "opened_on": "01/12/2026"}
    with pytest.raises(saving.ClientInvalid) as refused:
        saving.save_client(db, {**form, "phone": "07700 900123", "hold_consent": hold.NO})
    [problem] = refused.value.problems
    assert problem.field == "hold_consent" and "not agreed" in problem.message
    assert clients.count(db) == 0
    cid = saving.save_client(db, {**form, "date_of_birth": "14/03/1990", "hold_consent": "no"})
    assert hold.answer(db, cid) == hold.NO
    with pytest.raises(saving.ClientInvalid):  # editing them later: the same rule
        saving.save_client(db, {**form, "email": "kit@example.org"}, cid)


def test_a_new_person_must_be_asked_when_the_form_asks(db):
    form = {"given_name": "Kit", "family_name": "Rowe", "opened_on": "01/12/2026"}
    problems = saving.form_problems(db, {**form, "hold_consent": None})
    assert [p.field for p in problems] == ["hold_consent"]


def test_a_referral_without_consent_needs_a_lawful_reason(db):
    cid = _person(db, hold.NO)
    with pytest.raises(referral_saving.ReferralInvalid) as refused:
        referral_saving.save_referral(db, {"client_id": cid, "reason": "Housing"})
    assert any("lawful reason" in message for _field, message in refused.value.problems)


def test_the_minimum_is_declared_once_for_real_fields():
    for table, names in schema.HOLD_MINIMUM.items():
        assert set(names) <= set(schema.fields(table)), table
    assert "phone" not in schema.HOLD_MINIMUM["clients"]
    assert "summary" not in schema.HOLD_MINIMUM["contacts"]
    assert "needs" not in schema.HOLD_MINIMUM


def test_the_fact_they_were_seen_is_kept(db):
    cid = _person(db, hold.NO)
    hold.refuse_extra(db, cid, "contacts", {"client_id": cid, "kind": "court"})  # no refusal
    assert contacts.for_client(db, cid) == []


def test_a_court_date_is_kept_without_consent_but_not_the_workers_notes(db):
    from cass_desktop.court import hearings as court_hearings
    from cass_desktop.data import hearings, sites

    court = sites.create_site(db, {"name": "Plymouth Magistrates' Court", "kind": "court"})
    cid = _person(db, hold.NO)
    date = {"client_id": cid, "court_id": court, "starts_at": "2026-12-03T10:00"}
    with pytest.raises(RecordInvalid) as refused:
        court_hearings.save_hearing(db, {**date, "notes": "Seemed very low"})
    assert "notes on a court date are not kept" in str(refused.value)
    hearing_id, _ = court_hearings.save_hearing(db, {**date, "case_number": "CR123"})
    assert hearings.get(db, hearing_id)["case_number"] == "CR123"
