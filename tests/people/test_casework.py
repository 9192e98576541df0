"""Contact notes, needs and follow-ups are checked and saved through people/casework.py,
refused whole (nothing saved) when something needs putting right."""

from __future__ import annotations

import datetime as dt

import pytest

from cass_desktop.data import contacts, followups, needs
from cass_desktop.people import casework
from cass_desktop.records.dates import today
from tests.helpers.people import add_person


@pytest.fixture
def person(device_db):
    return add_person(device_db)


def _day(offset: int) -> str:
    return (today() + dt.timedelta(days=offset)).isoformat()


def test_a_contact_note_in_the_future_or_without_a_summary_is_refused(device_db, person):
    note = {"client_id": person, "kind": "court", "at": f"{_day(1)}T10:00", "summary": " "}
    with pytest.raises(casework.RecordInvalid) as refused:
        casework.save_contact(device_db, note)
    assert refused.value.problems == [
        "The date is in the future: a contact note records something that has already happened.",
        "Write a short summary of what happened or what was agreed.",
    ]
    assert contacts.for_client(device_db, person) == []
    contact_id = casework.save_contact(
        device_db, {**note, "at": f"{_day(0)}T09:30", "summary": "Seen at court."}
    )
    casework.save_contact(
        device_db, {**note, "at": f"{_day(0)}T09:30", "summary": "Seen."}, contact_id
    )
    assert [c["summary"] for c in contacts.for_client(device_db, person)] == ["Seen."]


def test_a_second_open_need_in_one_area_is_refused_until_the_first_is_met(device_db, person):
    need = {"client_id": person, "domain": "housing", "status": "identified"}
    with pytest.raises(casework.RecordInvalid, match="Choose the area of need"):
        casework.save_need(device_db, {**need, "domain": None})
    first = casework.save_need(device_db, need)
    with pytest.raises(casework.RecordInvalid, match="already has a need for housing"):
        casework.save_need(device_db, need)
    assert casework.save_need(device_db, {**need, "notes": "Shelter"}, first) == first
    with pytest.raises(casework.RecordInvalid):
        casework.set_need_status(device_db, first, "sorted")
    casework.set_need_status(device_db, first, "met")
    casework.save_need(device_db, need)
    assert [n["status"] for n in needs.for_client(device_db, person)] == ["met", "identified"]


def test_a_follow_up_due_on_a_day_gone_is_refused_unless_it_was_due_then(device_db, person):
    late = {"client_id": person, "what": "Ring Shelter", "due_on": _day(-2)}
    with pytest.raises(casework.RecordInvalid) as refused:
        casework.save_followup(device_db, {**late, "what": ""})
    assert refused.value.problems == [
        "Say what needs doing.",
        "That due date has already passed; choose today or a later day.",
    ]
    assert followups.for_client(device_db, person) == []
    followup_id = followups.create(device_db, late)  # due then, as synced from elsewhere
    casework.save_followup(device_db, {**late, "what": "Ring Shelter again"}, followup_id)
    casework.mark_followup_done(device_db, followup_id, _day(0))
    assert followups.get(device_db, followup_id)["done_on"] == _day(0)
    casework.reopen_followup(device_db, followup_id)
    assert not followups.get(device_db, followup_id)["done"]
