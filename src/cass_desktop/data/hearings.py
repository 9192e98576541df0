"""Hearings: a person's court dates and their outcomes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlite_utils

from cass_desktop.data import audit, changelog
from cass_desktop.data.changelog import day_bounds
from cass_desktop.data.paging import page, person_held

_LISTED = (
    "SELECT h.*, c.given_name, c.family_name, c.preferred_name, c.reference, "
    "s.name AS court_name FROM hearings h JOIN clients c ON c.id = h.client_id "
    "LEFT JOIN sites s ON s.id = h.court_id "
)


def create(db: sqlite_utils.Database, values: Mapping[str, Any]) -> str:
    return audit.save(db, "hearings", values)


def update(db: sqlite_utils.Database, hearing_id: str, values: Mapping[str, Any]) -> None:
    audit.save(db, "hearings", values, hearing_id)


def get(db: sqlite_utils.Database, hearing_id: str) -> dict[str, Any] | None:
    rows = list(db.query(_LISTED + "WHERE h.id = ?", [hearing_id]))
    return rows[0] if rows else None


def record_outcome(
    db: sqlite_utils.Database,
    hearing_id: str,
    outcome: str,
    next_hearing_at: str | None = None,
    next_hearing_type: str = "adjournment",
) -> str | None:
    """Record a hearing's outcome; a next date books the next hearing. Returns its id, if any.

    The next hearing keeps the court, courtroom, case, charge and solicitor; recording the same
    next date again books nothing twice.
    """
    with db.atomic():
        hearing = changelog.get(db, "hearings", hearing_id)
        if hearing is None:
            raise ValueError("no such hearing")
        update(db, hearing_id, {"outcome": outcome, "next_hearing_at": next_hearing_at})
        if not next_hearing_at:
            return None
        existing = db.execute(
            "SELECT id FROM hearings WHERE client_id = ? AND starts_at = ? AND deleted = 0",
            [hearing["client_id"], next_hearing_at],
        ).fetchone()
        if existing:
            return existing[0]
        carried = {
            k: hearing[k]
            for k in (
                "client_id",
                "court_id",
                "courtroom",
                "case_number",
                "charge_summary",
                "solicitor",
            )
        }
        return create(
            db, {**carried, "starts_at": next_hearing_at, "hearing_type": next_hearing_type}
        )


def for_client(db: sqlite_utils.Database, client_id: str) -> list[dict[str, Any]]:
    return list(
        db.query(
            _LISTED + "WHERE h.client_id = ? AND h.deleted = 0 ORDER BY h.starts_at DESC",
            [client_id],
        )
    )


def _on_day_at(day: str, court_id: str | None) -> tuple[str, list[Any]]:
    """The court's part of `on_day`'s WHERE (after the day's bounds), and the parameters of both."""
    if not court_id:
        return "", list(day_bounds(day))
    return "AND h.court_id = ? ", [*day_bounds(day), court_id]


def on_day(
    db: sqlite_utils.Database,
    day: str,
    court_id: str | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Hearings on one day (ISO date), at one court or all, in time order; with `limit`, that
    many after the first `offset`."""
    court, params = _on_day_at(day, court_id)
    paged, more = page(limit, offset)
    return list(
        db.query(
            _LISTED + "WHERE h.starts_at >= ? AND h.starts_at < ? AND h.deleted = 0 "
            f"AND c.deleted = 0 {court}ORDER BY h.starts_at, h.courtroom, c.family_name, h.id"
            + paged,
            params + more,
        )
    )


def count_on_day(
    db: sqlite_utils.Database, day: str, court_id: str | None = None
) -> tuple[int, int]:
    """How many hearings `on_day` lists, and how many of them have no outcome yet."""
    court, params = _on_day_at(day, court_id)
    count, waiting = db.execute(
        "SELECT count(*), coalesce(sum(coalesce(h.outcome, '') = ''), 0) FROM hearings h "
        f"WHERE h.starts_at >= ? AND h.starts_at < ? AND h.deleted = 0 {court}"
        f"AND {person_held('h.client_id')}",
        params,
    ).fetchone()
    return count, waiting


def listed_days(
    db: sqlite_utils.Database, first: str, last: str, court_id: str | None = None
) -> dict[str, int]:
    """How many hearings are listed on each day from `first` to `last` (ISO dates, inclusive).

    Days with none are left out; for marking busy days on a calendar.
    """
    params: list[Any] = [day_bounds(first)[0], day_bounds(last)[1]]
    court = ""
    if court_id:
        court = "AND h.court_id = ? "
        params.append(court_id)
    # Deleted people are few: excluding them beats joining every hearing of the month.
    rows = db.execute(
        "SELECT substr(h.starts_at, 1, 10) AS day, count(*) FROM hearings h "
        "WHERE h.starts_at >= ? AND h.starts_at < ? AND h.deleted = 0 "
        "AND h.client_id NOT IN (SELECT id FROM clients WHERE deleted = 1) "
        f"{court}GROUP BY day ORDER BY day",
        params,
    )
    return {day: n for day, n in rows}


def next_listed_day(
    db: sqlite_utils.Database, after: str, court_id: str | None = None
) -> str | None:
    """The first day after `after` (ISO date) with a hearing listed, at one court or all."""
    params: list[Any] = [day_bounds(after)[1]]
    court = ""
    if court_id:
        court = "AND h.court_id = ? "
        params.append(court_id)
    row = db.execute(
        "SELECT substr(h.starts_at, 1, 10) FROM hearings h JOIN clients c ON c.id = h.client_id "
        f"WHERE h.starts_at >= ? AND h.deleted = 0 AND c.deleted = 0 {court}"
        "ORDER BY h.starts_at LIMIT 1",
        params,
    ).fetchone()
    return row[0] if row else None


def previous_listed_day(
    db: sqlite_utils.Database, before: str, court_id: str | None = None
) -> str | None:
    """The last day before `before` (ISO date) with a hearing listed, at one court or all."""
    params: list[Any] = [day_bounds(before)[0]]
    court = ""
    if court_id:
        court = "AND h.court_id = ? "
        params.append(court_id)
    row = db.execute(
        "SELECT substr(h.starts_at, 1, 10) FROM hearings h JOIN clients c ON c.id = h.client_id "
        f"WHERE h.starts_at < ? AND h.deleted = 0 AND c.deleted = 0 {court}"
        "ORDER BY h.starts_at DESC LIMIT 1",
        params,
    ).fetchone()
    return row[0] if row else None
