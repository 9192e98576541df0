"""A court date typed by a worker is checked and saved through court/hearings.py: the hearing,
its outcome and the next hearing in one transaction, refused whole when something is wrong."""

from __future__ import annotations

import datetime as dt

import pytest

from cass_desktop.court.hearings import HearingInvalid, save_hearing
from cass_desktop.data import clients, hearings
from cass_desktop.records.dates import today


@pytest.fixture
def kerensa(device_db) -> str:
    return clients.create(device_db, {"given_name": "Kerensa", "family_name": "Pascoe"})


def _at(days: int, time: str = "10:00") -> str:
    return f"{(today() + dt.timedelta(days=days)).isoformat()}T{time}"


def test_a_court_date_needs_a_person_a_court_and_a_free_time(device_db, kerensa):
    court = device_db["sites"].rows.__next__()["id"]
    with pytest.raises(HearingInvalid) as refused:
        save_hearing(device_db, {"client_id": None, "court_id": None, "starts_at": _at(3)})
    assert refused.value.problems == [
        "Choose who the hearing is for: type their name and pick them.",
        "Choose the court.",
    ]
    hearing = {"client_id": kerensa, "court_id": court, "starts_at": _at(3)}
    first, booked = save_hearing(device_db, hearing)
    assert booked is None
    with pytest.raises(HearingInvalid, match="already has a court date at"):
        save_hearing(device_db, hearing)
    assert save_hearing(device_db, {**hearing, "courtroom": "2"}, first) == (first, None)
    with pytest.raises(HearingInvalid, match="has not happened yet"):
        save_hearing(device_db, hearing, first, outcome="dismissed")
    assert len(hearings.for_client(device_db, kerensa)) == 1


def test_an_outcome_books_the_next_hearing_and_clearing_it_takes_it_off(device_db, kerensa):
    court = device_db["sites"].rows.__next__()["id"]
    hearing = {"client_id": kerensa, "court_id": court, "starts_at": _at(-1)}
    with pytest.raises(HearingInvalid, match="must be after this one"):
        save_hearing(device_db, hearing, outcome="conditional_bail", next_at=_at(-7))
    assert hearings.for_client(device_db, kerensa) == []
    first, booked = save_hearing(device_db, hearing, outcome="conditional_bail", next_at=_at(14))
    assert hearings.get(device_db, booked)["starts_at"] == _at(14)
    assert hearings.get(device_db, first)["outcome"] == "conditional_bail"
    save_hearing(device_db, hearing, first)
    assert hearings.get(device_db, first)["outcome"] is None
