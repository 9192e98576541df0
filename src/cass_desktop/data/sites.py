"""Sites (courts and drop-in locations) and the workers at them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlite_utils

from cass_desktop.data import changelog


def create_site(db: sqlite_utils.Database, values: Mapping[str, Any]) -> str:
    return changelog.save(db, "sites", values)


def list_sites(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM sites WHERE deleted = 0 ORDER BY name COLLATE NOCASE"))


def find_site(db: sqlite_utils.Database, name: str) -> dict[str, Any] | None:
    rows = list(
        db.query(
            "SELECT * FROM sites WHERE deleted = 0 AND (name = ? COLLATE NOCASE OR code = ? "
            "COLLATE NOCASE) ORDER BY created LIMIT 1",
            [name.strip(), name.strip()],
        )
    )
    return rows[0] if rows else None


def get_site(db: sqlite_utils.Database, site_id: str) -> dict[str, Any] | None:
    return changelog.get(db, "sites", site_id)


def create_worker(db: sqlite_utils.Database, values: Mapping[str, Any]) -> str:
    return changelog.save(db, "workers", values)


def list_workers(db: sqlite_utils.Database, site_id: str | None = None) -> list[dict[str, Any]]:
    if site_id:
        return list(
            db.query(
                "SELECT * FROM workers WHERE deleted = 0 AND site_id = ? "
                "ORDER BY name COLLATE NOCASE",
                [site_id],
            )
        )
    return list(db.query("SELECT * FROM workers WHERE deleted = 0 ORDER BY name COLLATE NOCASE"))


def get_worker(db: sqlite_utils.Database, worker_id: str) -> dict[str, Any] | None:
    return changelog.get(db, "workers", worker_id)
