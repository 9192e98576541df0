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

from cass_desktop.data import agencies, clients, consents, hearings, local, sites, unchanged
from cass_desktop.data import referrals as referral_records
from cass_desktop.letters.errors import LetterError
from cass_desktop.records import vocab
from cass_desktop.referrals import sharing as shared_items
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
        "referral": ("info_shared", "shared", "shared_you", "shared_text", "reason"),
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
    """The letterhead as set in Settings (organisation name falls back to the default): read
    once for a batch of letters, again whenever the store changes."""
    return dict(unchanged.kept(db, "letterhead", lambda: _letterhead_settings(db)))


def _letterhead_settings(db: sqlite_utils.Database) -> dict[str, str]:
    values = {name: _text(local.get(db, f"letterhead.{name}", "")) for name in LETTERHEAD_FIELDS}
    if not values["organisation"]:
        values["organisation"] = _text(local.get(db, "organisation", "")) or DEFAULT_ORGANISATION
    return values


def build(
    db: sqlite_utils.Database,
    referral_id: str,
    on: dt.date,
    kind: str = LETTER,
    for_whom: str = "agency",
    *,
    row: dict[str, Any] | None = None,
    head: dict[str, str] | None = None,
    client: dict[str, Any] | None = None,
    agency: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The template fields for one referral's letter of this kind, made on the day `on`.

    A letter to an agency holds only the person's details the referral chose to share
    (referrals/sharing.py), and `referral.shared` lists exactly those, in words: the one list
    both come from. A letter to the person holds their own details. `row` (the referral's
    record), `head` (letterhead_settings), `client` and `agency` (the referral's person and
    agency records) save reading them again when the caller has just read them."""
    # An agency's letter that does not share the court case empties it: it is not read then.
    court = kind != LETTER or for_whom != "agency"
    values = _everything(db, referral_id, on, row, head, client, agency, court=court)
    if kind != LETTER:
        return only(values, FIELDS[kind])
    return _only_what_is_shared(values) if for_whom == "agency" else values


def _only_what_is_shared(values: dict[str, Any]) -> dict[str, Any]:
    """The fields with every detail not chosen for sharing emptied."""
    chosen = set(values["referral"]["shares"])
    client = dict(values["client"])
    for item in shared_items.ITEMS:
        if item.key not in chosen:
            for detail in item.details:
                client[detail] = ""
    court = values["court"] if "court" in chosen else dict.fromkeys(values["court"], "")
    return {**values, "client": client, "court": court}


def _shared(
    chosen: list[str], other: list[str], client: dict[str, str], court: dict[str, str]
) -> tuple[list[str], list[str], list[str]]:
    """The items chosen that have something recorded to share (keys), and the letter's list
    of what it shares: always who they are and why, then each of those items, then the lines
    the worker typed that name no item."""
    held = []
    for key in chosen:
        item = shared_items.BY_KEY[key]
        if key == "court":
            has = bool(court["charge"] or court["next_hearing"])
        elif key == "needs":
            has = True
        else:
            has = any(client.get(detail) for detail in item.details)
        if has:
            held.append(key)
    items = [shared_items.IDENTITY, shared_items.REASON]
    items += [shared_items.BY_KEY[k] for k in held if k != "needs"]
    return held, [i.words for i in items] + other, [i.you for i in items] + other


def _as_sentence(items: list[str]) -> str:
    """'their name and our reference; why we are referring them ...; and their address'."""
    parts = [item[:1].lower() + item[1:] if item[1:2].islower() else item for item in items]
    parts = [part.rstrip(".") for part in parts]
    if len(parts) < 3:
        return ", and ".join(parts)
    return "; ".join(parts[:-1]) + "; and " + parts[-1]


def _court_case(db: sqlite_utils.Database, client_id: str, on: dt.date) -> dict[str, str]:
    """The person's court case as a letter gives it: the charge and the next hearing on or
    after the letter's day (or the latest one, with its next date, when none is booked)."""
    listed = [h for h in hearings.for_client(db, client_id) if h.get("starts_at")]
    coming = sorted(
        (h for h in listed if h["starts_at"][:10] >= on.isoformat()), key=lambda h: h["starts_at"]
    )
    hearing = coming[0] if coming else (listed[0] if listed else None)
    if hearing is None:
        return {"charge": "", "next_hearing": "", "court": ""}
    when = hearing["starts_at"] if coming else (hearing.get("next_hearing_at") or "")
    court = sites.get_site(db, hearing["court_id"]) if hearing.get("court_id") else None
    return {
        "charge": _text(hearing.get("charge_summary")),
        "next_hearing": date_words(when) if when and when[:10] >= on.isoformat() else "",
        "court": _text((court or {}).get("name")),
    }


def _everything(
    db: sqlite_utils.Database,
    referral_id: str,
    on: dt.date,
    row: dict[str, Any] | None,
    head: dict[str, str] | None,
    client: dict[str, Any] | None = None,
    agency: dict[str, Any] | None = None,
    *,
    court: bool = True,
) -> dict[str, Any]:
    """Every field; the court case read only when `court` or the referral shares it."""
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
    person = {
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
        "preferred_contact": vocab.label(vocab.CONTACT_METHODS, client.get("preferred_contact")),
        "communication_needs": _text(client.get("communication_needs")),
        "interpreter_language": _text(client.get("interpreter_language")),
        "risks": _text(client.get("risk_flags")),
    }
    chosen, other_lines = shared_items.chosen(row.get("info_shared"))
    if court or "court" in chosen:
        court_case = _court_case(db, client["id"], on)
    else:  # emptied for the letter anyway (`_only_what_is_shared`), and shared by no item
        court_case = {"charge": "", "next_hearing": "", "court": ""}
    shares, shared, shared_you = _shared(chosen, other_lines, person, court_case)
    return {
        "today": date_words(on),
        "client": person,
        "court": court_case,
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
            "chosen": chosen,  # the items the referral chose to share
            "shares": shares,  # those of them with something recorded to share
            "shared": shared,  # what the letter shares, in words: one line each
            "shared_you": shared_you,  # the same, as a form the person reads says it
            "shared_text": _as_sentence(shared),  # the same in one sentence's words
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
