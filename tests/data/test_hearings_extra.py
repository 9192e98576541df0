"""The court diary's day look-ups: busy days on a calendar, and the next or last listed day."""

from __future__ import annotations

from cass_desktop.data import clients, hearings, sites


def _court(db, name: str, code: str) -> str:
    return sites.create_site(db, {"name": name, "code": code, "kind": "court"})


def _person(db, given: str, family: str) -> str:
    return clients.create(db, {"given_name": given, "family_name": family}, "PLY")


def test_listed_days_counts_hearings_per_day_within_the_range(db):
    plymouth = _court(db, "Plymouth Magistrates' Court", "PLY")
    truro = _court(db, "Truro Magistrates' Court", "TRU")
    jo = _person(db, "Jo", "Pascoe")
    sam = _person(db, "Sam", "Trelawny")
    for client, court, at in [
        (jo, plymouth, "2026-11-26T10:00"),
        (sam, plymouth, "2026-11-26T14:00"),
        (jo, truro, "2026-11-27T10:00"),
        (sam, plymouth, "2026-11-30T09:30"),  # after the range
        (jo, plymouth, "2026-11-24T10:00"),  # before the range
    ]:
        hearings.create(db, {"client_id": client, "court_id": court, "starts_at": at})

    assert hearings.listed_days(db, "2026-11-25", "2026-11-29") == {
        "2026-11-26": 2,
        "2026-11-27": 1,
    }
    assert hearings.listed_days(db, "2026-11-25", "2026-11-29", court_id=truro) == {"2026-11-27": 1}
    # The last day of the range is included.
    assert hearings.listed_days(db, "2026-11-27", "2026-11-30", plymouth) == {"2026-11-30": 1}


def test_listed_days_leave_out_deleted_hearings_and_deleted_people(db):
    court = _court(db, "Bodmin Magistrates' Court", "BOD")
    kept = _person(db, "Kit", "Rowe")
    gone = _person(db, "Lee", "Hocking")
    hearings.create(db, {"client_id": kept, "court_id": court, "starts_at": "2026-11-27T10:00"})
    cancelled = hearings.create(
        db, {"client_id": kept, "court_id": court, "starts_at": "2026-11-27T11:00"}
    )
    hearings.update(db, cancelled, {"deleted": 1})
    hearings.create(db, {"client_id": gone, "court_id": court, "starts_at": "2026-11-27T12:00"})
    clients.update(db, gone, {"deleted": 1})

    assert hearings.listed_days(db, "2026-11-27", "2026-11-27") == {"2026-11-27": 1}


def test_next_and_previous_listed_day_skip_empty_days_and_other_courts(db):
    plymouth = _court(db, "Plymouth Magistrates' Court", "PLY")
    truro = _court(db, "Truro Magistrates' Court", "TRU")
    jo = _person(db, "Jo", "Pascoe")
    hearings.create(db, {"client_id": jo, "court_id": plymouth, "starts_at": "2026-11-20T10:00"})
    hearings.create(db, {"client_id": jo, "court_id": truro, "starts_at": "2026-11-25T10:00"})
    hearings.create(db, {"client_id": jo, "court_id": plymouth, "starts_at": "2026-11-30T10:00"})

    # From Friday 27th: the next Plymouth hearing is on Monday 30th ...
    assert hearings.next_listed_day(db, "2026-11-27", plymouth) == "2026-11-30"
    # ... and looking back, Truro's on the 25th is nearer than Plymouth's on the 20th.
    assert hearings.previous_listed_day(db, "2026-11-27") == "2026-11-25"
    assert hearings.previous_listed_day(db, "2026-11-27", plymouth) == "2026-11-20"
    # The day itself does not count as next or previous.
    assert hearings.next_listed_day(db, "2026-11-25", truro) is None
    assert hearings.previous_listed_day(db, "2026-11-20", plymouth) is None
    assert hearings.next_listed_day(db, "2026-11-30") is None
