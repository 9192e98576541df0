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


# -- proposals grouped by record ------------------------------------------------------------


@dataclass(frozen=True)
class ProposalGroup:
    """One laptop's proposal for one agency: a new agency with its whole record, or the
    changes it made to the fields of one head office holds. Decided whole."""

    device_id: str
    place: str
    agency_id: str
    agency: str
    new_agency: bool
    changes: tuple[ProposalView, ...]  # one per field, oldest first
    received_at: str  # of the latest change

    @property
    def ids(self) -> list[int]:
        return [c.id for c in self.changes]

    def words(self) -> str:
        """What it proposes: 'a new agency, Tamar Housing Advice, with 7 details' or
        'Shelter Plymouth: phone and email'."""
        if self.new_agency:
            count = len(self.changes)
            return f"a new agency, {self.agency}, with {count} detail{'s' * (count != 1)}"
        labels = [c.field_label.lower() for c in self.changes]
        listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
        return f"{self.agency}: {listed}"


def proposal_groups(db: sqlite_utils.Database) -> list[ProposalGroup]:
    """The open proposals, one per laptop and agency, oldest first."""
    grouped: dict[tuple[str, str], list[ProposalView]] = {}
    for view in proposals(db):
        grouped.setdefault((view.device_id, view.agency_id), []).append(view)
    return [
        ProposalGroup(
            device_id=views[0].device_id,
            place=views[0].place,
            agency_id=views[0].agency_id,
            agency=views[0].agency,
            new_agency=views[0].new_agency,
            changes=tuple(views),
            received_at=max(v.received_at for v in views),
        )
        for views in grouped.values()
    ]


def accept_group(db: sqlite_utils.Database, group: ProposalGroup, by: str | None) -> None:
    """Accept every change of one proposal, in one step (a new agency is made whole)."""
    with db.atomic():
        if group.new_agency:
            accept_proposal(db, group.ids[0], by)  # takes every field proposed for it
        else:
            for proposal_id in group.ids:
                accept_proposal(db, proposal_id, by)


def reject_group(db: sqlite_utils.Database, group: ProposalGroup, by: str | None) -> None:
    """Reject every change of one proposal, in one step (a new agency is sent back deleted)."""
    with db.atomic():
        if group.new_agency:
            reject_proposal(db, group.ids[0], by)
        else:
            for proposal_id in group.ids:
                reject_proposal(db, proposal_id, by)
