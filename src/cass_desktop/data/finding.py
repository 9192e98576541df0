"""Find a person or agency (Ctrl+K, and `cass-desktop find`): the one list both show, in order.

People first (best matches, however their name was typed, or by reference, date of birth or
phone when the text has that shape), then agencies, each list cut to what the window shows.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import sqlite_utils

from cass_desktop.data import agencies, clients

PEOPLE_SHOWN = 15
AGENCIES_SHOWN = 8


@dataclass(frozen=True)
class Found:
    """One result: a person (`kind` "client") or an agency."""

    kind: str
    id: str
    name: str
    reference: str | None = None
    date_of_birth: str | None = None  # ISO 8601, as stored
    domains: str | None = None  # an agency's need domains, as stored (comma-separated keys)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def find(db: sqlite_utils.Database, text: str) -> list[Found]:
    """What Ctrl+K lists for `text`, in the order it lists them (nothing for blank text)."""
    if not text.strip():
        return []
    found = [
        Found(
            "client",
            row["id"],
            clients.display_name(row),
            reference=row["reference"],
            date_of_birth=row["date_of_birth"],
        )
        for row in clients.search(db, text, limit=PEOPLE_SHOWN)
    ]
    found += [
        Found("agency", row["id"], row["name"], domains=row["domains"])
        for row in agencies.search(db, text, limit=AGENCIES_SHOWN)
    ]
    return found
