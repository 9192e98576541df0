"""Consents: to hold a person's data, and to share it with an agency or a kind of agency."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlite_utils

from cass_desktop.data import audit, changelog


def record(db: sqlite_utils.Database, values: Mapping[str, Any]) -> str:
    """Record a decision; a later decision (a withdrawal, say) is a new record, not an edit."""
    return audit.save(db, "consents", values)


def for_client(db: sqlite_utils.Database, client_id: str) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT k.*, a.name AS agency_name, w.name AS recorded_by_name FROM consents k "
            "LEFT JOIN agencies a ON a.id = k.agency_id "
            "LEFT JOIN workers w ON w.id = k.recorded_by "
            "WHERE k.client_id = ? AND k.deleted = 0 ORDER BY k.decided_on DESC, k.created DESC",
            [client_id],
        )
    )


def get(db: sqlite_utils.Database, consent_id: str) -> dict[str, Any] | None:
    return changelog.get(db, "consents", consent_id)


def target_key(row: Mapping[str, Any]) -> tuple[str, str, str]:
    """What a decision is about: holding data, or sharing it with one agency or one kind."""
    if row.get("scope") == "share":
        if row.get("agency_id"):
            return ("share", "agency", row["agency_id"])
        return ("share", "kind", row.get("agency_kind") or "")
    return ("hold", "", "")


def current(db: sqlite_utils.Database, client_id: str) -> list[dict[str, Any]]:
    """The decision in force for each thing asked (hold; share with each agency or kind).

    The latest decision wins: a withdrawal after a consent leaves the consent withdrawn.
    Holding comes first, then sharing in the order the decisions were last made.
    """
    latest: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in for_client(db, client_id):  # newest first
        latest.setdefault(target_key(row), row)
    return sorted(latest.values(), key=lambda r: r["scope"] != "hold")
