"""Needs: what a person needs help with, by domain, and how far it is being met."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlite_utils

from cass_desktop.data import audit, changelog


def create(db: sqlite_utils.Database, values: Mapping[str, Any]) -> str:
    return audit.save(db, "needs", values)


def update(db: sqlite_utils.Database, need_id: str, values: Mapping[str, Any]) -> None:
    audit.save(db, "needs", values, need_id)


def for_client(db: sqlite_utils.Database, client_id: str) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT * FROM needs WHERE client_id = ? AND deleted = 0 ORDER BY created",
            [client_id],
        )
    )


def get(db: sqlite_utils.Database, need_id: str) -> dict[str, Any] | None:
    return changelog.get(db, "needs", need_id)


def set_status(db: sqlite_utils.Database, need_id: str, status: str) -> None:
    audit.save(db, "needs", {"status": status}, need_id)


def open_in_domain(db: sqlite_utils.Database, client_id: str, domain: str) -> dict[str, Any] | None:
    """A need in this domain not yet met or declined, if the person has one."""
    rows = list(
        db.query(
            "SELECT * FROM needs WHERE client_id = ? AND domain = ? AND deleted = 0 "
            "AND status NOT IN ('met', 'declined') ORDER BY created LIMIT 1",
            [client_id, domain],
        )
    )
    return rows[0] if rows else None
