"""Referrals: a person referred to a named agency, with the consent that lets it happen.

Rows returned by `get`, `for_client`, `search`, `made_on_day` and `followups_due` are the
referral's own fields joined with what screens and letters show beside them:

- the person: given_name, family_name, preferred_name, reference, gender, date_of_birth,
  client_address, client_postcode, client_phone, client_email;
- the agency: agency_name, agency_address, agency_contact (the agency's usual named contact;
  the referral's own `contact_name` is the person spoken to this time), agency_phone,
  agency_email, agency_method (how to refer), agency_domains, agency_active;
- the worker: worker_name, worker_email, worker_phone;
- the consent it relies on: consent_decision, consent_decided_on, consent_how.

Deleted referrals, and referrals of deleted people, are left out of every list.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import sqlite_utils

from cass_desktop.data import audit, changelog
from cass_desktop.data.paging import page, person_held

# Statuses waiting to hear back from the agency (vocab.REFERRAL_STATUSES_AWAITING; the data
# layer cannot import vocab, and a test keeps the two the same).
AWAITING = ("made",)
# A closed referral needs no more following up, nor one the agency declined (the worker makes
# another referral instead).
FINISHED = ("closed", "declined")
_FINISHED_SQL = ", ".join(f"'{status}'" for status in FINISHED)  # constants, never input

_SELECT = (
    "SELECT r.*, "
    "c.given_name, c.family_name, c.preferred_name, c.reference, c.gender, c.date_of_birth, "
    "c.address AS client_address, c.postcode AS client_postcode, c.phone AS client_phone, "
    "c.email AS client_email, "
    "a.name AS agency_name, a.address AS agency_address, a.contact_name AS agency_contact, "
    "a.phone AS agency_phone, a.email AS agency_email, a.referral_method AS agency_method, "
    "a.domains AS agency_domains, a.active AS agency_active, "
    "w.name AS worker_name, w.email AS worker_email, w.phone AS worker_phone, "
    "k.decision AS consent_decision, k.decided_on AS consent_decided_on, "
    "k.how_recorded AS consent_how "
    "FROM referrals r JOIN clients c ON c.id = r.client_id "
    "LEFT JOIN agencies a ON a.id = r.agency_id "
    "LEFT JOIN workers w ON w.id = r.worker_id "
    "LEFT JOIN consents k ON k.id = r.consent_id "
)
_LIVE = "r.deleted = 0 AND c.deleted = 0"


def create(db: sqlite_utils.Database, values: Mapping[str, Any]) -> str:
    return audit.save(db, "referrals", values)


def update(db: sqlite_utils.Database, referral_id: str, values: Mapping[str, Any]) -> None:
    audit.save(db, "referrals", values, referral_id)


def delete(db: sqlite_utils.Database, referral_id: str) -> None:
    changelog.delete(db, "referrals", referral_id)


def row(db: sqlite_utils.Database, referral_id: str) -> dict[str, Any] | None:
    """The referral's own fields only, deleted or not (for editing and checking)."""
    return changelog.get(db, "referrals", referral_id)


def get(db: sqlite_utils.Database, referral_id: str) -> dict[str, Any] | None:
    """One referral with its person, agency, worker and consent (deleted or not)."""
    rows = list(db.query(_SELECT + "WHERE r.id = ?", [referral_id]))
    return rows[0] if rows else None


def for_client(db: sqlite_utils.Database, client_id: str) -> list[dict[str, Any]]:
    """A person's referrals: drafts (not made yet) first, then the newest made."""
    return list(
        db.query(
            _SELECT + f"WHERE r.client_id = ? AND {_LIVE} "
            "ORDER BY r.made_on IS NULL DESC, r.made_on DESC, r.created DESC",
            [client_id],
        )
    )


def search(
    db: sqlite_utils.Database,
    *,
    status: str | Collection[str] | None = None,
    awaiting: bool = False,
    followup_due_by: str | None = None,
    agency_id: str | None = None,
    domain: str | None = None,
    client_id: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Referrals across everyone, by the filters given (all of them must hold).

    `status`: one status or several; `awaiting`: made and not yet answered by the agency;
    `followup_due_by`: an ISO date: not closed and due for follow-up by then (overdue
    included); `domain`: a need domain the referral addresses. Soonest follow-up first,
    then the newest.
    """
    clauses = [_LIVE]
    params: list[Any] = []
    if status:
        wanted = [status] if isinstance(status, str) else list(status)
        clauses.append(f"r.status IN ({', '.join('?' for _ in wanted)})")
        params.extend(wanted)
    if awaiting:
        clauses.append(f"r.status IN ({', '.join('?' for _ in AWAITING)})")
        params.extend(AWAITING)
    if followup_due_by:
        clauses.append(
            f"r.followup_due <= ? AND r.status NOT IN ({', '.join('?' for _ in FINISHED)})"
        )
        params.extend([followup_due_by, *FINISHED])
    if agency_id:
        clauses.append("r.agency_id = ?")
        params.append(agency_id)
    if domain:
        clauses.append("(',' || r.domains || ',') LIKE ?")
        params.append(f"%,{domain},%")
    if client_id:
        clauses.append("r.client_id = ?")
        params.append(client_id)
    sql = (
        _SELECT + f"WHERE {' AND '.join(clauses)} "
        "ORDER BY r.followup_due IS NULL, r.followup_due, r.made_on DESC, r.created DESC"
    )
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return list(db.query(sql, params))


def count(db: sqlite_utils.Database) -> int:
    return db.execute(
        f"SELECT count(*) FROM referrals r JOIN clients c ON c.id = r.client_id WHERE {_LIVE}"
    ).fetchone()[0]


def made_on_day(db: sqlite_utils.Database, day: str) -> list[dict[str, Any]]:
    """Referrals made on a day (an ISO date), in the order they were written down."""
    return list(db.query(_SELECT + f"WHERE r.made_on = ? AND {_LIVE} ORDER BY r.created", [day]))


def _due_clauses(day: str, worker_id: str | None) -> tuple[list[str], list[Any]]:
    clauses = [
        "r.followup_due IS NOT NULL AND r.followup_due <= ?",
        # Written out, not bound: SQLite uses the partial index of open follow-ups
        # (m007) only when the query says what the index's WHERE says.
        f"r.status NOT IN ({_FINISHED_SQL})",
    ]
    params: list[Any] = [day]
    if worker_id:
        clauses.append("(r.worker_id = ? OR r.worker_id IS NULL)")
        params.append(worker_id)
    return clauses, params


def followups_due(
    db: sqlite_utils.Database,
    day: str,
    worker_id: str | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Referrals not closed whose follow-up is due by `day` (overdue ones first); with
    `limit`, that many after the first `offset`.

    With `worker_id`, only that worker's referrals and ones nobody has been named for.
    """
    clauses, params = _due_clauses(day, worker_id)
    paged, more = page(limit, offset)
    return list(
        db.query(
            _SELECT + f"WHERE {' AND '.join([_LIVE, *clauses])} "
            "ORDER BY r.followup_due, r.created, r.id" + paged,
            params + more,
        )
    )


def count_followups_due(
    db: sqlite_utils.Database, day: str, worker_id: str | None = None
) -> tuple[int, int]:
    """How many referrals `followups_due` lists, and how many were due before `day`."""
    clauses, params = _due_clauses(day, worker_id)
    count, overdue = db.execute(
        "SELECT count(*), "
        "coalesce(sum(date(r.followup_due) IS NOT NULL AND r.followup_due < ?), 0) "
        "FROM referrals r WHERE r.deleted = 0 AND "
        + " AND ".join(clauses)
        + f" AND {person_held('r.client_id')}",
        [day, *params],
    ).fetchone()
    return count, overdue


def agencies_referred_to(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Each agency any referral is to (id, name, how many), by name: the agency filter."""
    return list(
        db.query(
            "SELECT a.id, a.name, count(*) AS referrals FROM referrals r "
            "JOIN clients c ON c.id = r.client_id JOIN agencies a ON a.id = r.agency_id "
            f"WHERE {_LIVE} GROUP BY a.id ORDER BY a.name COLLATE NOCASE"
        )
    )
