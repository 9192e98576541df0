"""Caseload: open cases per worker against a capacity, and cases open close to the review
limit. Both limits are settings local to the laptop (`caseload.capacity`, default 150;
`caseload.review_months`, default 6). Closing a case never stops a person coming back: a
later visit is a contact after closure, and the case can be opened again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from cass_desktop.data import court_day, local
from cass_desktop.records.dates import add_months

CAPACITY = 150
REVIEW_MONTHS = 6
# "Close to" the review limit: within this many months of it (or past it).
WARN_MONTHS = 1


def capacity(db: sqlite_utils.Database) -> int:
    value = local.get(db, "caseload.capacity", CAPACITY)
    return value if isinstance(value, int) and 1 <= value <= 10_000 else CAPACITY


def review_months(db: sqlite_utils.Database) -> int:
    value = local.get(db, "caseload.review_months", REVIEW_MONTHS)
    return value if isinstance(value, int) and 1 <= value <= 60 else REVIEW_MONTHS


def set_limits(db: sqlite_utils.Database, *, cap: int | None = None, months: int | None = None):
    """Change the capacity or the review limit (refused outside sensible bounds)."""
    if cap is not None:
        if not 1 <= cap <= 10_000:
            raise ValueError("A caseload capacity is a number of cases from 1 to 10,000.")
        local.put(db, "caseload.capacity", cap)
    if months is not None:
        if not 1 <= months <= 60:
            raise ValueError("The review limit is a number of months from 1 to 60.")
        local.put(db, "caseload.review_months", months)


@dataclass
class WorkerLoad:
    worker_id: str | None
    name: str
    open_cases: int
    capacity: int

    @property
    def over(self) -> bool:
        return self.open_cases > self.capacity


def loads(db: sqlite_utils.Database, site_id: str | None = None) -> list[WorkerLoad]:
    cap = capacity(db)
    return [
        WorkerLoad(r["worker_id"], r["worker_name"] or "No keyworker", r["open_cases"], cap)
        for r in court_day.open_cases_by_worker(db, site_id)
    ]


def due_for_review(
    db: sqlite_utils.Database,
    *,
    today: dt.date | None = None,
    worker_id: str | None = None,
    site_id: str | None = None,
) -> list[dict[str, Any]]:
    """Open cases opened at least (review limit - 1 month) ago, oldest first; each with
    `review_on` (ISO) and `overdue`."""
    today = today or dt.date.today()
    months = review_months(db)
    cutoff = add_months(today, -(months - WARN_MONTHS))
    rows = court_day.opened_on_or_before(
        db, cutoff.isoformat(), worker_id=worker_id, site_id=site_id
    )
    for row in rows:
        opened = dt.date.fromisoformat(row["opened_on"])
        review = add_months(opened, months)
        row["review_on"] = review.isoformat()
        row["overdue"] = review <= today
    return rows
