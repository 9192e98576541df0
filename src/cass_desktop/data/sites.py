"""Sites (courts and drop-in locations) and the workers at them."""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from cass_desktop.data import changelog

# The namespace of courts' site ids: uuid5(NAMESPACE_URL, "https://cass-desktop.invalid/courts").
# Fixed for ever: changing it changes every court's id.
COURT_NAMESPACE = uuid.UUID("43240f93-bfc3-5f94-a3ac-01847bc725ed")


def normalised_name(name: str) -> str:
    """A court's name as its id is made from: compatibility-folded, case-folded, curly
    apostrophes made straight, runs of spaces made one."""
    text = unicodedata.normalize("NFKC", name).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.casefold().split())


def site_id_for(name: str) -> str:
    """The site id of a court or drop-in, the same wherever it is made: a laptop set up for
    "Plymouth Magistrates' Court" and head office's record of that court agree on it."""
    return str(uuid.uuid5(COURT_NAMESPACE, normalised_name(name)))


def create_site(
    db: sqlite_utils.Database, values: Mapping[str, Any], site_id: str | None = None
) -> str:
    return changelog.save(db, "sites", values, site_id)


def update_site(db: sqlite_utils.Database, site_id: str, values: Mapping[str, Any]) -> None:
    changelog.save(db, "sites", values, site_id)


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


def create_worker(
    db: sqlite_utils.Database, values: Mapping[str, Any], worker_id: str | None = None
) -> str:
    return changelog.save(db, "workers", values, worker_id)


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
