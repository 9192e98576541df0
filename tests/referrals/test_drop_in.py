"""The rules of a quick drop-in's draft, and caseload figures, in a real store."""

from __future__ import annotations

import datetime as dt

import pytest

from cass_desktop.data import clients, consents, contacts, court_day, followups
from cass_desktop.people import caseload, hold
from cass_desktop.referrals import drop_in

NOW = dt.datetime(2026, 12, 1, 11, 15)


def _draft(**more):
    draft = {
        "new": {"given_name": "Kit", "family_name": "Rowe", "date_of_birth": ""},
        "hold": "given",
        "share": "given",
        "why": "Benefits stopped",
        "needs": ["money", "benefits"],
        "help": "Phoned the DWP with them",
        "next": "referral",
        "next_text": "Citizens Advice",
    }
    draft.update(more)
    return draft


def test_finished_capture_saves_every_record(db):
    draft_id = court_day.save_draft(db, None, "next", _draft(), None)
    done = drop_in.finish(db, _draft(), draft_id=draft_id, now=NOW)
    person = clients.get(db, done.client_id)
    assert person["opened_on"] == "2026-12-01" and person["status"] == "open"
    decisions = {(c["scope"], c.get("agency_kind")) for c in consents.for_client(db, person["id"])}
    assert decisions == {("hold", None), ("share", "money"), ("share", "benefits")}
    [due] = followups.for_client(db, person["id"])
    assert due["what"] == "Make the referral: Citizens Advice" and due["due_on"] == "2026-12-01"
    [visit] = contacts.for_client(db, person["id"])
    assert visit["at"] == "2026-12-01T11:15"
    assert "Help given: Phoned the DWP with them" in visit["summary"]
    assert court_day.open_drafts(db) == []


def test_hold_refused_with_more_typed_is_refused_in_one_sentence_and_nothing_kept(db):
    # Issue 13: without consent only the minimum is kept; what more was typed is refused.
    with pytest.raises(drop_in.CaptureRefused) as refused:
        drop_in.finish(db, _draft(hold="refused"), now=NOW)
    assert refused.value.step == "why"
    assert str(refused.value).startswith("Not kept: they have not agreed")
    assert clients.count(db) == 0


def test_hold_refused_by_someone_new_keeps_only_the_minimum(db):
    draft = _draft(hold="refused", why="", needs=[], help="", next=None, next_text="")
    draft["new"]["date_of_birth"] = "14/03/1990"
    done = drop_in.finish(db, draft, now=NOW)
    person = clients.get(db, done.client_id)
    assert (person["given_name"], person["date_of_birth"]) == ("Kit", "1990-03-14")
    assert hold.answer(db, person["id"]) == hold.NO
    [decision] = consents.for_client(db, person["id"])  # no consent to share recorded
    assert (decision["scope"], decision["decision"]) == ("hold", "refused")
    [visit] = contacts.for_client(db, person["id"])  # the fact they were seen
    assert visit["summary"] == "Drop-in visit (no consent to hold their information)"
    assert followups.for_client(db, person["id"]) == []


def test_not_yet_asked_records_no_decision_and_keeps_the_visit(db):
    done = drop_in.finish(db, _draft(hold="not_asked"), now=NOW)
    assert hold.answer(db, done.client_id) == hold.NOT_ASKED
    scopes = {c["scope"] for c in consents.for_client(db, done.client_id)}
    assert scopes == {"share"}
    [visit] = contacts.for_client(db, done.client_id)
    assert "Benefits stopped" in visit["summary"]


def test_someone_who_said_no_before_keeps_only_the_minimum_when_not_asked_again(db):
    held = clients.create(db, {"given_name": "Jo", "family_name": "Pascoe"}, "PLY")
    hold.record(db, held, hold.NO, worker_id=None)
    with pytest.raises(drop_in.CaptureRefused):
        drop_in.finish(db, _draft(person_id=held, new={}, hold="not_asked"), now=NOW)
    assert contacts.for_client(db, held) == []


def test_someone_closed_comes_back_as_a_contact_after_closure(db):
    held = clients.create(
        db,
        {
            "given_name": "Jo",
            "family_name": "Pascoe",
            "status": "closed",
            "closed_on": "2026-06-01",
        },
        "PLY",
    )
    drop_in.finish(db, _draft(person_id=held, new={}), now=NOW)
    assert clients.get(db, held)["status"] == "closed"
    [visit] = contacts.for_client(db, held)
    assert visit["at"] > "2026-06-01"


@pytest.mark.parametrize(
    "change, step",
    [
        ({"new": {"given_name": "", "family_name": ""}}, "person"),
        ({"hold": None}, "consent"),
        ({"next": "followup", "next_on": ""}, "next"),
        ({"next_on": "31/02/2026"}, "next"),
    ],
)
def test_unfinished_drafts_are_refused_naming_the_step(db, change, step):
    with pytest.raises(drop_in.CaptureRefused) as refused:
        drop_in.finish(db, _draft(**change), now=NOW)
    assert refused.value.step == step
    assert str(refused.value).endswith(".")
    assert clients.count(db) == 0


def test_caseload_against_capacity_and_cases_due_for_review(db):
    today = dt.date(2026, 12, 1)
    for n, opened in enumerate(["2026-05-01", "2026-06-15", "2026-11-01"]):
        clients.create(
            db, {"given_name": f"P{n}", "family_name": "Case", "opened_on": opened}, "PLY"
        )
    [load] = caseload.loads(db)
    assert (load.open_cases, load.capacity, load.over) == (3, 150, False)
    caseload.set_limits(db, cap=2)
    assert caseload.loads(db)[0].over
    due = caseload.due_for_review(db, today=today)
    assert [r["opened_on"] for r in due] == ["2026-05-01", "2026-06-15"]
    assert [r["overdue"] for r in due] == [True, False]
    with pytest.raises(ValueError):
        caseload.set_limits(db, months=0)
