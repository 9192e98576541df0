"""Recording the needs a result proposes, once the worker has confirmed which.

A confirmed need in a domain where the person already has an open need (not met, not
declined) updates that need rather than adding a second: its level and urgency rise to the
assessment's if higher (never fall: a worker lowers them by hand), and the reason is added to
its notes. Otherwise a new need is recorded, status "identified".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from cass_desktop.data import needs as need_data
from cass_desktop.records.vocab import NEED_DOMAINS, NEED_LEVELS, URGENCY

_LEVEL = {None: 0, **{k: n + 1 for n, k in enumerate(NEED_LEVELS)}}
_URGENCY = {None: 0, **{k: n + 1 for n, k in enumerate(URGENCY)}}
_NOTES_MAX = 10_000


@dataclass(frozen=True)
class Confirmed:
    """A need the worker chose to record: domain, level and urgency as they left them."""

    domain: str
    level: str | None = None
    urgency: str | None = None
    reason: str = ""


def open_needs(db: sqlite_utils.Database, client_id: str) -> list[dict[str, Any]]:
    """The person's needs not yet met or declined."""
    return [
        n for n in need_data.for_client(db, client_id) if n["status"] not in ("met", "declined")
    ]


def record_needs(
    db: sqlite_utils.Database, client_id: str, chosen: Iterable[Confirmed]
) -> list[str]:
    """Record each confirmed need (or raise the open one in its domain); the ids, in order."""
    ids: list[str] = []
    with db.atomic():
        for need in chosen:
            if need.domain not in NEED_DOMAINS:
                raise ValueError(f"no need domain {need.domain}")
            level = need.level if need.level in NEED_LEVELS else None
            urgency = need.urgency if need.urgency in URGENCY else None
            held = need_data.open_in_domain(db, client_id, need.domain)
            if held is None:
                values = {
                    "client_id": client_id,
                    "domain": need.domain,
                    "level": level,
                    "urgency": urgency,
                    "status": "identified",
                    "notes": need.reason[:_NOTES_MAX] or None,
                }
                ids.append(need_data.create(db, values))
                continue
            changes: dict[str, Any] = {}
            if _LEVEL[level] > _LEVEL.get(held["level"], 0):
                changes["level"] = level
            if _URGENCY[urgency] > _URGENCY.get(held["urgency"], 0):
                changes["urgency"] = urgency
            notes = held["notes"] or ""
            if need.reason and need.reason not in notes:
                changes["notes"] = (f"{notes}\n{need.reason}" if notes else need.reason)[
                    :_NOTES_MAX
                ]
            if changes:
                need_data.update(db, held["id"], changes)
            ids.append(held["id"])
    return ids
