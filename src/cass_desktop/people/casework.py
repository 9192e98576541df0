"""The records kept about a person's casework: contact notes, needs and follow-ups, their rules
and saving them.

Each `save_...` checks the values (as they are stored: ISO dates, vocabulary keys) and refuses
them whole with `RecordInvalid`, saving nothing, when something needs putting right; otherwise
it writes through `data/` and the change log. The dialogs (ui/people/record_dialogs.py), Today
and a person's page write these records only through here. Reading what was typed (a date or
a time that is not one) is the dialog's part. For someone who has not agreed to their
information being held, each refuses anything beyond the minimum (`hold.HoldRefused`, a kind
of RecordInvalid: one sentence), so a contact note, a need or a follow-up is not kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from cass_desktop.data import contacts, followups, needs
from cass_desktop.people import hold
from cass_desktop.records import vocab
from cass_desktop.records.dates import today as _today
from cass_desktop.records.problems import RecordInvalid

__all__ = ["RecordInvalid"]  # raised by every save here


def _refuse_if(problems: list[str]) -> None:
    if problems:
        raise RecordInvalid(problems)


def _person(db: sqlite_utils.Database, module: Any, values: Mapping[str, Any], row_id) -> Any:
    """Whose record this is: as given, or as held for a record being changed."""
    if values.get("client_id") or not row_id:
        return values.get("client_id")
    held = module.get(db, row_id)
    return (held or {}).get("client_id")


# Contact notes: one time the service saw or spoke to the person.


def contact_problems(values: Mapping[str, Any], *, today: dt.date | None = None) -> list[str]:
    """What is wrong with a contact note: it records something that has already happened, and
    says what happened. `at` may be None when what was typed could not be read."""
    found = []
    at = values.get("at")
    if at and at[:10] > (today or _today()).isoformat():
        found.append(
            "The date is in the future: a contact note records something that has already happened."
        )
    if not (values.get("summary") or "").strip():
        found.append("Write a short summary of what happened or what was agreed.")
    return found


def save_contact(
    db: sqlite_utils.Database, values: Mapping[str, Any], contact_id: str | None = None
) -> str:
    """Save a new contact note, or the one `contact_id`; returns its id."""
    _refuse_if(contact_problems(values))
    hold.refuse_extra(db, _person(db, contacts, values, contact_id), "contacts", values)
    if not values.get("at"):
        raise RecordInvalid(["Give the date and time of the contact."])
    if contact_id:
        contacts.update(db, contact_id, values)
        return contact_id
    return contacts.create(db, values)


# Needs: one area of need, and how far it is being met. One open need per area.


def need_problems(
    db: sqlite_utils.Database, values: Mapping[str, Any], need_id: str | None = None
) -> list[str]:
    """What is wrong with a need: it names its area, and the person has no other need in that
    area not yet met."""
    domain = values.get("domain")
    if not domain:
        return ["Choose the area of need (housing, money, mental health…)."]
    same = needs.open_in_domain(db, values["client_id"], domain)
    if same and same["id"] != need_id:
        area = vocab.label(vocab.NEED_DOMAINS, domain).lower()
        return [
            f"This person already has a need for {area} that is not yet met. "
            "Change that one instead of adding another."
        ]
    return []


def save_need(
    db: sqlite_utils.Database, values: Mapping[str, Any], need_id: str | None = None
) -> str:
    """Save a new need, or the need `need_id`; returns its id."""
    hold.refuse_extra(db, _person(db, needs, values, need_id), "needs", values)
    _refuse_if(need_problems(db, values, need_id))
    if need_id:
        needs.update(db, need_id, values)
        return need_id
    return needs.create(db, values)


def set_need_status(db: sqlite_utils.Database, need_id: str, status: str) -> None:
    """Move a need on (in progress, met, declined ...)."""
    if status not in vocab.NEED_STATUSES:
        raise RecordInvalid(["Choose one of the statuses listed."])
    needs.set_status(db, need_id, status)


# Follow-ups: something to do for the person by a date.


def followup_problems(
    db: sqlite_utils.Database,
    values: Mapping[str, Any],
    followup_id: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[str]:
    """What is wrong with a follow-up: it says what needs doing, and is not due on a day
    already gone (unless it was already due then). `due_on` may be None when what was typed
    could not be read."""
    found = []
    if not (values.get("what") or "").strip():
        found.append("Say what needs doing.")
    due = values.get("due_on")
    if due and due < (today or _today()).isoformat():
        held = followups.get(db, followup_id) if followup_id else None
        if due != (held or {}).get("due_on"):
            found.append("That due date has already passed; choose today or a later day.")
    return found


def save_followup(
    db: sqlite_utils.Database, values: Mapping[str, Any], followup_id: str | None = None
) -> str:
    """Save a new follow-up, or the follow-up `followup_id`; returns its id."""
    hold.refuse_extra(db, _person(db, followups, values, followup_id), "followups", values)
    _refuse_if(followup_problems(db, values, followup_id))
    if not values.get("due_on"):
        raise RecordInvalid(["Give the day it is due."])
    if followup_id:
        followups.update(db, followup_id, values)
        return followup_id
    return followups.create(db, values)


def mark_followup_done(db: sqlite_utils.Database, followup_id: str, on: str) -> None:
    """Tick a follow-up done on the day `on` (ISO)."""
    dt.date.fromisoformat(on)
    followups.mark_done(db, followup_id, on)


def reopen_followup(db: sqlite_utils.Database, followup_id: str) -> None:
    """Undo marking a follow-up done (it was ticked by mistake, or needs doing again)."""
    followups.reopen(db, followup_id)
