"""The rule on sharing a person's information with an agency.

No referral may be marked made (or any later status that means information has gone to the
agency), and no letter that shares information may be produced, unless one of these is
recorded:

- a consent to share, given and not since refused or withdrawn, with that agency or with any
  agency of a kind (a need domain) the agency serves. A decision about the named agency
  wins over one about its kind: "yes to housing services, but not to Shelter" is a no;
- or a lawful reason to share without consent (vocab.LAWFUL_BASES), with the worker's own
  words for it.

`sharing_block` says in plain words why sharing is not allowed (None when it is). Saving a
referral (referrals/saving.py) and making a letter (letters/) both ask it. `record_consent`
is the one way a decision is recorded (the Record consent dialog calls it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from cass_desktop.data import agencies, clients, consents
from cass_desktop.records import vocab
from cass_desktop.records.dates import show_date, today
from cass_desktop.records.problems import RecordInvalid


class SharingBlocked(Exception):
    """Information may not be shared with the agency; the message says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def domain_keys(text: str | None) -> list[str]:
    """The keys of a comma-separated list: "housing, money" -> ["housing", "money"]."""
    return [d.strip() for d in (text or "").split(",") if d.strip()]


def consent_applies(consent: Mapping[str, Any], agency: Mapping[str, Any]) -> bool:
    """Whether a decision about sharing is about this agency, or a kind of service it gives."""
    if consent.get("scope") != "share":
        return False
    if consent.get("agency_id"):
        return consent["agency_id"] == agency.get("id")
    return bool(consent.get("agency_kind")) and consent["agency_kind"] in domain_keys(
        agency.get("domains")
    )


def decisions_for(
    db: sqlite_utils.Database, client_id: str, agency: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """The person's decisions in force about sharing with this agency: the one about the
    agency by name first (it decides), then those about kinds of service it gives."""
    found = [c for c in consents.current(db, client_id) if consent_applies(c, agency)]
    return sorted(found, key=lambda c: not c.get("agency_id"))


def consent_in_force(
    db: sqlite_utils.Database, client_id: str, agency: Mapping[str, Any]
) -> dict[str, Any] | None:
    """The consent that lets this person's information go to this agency, if there is one."""
    found = decisions_for(db, client_id, agency)
    if found and found[0].get("agency_id"):
        return found[0] if found[0]["decision"] == "given" else None
    return next((c for c in found if c["decision"] == "given"), None)


def covering_consents(
    db: sqlite_utils.Database, client_id: str, agency: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """The consents to share in force that cover this agency (to choose one for a referral)."""
    found = decisions_for(db, client_id, agency)
    if found and found[0].get("agency_id") and found[0]["decision"] != "given":
        return []
    return [c for c in found if c["decision"] == "given"]


def _person_words(client: Mapping[str, Any] | None) -> tuple[str, str, str]:
    """Name to use in a sentence, and the subject and possessive pronouns."""
    if not client:
        return "This person", "they", "their"
    name = client.get("preferred_name") or client.get("given_name") or "This person"
    gender = (client.get("gender") or "").casefold()
    if gender == "female":
        return name, "she", "her"
    if gender == "male":
        return name, "he", "his"
    return name, "they", "their"


def sharing_block(
    db: sqlite_utils.Database,
    referral: Mapping[str, Any],
    *,
    client: Mapping[str, Any] | None = None,
    agency: Mapping[str, Any] | None = None,
) -> str | None:
    """None when the referral's information may go to its agency; otherwise why not, and
    what to do about it, in plain words. `client` and `agency` are the referral's person and
    agency when the caller has just read them (read here otherwise)."""
    if client is None and referral.get("client_id"):
        client = clients.get(db, referral.get("client_id") or "")
    name, subject, their = _person_words(client)
    if agency is None and referral.get("agency_id"):
        agency = agencies.get(db, referral["agency_id"])
    if agency is None or agency.get("deleted"):
        return "Choose the agency this referral is to before marking it as made."
    if referral.get("lawful_basis"):
        if (referral.get("lawful_reason") or "").strip():
            return None
        return (
            f"You chose to share {name}'s information without {their} consent. Write down "
            "why, in your own words, before marking the referral as made."
        )
    if client is None:
        return "Choose the person this referral is for before marking it as made."
    if consent_in_force(db, client["id"], agency) is not None:
        return None
    to_do = (
        f"record {their} consent with Record consent, or record a lawful reason to share "
        "without it."
    )
    agrees = "agree" if subject == "they" else "agrees"
    found = decisions_for(db, client["id"], agency)
    refusal = next((c for c in found if c["decision"] != "given"), None)
    if refusal is not None:
        with_whom = agency["name"]
        if not refusal.get("agency_id"):
            kind = vocab.label(vocab.NEED_DOMAINS, refusal["agency_kind"]).lower()
            with_whom = f"any {kind} service"
        when = show_date(refusal.get("decided_on"))
        when = f" on {when}" if when else ""
        if refusal["decision"] == "withdrawn":
            what = f"{name} withdrew {their} consent to share {their} information"
        else:
            what = f"{name} refused consent to share {their} information"
        return f"{what} with {with_whom}{when}. If {subject} now {agrees}, {to_do}"
    return (
        f"{name} has not agreed to share {their} information with {agency['name']}. "
        f"{to_do[0].upper()}{to_do[1:]}"
    )


class ConsentInvalid(RecordInvalid):
    """What needs putting right before a decision can be recorded: one sentence each."""


NO_ONE_TO_SHARE_WITH = "Say who the information may be shared with: an agency or a kind."


def consent_problems(values: Mapping[str, Any], *, on: dt.date | None = None) -> list[str]:
    """What is wrong with a decision: sharing names an agency or a kind of agency (one of
    them), the decision is given, refused or withdrawn, and it was made on a day already
    come. `decided_on` may be None when what was typed could not be read."""
    found = []
    scope = values.get("scope")
    if scope not in vocab.CONSENT_SCOPES:
        found.append("Say whether the decision is to hold or to share their information.")
    elif scope == "share" and bool(values.get("agency_id")) == bool(values.get("agency_kind")):
        found.append(NO_ONE_TO_SHARE_WITH)
    if values.get("decision") not in vocab.CONSENT_DECISIONS:
        found.append("Say whether consent was given, refused or withdrawn.")
    decided = values.get("decided_on")
    if decided and decided > (on or today()).isoformat():
        found.append("The date is in the future; give the day they decided.")
    return found


def record_consent(db: sqlite_utils.Database, values: Mapping[str, Any]) -> str:
    """Record a decision (a later one, such as a withdrawal, is a new record, never an edit of
    the old); returns its id. Raises ConsentInvalid, recording nothing, when it has problems."""
    problems = consent_problems(values)
    if not values.get("decided_on"):
        problems.append("Give the day they decided.")
    if problems:
        raise ConsentInvalid(problems)
    return consents.record(db, values)
