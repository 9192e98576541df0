"""A person to erase, holding a name nothing else in a test store holds, and the checks that
every trace of it has gone (used by the purge, erasure and byte-level tests)."""

from __future__ import annotations

from cass_desktop.data import clients, hearings, local, purge
from cass_desktop.records.schema import SYNCED
from tests.helpers.bundles import dump

SECRET = "Hollingsworth-Ngata"  # a family name nothing else in these stores holds


def erased_person(db) -> tuple[str, str]:
    site = local.get(db, "site_id")
    person = clients.create(
        db,
        {"given_name": "Maren", "family_name": SECRET, "phone": "07700 900999", "site_id": site},
        "PLY",
    )
    hearing = hearings.create(
        db, {"client_id": person, "starts_at": "2026-11-27T10:00", "notes": f"{SECRET} seen"}
    )
    return person, hearing


def holds_secret(db) -> list[str]:
    """The tables any of whose rows still hold the secret, anywhere in any column."""
    found = []
    for name, rows in dump(db).items():
        if any(SECRET in repr(row) for row in rows):
            found.append(name)
    return found


def assert_erased(db, person: str, hearing: str) -> None:
    row = clients.get(db, person)
    assert row["purged"] == 1 and row["deleted"] == 1
    kept = {"id", "created", "updated", "site_id", "deleted", "purged"}
    assert all(row[k] is None for k in SYNCED["clients"] if k not in kept)
    h = hearings.get(db, hearing)
    assert h["client_id"] == person and h["deleted"] == 1 and h["notes"] is None
    assert purge.is_purged(db, "clients", person) and purge.is_purged(db, "hearings", hearing)
    assert clients.search(db, SECRET) == [] and clients.search(db, "Maren") == []
    assert holds_secret(db) == []
