"""A day's work goes to head office, and head office's updates come back."""

from __future__ import annotations

from cass_desktop.data import agencies, changelog, clients, local
from cass_desktop.data import sync as sync_data
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from tests.helpers.bundles import set_up_ops


def _site_id(db):
    return local.get(db, "site_id")


def test_export_import_and_update_back(office):
    ho = office.head_office
    ply = office.device("plymouth")
    sian = clients.create(
        ply, {"given_name": "Siân", "family_name": "Ní Bhriain", "site_id": _site_id(ply)}, "PLY"
    )
    bundle = export_device(ply, office.outbox)
    assert bundle.name.startswith("cass-plymouth-")
    result = import_file(ho, bundle)
    assert result.refused is None
    # Setting up made the court's site record and the worker, which head office already holds
    # (it keeps the list of courts and recorded the worker at enrolment): echoes, not applied.
    assert result.merge.applied == changelog.count_ops(ply) - set_up_ops(ply)
    assert result.merge.echoed == result.merge.already_held == set_up_ops(ply) > 0
    assert clients.get(ho, sian)["family_name"] == "Ní Bhriain"

    again = import_file(ho, bundle)
    assert again.merge.applied == 0 and again.merge.already_held == changelog.count_ops(ply)

    agency = agencies.create(ho, {"name": "Shelter Plymouth", "domains": "housing"})
    update = export_update(ho, changelog.device_id(ply), office.outbox)
    assert import_file(ply, update).refused is None
    assert agencies.get(ply, agency)["name"] == "Shelter Plymouth"
    # Head office acknowledged everything Plymouth made: nothing to export any more.
    assert local.get(ply, "acked_seq") == sync_data.last_own_seq(ply)
    assert export_device(ply, office.outbox) is None


def test_agencies_head_office_imports_in_bulk_reach_every_laptop(office):
    """A directory imported at head office (one bulk write) travels in the next update, with
    a change made after it, in the order head office made them."""
    ho, ply = office.head_office, office.device("plymouth")
    ids = agencies.save_import(
        ho, [{"name": "Shelter Plymouth", "domains": "housing"}, {"name": "Citizens Advice"}], []
    )
    agencies.update(ho, ids[0], {"phone": "01752 000000"})
    assert (
        import_file(ply, export_update(ho, changelog.device_id(ply), office.outbox)).refused is None
    )
    assert [agencies.get(ply, i)["name"] for i in ids] == ["Shelter Plymouth", "Citizens Advice"]
    assert agencies.get(ply, ids[0])["phone"] == "01752 000000"


def test_nothing_new_writes_no_file(office):
    ply = office.device("plymouth")
    first = export_device(ply, office.outbox)
    assert first is not None  # setting up made the site and worker
    import_file(office.head_office, first)
    update = export_update(office.head_office, changelog.device_id(ply), office.outbox)
    import_file(ply, update)
    before = sorted(office.outbox.iterdir())
    assert export_device(ply, office.outbox) is None
    assert sorted(office.outbox.iterdir()) == before


def test_updates_carry_only_clients_known_at_the_site(office):
    ho = office.head_office
    ply, truro = office.device("plymouth"), office.device("truro")
    mine = clients.create(ply, {"given_name": "Zoë", "site_id": _site_id(ply)}, "PLY")
    theirs = clients.create(truro, {"given_name": "Łukasz", "site_id": _site_id(truro)}, "TRU")
    for db in (ply, truro):
        import_file(ho, export_device(db, office.outbox))
    import_file(truro, export_update(ho, changelog.device_id(truro), office.outbox))
    assert clients.get(truro, mine) is None  # not sent: Truro has never seen Zoë
    import_file(ply, export_update(ho, changelog.device_id(ply), office.outbox))
    assert clients.get(ply, theirs) is None  # data minimisation: Łukasz stays at Truro
    assert clients.get(ply, mine)["given_name"] == "Zoë"


def test_changes_to_a_shared_client_reach_its_home_site(office):
    ho = office.head_office
    ply, bodmin = office.device("plymouth"), office.device("bodmin")
    person = clients.create(ply, {"given_name": "Oluwaseun", "site_id": _site_id(ply)}, "PLY")
    import_file(ho, export_device(ply, office.outbox))
    # Head office corrects the phone number; Plymouth gets it back.
    clients.update(ho, person, {"phone": "07700 900123"})
    import_file(ply, export_update(ho, changelog.device_id(ply), office.outbox))
    assert clients.get(ply, person)["phone"] == "07700 900123"
    import_file(bodmin, export_update(ho, changelog.device_id(bodmin), office.outbox))
    assert clients.get(bodmin, person) is None


def test_concurrent_edits_become_a_conflict_at_head_office(office):
    from cass_desktop.data import sync as sync_data

    ho = office.head_office
    ply = office.device("plymouth")
    person = clients.create(ply, {"given_name": "Aisling", "site_id": _site_id(ply)}, "PLY")
    import_file(ho, export_device(ply, office.outbox))
    clients.update(ho, person, {"phone": "07700 900001"})
    clients.update(ply, person, {"phone": "07700 900002"})
    result = import_file(ho, export_device(ply, office.outbox))
    assert result.merge.conflicts == 1
    [conflict] = sync_data.open_conflicts(ho)
    assert {conflict["kept_value_json"], conflict["other_value_json"]} == {
        '"07700 900001"',
        '"07700 900002"',
    }
    # The newer edit is shown meanwhile; nothing was overwritten silently.
    assert clients.get(ho, person)["phone"] == "07700 900002"
