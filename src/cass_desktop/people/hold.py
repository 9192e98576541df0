"""Consent to hold a person's information: the rule, and recording the answer.

Asked at first contact (the quick drop-in, the New person dialog): yes, no, or not yet asked
(vocab.HOLD_ANSWERS). The answer in force is the latest decision to hold recorded in
`consents` (given: yes; refused or withdrawn: no; none: not yet asked) across the person's
record and every record merged into it (people/merging.py), so the person's page,
the court day's list and the subject access pack all read the same one. Consent to *share*
is a different thing, with its own rule (referrals/consent.py).

Without consent (the answer is no) only the minimum is kept, as records/schema.py's
HOLD_MINIMUM declares it: every save of something more (a need, a contact note, a follow-up,
an assessment, a person's contact details) asks `refuse_extra` or `extra_problem` here and
is refused in one sentence, saving nothing. "Not yet asked" is the state of everyone held
before the question was asked and of someone who could not be asked yet: it does not block
the work, and the person's page says plainly that it needs asking (docs/security.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import sqlite_utils

from cass_desktop.data import consents
from cass_desktop.people import merging
from cass_desktop.records import dates, schema, vocab
from cass_desktop.records.problems import RecordInvalid
from cass_desktop.records.words import TABLE_WORDS

YES, NO, NOT_ASKED = "yes", "no", "not_asked"
ANSWERS = tuple(vocab.HOLD_ANSWERS)
# The consent decision each answer is recorded as (not yet asked records nothing).
_DECISION = {YES: "given", NO: "refused"}

# What each kind of record is called in a refusal.
_WHAT = {
    "needs": "needs",
    "contacts": "contact notes",
    "followups": "follow-ups",
    "assessments": "assessments",
    "letters": "letters",
    "referrals": "referrals",
    "clients": "other details about them",
    "hearings": "notes on a court date",
}

MINIMUM_WORDS = "their name, date of birth, their case and court dates, and that they were seen"


class HoldRefused(RecordInvalid):
    """Something more than the minimum, for someone who has not agreed to it being held."""

    def __init__(self, message: str):
        super().__init__([message])
        self.message = message


def answer_of(decision: str | None) -> str:
    """The answer a consent decision to hold stands for."""
    if decision == "given":
        return YES
    if decision in ("refused", "withdrawn"):
        return NO
    return NOT_ASKED


def answer(db: sqlite_utils.Database, client_id: str | None) -> str:
    """The answer in force for a person held here (not yet asked for someone not held)."""
    if not client_id:
        return NOT_ASKED
    return answer_of(decision_row(db, client_id, "decision"))


def one_person(
    db: sqlite_utils.Database,
    client_id: str,
    merged_here: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    """Every record that stands for this one person: the record kept (following merges of
    merges up from `client_id`) and everyone merged into it, at any depth; kept first.
    `merged_here`: who was merged into whom (`merges`), read once for many people; without
    it each record's are looked up."""
    target = merging.merged_target(db, client_id)
    kept = target["id"] if target else client_id
    found, queue = [kept], [kept]
    while queue:
        here = queue.pop()
        if merged_here is None:
            below = [row["id"] for row in merging.merged_here(db, here)]
        else:
            below = merged_here.get(here, ())
        for person_id in below:
            if person_id not in found:  # two records merged into each other: seen already
                found.append(person_id)
                queue.append(person_id)
    if client_id not in found:
        found.append(client_id)
    return found


def merges(db: sqlite_utils.Database) -> dict[str, list[str]]:
    """Who was merged into whom, across the store in one look: each record's id, with the
    ids of the records merged into it (for `one_person` over many people at once)."""
    found: dict[str, list[str]] = {}
    for row in merging.merged_people(db):
        found.setdefault(row["merged_into"], []).append(row["id"])
    return found


def decision_row(
    db: sqlite_utils.Database,
    client_id: str,
    key: str | None = None,
    *,
    merged_here: Mapping[str, Sequence[str]] | None = None,
) -> Any:
    """The decision to hold in force, or None; `key`: one value of it.

    The latest decision across every record of the person (one_person): a duplicate's "No"
    today, merged into a record whose "Yes" is older, is the answer in force. Ordered as
    consents.for_client orders one record's decisions: the day decided, then when recorded.
    """
    rows = [
        row
        for person_id in one_person(db, client_id, merged_here)
        for row in consents.for_client(db, person_id)
        if row["scope"] == "hold"
    ]
    row = max(rows, key=lambda r: (r["decided_on"] or "", r["created"] or ""), default=None)
    if key is None or row is None:
        return row
    return row.get(key)


def decisions_in_force(
    db: sqlite_utils.Database, client_ids: Iterable[str]
) -> dict[str, str | None]:
    """For each person, the decision to hold in force (given, refused or withdrawn; None: not
    yet asked) by the rule refusals use (`decision_row`): what the day's list shows. Who was
    merged into whom is read once for them all, not once a person."""
    wanted = list(client_ids)
    merged_here = merges(db) if wanted else {}
    return {
        client_id: decision_row(db, client_id, "decision", merged_here=merged_here)
        for client_id in wanted
    }


def refusal(table: str) -> str:
    """The one sentence a refused save shows."""
    what = _WHAT.get(table, "these details")
    return (
        f"Not saved: they have not agreed to their information being held, so {what} are not "
        f"kept (only {MINIMUM_WORDS}); record their consent first."
    )


def kept_without_consent(table: str, field: str) -> bool:
    return field in schema.HOLD_MINIMUM.get(table, ())


def extra_fields(table: str, values: Mapping[str, Any]) -> list[str]:
    """The fields given a value that are more than the minimum, in the order declared."""
    declared = schema.fields(table)
    return [
        name
        for name in declared
        if name in values
        and values[name] not in (None, "")
        and not kept_without_consent(table, name)
        and (declared[name].kind != schema.FLAG or values[name])
    ]


def extra_problem(table: str, values: Mapping[str, Any], answer_now: str) -> tuple[str, str] | None:
    """(first extra field, the sentence) when `values` hold more than the minimum and the
    answer is no; None otherwise."""
    if answer_now != NO:
        return None
    if table not in schema.HOLD_MINIMUM:
        return ("", refusal(table))
    extra = extra_fields(table, values)
    if not extra:
        return None
    return (extra[0], refusal(table))


def refuse_extra(
    db: sqlite_utils.Database, client_id: str | None, table: str, values: Mapping[str, Any]
) -> None:
    """Raise HoldRefused when `values` for `table` are more than is kept about this person."""
    found = extra_problem(table, values, answer(db, client_id))
    if found:
        raise HoldRefused(found[1])


def record(
    db: sqlite_utils.Database,
    client_id: str,
    answer_given: str,
    *,
    worker_id: str | None,
    on: dt.date | None = None,
    how: str | None = "verbal",
    notes: str | None = None,
) -> str | None:
    """Record the answer to "may we hold your information?" on the day `on` (today); returns
    the decision's id (None for "not yet asked", which records nothing). A later answer is a
    new decision: the old one stays in their consents, as a withdrawal does."""
    if answer_given not in ANSWERS:
        raise RecordInvalid(["Say whether they agree to their information being held."])
    when = on or dates.today()
    if when > dates.today():
        raise RecordInvalid(["The date is in the future; give the day they decided."])
    if answer_given == NOT_ASKED:
        return None
    if how is not None and how not in vocab.CONSENT_HOW:
        raise RecordInvalid(["Choose how the decision was recorded."])
    return consents.record(
        db,
        {
            "client_id": client_id,
            "scope": "hold",
            "decision": _DECISION[answer_given],
            "decided_on": when.isoformat(),
            "how_recorded": how,
            "recorded_by": worker_id,
            "notes": notes,
        },
    )


class HoldState(NamedTuple):
    """The answer in force, the day it was given and who recorded it (None: not yet asked)."""

    answer: str
    decided_on: str | None
    recorded_by: str | None  # the worker's name


def state(db: sqlite_utils.Database, client_id: str) -> HoldState:
    """What a person's page shows about consent to hold."""
    row = decision_row(db, client_id)
    if row is None:
        return HoldState(NOT_ASKED, None, None)
    return HoldState(answer_of(row["decision"]), row["decided_on"], row.get("recorded_by_name"))


def held_beyond(person: Mapping[str, Any], records: Mapping[str, int]) -> list[str]:
    """What a person's record holds beyond the minimum, in words ("Phone", "2 needs"),
    for a person whose answer is no: a change made elsewhere before their No reached it, or
    kept from before a withdrawal. The page lists it so a worker clears it. `records` counts
    their records by table."""
    found = [schema.label("clients", name) for name in extra_fields("clients", person)]
    for table, count in records.items():
        if count and table not in schema.HOLD_MINIMUM:
            word = TABLE_WORDS.get(table, table)
            found.append(f"{count} {word.lower()}{'s' if count != 1 else ''}")
    return found
