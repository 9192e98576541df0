"""Letters made, logged against their referral; and the letter templates head office sends.

A letter is not stored: its log says which template and version made it, when, by whom, and
the SHA-256 of the PDF, so the one sent can be shown to be the one made (letters are made
deterministically, so making it again from the same record gives the same bytes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlite_utils

from cass_desktop.data import changelog

TEMPLATE_KIND = "letter_template"

_WITH_NAMES = (
    "SELECT l.*, c.given_name, c.family_name, c.preferred_name, c.reference, "
    "w.name AS made_by_name FROM letters l "
    "LEFT JOIN clients c ON c.id = l.client_id "
    "LEFT JOIN workers w ON w.id = l.made_by "
)


def record(db: sqlite_utils.Database, values: Mapping[str, Any]) -> str:
    """Log one letter made (referral_id, client_id, template, template_version, sha256,
    made_at, made_by); returns the log record's id."""
    return changelog.save(db, "letters", values)


def get(db: sqlite_utils.Database, letter_id: str) -> dict[str, Any] | None:
    return changelog.get(db, "letters", letter_id)


def for_referral(db: sqlite_utils.Database, referral_id: str) -> list[dict[str, Any]]:
    """The letters made for a referral, newest first."""
    return list(
        db.query(
            _WITH_NAMES + "WHERE l.referral_id = ? AND l.deleted = 0 "
            "ORDER BY l.made_at DESC, l.created DESC",
            [referral_id],
        )
    )


def made_on_day(db: sqlite_utils.Database, day: str) -> list[dict[str, Any]]:
    """The letters made on one day (ISO date), in the order they were made."""
    start, end = changelog.day_bounds(day)
    return list(
        db.query(
            _WITH_NAMES + "WHERE l.made_at >= ? AND l.made_at < ? AND l.deleted = 0 "
            "ORDER BY l.made_at, l.created",
            [start, end],
        )
    )


def template_document(db: sqlite_utils.Database, name: str) -> dict[str, Any] | None:
    """The letter template head office sent under this name (its highest version), if any."""
    rows = list(
        db.query(
            "SELECT * FROM documents WHERE kind = ? AND name = ? AND deleted = 0 "
            "ORDER BY version DESC, updated DESC LIMIT 1",
            [TEMPLATE_KIND, name],
        )
    )
    return rows[0] if rows else None


def template_document_names(db: sqlite_utils.Database) -> list[str]:
    return [
        row[0]
        for row in db.execute(
            "SELECT DISTINCT name FROM documents WHERE kind = ? AND deleted = 0 "
            "AND name IS NOT NULL ORDER BY name",
            [TEMPLATE_KIND],
        )
    ]


def save_template_document(
    db: sqlite_utils.Database, name: str, content: str, version: int, document_id: str | None = None
) -> str:
    """Head office: a letter template to send to every device (a new version of one)."""
    values = {"kind": TEMPLATE_KIND, "name": name, "content": content, "version": version}
    return changelog.save(db, "documents", values, document_id)
