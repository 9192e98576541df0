"""Crowds of made-up people, saved in one go."""

from __future__ import annotations

import datetime as dt
import random

from cass_desktop.data import changelog, local

GIVEN = ["Siân", "Łukasz", "Zoë", "Seán", "Aisha", "Tom", "Jade", "Kyle", "Megan", "Connor"]
FAMILY = ["O'Brien", "Nguyễn", "Ní Bhriain", "Jones", "smith", "Kowalski", "Trelawney", "de Souza"]


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
