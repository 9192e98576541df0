"""People for tests: one saved as a worker saves them (`add_person`), or crowds of made-up
people saved in one go (`make_people`)."""

from __future__ import annotations

import datetime as dt
import random

from cass_desktop.data import changelog, local, sites
from cass_desktop.people import hold, saving
from cass_desktop.records.dates import show_date_short, today
from cass_desktop.sites import laptop_people

GIVEN = ["Siân", "Łukasz", "Zoë", "Seán", "Aisha", "Tom", "Jade", "Kyle", "Megan", "Connor"]
FAMILY = ["O'Brien", "Nguyễn", "Ní Bhriain", "Jones", "smith", "Kowalski", "Trelawney", "de Souza"]


def add_person(db, given: str = "Kerensa", family: str = "Pascoe", **typed: str) -> str:
    """A new person saved as a worker saves one in the New person dialog (people/saving.py):
    `typed` are the other fields as typed there (dates as 27/11/2026; the case opened today
    unless `opened_on` is given; `hold_consent` yes or no, else not yet asked), at this
    laptop's court (its reference starting with the court's code), recorded by whoever is at
    the keyboard. Returns their id."""
    site_id = local.get(db, "site_id")
    site = sites.get_site(db, site_id) if site_id else None
    form = {
        "given_name": given,
        "family_name": family,
        "opened_on": show_date_short(today().isoformat()),
        "hold_consent": hold.NOT_ASKED,
    }
    return saving.save_client(
        db,
        {**form, **typed},
        site_id=site_id,
        site_code=site["code"] if site else None,
        worker_id=laptop_people.current_worker_id(db),
    )


def make_people(db, count: int, *, seed: int = 7) -> list[dict]:
    """`count` people saved in one go, a third with the signed-in worker as keyworker."""
    rng = random.Random(seed)
    worker_id = local.get(db, "worker_id")
    records = []
    for i in range(count):
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20000))
        records.append(
            {
                "reference": f"PLY-{i:05d}",
                "given_name": rng.choice(GIVEN),
                "family_name": rng.choice(FAMILY),
                "date_of_birth": born.isoformat() if i % 10 else None,
                "status": "closed" if i % 4 == 0 else "open",
                "opened_on": (dt.date(2024, 1, 1) + dt.timedelta(days=i % 600)).isoformat(),
                "keyworker_id": worker_id if i % 3 == 0 else None,
            }
        )
    changelog.save_new_many(db, "clients", records)
    return records
