"""The retention schedule and the review list of people due.

A person's records are kept for a number of years (default 6) after their case closed or
they were last seen (the latest of: the day the case closed, their last contact note, their
last court date, the day it opened); after that they are listed for review. The number of
years is head office's setting (Settings ▸ Retention), sent to every laptop in its updates
(sync/settings_section.py): on a laptop it is read-only, set by head office (the default
until head office's first update arrives). A store that is neither (not set up) sets its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from cass_desktop.data import local
from cass_desktop.data import retention as retention_data
from cass_desktop.records.dates import add_months, today
from cass_desktop.sync import settings_section
from cass_desktop.sync.settings_section import DEFAULT_YEARS, MAX_YEARS, MIN_YEARS

__all__ = ["DEFAULT_YEARS", "MAX_YEARS", "MIN_YEARS"]
ON_A_LAPTOP = (
    "Head office sets how long records are kept, and sends it to every laptop; it cannot be "
    "changed here."
)


class RetentionError(Exception):
    """A schedule that cannot be set; the message says why in plain words."""


@dataclass(frozen=True)
class Due:
    client_id: str
    reference: str
    name: str
    status: str
    last_activity: str  # ISO date, "" when nothing is dated
    due_on: str  # ISO date: last activity + the years kept

    def as_json(self) -> dict[str, str]:
        return {
            "id": self.client_id,
            "reference": self.reference,
            "name": self.name,
            "status": self.status,
            "last_activity": self.last_activity,
            "due_on": self.due_on,
        }


def years(db: sqlite_utils.Database) -> int:
    """How many years records are kept after the last work with the person."""
    return settings_section.retention_years(db)


def set_by_head_office(db: sqlite_utils.Database) -> bool:
    """Whether the years are head office's to set (this store is a laptop)."""
    return local.get(db, "role") == "device"


def heard_from_head_office(db: sqlite_utils.Database) -> bool:
    """Whether head office's setting has arrived on this laptop (else: the default)."""
    return settings_section.from_head_office(db)


def set_years(db: sqlite_utils.Database, value: int) -> None:
    """Set the years records are kept: at head office, sent with its next updates."""
    if set_by_head_office(db):
        raise RetentionError(ON_A_LAPTOP)
    try:
        settings_section.set_at_head_office(db, value)
    except settings_section.SettingsRefused as exc:
        raise RetentionError(str(exc)) from None


def due(db: sqlite_utils.Database, on: dt.date | None = None) -> list[Due]:
    """The people whose records are due for review on `on` (today), longest overdue first."""
    on = on or today()
    kept = years(db)
    cutoff = add_months(on, -12 * kept).isoformat()
    found = []
    for row in retention_data.last_activity_before(db, cutoff):
        last = row["last_activity"] or ""
        due_on = add_months(dt.date.fromisoformat(last), 12 * kept).isoformat() if last else ""
        name = f"{row['given_name'] or ''} {row['family_name'] or ''}".strip()
        found.append(
            Due(row["id"], row["reference"] or "", name, row["status"] or "", last, due_on)
        )
    return found
