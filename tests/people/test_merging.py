"""A merge made at head office reaches the laptop that holds the person."""

from __future__ import annotations

from cass_desktop.data import changelog, clients, local
from cass_desktop.people import merging
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file


def _site_id(db):
    return local.get(db, "site_id")


def test_a_merge_reaches_the_device_that_holds_the_person(office):
    ho, ply = office.head_office, office.device("plymouth")
    site = _site_id(ply)
    first = clients.create(
        ply, {"given_name": "Siân", "family_name": "Ní Bhriain", "site_id": site}, "PLY"
    )
    second = clients.create(
        ply, {"given_name": "Sian", "family_name": "Ni Bhriain", "site_id": site}, "PLY"
    )
    import_file(ho, export_device(ply, office.outbox))
    merging.merge_people(ho, second, first)
    import_file(ply, export_update(ho, changelog.device_id(ply), office.outbox))
    assert clients.get(ply, second)["merged_into"] == first
    assert clients.rowid_of(ply, second) not in clients.list_rowids(ply)
