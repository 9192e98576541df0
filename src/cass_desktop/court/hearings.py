"""The rules for hearings on the court day: recording an outcome (a next date books the next
hearing, in the same transaction), and recording the hearing a listed case is, on the person
the worker confirmed (updating the one already booked for that day rather than adding a
second), and adding or editing a court date as a worker types it (`save_hearing`: the hearing,
its outcome and the next hearing it books, one transaction). Every write goes through
`data.hearings`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import sqlite_utils

from cass_desktop.data import changelog, hearings
from cass_desktop.people import hold
from cass_desktop.records.dates import show_date, show_datetime, today
from cass_desktop.records.problems import RecordInvalid
from cass_desktop.records.vocab import OUTCOMES, OUTCOMES_WITH_NEXT_DATE

if TYPE_CHECKING:  # a court list's reader brings the name matching libraries with it
    from cass_desktop.court.listing import ListedCase

# Outcomes that send the case back to the same court on a date: the date is needed.
NEXT_DATE_NEEDED = OUTCOMES_WITH_NEXT_DATE - {"sent_crown_court"}
# Time of day a next hearing is booked at when only its date is given.
DEFAULT_TIME = "10:00"


class OutcomeRefused(ValueError):
    """An outcome that cannot be recorded as given; str() is one plain sentence."""


def _with_time(next_at: str | None) -> str | None:
    return f"{next_at}T{DEFAULT_TIME}" if next_at and len(next_at) == 10 else next_at


def outcome_problems(
    outcome: str | None, *, held_on: str | None, next_at: str | None, detail: str | None
) -> list[str]:
    """The rules for an outcome, wherever it is recorded (the day's list, a court date): one
    of those listed; a sentence says what it was; a case that comes back to this court has its
    date, on a later day than the hearing `held_on` (ISO date)."""
    if outcome not in OUTCOMES:
        return ["Choose one of the outcomes listed."]
    found = []
    if outcome == "sentenced" and not detail:
        found.append("Say what the sentence was.")
    if outcome in NEXT_DATE_NEEDED and not next_at:
        found.append("Give the date the case comes back to court.")
    if outcome in OUTCOMES_WITH_NEXT_DATE and next_at:
        try:
            when = dt.datetime.fromisoformat(next_at)
        except ValueError:
            found.append("The next hearing's date is not a date.")
        else:
            if held_on and when.date().isoformat() <= held_on:
                found.append(f"The next hearing must be after this one ({show_date(held_on)}).")
    return found


def record_outcome(
    db: sqlite_utils.Database,
    hearing_id: str,
    outcome: str,
    *,
    next_at: str | None = None,
    detail: str | None = None,
    next_type: str = "adjournment",
) -> str | None:
    """Record a hearing's outcome (and the sentence or bail conditions); a next date books the
    next hearing. Returns the next hearing's id, if one was booked. Refuses with a sentence."""
    hearing = changelog.get(db, "hearings", hearing_id)
    if hearing is None or hearing.get("deleted"):
        raise OutcomeRefused("This hearing is no longer held here.")
    detail = " ".join((detail or "").split()) or None
    next_at = _with_time(next_at) if outcome in OUTCOMES_WITH_NEXT_DATE else None
    problems = outcome_problems(
        outcome, held_on=(hearing.get("starts_at") or "")[:10], next_at=next_at, detail=detail
    )
    if problems:
        raise OutcomeRefused(problems[0])
    with db.atomic():
        booked = hearings.record_outcome(db, hearing_id, outcome, next_at, next_type)
        if detail != (hearing.get("outcome_detail") or None):
            hearings.update(db, hearing_id, {"outcome_detail": detail})
        if booked and hearing.get("restricted"):
            hearings.update(db, booked, {"restricted": 1})
    return booked


class HearingInvalid(RecordInvalid):
    """What needs putting right before a court date can be saved: one sentence each."""


def hearing_problems(
    db: sqlite_utils.Database,
    values: Mapping[str, Any],
    hearing_id: str | None = None,
    *,
    outcome: str | None = None,
    next_at: str | None = None,
    on: dt.date | None = None,
) -> list[str]:
    """What is wrong with a court date: it is for a person, at a court; it has an outcome only
    once it has happened; the next hearing comes after it; and the person has no other court
    date at the same time; a new or changed outcome follows `outcome_problems`. `starts_at` may
    be None when what was typed could not be read."""
    found = []
    client_id = values.get("client_id")
    starts_at = values.get("starts_at")
    if not client_id:
        found.append("Choose who the hearing is for: type their name and pick them.")
    if values.get("court_id") is None:
        found.append("Choose the court.")
    if outcome and starts_at and starts_at[:10] > (on or today()).isoformat():
        found.append("This hearing has not happened yet: leave the outcome as not known.")
    elif outcome is not None and _outcome_changed(db, hearing_id, outcome, next_at, values):
        found += outcome_problems(
            outcome,
            held_on=starts_at[:10] if starts_at else None,
            next_at=next_at,
            detail=values.get("outcome_detail"),
        )
    extra = hold.extra_problem("hearings", values, hold.answer(db, client_id))
    if extra:
        found.append(extra[1])
    if client_id and starts_at:
        clash = any(
            h["starts_at"] == starts_at and h["id"] != hearing_id
            for h in hearings.for_client(db, client_id)
        )
        if clash:
            found.append(f"This person already has a court date at {show_datetime(starts_at)}.")
    return found


def _outcome_changed(
    db: sqlite_utils.Database,
    hearing_id: str | None,
    outcome: str,
    next_at: str | None,
    values: Mapping[str, Any],
) -> bool:
    """Whether the outcome, its next date or its detail differ from what is held: a court date
    recorded before these rules (or synced from a laptop that had none) can still be edited."""
    held = hearings.get(db, hearing_id) if hearing_id else None
    if held is None:
        return True
    return (outcome, next_at, values.get("outcome_detail")) != (
        held["outcome"],
        held["next_hearing_at"],
        held.get("outcome_detail"),
    )


def save_hearing(
    db: sqlite_utils.Database,
    values: Mapping[str, Any],
    hearing_id: str | None = None,
    *,
    outcome: str | None = None,
    next_at: str | None = None,
    next_type: str = "adjournment",
) -> tuple[str, str | None]:
    """Save a new court date, or `hearing_id`'s, with its outcome (None: not known, clearing
    one recorded before); an outcome after which the case comes back with `next_at` books the
    next hearing. One transaction. Returns the hearing's id and the booked one's, if any;
    raises HearingInvalid, saving nothing, when something needs putting right."""
    problems = hearing_problems(db, values, hearing_id, outcome=outcome, next_at=next_at)
    if not values.get("starts_at"):
        problems.append("Give the hearing's date and time.")
    if problems:
        raise HearingInvalid(problems)
    if outcome not in OUTCOMES_WITH_NEXT_DATE:
        next_at = None
    booked = None
    with db.atomic():
        held = hearings.get(db, hearing_id) if hearing_id else None
        if hearing_id:
            hearings.update(db, hearing_id, values)
        else:
            hearing_id = hearings.create(db, values)
        if outcome:
            booked = hearings.record_outcome(db, hearing_id, outcome, next_at, next_type)
        elif held and held["outcome"]:
            hearings.update(
                db, hearing_id, {"outcome": None, "next_hearing_at": None, "outcome_detail": None}
            )
    return hearing_id, booked


def _starts_at(case: ListedCase, day: str) -> str:
    return f"{day}T{case.time or DEFAULT_TIME}"


def hearing_values(case: ListedCase, day: str, court_id: str | None) -> dict[str, Any]:
    """What a listed case says of its hearing, as a hearing's fields."""
    charge = "; ".join(case.offences)[:2000] or None
    return {
        "court_id": court_id,
        "starts_at": _starts_at(case, day),
        "courtroom": (case.courtroom or "")[:100] or None,
        "case_number": (case.case_number or "")[:64] or None,
        "charge_summary": charge,
        "restricted": 1 if (case.reporting_restriction or case.youth) else 0,
    }


def record_listed(
    db: sqlite_utils.Database,
    case: ListedCase,
    person_id: str,
    day: str,
    court_id: str | None,
) -> str:
    """The hearing a listed case is, on the person confirmed: the one already booked for
    them that day (at that court) brought up to date, or a new one. Returns its id."""
    values = hearing_values(case, day, court_id)
    with db.atomic():
        booked = _booked(db, person_id, day, court_id, case)
        if booked is None:
            return hearings.create(
                db, {**values, "client_id": person_id, "hearing_type": "first_appearance"}
            )
        changed = {
            k: v
            for k, v in values.items()
            if v not in (None, "") and booked.get(k) != v and not (k == "restricted" and not v)
        }
        if changed:
            hearings.update(db, booked["id"], changed)
        return str(booked["id"])


def _booked(
    db: sqlite_utils.Database,
    person_id: str,
    day: str,
    court_id: str | None,
    case: ListedCase,
) -> Mapping[str, Any] | None:
    """The person's hearing already booked that day: the one under the listed case number,
    else the one at that court, else any."""
    from cass_desktop.court.listing import case_number  # only a court list reaches here

    rows = [r for r in hearings.for_client(db, person_id) if (r["starts_at"] or "")[:10] == day]
    listed = case_number(case.case_number or "")
    for row in rows:
        if listed and case_number(row.get("case_number") or "") == listed:
            return row
    for row in rows:
        if court_id and row.get("court_id") == court_id:
            return row
    return rows[0] if rows else None
