"""The court day's own records, local to this laptop: court lists as imported (each listed
case, matched or not), candidates rejected for a list, quick drop-in drafts, and the read
queries the day's list and the caseload need. Hearings, contacts and consents themselves are
written through their own modules (hearings.py, contacts.py, consents.py)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlite_utils

from cass_desktop.data.changelog import day_bounds

_CHUNK = 500


def _now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat()


# -- court lists as imported ----------------------------------------------------------------


def save_entries(
    db: sqlite_utils.Database,
    court_id: str | None,
    day: str,
    entries: Sequence[Mapping[str, Any]],
) -> None:
    """Keep each listed case of a list for `court_id` on `day`: `case_key`, `listed` (a dict),
    `person_id` and `hearing_id` (when confirmed), `restricted`. The same case imported again
    is updated in place (a confirmed match is kept unless a new one is given)."""
    now = _now()
    start = db.execute(
        "SELECT coalesce(max(position), -1) + 1 FROM court_list_entries WHERE day = ? "
        "AND coalesce(court_id, '') = ?",
        [day, court_id or ""],
    ).fetchone()[0]
    with db.atomic():
        for offset, entry in enumerate(entries):
            db.execute(
                "INSERT INTO court_list_entries (court_id, day, case_key, position, listed_json, "
                "person_id, hearing_id, restricted, source, imported_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (court_id, day, case_key) DO UPDATE SET "
                "listed_json = excluded.listed_json, restricted = excluded.restricted, "
                "person_id = coalesce(excluded.person_id, person_id), "
                "hearing_id = coalesce(excluded.hearing_id, hearing_id), "
                "imported_at = excluded.imported_at",
                [
                    court_id or "",  # not NULL: the same case at no court is still one
                    day,
                    entry["case_key"],
                    start + offset,
                    json.dumps(entry["listed"], ensure_ascii=False, sort_keys=True),
                    entry.get("person_id"),
                    entry.get("hearing_id"),
                    1 if entry.get("restricted") else 0,
                    entry.get("source") or "list",
                    now,
                ],
            )


def entries_on(
    db: sqlite_utils.Database, day: str, court_id: str | None = None
) -> list[dict[str, Any]]:
    """The listed cases kept for a day (at one court, or all), in listed order."""
    params: list[Any] = [day]
    court = ""
    if court_id:
        court = "AND court_id = ? "
        params.append(court_id)
    rows = list(
        db.query(
            f"SELECT * FROM court_list_entries WHERE day = ? {court}ORDER BY position, id",
            params,
        )
    )
    for row in rows:
        row["listed"] = json.loads(row.pop("listed_json"))
        row["court_id"] = row["court_id"] or None
    return rows


def link_entry(
    db: sqlite_utils.Database, entry_id: int, person_id: str | None, hearing_id: str | None
) -> None:
    db.execute(
        "UPDATE court_list_entries SET person_id = ?, hearing_id = ? WHERE id = ?",
        [person_id, hearing_id, entry_id],
    )


def reject(
    db: sqlite_utils.Database, court_id: str | None, day: str, case_key: str, person_id: str
) -> None:
    db.execute(
        "INSERT OR IGNORE INTO court_list_rejections (court_id, day, case_key, person_id, "
        "rejected_at) VALUES (?, ?, ?, ?, ?)",
        [court_id or "", day, case_key, person_id, _now()],
    )


def rejected_for(db: sqlite_utils.Database, court_id: str | None, day: str) -> dict[str, set[str]]:
    """The people rejected for each listed case (by its key) of the list for a court and day."""
    found: dict[str, set[str]] = {}
    for key, person in db.execute(
        "SELECT case_key, person_id FROM court_list_rejections WHERE court_id = ? AND day = ?",
        [court_id or "", day],
    ):
        found.setdefault(key, set()).add(person)
    return found


# -- what the worker needs before approaching someone --------------------------------------


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def people_facts(db: sqlite_utils.Database, person_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """For each person: their record, last contact, referrals awaiting a response, and the
    consent decision to share in force. (Consent to hold is people/hold.py's rule, across
    everyone merged: the day's list adds it.)"""
    wanted = sorted(set(person_ids))
    facts: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(wanted):
        marks = ",".join("?" * len(chunk))
        for row in db.query(
            "SELECT id, reference, given_name, family_name, preferred_name, date_of_birth, "
            "status, opened_on, closed_on, keyworker_id, risk_flags, communication_needs, "
            f"interpreter_language FROM clients WHERE id IN ({marks})",
            list(chunk),
        ):
            row.update(last_contact=None, awaiting=0, share=None)
            facts[row["id"]] = row
        for client_id, last in db.execute(
            f"SELECT client_id, max(at) FROM contacts WHERE client_id IN ({marks}) "
            "AND deleted = 0 GROUP BY client_id",
            list(chunk),
        ):
            if client_id in facts:
                facts[client_id]["last_contact"] = last
        for client_id, n in db.execute(
            f"SELECT client_id, count(*) FROM referrals WHERE client_id IN ({marks}) "
            "AND status = 'made' AND deleted = 0 GROUP BY client_id",
            list(chunk),
        ):
            if client_id in facts:
                facts[client_id]["awaiting"] = n
        # The newest decision to share: given, refused or withdrawn.
        for client_id, decision in db.execute(
            "SELECT client_id, decision FROM consents c "
            f"WHERE client_id IN ({marks}) AND deleted = 0 AND scope = 'share' "
            "ORDER BY client_id, decided_on, created",
            list(chunk),
        ):
            if client_id in facts:
                facts[client_id]["share"] = decision
    return facts


def seen_on(db: sqlite_utils.Database, day: str) -> set[str]:
    """The people with a contact on a day."""
    start, end = day_bounds(day)
    return {
        row[0]
        for row in db.execute(
            "SELECT DISTINCT client_id FROM contacts WHERE at >= ? AND at < ? AND deleted = 0",
            [start, end],
        )
    }


# -- caseload ------------------------------------------------------------------------------


def open_cases_by_worker(db: sqlite_utils.Database, site_id: str | None = None) -> list[dict]:
    """Open cases per keyworker (None: no keyworker), with the worker's name, most first."""
    params: list[Any] = []
    site = ""
    if site_id:
        site = "AND c.site_id = ? "
        params.append(site_id)
    return list(
        db.query(
            "SELECT c.keyworker_id AS worker_id, w.name AS worker_name, count(*) AS open_cases "
            "FROM clients c LEFT JOIN workers w ON w.id = c.keyworker_id "
            "WHERE c.status = 'open' AND c.deleted = 0 AND c.merged_into IS NULL "
            f"{site}GROUP BY c.keyworker_id ORDER BY open_cases DESC, worker_name",
            params,
        )
    )


def opened_on_or_before(
    db: sqlite_utils.Database,
    day: str,
    worker_id: str | None = None,
    site_id: str | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Open cases opened on or before `day` (ISO), oldest first: those due for review."""
    params: list[Any] = [day]
    more = ""
    if worker_id:
        more += "AND keyworker_id = ? "
        params.append(worker_id)
    if site_id:
        more += "AND site_id = ? "
        params.append(site_id)
    params.append(limit)
    return list(
        db.query(
            "SELECT id, reference, given_name, family_name, preferred_name, opened_on, "
            "keyworker_id FROM clients WHERE status = 'open' AND deleted = 0 "
            f"AND merged_into IS NULL AND opened_on <= ? {more}ORDER BY opened_on LIMIT ?",
            params,
        )
    )


# -- quick drop-in drafts ------------------------------------------------------------------


def save_draft(
    db: sqlite_utils.Database,
    draft_id: int | None,
    step: str,
    draft: Mapping[str, Any],
    client_id: str | None,
) -> int:
    """Save a quick capture's draft (new when `draft_id` is None); returns its id."""
    now = _now()
    text = json.dumps(dict(draft), ensure_ascii=False, sort_keys=True)
    if draft_id is None:
        cursor = db.execute(
            "INSERT INTO capture_drafts (started_at, saved_at, step, draft_json, client_id) "
            "VALUES (?, ?, ?, ?, ?)",
            [now, now, step, text, client_id],
        )
        return int(cursor.lastrowid)
    db.execute(
        "UPDATE capture_drafts SET saved_at = ?, step = ?, draft_json = ?, client_id = ? "
        "WHERE id = ?",
        [now, step, text, client_id, draft_id],
    )
    return draft_id


def finish_draft(db: sqlite_utils.Database, draft_id: int, client_id: str | None = None) -> None:
    """A capture done; `client_id`: the person it was for (someone new has one only now), so
    erasing them deletes the draft too (data/purge.py)."""
    db.execute(
        "UPDATE capture_drafts SET finished_at = ?, client_id = coalesce(?, client_id) "
        "WHERE id = ?",
        [_now(), client_id, draft_id],
    )


def discard_draft(db: sqlite_utils.Database, draft_id: int) -> None:
    db.execute("DELETE FROM capture_drafts WHERE id = ?", [draft_id])


def open_drafts(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Quick captures not finished, newest first."""
    rows = list(
        db.query(
            "SELECT * FROM capture_drafts WHERE finished_at IS NULL ORDER BY saved_at DESC, id DESC"
        )
    )
    for row in rows:
        row["draft"] = json.loads(row.pop("draft_json"))
    return rows


def get_draft(db: sqlite_utils.Database, draft_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM capture_drafts WHERE id = ?", [draft_id]))
    if not rows:
        return None
    row = rows[0]
    row["draft"] = json.loads(row.pop("draft_json"))
    return row
