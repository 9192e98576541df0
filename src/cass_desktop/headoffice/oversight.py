"""Head office's side of who may change what: the changes laptops were refused, and the agency
directory changes they proposed, in words; and head office's decisions on them.

Every decision is head office's own change, saved through the change log, so it reaches the
laptops like any other: applying a refused change, accepting a proposal (the value goes to
every laptop) or rejecting one (head office's value is said again, so the laptop that proposed
it comes back in line). A decision is made on the change it answers (`changelog.save`'s
`answering`): head office's clock moves past it, so the decision is newer, and the laptop
does not see a conflict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from cass_desktop.data import changelog, trust
from cass_desktop.data import review as review_data
from cass_desktop.headoffice import review
from cass_desktop.headoffice.review import ReviewError
from cass_desktop.sync import identity
from cass_desktop.sync.keys import Card, CardError

_LONGEST_SHOWN = 300  # characters of a value shown in a list


def _load(value_json: str | None) -> Any:
    return None if value_json is None else json.loads(value_json)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _LONGEST_SHOWN else text[: _LONGEST_SHOWN - 1] + "…"


def _places(db: sqlite_utils.Database) -> dict[str, str]:
    """'Truro' for each device, by id: the court head office assigned it."""
    found = {changelog.device_id(db): "Head office"}
    for row in review_data.devices(db):
        found[row["device_id"]] = review.short_site(row["site_name"] or row["name"]) or "A laptop"
    return found


def _shown(db: sqlite_utils.Database, table: str, field: str, value: Any) -> str:
    return _short(review.value_words(db, table, field, value))


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

    @property
    def applied(self) -> bool:
        return self.applied_at is not None


def refusals(db: sqlite_utils.Database, device_id: str | None = None) -> list[RefusalView]:
    """What laptops tried to change and may not, newest first (the quiet echoes left out)."""
    rows = trust.refused(db, device_id)
    if not rows:
        return []
    places = _places(db)
    records = review.records_in_words(db, [(r["tbl"], r["row_id"]) for r in rows])
    return [
        RefusalView(
            id=r["id"],
            device_id=r["device_id"],
            place=places.get(r["device_id"], "A laptop"),
            reason=r["reason"],
            record=records[(r["tbl"], r["row_id"])],
            field_label=review.field_words(r["field"]),
            value=_shown(db, r["tbl"], r["field"], _load(r["value_json"])),
            received_at=r["received_at"],
            applied_at=r["applied_at"],
            applied_by=r["applied_by"],
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


def revoke(db: sqlite_utils.Database, device_id: str) -> Card:
    """Stop trusting a laptop: its later bundles are refused whole."""
    try:
        return identity.revoke_device(db, device_id)
    except CardError as exc:
        raise ReviewError(str(exc)) from None


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
                field_label=review.field_words(r["field"]),
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
