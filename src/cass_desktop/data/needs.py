"""Needs: what a person needs help with, by domain, and how far it is being met."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlite_utils

from cass_desktop.data import changelog


def create(db: sqlite_utils.Database, values: Mapping[str, Any]) -> str:
    return changelog.save(db, "needs", values)


def update(db: sqlite_utils.Database, need_id: str, values: Mapping[str, Any]) -> None:
    changelog.save(db, "needs", values, need_id)


def for_client(db: sqlite_utils.Database, client_id: str) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT * FROM needs WHERE client_id = ? AND deleted = 0 ORDER BY created",
            [client_id],
        )
    )
