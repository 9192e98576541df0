"""The retention schedule and the review list of people due.

A person's records are kept for a number of years (default 6) after their case closed or
they were last seen (the latest of: the day the case closed, their last contact note, their
last court date, the day it opened); after that they are listed for review. The number of
years is a setting of this store: head office has no channel yet for sending settings to the
laptops (it sends templates, forms, courts and workers), so each laptop and head office set
it themselves (`set_years`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from cass_desktop.data import local
from cass_desktop.data import retention as retention_data
from cass_desktop.records.dates import add_months, today

DEFAULT_YEARS = 6
_SETTING = "retention_years"
MIN_YEARS, MAX_YEARS = 1, 100


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
    held = local.get(db, _SETTING, DEFAULT_YEARS)
    return held if type(held) is int and MIN_YEARS <= held <= MAX_YEARS else DEFAULT_YEARS


def set_years(db: sqlite_utils.Database, value: int) -> None:
    if type(value) is not int or not MIN_YEARS <= value <= MAX_YEARS:
        raise RetentionError(
            f"Records are kept for {MIN_YEARS} to {MAX_YEARS} years; {value} will not do."
        )
    local.put(db, _SETTING, value)


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
