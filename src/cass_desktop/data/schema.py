"""The synced tables and their fields: the one list the store, the change log and sync share.

Each synced table also has `id` (a UUID made where the record was created), `created` and
`updated` (clocks, kept by the change log) and `deleted` (a field like any other).
"""

from __future__ import annotations

from typing import Any

# table -> field -> (SQLite type, default)
_T = "TEXT"
_I = "INTEGER"

SYNCED: dict[str, dict[str, tuple[str, Any]]] = {
    "sites": {
        "name": (_T, None),
        "code": (_T, None),  # three letters, prefixes client references: PLY, BOD, TRU
        "kind": (_T, "court"),  # court | drop-in
        "address": (_T, None),
        "phone": (_T, None),
        "deleted": (_I, 0),
    },
    "workers": {
        "name": (_T, None),
        "site_id": (_T, None),
        "email": (_T, None),
        "phone": (_T, None),
        "deleted": (_I, 0),
    },
    "clients": {
        "reference": (_T, None),
        "given_name": (_T, None),
        "family_name": (_T, None),
        "preferred_name": (_T, None),
        "date_of_birth": (_T, None),
        "gender": (_T, None),
        "ethnicity": (_T, None),
        "address": (_T, None),
        "postcode": (_T, None),
        "phone": (_T, None),
        "email": (_T, None),
        "preferred_contact": (_T, None),
        "communication_needs": (_T, None),
        "interpreter_language": (_T, None),
        "status": (_T, "open"),
        "opened_on": (_T, None),
        "closed_on": (_T, None),
        "keyworker_id": (_T, None),
        "site_id": (_T, None),
        "risk_flags": (_T, None),
        # Set when head office finds this is the same person as another record: points at
        # the record kept. Nothing is deleted, so the merge can be undone.
        "merged_into": (_T, None),
        "deleted": (_I, 0),
    },
    "consents": {
        "client_id": (_T, None),
        "scope": (_T, None),  # hold | share
        "agency_id": (_T, None),  # share with a named agency ...
        "agency_kind": (_T, None),  # ... or with a kind of agency (a need domain)
        "decision": (_T, None),  # given | refused | withdrawn
        "decided_on": (_T, None),
        "how_recorded": (_T, None),  # verbal | signed form | ...
        "recorded_by": (_T, None),
        "notes": (_T, None),
        "deleted": (_I, 0),
    },
    "hearings": {
        "client_id": (_T, None),
        "court_id": (_T, None),
        "starts_at": (_T, None),  # local date and time, ISO 8601: 2026-11-27T10:00
        "courtroom": (_T, None),
        "case_number": (_T, None),
        "hearing_type": (_T, None),
        "charge_summary": (_T, None),
        "solicitor": (_T, None),
        "outcome": (_T, None),
        "next_hearing_at": (_T, None),
        "notes": (_T, None),
        "deleted": (_I, 0),
    },
    "agencies": {
        "name": (_T, None),
        "domains": (_T, None),  # need domains served, comma separated keys
        "areas": (_T, None),
        "address": (_T, None),
        "phone": (_T, None),
        "email": (_T, None),
        "referral_method": (_T, None),
        "referral_criteria": (_T, None),
        "opening_hours": (_T, None),
        "contact_name": (_T, None),
        "notes": (_T, None),
        "active": (_I, 1),
        "deleted": (_I, 0),
    },
    "contacts": {
        "client_id": (_T, None),
        "kind": (_T, None),  # court | drop-in | phone | outreach | home visit
        "at": (_T, None),
        "place": (_T, None),
        "duration_minutes": (_I, None),
        "summary": (_T, None),
        "worker_id": (_T, None),
        "deleted": (_I, 0),
    },
    "needs": {
        "client_id": (_T, None),
        "domain": (_T, None),
        "level": (_T, None),  # low | medium | high
        "status": (_T, "identified"),  # identified | being met | met | declined
        "notes": (_T, None),
        "deleted": (_I, 0),
    },
    "followups": {
        "client_id": (_T, None),
        "due_on": (_T, None),
        "what": (_T, None),
        "done": (_I, 0),
        "done_on": (_T, None),
        "worker_id": (_T, None),
        "deleted": (_I, 0),
    },
}

SYNCED["referrals"] = {
    # A supported referral: a named agency, a reason in the worker's words, the consent (or the
    # lawful reason) that lets information be shared, and the support given.
    "client_id": (_T, None),
    "agency_id": (_T, None),
    "domains": (_T, None),  # need domains it addresses, comma separated keys
    "reason": (_T, None),
    "urgency": (_T, "routine"),  # routine | soon | urgent
    "info_shared": (_T, None),  # what information is shared, in words
    "consent_id": (_T, None),  # the consent to share that covers it ...
    "lawful_basis": (_T, None),  # ... or the lawful reason to share without it
    "lawful_reason": (_T, None),  # the worker's words for that reason
    "support": (_T, None),  # comma separated: phoned_ahead, appointment_made, accompanied ...
    "contact_name": (_T, None),  # the named person at the agency
    "appointment_at": (_T, None),
    "appointment_place": (_T, None),
    "status": (_T, "draft"),
    "made_on": (_T, None),
    "followup_due": (_T, None),
    "outcome": (_T, None),
    "notes": (_T, None),
    "worker_id": (_T, None),
    "deleted": (_I, 0),
}

SYNCED["letters"] = {
    # Each letter made, logged against its referral: which template and version, and the
    # SHA-256 of the PDF, so the same letter can be shown to be the one that was sent.
    "referral_id": (_T, None),
    "client_id": (_T, None),
    "template": (_T, None),
    "template_version": (_T, None),
    "sha256": (_T, None),
    "made_at": (_T, None),
    "made_by": (_T, None),
    "deleted": (_I, 0),
}

SYNCED["documents"] = {
    # Letter templates and assessment forms head office sends to every device.
    "kind": (_T, None),  # letter_template | form
    "name": (_T, None),
    "content": (_T, None),
    "version": (_I, 1),
    "deleted": (_I, 0),
}

INDEXES: dict[str, list[tuple[str, ...]]] = {
    "workers": [("site_id",)],
    "clients": [
        ("date_of_birth",),
        ("status",),
        ("keyworker_id",),
        ("opened_on",),
    ],
    "consents": [("client_id",)],
    # Covering the court diary's month view, so it never reads the (wide) hearing rows.
    "hearings": [("starts_at", "court_id", "deleted", "client_id"), ("client_id",)],
    "agencies": [("name",)],
    "contacts": [("client_id", "at"), ("at",)],
    "needs": [("client_id",)],
    "followups": [("due_on",), ("client_id",)],
    "referrals": [("client_id",), ("agency_id",), ("status", "followup_due")],
    "letters": [("referral_id",), ("made_at",)],
}


def fields(table: str) -> dict[str, tuple[str, Any]]:
    try:
        return SYNCED[table]
    except KeyError:
        raise ValueError(f"unknown table: {table}") from None
