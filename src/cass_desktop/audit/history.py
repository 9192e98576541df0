"""A person's history from the audit log, in words: who looked at or changed their record,
when, and on which laptop (at head office, across every site)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from cass_desktop.audit import ACTIONS, CREATE, EDIT, IMPORTED, KIND_WORDS
from cass_desktop.data import audit as audit_data
from cass_desktop.data import made_up
from cass_desktop.records import schema


@dataclass(frozen=True)
class Line:
    at: str  # UTC, ISO 8601
    worker: str  # the worker's name, or their id when this store does not know them
    site: str  # the worker's court or office, when known
    action: str
    what: str  # the action in words: "Changed a court date (Outcome, Next hearing)"
    device_id: str
    seq: int

    def as_json(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "worker": self.worker,
            "site": self.site,
            "action": self.action,
            "what": self.what,
            "device_id": self.device_id,
            "seq": self.seq,
        }


def what_words(entry: dict[str, Any]) -> str:
    """An entry's action in words, naming the fields changed by their labels."""
    action = entry["action"]
    words = ACTIONS.get(action, action)
    if action == IMPORTED:
        return words
    if action in (CREATE, EDIT):
        words = f"{words} {KIND_WORDS.get(entry['kind'] or '', 'a record')}"
        if action == EDIT and entry["detail"]:
            labels = [_label(entry["kind"], name) for name in entry["detail"].split(", ")]
            shown = [label for label in labels if label]
            if shown:
                words += f" ({', '.join(shown)})"
    elif entry["detail"]:
        words += f" ({entry['detail']})"
    return words


def _label(kind: str | None, name: str) -> str:
    try:
        field = schema.fields(kind or "").get(name)
    except ValueError:
        return ""
    return field.label if field is not None and field.edit else ""


def for_person(db: sqlite_utils.Database, client_id: str) -> list[Line]:
    """Everything the log holds about a person (and anyone merged into them), newest first."""
    rows = audit_data.for_client(db, audit_data.person_ids(db, client_id))
    return [
        Line(
            at=row["at"],
            worker=row["worker_name"] or (row["worker_id"] or "unknown"),
            site=row["site_name"] or "",
            action=row["action"],
            what=what_words(row),
            device_id=row["device_id"],
            seq=row["seq"],
        )
        for row in rows
    ]


def made_up_for_demo(db: sqlite_utils.Database, client_id: str) -> bool:
    """Whether this person is one a demo store was made with: their first records were
    written with no change log and no audit entry (data/made_up.py), so their history starts
    with what was done in the demo since. False in every store that is not a demo."""
    return made_up.is_made_up(db, "clients", client_id)


def shown_time(at: str) -> str:
    """27 Nov 2026 14:05, in local time."""
    try:
        moment = dt.datetime.fromisoformat(at).astimezone()
    except ValueError:
        return at
    return moment.strftime("%d %b %Y %H:%M").lstrip("0")
