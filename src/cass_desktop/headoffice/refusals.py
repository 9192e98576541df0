"""The changes laptops were refused (what they may not change), in words, and head office's
decision to apply one as its own.

The decision is head office's own change, saved through the change log, so it reaches the
laptops like any other. It is made on the change it answers (`changelog.save`'s `answering`):
head office's clock moves past it, so the decision is newer, and the laptop does not see a
conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils

from cass_desktop.data import changelog, trust
from cass_desktop.headoffice import ReviewError
from cass_desktop.headoffice.conflicts import device_places as _places
from cass_desktop.headoffice.conflicts import records_in_words
from cass_desktop.headoffice.conflicts import short_value_words as _shown
from cass_desktop.records.stamps import load as _load
from cass_desktop.records.words import field_words

# -- refused changes -------------------------------------------------------------------------


@dataclass(frozen=True)
class RefusalView:
    id: int
    device_id: str
    place: str  # the laptop's court: 'Truro'
    reason: str  # 'Truro tried to change a Bodmin person's phone number.'
    record: str  # the record in words (a person's name, held at head office)
    field_label: str
    value: str  # the value it tried to set, in words
    received_at: str  # UTC, ISO 8601
    applied_at: str | None  # when head office applied it as its own decision
    applied_by: str | None
    together: int = 1  # changes applied with it: every field of a record head office lacks
    new_record: bool = False  # head office does not hold the record: applying makes it whole

    @property
    def applied(self) -> bool:
        return self.applied_at is not None


def refusals(db: sqlite_utils.Database, device_id: str | None = None) -> list[RefusalView]:
    """What laptops tried to change and may not, newest first (the quiet echoes left out)."""
    rows = trust.refused(db, device_id)
    if not rows:
        return []
    places = _places(db)
    records = records_in_words(db, [(r["tbl"], r["row_id"]) for r in rows])
    missing = {
        key
        for key in {(r["tbl"], r["row_id"]) for r in rows}
        if changelog.get(db, key[0], key[1]) is None
    }
    open_fields: dict[tuple[str, str, str], set[str]] = {}
    for r in rows:
        if not r["applied_at"]:
            open_fields.setdefault((r["device_id"], r["tbl"], r["row_id"]), set()).add(r["field"])
    return [
        RefusalView(
            id=r["id"],
            device_id=r["device_id"],
            place=places.get(r["device_id"], "A laptop"),
            reason=r["reason"],
            record=records[(r["tbl"], r["row_id"])],
            field_label=field_words(r["field"]),
            value=_shown(db, r["tbl"], r["field"], _load(r["value_json"])),
            received_at=r["received_at"],
            applied_at=r["applied_at"],
            applied_by=r["applied_by"],
            together=len(open_fields.get((r["device_id"], r["tbl"], r["row_id"]), ()))
            if (r["tbl"], r["row_id"]) in missing
            else 1,
            new_record=(r["tbl"], r["row_id"]) in missing,
        )
        for r in rows
    ]


def refusal_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Refused changes not since applied, per device."""
    return trust.refused_counts(db)


def apply_refused(db: sqlite_utils.Database, refused_id: int, by: str | None) -> RefusalView:
    """Head office decides a refused change was right after all: it is saved as head office's
    own change (which reaches the laptops of the record's court like any other)."""
    row = trust.get_refused(db, refused_id)
    if row is None or row["kind"] != trust.REFUSED:
        raise ReviewError("That refused change is not held here.")
    if row["applied_at"]:
        raise ReviewError(
            f"That change was already applied by {row['applied_by'] or 'head office'}."
        )
    table, row_id = row["tbl"], row["row_id"]
    with db.atomic():
        if changelog.get(db, table, row_id) is None:
            # A record head office does not hold: made with every field the laptop sent for
            # it and was refused, not one field on its own.
            together = [
                r
                for r in trust.refused(db, row["device_id"], include_applied=False)
                if (r["tbl"], r["row_id"]) == (table, row_id)
            ]
        else:
            together = [row]
        latest: dict[str, dict[str, Any]] = {}
        for r in sorted(together, key=lambda r: r["hlc"]):
            latest[r["field"]] = r
        values = {field: _load(r["value_json"]) for field, r in latest.items()}
        clock = max(r["hlc"] for r in together)
        changelog.save(db, table, values, row_id, always=True, answering=clock)
        for r in together:
            trust.mark_refused_applied(db, r["id"], by)
    return next(v for v in refusals(db, row["device_id"]) if v.id == refused_id)
