"""Supported referrals: checking and saving them, and moving them on through their statuses.

A referral sends what the worker and the person agreed to a named agency. `save_referral`
checks a referral (`problems`, including the rule on sharing in referrals/consent.py), fills
what follows from it (the day it was made, a follow-up a week later, the consent relied on)
and saves it through the change log; `mark_status` moves it on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from cass_desktop.data import agencies, clients, consents, local
from cass_desktop.data import referrals as store
from cass_desktop.people import hold
from cass_desktop.records import vocab
from cass_desktop.records.dates import today
from cass_desktop.referrals.consent import (
    SharingBlocked,
    consent_in_force,
    covering_consents,
    domain_keys,
    sharing_block,
)

FOLLOW_UP_AFTER = dt.timedelta(days=7)
_TEXT_FIELDS = (
    "reason",
    "info_shared",
    "lawful_reason",
    "contact_name",
    "appointment_place",
    "outcome",
    "notes",
)


class ReferralInvalid(Exception):
    """What is wrong with a referral: (field, plain message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(message for _field, message in problems))
        self.problems = problems


def _joined(value: Any) -> str | None:
    """Keys given as a list or as comma separated text, stored as 'a,b'."""
    if value is None:
        return None
    keys = domain_keys(value) if isinstance(value, str) else [str(v).strip() for v in value]
    keys = list(dict.fromkeys(k for k in keys if k))
    return ",".join(keys) or None


def _normalised(values: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for name in _TEXT_FIELDS:
        if name in out and isinstance(out[name], str):
            out[name] = out[name].strip() or None
    for name in ("domains", "support"):
        if name in out:
            out[name] = _joined(out[name])
    for name in ("consent_id", "lawful_basis", "appointment_at", "followup_due", "made_on"):
        if name in out and not out[name]:
            out[name] = None
    return out


def _iso_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if len(text) == 10 else None
    except ValueError:
        return None


def _iso_datetime_ok(text: str) -> bool:
    if len(text) == 10:
        return _iso_date(text) is not None
    try:
        dt.datetime.strptime(text, "%Y-%m-%dT%H:%M")
    except ValueError:
        return False
    return True


def problems(
    db: sqlite_utils.Database,
    referral: Mapping[str, Any],
    before: Mapping[str, Any] | None = None,
) -> list[tuple[str, str]]:
    """What is wrong with a referral (all its fields), in words a court worker understands.

    `before` is the referral as held, when it is being changed.
    """
    found: list[tuple[str, str]] = []
    client_id = referral.get("client_id")
    client = clients.get(db, client_id) if client_id else None
    if client is None or client.get("deleted"):
        found.append(("client_id", "Choose the person this referral is for."))
    agency_id = referral.get("agency_id")
    agency = agencies.get(db, agency_id) if agency_id else None
    if agency is None or agency.get("deleted"):
        found.append(("agency_id", "Choose the agency the person is being referred to."))
    elif not agency.get("active") and (before is None or before.get("agency_id") != agency_id):
        found.append(
            (
                "agency_id",
                f"{agency['name']} is marked as no longer active in the agency directory; "
                "choose another agency.",
            )
        )
    if not (referral.get("reason") or "").strip():
        found.append(("reason", "Write the reason for the referral, in your own words."))
    status = referral.get("status") or "draft"
    if status not in vocab.REFERRAL_STATUSES:
        found.append(("status", f"“{status}” is not a referral status this version knows."))
    urgency = referral.get("urgency") or "routine"
    if urgency not in vocab.URGENCY:
        found.append(("urgency", "Choose how urgent the referral is."))
    domains = domain_keys(referral.get("domains"))
    unknown = [d for d in domains if d not in vocab.NEED_DOMAINS]
    if unknown:
        found.append(("domains", f"Unknown area of need: {', '.join(unknown)}."))
    elif not domains and status != "draft":
        found.append(("domains", "Tick at least one need this referral is meant to help with."))
    support = domain_keys(referral.get("support"))
    if any(s not in vocab.SUPPORT_KINDS for s in support):
        found.append(("support", "Unknown kind of support given."))
    basis = referral.get("lawful_basis")
    if basis:
        if basis not in vocab.LAWFUL_BASES:
            found.append(("lawful_basis", "Choose one of the lawful reasons to share."))
        if not (referral.get("lawful_reason") or "").strip():
            found.append(
                (
                    "lawful_reason",
                    "You chose to share without consent: write down why, in your own words.",
                )
            )
    consent_id = referral.get("consent_id")
    if consent_id:
        consent = consents.get(db, consent_id)
        if (
            consent is None
            or consent.get("deleted")
            or consent.get("client_id") != client_id
            or consent.get("scope") != "share"
        ):
            found.append(
                ("consent_id", "The consent chosen is not this person's consent to share.")
            )
    appointment = referral.get("appointment_at")
    if appointment and not _iso_datetime_ok(appointment):
        found.append(("appointment_at", "The appointment date or time is not a real one."))
    if "appointment_made" in support and not appointment:
        found.append(
            ("appointment_at", "You ticked “Appointment made”: give the appointment's date.")
        )
    made_on = referral.get("made_on")
    made = _iso_date(made_on) if made_on else None
    if made_on and made is None:
        found.append(("made_on", "The date the referral was made is not a real date."))
    elif made is not None and made > today():
        found.append(("made_on", "The referral cannot have been made on a day still to come."))
    followup = referral.get("followup_due")
    due = _iso_date(followup) if followup else None
    if followup and due is None:
        found.append(("followup_due", "The follow-up date is not a real date."))
    elif due is not None and made is not None and due < made:
        found.append(
            ("followup_due", "The follow-up date is before the day the referral was made.")
        )
    return found


def default_followup(made_on: str | None = None) -> str:
    """A week after the referral is made (or after today, for one not made yet)."""
    start = _iso_date(made_on) if made_on else None
    return ((start or today()) + FOLLOW_UP_AFTER).isoformat()


# Without consent to hold, a referral is kept only where the law allows it without consent.
NO_HOLD_CONSENT = (
    "Not saved: they have not agreed to their information being held, so a referral is kept "
    "only with a lawful reason to share without consent; give one, or record their consent."
)


def save_referral(
    db: sqlite_utils.Database, values: Mapping[str, Any], referral_id: str | None = None
) -> str:
    """Check and save a referral (new without `referral_id`); return its id.

    Raises ReferralInvalid with every problem found, or SharingBlocked when the status says
    information has gone to the agency and nothing recorded allows that. A draft can always
    be saved. Saving as made (or later) fills the day it was made with today when it is not
    given, and records the consent relied on; a new referral gets its follow-up a week
    after it was made and is put down to this laptop's worker unless told otherwise.
    """
    before = store.row(db, referral_id) if referral_id else None
    if referral_id and before is None:
        raise ReferralInvalid([("referral", "This referral could not be found.")])
    changes = _normalised(values)
    if before is None:
        changes.setdefault("status", "draft")
        changes.setdefault("urgency", "routine")
        if not changes.get("worker_id"):
            changes["worker_id"] = local.current_worker_id(db)
    referral = {**(before or {}), **changes}
    if referral.get("lawful_basis") is None:
        referral["lawful_reason"] = changes["lawful_reason"] = None
    found = problems(db, referral, before)
    if not referral.get("lawful_basis") and hold.answer(db, referral.get("client_id")) == hold.NO:
        found.append(("lawful_basis", NO_HOLD_CONSENT))
    if found:
        raise ReferralInvalid(found)
    status = referral["status"]
    if status in vocab.REFERRAL_STATUSES_SHARED:
        block = sharing_block(db, referral)
        if block is not None:
            raise SharingBlocked(block)
        if not referral.get("made_on"):
            referral["made_on"] = changes["made_on"] = today().isoformat()
        if not referral.get("lawful_basis"):
            agency = agencies.get(db, referral["agency_id"]) or {}
            relied_on = consent_in_force(db, referral["client_id"], agency)
            covering = {c["id"] for c in covering_consents(db, referral["client_id"], agency)}
            if relied_on is not None and referral.get("consent_id") not in covering:
                referral["consent_id"] = changes["consent_id"] = relied_on["id"]
    if before is None and "followup_due" not in values and status != "closed":
        changes["followup_due"] = default_followup(referral.get("made_on"))
    if before is None:
        return store.create(db, changes)
    store.update(db, referral_id, changes)
    return referral_id


def mark_status(db: sqlite_utils.Database, referral_id: str, status: str, **more: Any) -> None:
    """Move a referral on (accepted, attended, closed...) with the same checks as saving."""
    save_referral(db, {"status": status, **more}, referral_id)
