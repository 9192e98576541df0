"""`note_held` notes, for every device a merge touched at once, what `held_seq` says of each:
changes applied (folded into the entries), refused, waiting behind a gap, head office's own,
a device never heard from, and a number noted before that is higher than anything held."""

from __future__ import annotations

from cass_desktop.data import changelog, local
from cass_desktop.data import sync as sync_data
from cass_desktop.sync.exporter import export_device
from cass_desktop.sync.importer import import_file
from tests.helpers.held import busy_office


def test_note_held_notes_what_held_seq_says_of_every_device_at_once(office):
    ho = office.head_office
    busy_office(office, {})  # Plymouth's last bundle waits for the one before it
    truro = office.device("truro")
    changelog.save(truro, "sites", {"phone": "01872 000000"}, local.get(truro, "site_id"))
    assert import_file(ho, export_device(truro, office.outbox)).merge.refused == 1
    devices = [changelog.device_id(db) for db in office.devices.values()]
    devices += [changelog.device_id(ho), "a laptop never heard from"]
    ho.execute("UPDATE devices SET held_seq = 0")
    expected = {device: sync_data.held_seq(ho, device) for device in devices}
    expected[devices[1]] = 10**6  # noted before, higher than anything held: kept
    ho.execute("UPDATE devices SET held_seq = ? WHERE device_id = ?", [10**6, devices[1]])
    with ho.atomic():
        sync_data.note_held(ho, devices)
    noted = dict(ho.execute("SELECT device_id, held_seq FROM devices"))
    assert {device: noted[device] for device in devices} == expected
    assert expected[devices[2]] == sync_data.last_own_seq(truro)  # the refused one counted
    assert expected["a laptop never heard from"] == 0
    assert all(expected[d] > 0 for d in devices[:3])
