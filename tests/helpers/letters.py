"""A store with a referral to letter about: real records, made through the capabilities and
the data modules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from cass_desktop.data import agencies, clients, consents, local
from cass_desktop.referrals.saving import save_referral

# The day the test letters are dated, and the day of the appointment they give.
LETTER_DAY = dt.date(2026, 11, 20)
REASON = (
    "Siân is sleeping in her car after her tenancy ended last month. She has a part-time job "
    "and wants help to find somewhere she can afford. She finds phone calls hard and would "
    "rather be written to or met in person."
)


@dataclass
class Referral:
    db: sqlite_utils.Database
    data_dir: Path
    referral_id: str
    client_id: str
    agency_id: str


def make_referral(
    db: sqlite_utils.Database,
    *,
    given: str = "Siân",
    family: str = "Ní Bhriain",
    reason: str = REASON,
    reference: str = "PLY-7KQM-3XD9",
    consent: bool = True,
    status: str = "made",
    full: bool = True,
) -> tuple[str, str, str]:
    """A person, an agency and a referral to it (with the person's consent to share)."""
    agency = agencies.find_by_name(db, "Shelter Plymouth")
    if agency is None:
        agency_id = agencies.create(
            db,
            {
                "name": "Shelter Plymouth",
                "domains": "housing,money",
                "address": "14 Union Street\nPlymouth\nPL1 2SR",
                "phone": "0344 515 1540",
                "email": "plymouth@example.org.uk",
                "contact_name": "Łukasz Wiśniewski",
            },
        )
    else:
        agency_id = agency["id"]
    person = {"given_name": given, "family_name": family, "reference": reference}
    if full:
        person |= {
            "date_of_birth": "1991-03-14",
            "address": "c/o Plymouth Drop-in\n3 Frankfort Gate\nPlymouth",
            "postcode": "PL1 1QD",
            "phone": "07700 900123",
            "preferred_contact": "letter",
            "communication_needs": "Prefers letters to phone calls",
        }
    client_id = clients.create(db, person, site_code="PLY")
    if consent:
        consents.record(
            db,
            {
                "client_id": client_id,
                "scope": "share",
                "agency_id": agency_id,
                "decision": "given",
                "decided_on": "2026-11-20",
                "how_recorded": "signed",
                "recorded_by": local.get(db, "worker_id"),
            },
        )
    values = {
        "client_id": client_id,
        "agency_id": agency_id,
        "reason": reason,
        "domains": "housing",
        "status": status if consent else "draft",
        "made_on": "2026-11-20",
        "followup_due": "2026-12-04",
    }
    if full:
        values |= {
            "domains": "housing,money",
            "urgency": "soon",
            "info_shared": "Name, date of birth, how to contact her, and her housing situation.",
            "support": "phoned_ahead,appointment_made",
            "contact_name": "Zoë Nguyễn",
            "appointment_at": "2026-11-27T10:30",
            "appointment_place": "Shelter Plymouth, 14 Union Street, Plymouth",
        }
    referral_id = save_referral(db, values)
    return referral_id, client_id, agency_id


def write_local(referral, name: str, text: str):
    folder = referral.data_dir / "letters"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.j2"
    path.write_text(text, encoding="utf-8")
    return path
