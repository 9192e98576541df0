"""Erasure leaves no old bytes: after a person is erased on a laptop, and the purge has reached
head office and another laptop at the court, no page of any of the three stores (the store
file and every frame of its write-ahead log, decrypted with the store key) holds their names,
their old name, their phone number or their note, in any case: not in freed space, not in
the search indexes' older segments, not in the log's older frames."""

from __future__ import annotations

from cass_desktop.data import changelog, clients, hearings, local
from cass_desktop.privacy import erasure
from cass_desktop.sites.setup import set_up_device
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from tests.helpers.pages import pages_holding
from tests.helpers.stores import connect, make_store

OLD_NAME = "Tamsinella"  # the given name the person had before it was corrected
WORDS = [OLD_NAME, "Marenkova", "Quillerbrook", "07700 900417", "900417", "Trevellick"]


def _imported(db, path) -> None:
    result = import_file(db, path)
    assert result.refused is None, result.refused


def test_no_page_of_any_store_holds_an_erased_person(office):
    ho, ply = office.head_office, office.device("plymouth")
    second = make_store(office.root, "plymouth-2")
    set_up_device(second, "Plymouth Magistrates' Court", "Dee Vosper")
    connect(ho, second, office.root)
    try:
        site = local.get(ply, "site_id")
        person = clients.create(
            ply,
            {"given_name": OLD_NAME, "family_name": "Quillerbrook", "site_id": site},
            "PLY",
        )
        _imported(ho, export_device(ply, office.outbox))
        # History: the name corrected and details added after head office first heard.
        clients.update(ply, person, {"given_name": "Marenkova", "phone": "07700 900417"})
        hearings.create(
            ply, {"client_id": person, "starts_at": "2026-11-27T10:00", "notes": "Trevellick"}
        )
        for i in range(3):
            clients.update(ply, person, {"email": f"q{i}@example.org"})
        _imported(ho, export_device(ply, office.outbox))
        _imported(second, export_update(ho, changelog.device_id(second), office.outbox))
        stores = {"Plymouth": ply, "head office": ho, "the second laptop": second}
        # The scanner finds them before: every store holds the name somewhere in its pages.
        for name, db in stores.items():
            assert {w for _where, _page, w in pages_holding(db, WORDS)} >= {
                "Marenkova",
                "Quillerbrook",
            }, name
        assert any(w == OLD_NAME for *_rest, w in pages_holding(ho, WORDS))

        erasure.erase_person(ply, person, "asked")
        _imported(ho, export_device(ply, office.outbox))
        _imported(second, export_update(ho, changelog.device_id(second), office.outbox))

        for name, db in stores.items():
            assert clients.get(db, person)["purged"] == 1, name
            assert pages_holding(db, WORDS) == [], name
    finally:
        second.close()
