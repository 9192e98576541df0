"""Changes to the agency directory laptops proposed, in words, and head office's decisions:
accepting one (the value goes to every laptop) or rejecting one (head office's value is said
again, so the laptop that proposed it comes back in line).

Each decision is head office's own change, saved through the change log and made on the
change it answers (`changelog.save`'s `answering`), so the laptop does not see a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils

from cass_desktop.data import changelog, trust
from cass_desktop.headoffice import ReviewError
from cass_desktop.headoffice.conflicts import device_places as _places
from cass_desktop.headoffice.conflicts import short_value_words as _shown
from cass_desktop.records.stamps import load as _load
from cass_desktop.records.words import field_words

# -- agency directory proposals --------------------------------------------------------------


@dataclass(frozen=True)
class ProposalView:
    id: int
    device_id: str
    place: str  # the laptop that proposed it: 'Truro'
    agency_id: str
    agency: str  # the agency's name, as head office holds it (or as proposed, when new)
    new_agency: bool  # head office does not hold the agency yet
    field: str
    field_label: str
    held: str  # head office's value, in words
    proposed: str  # the laptop's value, in words
    proposed_value: Any
    received_at: str


def proposals(db: sqlite_utils.Database) -> list[ProposalView]:
    """Changes to the agency directory laptops proposed, still to decide, oldest first."""
    rows = trust.open_proposals(db)
    if not rows:
        return []
    places = _places(db)
    held = trust.records(db, "agencies", {r["row_id"] for r in rows})
    proposed_names = {
        r["row_id"]: _load(r["value_json"])
        for r in rows
        if r["field"] == "name" and r["value_json"]
    }
    views = []
    for r in rows:
        agency = held.get(r["row_id"])
        value = _load(r["value_json"])
        name = (agency or {}).get("name") or proposed_names.get(r["row_id"]) or "an agency"
        views.append(
            ProposalView(
                id=r["id"],
                device_id=r["device_id"],
                place=places.get(r["device_id"], "A laptop"),
                agency_id=r["row_id"],
                agency=str(name),
                new_agency=agency is None,
                field=r["field"],
                field_label=field_words(r["field"]),
                held=_shown(db, "agencies", r["field"], agency.get(r["field"]))
                if agency is not None
                else "(a new agency)",
                proposed=_shown(db, "agencies", r["field"], value),
                proposed_value=value,
                received_at=r["received_at"],
            )
        )
    return views


def proposal_count(db: sqlite_utils.Database) -> int:
    return trust.proposal_count(db)


def _open_proposal(db: sqlite_utils.Database, proposal_id: int) -> dict[str, Any]:
    row = trust.get_proposal(db, proposal_id)
    if row is None:
        raise ReviewError("That proposal is not held here.")
    if row["status"] != "open":
        raise ReviewError(f"That proposal was already {row['status']}.")
    return row


def _latest_by_field(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    latest: dict[str, dict[str, Any]] = {}
    for row in rows:  # oldest first
        latest[row["field"]] = row
    return latest


def accept_proposal(db: sqlite_utils.Database, proposal_id: int, by: str | None) -> None:
    """Head office takes the proposed value as its own: saved through the change log, so it
    goes to every laptop. A new agency is made at head office with the same id, with every
    field its laptop proposed for it."""
    row = _open_proposal(db, proposal_id)
    table, row_id = row["tbl"], row["row_id"]
    with db.atomic():
        if changelog.get(db, table, row_id) is None:
            wanted = trust.open_proposals_for(db, row["device_id"], table, row_id)
            latest = _latest_by_field(wanted)
            values = {f: _load(p["value_json"]) for f, p in latest.items()}
            clock = max(p["hlc"] for p in latest.values())
            changelog.save(db, table, values, row_id, always=True, answering=clock)
            trust.decide_proposals(db, [p["id"] for p in latest.values()], "accepted", by)
        else:
            changelog.save(
                db,
                table,
                {row["field"]: _load(row["value_json"])},
                row_id,
                always=True,
                answering=row["hlc"],
            )
            trust.decide_proposals(db, [proposal_id], "accepted", by)


def reject_proposal(db: sqlite_utils.Database, proposal_id: int, by: str | None) -> None:
    """Head office keeps its own value and says it again, as its own change made on the
    proposal, so the laptop that proposed another comes back in line. A new agency head office
    does not want is sent back deleted."""
    row = _open_proposal(db, proposal_id)
    table, row_id = row["tbl"], row["row_id"]
    with db.atomic():
        held = changelog.get(db, table, row_id)
        if held is None:
            wanted = trust.open_proposals_for(db, row["device_id"], table, row_id)
            clock = max(p["hlc"] for p in wanted)
            changelog.save(db, table, {"deleted": 1}, row_id, always=True, answering=clock)
            trust.decide_proposals(db, [p["id"] for p in wanted], "rejected", by)
        else:
            changelog.save(
                db,
                table,
                {row["field"]: held[row["field"]]},
                row_id,
                always=True,
                answering=row["hlc"],
            )
            trust.decide_proposals(db, [proposal_id], "rejected", by)
