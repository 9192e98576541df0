"""A laptop restored from a copy of itself is brought back into step (sync/restore.py): it
learns from head office's update, asks for its lost changes back, renumbers what it did since,
and every edit made before and after the restore ends up at head office and on the laptop.

Real stores, restored from real backups through the app's own restore path."""

from __future__ import annotations

from cass_desktop.data import changelog, clients, contacts, hearings, local
from cass_desktop.data import sync as sync_data
from cass_desktop.records.schema import SYNCED
from cass_desktop.sync.exporter import export_device
from cass_desktop.sync.importer import import_file
from tests.helpers.bundles import dump, unpack
from tests.helpers.restored import back_up as _back_up
from tests.helpers.restored import bring_back as _bring_back
from tests.helpers.restored import restore as _restore
from tests.helpers.restored import restored_after_a_lost_change as _restored_after_a_lost_change
from tests.helpers.restored import sync as _sync
from tests.helpers.restored import take as _import
from tests.helpers.restored import update as _update


def _own(db) -> list[tuple]:
    me = changelog.device_id(db)
    return db.execute(
        "SELECT seq, hlc, tbl, row_id, field, value_json, base_hlc FROM ops "
        "WHERE device_id = ? ORDER BY seq",
        [me],
    ).fetchall()


def _held_from(ho, device: str) -> list[tuple]:
    """What head office holds from a device (folded into its field clock entries)."""
    return [op.row()[1:] for op in sync_data.own_ops_above(ho, device, 0)]


def _same_records(ho, laptop, table: str) -> None:
    cols = ", ".join(["id", "created", "updated", *(f'"{f}"' for f in SYNCED[table])])
    query = f'SELECT {cols} FROM "{table}" ORDER BY id'
    held = {r[0]: r for r in ho.execute(query)}
    rows = list(laptop.execute(query))
    for row in rows:
        assert held[row[0]] == row


def _in_step(office, laptop) -> None:
    """Head office holds every change the laptop made, gap-free, the laptop has nothing left
    to send, and both hold the same records."""
    ho, me = office.head_office, changelog.device_id(laptop)
    assert sync_data.held_seq(ho, me) == sync_data.last_own_seq(laptop)
    assert int(local.get(laptop, "acked_seq")) == sync_data.last_own_seq(laptop)
    assert export_device(laptop, office.outbox) is None
    assert local.get(laptop, "restored_asks") is None
    for table in ("clients", "hearings", "contacts"):
        _same_records(ho, laptop, table)


def test_a_laptop_restored_from_its_backup_is_brought_back_into_step(office, tmp_path):
    ho, ply = office.head_office, office.device("plymouth")
    me = changelog.device_id(ply)
    site = local.get(ply, "site_id")
    person = clients.create(ply, {"given_name": "Siân", "site_id": site})
    _sync(office, ply)
    backup = _back_up(ply, office.root / "plymouth", tmp_path / "plymouth.cassbackup")
    # After the backup: edits head office receives and the copy will not have.
    clients.update(ply, person, {"phone": "07700 900001"})
    lost_hearing = hearings.create(ply, {"client_id": person, "starts_at": "2026-11-27T10:00"})
    clients.update(ho, person, {"family_name": "Evans"})  # forwarded to the laptop, then lost
    _sync(office, ply)
    _sync(office, ply)
    assert clients.get(ply, person)["family_name"] == "Evans"
    held_before = _held_from(ho, me)

    laptop = _restore(office, "plymouth", backup, tmp_path / "work")
    assert hearings.get(laptop, lost_hearing) is None
    # The worker goes on: an edit, one field the lost laptop also changed, a new note.
    clients.update(laptop, person, {"given_name": "Siani", "phone": "07700 900999"})
    note = contacts.create(laptop, {"client_id": person, "kind": "court", "at": "2026-11-28T11:00"})
    made_since = [row[1:] for row in _own(laptop)[-5:]]  # two fields, a note of three
    # Exported before it knows: head office refuses it and changes nothing.
    before = dump(ho)
    refused = import_file(ho, export_device(laptop, office.outbox))
    assert refused.refused and "a different change under a number already used" in refused.refused
    assert dump(ho) == before

    back = _bring_back(office, laptop)
    assert "the 3 changes it had lost are back" in back.note
    assert "the 5 changes made here since go to head office" in back.note
    # Head office renumbered nothing; the laptop holds its lost changes as head office does,
    # and its own made since follow them, clocks, values and bases kept.
    assert _held_from(ho, me) == held_before
    own = _own(laptop)
    # (the acknowledged ones dropped again, but the last, as on any laptop)
    assert [row for row in own if row[0] <= held_before[-1][0]] == held_before[-1:]
    assert [row[1:] for row in own[-5:]] == made_since
    assert [row[0] for row in own[-5:]] == [held_before[-1][0] + n for n in range(1, 6)]
    # Their field clocks moved with them.
    entries = laptop.execute(
        "SELECT seq FROM field_clocks WHERE device = (SELECT number FROM devices "
        "WHERE device_id = ?) AND seq > ?",
        [me, held_before[-1][0]],
    ).fetchall()
    assert sorted(e[0] for e in entries) == [row[0] for row in own[-5:]]
    # The lost edits are back; the one field both changed is listed, the newer kept.
    assert hearings.get(laptop, lost_hearing)["starts_at"] == "2026-11-27T10:00"
    row = clients.get(laptop, person)
    assert (row["given_name"], row["phone"], row["family_name"]) == (
        "Siani",
        "07700 900999",
        "Evans",
    )
    conflicts = sync_data.open_conflicts(laptop)
    assert [(c["field"], c["other_value_json"]) for c in conflicts] == [("phone", '"07700 900001"')]

    # Its next bundle is taken, and head office has every edit made before and after.
    taken = _sync(office, laptop)
    assert taken.warning is None and taken.note is None
    row = clients.get(ho, person)
    assert (row["given_name"], row["phone"], row["family_name"]) == (
        "Siani",
        "07700 900999",
        "Evans",
    )
    assert contacts.get(ho, note)["at"] == "2026-11-28T11:00"
    assert [c["field"] for c in sync_data.open_conflicts(ho)] == ["phone"]
    _in_step(office, laptop)
    # And it goes on syncing as any laptop does.
    clients.update(laptop, person, {"phone": "07700 900777"})
    assert _sync(office, laptop).warning is None
    assert clients.get(ho, person)["phone"] == "07700 900777"
    _in_step(office, laptop)


def test_a_laptop_restored_twice(office, tmp_path):
    ho, ply = office.head_office, office.device("plymouth")
    site = local.get(ply, "site_id")
    folder = office.root / "plymouth"
    person = clients.create(ply, {"given_name": "Maren", "site_id": site})
    _sync(office, ply)
    first = _back_up(ply, folder, tmp_path / "first.cassbackup")
    clients.update(ply, person, {"phone": "07700 900001"})
    _sync(office, ply)
    laptop = _restore(office, "plymouth", first, tmp_path / "work1")
    clients.update(laptop, person, {"family_name": "Penrose"})
    _bring_back(office, laptop)
    _sync(office, laptop)
    second = _back_up(laptop, folder, tmp_path / "second.cassbackup")
    hearing = hearings.create(laptop, {"client_id": person, "starts_at": "2026-12-01T09:30"})
    _sync(office, laptop)
    laptop = _restore(office, "plymouth", second, tmp_path / "work2")
    clients.update(laptop, person, {"given_name": "Marenka"})
    _bring_back(office, laptop)
    _sync(office, laptop)
    for db in (ho, laptop):
        row = clients.get(db, person)
        assert (row["given_name"], row["family_name"], row["phone"]) == (
            "Marenka",
            "Penrose",
            "07700 900001",
        )
        assert hearings.get(db, hearing)["starts_at"] == "2026-12-01T09:30"
    _in_step(office, laptop)


def test_a_laptop_restored_to_a_copy_made_before_it_ever_synced(office, tmp_path):
    ho, ply = office.head_office, office.device("plymouth")
    site = local.get(ply, "site_id")
    backup = _back_up(ply, office.root / "plymouth", tmp_path / "new.cassbackup")
    person = clients.create(ply, {"given_name": "Ola", "site_id": site})
    _sync(office, ply)
    laptop = _restore(office, "plymouth", backup, tmp_path / "work")
    assert int(local.get(laptop, "acked_seq", 0)) == 0
    other = clients.create(laptop, {"given_name": "Tamsin", "site_id": site})
    back = _bring_back(office, laptop)
    assert "it had lost" in back.note
    _sync(office, laptop)
    for db in (ho, laptop):
        assert clients.get(db, person)["given_name"] == "Ola"
        assert clients.get(db, other)["given_name"] == "Tamsin"
    _in_step(office, laptop)


def test_a_restored_laptop_that_made_nothing_since_gets_its_changes_back(office, tmp_path):
    person, laptop = _restored_after_a_lost_change(office, tmp_path, "Ola")
    back = _bring_back(office, laptop)
    assert back.note.endswith("the change it had lost is back.")
    assert clients.get(laptop, person)["phone"] == "07700 900001"
    _in_step(office, laptop)


def test_every_update_of_the_restore_imported_twice_changes_nothing(office, tmp_path):
    ho = office.head_office
    person, laptop = _restored_after_a_lost_change(office, tmp_path, "Siân")
    clients.update(laptop, person, {"given_name": "Siani"})
    first = _update(office, laptop)
    assert _import(laptop, first).warning is not None
    held = dump(laptop)
    again = _import(laptop, first)
    assert again.warning is not None and dump(laptop) == held  # told again, nothing changed
    ask = export_device(laptop, office.outbox)
    _import(ho, ask)
    at_office = dump(ho)
    assert "asks for its changes back" in _import(ho, ask).describe()
    assert dump(ho) == at_office
    second = _update(office, laptop)
    assert "back in step" in _import(laptop, second).note
    held = dump(laptop)
    twice = _import(laptop, second)
    assert twice.note is None and twice.warning is None and twice.merge.applied == 0
    assert dump(laptop) == held
    # Imported again after the laptop sent on what it made since: still nothing.
    _import(ho, export_device(laptop, office.outbox))
    held = dump(laptop)
    assert _import(laptop, second).merge.applied == 0 and dump(laptop) == held
    _import(laptop, _update(office, laptop))
    _in_step(office, laptop)


def test_head_office_sends_back_only_until_the_laptop_sends_new_changes(office, tmp_path):
    person, laptop = _restored_after_a_lost_change(office, tmp_path, "Siân")
    clients.update(laptop, person, {"given_name": "Siani"})
    _bring_back(office, laptop)
    manifest, _ops = unpack(_update(office, laptop), laptop)
    assert "returned" in manifest  # the laptop has not shown yet that it took them
    _sync(office, laptop)
    manifest, ops = unpack(_update(office, laptop), laptop)
    assert "returned" not in manifest
    assert changelog.device_id(laptop) not in ops.decode()
