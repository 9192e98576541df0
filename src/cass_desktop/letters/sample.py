"""A made-up referral to make sample letters from, in a scratch store that is thrown away.

Used to show a worker what their letterhead looks like, and by head office to check a template
before sending it: nobody's real details are used and nothing is logged. Every field a letter
can print is filled in, so a template's fields are all tried.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlite_utils

from cass_desktop.data import agencies, clients, consents, local, open_store, sites, store_path
from cass_desktop.data.keyfile import StoreKey
from cass_desktop.referrals.saving import save_referral


@contextlib.contextmanager
def sample_store(
    site: dict[str, Any] | None = None, worker: dict[str, Any] | None = None
) -> Iterator[tuple[sqlite_utils.Database, str]]:
    """A scratch store holding one made-up referral (Siân Ní Bhriain, to a made-up housing
    advice service), made by this site and worker when given; yields (store, referral id).
    The store is deleted afterwards."""
    site, worker = site or {}, worker or {}
    today_iso = dt.date.today().isoformat()
    with tempfile.TemporaryDirectory(prefix="cass-sample-") as folder:
        # Encrypted with a key that is thrown away with it: the letterhead and the worker's
        # details never sit in the temporary folder in the clear.
        db = open_store(store_path(Path(folder)), key=StoreKey.random())
        try:
            site_id = sites.create_site(
                db,
                {
                    "name": site.get("name") or "Plymouth Magistrates' Court",
                    "code": site.get("code") or "PLY",
                    "kind": site.get("kind") or "court",
                    "address": site.get("address"),
                    "phone": site.get("phone"),
                },
            )
            worker_id = sites.create_worker(
                db,
                {
                    "name": worker.get("name") or "Alex Carter",
                    "site_id": site_id,
                    "email": worker.get("email"),
                    "phone": worker.get("phone"),
                },
            )
            local.put(db, "role", "device")
            local.put(db, "site_id", site_id)
            local.put(db, "worker_id", worker_id)
            client_id = clients.create(
                db,
                {
                    "given_name": "Siân",
                    "family_name": "Ní Bhriain",
                    "preferred_name": "Siân",
                    "gender": "female",
                    "date_of_birth": "1991-03-14",
                    "address": "Flat 2, 14 Example Street, Plymouth",
                    "postcode": "PL1 0XX",
                    "phone": "07700 900123",
                    "email": "sian@example.org",
                    "preferred_contact": "phone",
                    "communication_needs": "Prefers short sentences",
                    "interpreter_language": "Irish",
                },
                site.get("code") or "PLY",
            )
            agency_id = agencies.create(
                db,
                {
                    "name": "Example Housing Advice",
                    "address": "1 Sample Road, Plymouth, PL4 0XX",
                    "phone": "01752 000000",
                    "email": "referrals@example.org",
                    "contact_name": "Sam Example",
                    "opening_hours": "Monday to Friday, 9am to 5pm",
                    "referral_method": "Phone, then e-mail the referral form",
                    "domains": "housing",
                    "active": 1,
                },
            )
            consents.record(
                db,
                {
                    "client_id": client_id,
                    "scope": "share",
                    "agency_id": agency_id,
                    "decision": "given",
                    "decided_on": today_iso,
                    "how_recorded": "verbal",
                    "recorded_by": worker_id,
                },
            )
            referral_id = save_referral(
                db,
                {
                    "client_id": client_id,
                    "agency_id": agency_id,
                    "domains": "housing,money",
                    "reason": "Siân is sleeping on a friend's sofa and has been asked to leave "
                    "this week. She wants help to find somewhere to live.",
                    "info_shared": "Name, date of birth and how to contact her\n"
                    "Address, or that she has no fixed address",
                    "urgency": "soon",
                    "support": "phoned_ahead,appointment_made",
                    "contact_name": "Sam Example",
                    "appointment_at": f"{today_iso}T14:30",
                    "appointment_place": "1 Sample Road, Plymouth",
                    "status": "made",
                    "notes": "Made up for a sample letter.",
                    "worker_id": worker_id,
                },
            )
            yield db, referral_id
        finally:
            db.close()
