"""The fields a letter template can print, built from a referral and what it points at.

Everything is already in words (dates as 27 November 2026, keys as their labels), so templates
stay plain. A field that is not recorded is empty text, never missing: templates test it with
`{% if appointment.date %}`. A field name that does not exist at all is an error (the
template has a mistake), not a blank on the letter.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from cass_desktop.data import agencies, clients, consents, local, sites
from cass_desktop.data import referrals as referral_records
from cass_desktop.letters.errors import LetterError
from cass_desktop.records import vocab
from cass_desktop.referrals.consent import consent_in_force

DEFAULT_ORGANISATION = "Court Liaison and Diversion Service"
WORKER_ROLE = "Court liaison and diversion worker"
LETTERHEAD_FIELDS = ("organisation", "address", "phone", "logo_path")

# The kinds of template, and the fields each is given.
# A letter shares information about the person (so it needs their consent or a lawful reason)
# and is given every field below.
LETTER = "letter"
# The consent form is printed before the person has agreed to share anything, and is often
# left with them or in a file: it is given only what the form needs, namely who the person is
# (name, reference, date of birth), who would be told (the agency), by whom (the worker, the
# site, the organisation), what would be shared and why, and the date. Never their address,
# phone, needs, risks, court case or notes.
CONSENT_FORM = "consent-form"
KINDS = {"consent-to-share": CONSENT_FORM}  # template name -> kind; any other is a LETTER
FIELDS: dict[str, dict[str, tuple[str, ...] | None]] = {
    CONSENT_FORM: {
        "today": None,  # None: the whole field
        "client": ("name", "given_name", "family_name", "known_as", "reference", "date_of_birth"),
        "agency": None,  # the agency's directory entry: nothing about the person
        "referral": ("info_shared", "reason"),
        "worker": None,
        "site": None,
        "organisation": None,
    },
}


def kind_of(template: str) -> str:
    """The kind of a template, from its name: what it is for, never what it says it is."""
    return KINDS.get(template, LETTER)


def only(values: dict[str, Any], fields: dict[str, tuple[str, ...] | None]) -> dict[str, Any]:
    """Just the `fields` of `values` (a whole field for None, else the listed parts of it)."""
    kept: dict[str, Any] = {}
    for name, parts in fields.items():
        value = values[name]
        kept[name] = value if parts is None else {part: value[part] for part in parts}
    return kept


def date_words(value: str | dt.date | None) -> str:
    """27 November 2026 (from an ISO date or date-time); '' for none."""
    if not value:
        return ""
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return f"{day.day} {day:%B %Y}"


def day_name(value: str | None) -> str:
    if not value:
        return ""
    try:
        return f"{dt.date.fromisoformat(value[:10]):%A}"
    except ValueError:
        return ""


def time_words(value: str | None) -> str:
    """10:30am or 2:15pm from a stored date-time; '' when it has no time."""
    if not value or len(value) < 16 or value[10] != "T":
        return ""
    try:
        hour, minute = int(value[11:13]), int(value[14:16])
    except ValueError:
        return ""
    if (hour, minute) == (12, 0):
        return "12 noon"
    suffix = "am" if hour < 12 else "pm"
    return f"{(hour % 12) or 12}:{minute:02d}{suffix}"


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _keys(text: str | None) -> list[str]:
    return [k.strip() for k in (text or "").split(",") if k.strip()]


def letterhead_settings(db: sqlite_utils.Database) -> dict[str, str]:
    """The letterhead as set in Settings (organisation name falls back to the default)."""
    values = {name: _text(local.get(db, f"letterhead.{name}", "")) for name in LETTERHEAD_FIELDS}
    if not values["organisation"]:
        values["organisation"] = _text(local.get(db, "organisation", "")) or DEFAULT_ORGANISATION
    return values


def build(
    db: sqlite_utils.Database,
    referral_id: str,
    on: dt.date,
    kind: str = LETTER,
    *,
    row: dict[str, Any] | None = None,
    head: dict[str, str] | None = None,
    client: dict[str, Any] | None = None,
    agency: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The template fields for one referral's letter of this kind, made on the day `on`.

    `row` (the referral's record), `head` (letterhead_settings), `client` and `agency` (the
    referral's person and agency records) save reading them again when the caller has just
    read them."""
    values = _everything(db, referral_id, on, row, head, client, agency)
    return values if kind == LETTER else only(values, FIELDS[kind])


def _everything(
    db: sqlite_utils.Database,
    referral_id: str,
    on: dt.date,
    row: dict[str, Any] | None,
    head: dict[str, str] | None,
    client: dict[str, Any] | None = None,
    agency: dict[str, Any] | None = None,
) -> dict[str, Any]:
    row = row if row is not None else referral_records.get(db, referral_id)
    if row is None:
        raise LetterError(f"There is no referral {referral_id} in this store.")
    if row.get("deleted"):
        raise LetterError("This referral has been deleted, so no letter can be made for it.")
    if client is None and row.get("client_id"):
        client = clients.get(db, row["client_id"])
    if client is None or client.get("deleted"):
        raise LetterError("The person this referral is for is not in this store any more.")
    if agency is None and row.get("agency_id"):
        agency = agencies.get(db, row["agency_id"])
    if agency is None or agency.get("deleted"):
        raise LetterError("Choose the agency this referral is to before making a letter.")
    worker = sites.get_worker(db, row["worker_id"]) if row.get("worker_id") else None
    if worker is None and local.get(db, "worker_id"):
        worker = sites.get_worker(db, local.get(db, "worker_id"))
    worker = worker or {}
    site_id = worker.get("site_id") or local.get(db, "site_id")
    site = (sites.get_site(db, site_id) if site_id else None) or {}
    head = head if head is not None else letterhead_settings(db)

    given, family = _text(client.get("given_name")), _text(client.get("family_name"))
    appointment_at = _text(row.get("appointment_at"))
    support_keys = _keys(row.get("support"))
    support = [vocab.label(vocab.SUPPORT_KINDS, k) for k in support_keys]
    domains = [vocab.label(vocab.NEED_DOMAINS, k) for k in _keys(row.get("domains"))]
    contact = _text(row.get("contact_name")) or _text(agency.get("contact_name"))
    return {
        "today": date_words(on),
        "client": {
            "name": " ".join(p for p in (given, family) if p),
            "given_name": given,
            "family_name": family,
            "known_as": _text(client.get("preferred_name")) or given,
            "preferred_name": _text(client.get("preferred_name")),
            "reference": _text(client.get("reference")),
            "date_of_birth": date_words(client.get("date_of_birth")),
            "address": _text(client.get("address")),
            "postcode": _text(client.get("postcode")),
            "phone": _text(client.get("phone")),
            "email": _text(client.get("email")),
            "preferred_contact": vocab.label(
                vocab.CONTACT_METHODS, client.get("preferred_contact")
            ),
            "communication_needs": _text(client.get("communication_needs")),
            "interpreter_language": _text(client.get("interpreter_language")),
        },
        "agency": {
            "name": _text(agency.get("name")),
            "address": _text(agency.get("address")),
            "phone": _text(agency.get("phone")),
            "email": _text(agency.get("email")),
            "contact": contact,
            "opening_hours": _text(agency.get("opening_hours")),
            "referral_method": _text(agency.get("referral_method")),
        },
        "referral": {
            "reason": _text(row.get("reason")),
            "needs": domains,
            "needs_text": ", ".join(domains),
            "urgency": vocab.label(vocab.URGENCY, row.get("urgency")),
            "urgent": row.get("urgency") == "urgent",
            "info_shared": _text(row.get("info_shared")),
            "support": support,
            "support_text": ", ".join(support).lower().capitalize() if support else "",
            "phoned_ahead": "phoned_ahead" in support_keys,
            "appointment_made": "appointment_made" in support_keys,
            "accompanied": "accompanied" in support_keys,
            "warm_handover": "warm_handover" in support_keys,
            "status": vocab.label(vocab.REFERRAL_STATUSES, row.get("status")),
            "made_on": date_words(row.get("made_on")),
            "followup_due": date_words(row.get("followup_due")),
            "notes": _text(row.get("notes")),
        },
        "appointment": {
            "date": date_words(appointment_at),
            "day": day_name(appointment_at),
            "time": time_words(appointment_at),
            "place": _text(row.get("appointment_place")),
            "with": contact,
        },
        "sharing": _sharing(db, row, client, agency),
        "worker": {
            "name": _text(worker.get("name")),
            "role": WORKER_ROLE,
            "phone": _text(worker.get("phone")) or _text(site.get("phone")) or head["phone"],
            "email": _text(worker.get("email")),
        },
        "site": {
            "name": _text(site.get("name")),
            "address": _text(site.get("address")),
            "phone": _text(site.get("phone")),
        },
        "organisation": {
            "name": head["organisation"],
            "address": head["address"] or _text(site.get("address")),
            "phone": head["phone"] or _text(site.get("phone")),
        },
    }


def _sharing(
    db: sqlite_utils.Database, row: dict[str, Any], client: dict[str, Any], agency: dict[str, Any]
) -> dict[str, Any]:
    """On what footing the information is shared: a consent (when and how), or a lawful reason."""
    if row.get("lawful_basis"):
        return {
            "with_consent": False,
            "consent_date": "",
            "consent_how": "",
            "lawful_basis": vocab.label(vocab.LAWFUL_BASES, row["lawful_basis"]),
            "lawful_reason": _text(row.get("lawful_reason")),
        }
    consent = consents.get(db, row["consent_id"]) if row.get("consent_id") else None
    if consent is None or consent.get("decision") != "given":
        consent = consent_in_force(db, client["id"], agency)
    consent = consent or {}
    return {
        "with_consent": bool(consent),
        "consent_date": date_words(consent.get("decided_on")),
        "consent_how": vocab.label(vocab.CONSENT_HOW, consent.get("how_recorded")).lower(),
        "lawful_basis": "",
        "lawful_reason": "",
    }
