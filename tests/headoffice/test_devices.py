"""Head office's devices: quiet ones pointed out, waiting ones approved."""

from __future__ import annotations

import datetime as dt

from cass_desktop.data import changelog, clients, local, peers
from cass_desktop.headoffice import devices
from cass_desktop.sites.setup import add_court, set_up_device
from cass_desktop.sync import identity
from cass_desktop.sync.exporter import export_device
from cass_desktop.sync.importer import import_file
from tests.helpers.stores import make_store


def _site_id(db):
    return local.get(db, "site_id")


def test_devices_not_heard_from_are_pointed_out(office):
    ho = office.head_office
    bodmin = office.device("bodmin")
    import_file(ho, export_device(bodmin, office.outbox))
    import_file(ho, export_device(office.device("plymouth"), office.outbox))
    now = dt.datetime.now(dt.UTC)
    three_days_ago = (now - dt.timedelta(days=3)).isoformat(timespec="seconds")
    peers.put(ho, changelog.device_id(bodmin), {"last_bundle_at": three_days_ago})

    statuses = {s.place: s for s in devices.device_statuses(ho, now=now)}
    assert set(statuses) == {"Bodmin", "Plymouth", "Truro"}
    assert statuses["Bodmin"].summary() == "Bodmin's laptop (Jo Pengelly): nothing for 3 days"
    assert statuses["Bodmin"].quiet
    assert statuses["Bodmin"].worker == "Jo Pengelly"
    assert statuses["Bodmin"].held_seq == changelog.count_ops(bodmin)
    assert statuses["Plymouth"].summary() == "Plymouth's laptop (Alex Carter): last bundle today"
    assert not statuses["Plymouth"].quiet
    assert statuses["Truro"].summary() == "Truro's laptop (Sam Okafor): nothing received yet"
    assert statuses["Truro"].fingerprint == identity.my_card(office.device("truro")).fingerprint()
    # Enrolled five days ago and never sent anything: pointed out as well.
    five_days_ago = (now - dt.timedelta(days=5)).isoformat(timespec="seconds")
    peers.put(ho, changelog.device_id(office.device("truro")), {"enrolled_at": five_days_ago})
    truro = next(s for s in devices.device_statuses(ho, now=now) if s.place == "Truro")
    assert truro.quiet and truro.summary() == "Truro's laptop (Sam Okafor): nothing for 5 days"


def test_a_device_not_enrolled_waits_for_approval(office, tmp_path):
    ho = office.head_office
    newquay = make_store(tmp_path, "newquay")
    set_up_device(newquay, "Newquay Drop-in", "Morwenna Pascoe")
    identity.trust_head_office(newquay, identity.write_card(ho, tmp_path / "ho.card"))
    person = clients.create(newquay, {"given_name": "Jago", "site_id": _site_id(newquay)}, "NEW")
    bundle = export_device(newquay, office.outbox)

    result = import_file(ho, bundle)
    assert result.awaiting_approval and result.merge.applied == 0
    assert clients.get(ho, person) is None
    [waiting] = [s for s in devices.device_statuses(ho) if s.pending]
    assert waiting.summary() == "Newquay Drop-in's laptop (Morwenna Pascoe): waiting for approval"
    assert waiting.fingerprint == identity.my_card(newquay).fingerprint()

    # Head office adds the drop-in to its list of courts, so the laptop can be assigned to it.
    add_court(ho, "Newquay Drop-in")
    approved = devices.approve_device(ho, waiting.device_id, waiting.fingerprint)
    assert approved.status == "enrolled"
    assert import_file(ho, bundle).merge.applied > 0
    assert clients.get(ho, person)["given_name"] == "Jago"
    newquay.close()


def test_laptops_are_named_by_court_and_worker_and_id_when_that_names_two(office, tmp_path):
    """Two laptops at one court are never both "Bodmin": each is named with its worker, and
    with the start of its id when the worker is the same too."""
    ho = office.head_office
    for name, worker in (("bodmin-2", "Kit Bodmin"), ("bodmin-3", "Jo Pengelly")):
        laptop = make_store(tmp_path, name)
        set_up_device(laptop, "Bodmin Magistrates' Court", worker)
        identity.enrol_device(ho, identity.my_card(laptop))
        laptop.close()
    names = sorted(s.laptop for s in devices.device_statuses(ho))
    assert "Bodmin's laptop (Kit Bodmin)" in names
    jo = [n for n in names if n.startswith("Bodmin's laptop (Jo Pengelly, ")]
    assert len(jo) == 2 and len(set(jo)) == 2
    assert "Truro's laptop (Sam Okafor)" in names
