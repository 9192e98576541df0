"""Erasing a person: their values purged from the records and from the change log, here, at
head office and on every laptop that holds them (data/purge.py does the purge itself).

`erase_person` is the one way in (the review list's Erase…, `cass-desktop erase`): it checks
that the person is here, not already erased, and may be erased from this store (a laptop its
own court's people, head office anyone: head office's sync policy refuses a laptop's purge of
another court's person as it refuses any change to them), then records an ERASURE audit entry
(who, when, the person's id and the reason, nothing else) and purges, in one transaction.

What is left is the tombstone: the person's id, the court they were at, when the record was
made and erased, and the fact of erasure. `tombstone` reads it back for the screens, with the
reason as this store's audit log holds it (a laptop that heard of the erasure only through
head office knows the day, not the reason).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from cass_desktop import audit
from cass_desktop.data import audit as audit_data
from cass_desktop.data import clients, local, purge
from cass_desktop.records.dates import show_date

# The reasons the dialog offers, by the key the CLI also accepts; anything else is "other",
# its words written as given.
REASONS = {
    "retention": "retention period ended",
    "asked": "the person asked (right to erasure)",
    "error": "recorded in error",
}
OTHER = "other"
MAX_REASON = 200
_HEAD_OFFICE = "head-office"


class ErasureError(Exception):
    """An erasure refused; the message says why in one plain sentence, and nothing changed."""


@dataclass(frozen=True)
class Tombstone:
    client_id: str
    erased_on: str  # ISO date
    reason: str  # "" where this store's audit log does not hold it

    def words(self) -> str:
        """'Erased on 1 Dec 2026: retention period ended'."""
        said = f"Erased on {show_date(self.erased_on)}"
        return f"{said}: {self.reason}" if self.reason else said


def reason_words(reason: str) -> str:
    """What a reason is recorded as: a key's words ('retention' → 'retention period ended'),
    or the words given, tidied. Refuses an empty or overlong one."""
    text = " ".join(str(reason or "").split())
    if not text:
        raise ErasureError("Say why this record is being erased.")
    if len(text) > MAX_REASON:
        raise ErasureError(f"The reason is too long: keep it to {MAX_REASON} characters.")
    return REASONS.get(text.lower(), text)


def check(db: sqlite_utils.Database, person_id: str) -> dict:
    """The person's row, when this store may erase them; otherwise ErasureError."""
    person = clients.get(db, person_id) if person_id else None
    if person is None:
        raise ErasureError("There is no one with that id in this store.")
    if person.get("purged") == 1:
        raise ErasureError("This person's record has already been erased.")
    if local.get(db, "role") != _HEAD_OFFICE:
        mine = local.get(db, "site_id")
        if mine and person.get("site_id") != mine:
            raise ErasureError(
                "This person is at another court: only their own court or head office can "
                "erase their record."
            )
    return person


def erase_person(db: sqlite_utils.Database, person_id: str, reason: str) -> Tombstone:
    """Erase the person (see the module's doc); returns the tombstone left."""
    words = reason_words(reason)
    person_id = str(person_id or "")[:64]
    with db.atomic():
        check(db, person_id)
        audit_data.append(
            db, audit.ERASURE, "clients", person_id, client_id=person_id, detail=words
        )
        purge.purge_person(db, person_id)
    purge.settle(db)
    found = tombstone(db, person_id)
    assert found is not None
    return found


def tombstone(db: sqlite_utils.Database, person_id: str) -> Tombstone | None:
    """What is left of an erased person (None: not erased here)."""
    person = clients.get(db, person_id) if person_id else None
    if person is None or person.get("purged") != 1:
        return None
    erasures = [e for e in audit_data.for_client(db, [person_id]) if e["action"] == audit.ERASURE]
    if erasures:
        return Tombstone(person_id, erasures[0]["at"][:10], erasures[0]["detail"] or "")
    day = str(person.get("updated") or dt.date.today().isoformat())[:10]
    return Tombstone(person_id, day, "")
