"""A laptop drops its own changes once head office has acknowledged them (data/acknowledged.py),
keeping what a re-send and a merge need, and goes on working and syncing as before."""

from __future__ import annotations

import shutil
from pathlib import Path

from cass_desktop.data import changelog, clients, hearings, local, purge, store_path
from cass_desktop.data import sync as sync_data
from cass_desktop.maintenance import backups
from cass_desktop.records.schema import SYNCED
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from tests.helpers.bundles import dump
from tests.helpers.stores import reopen

SECRET = "Tregothnan-Okonkwo"  # a family name nothing else in these stores holds


def _import(db, path: Path):
    result = import_file(db, path)
    assert result.refused is None, result.refused
    return result.merge


def _own_ops(db) -> list[int]:
    me = changelog.device_id(db)
    return [r[0] for r in db.execute("SELECT seq FROM ops WHERE device_id = ? ORDER BY seq", [me])]


def _same_records(ho, laptop, table: str) -> None:
    cols = ", ".join(["id", "created", "updated", *(f'"{f}"' for f in SYNCED[table])])
    query = f'SELECT {cols} FROM "{table}" ORDER BY id'
    held = {r[0]: r for r in ho.execute(query)}
    for row in laptop.execute(query):
        assert held[row[0]] == row


def _back_up_office(office) -> None:
    """Head office's backup: what its updates tell laptops they may forget is what it holds."""
    backups.make_backup(office.head_office, store_path(office.root / "head-office"))


def _round_trip(office, laptop) -> None:
    ho = office.head_office
    path = export_device(laptop, office.outbox)
    if path is not None:
        _import(ho, path)
    _back_up_office(office)
    _import(laptop, export_update(ho, changelog.device_id(laptop), office.outbox))


def test_acknowledged_changes_are_dropped_and_the_laptop_keeps_working(office):
    ho, ply = office.head_office, office.device("plymouth")
    site = local.get(ply, "site_id")
    people = [clients.create(ply, {"given_name": n, "site_id": site}) for n in ("Siân", "Ola")]
    hearings.create(ply, {"client_id": people[0], "starts_at": "2026-11-27T10:00"})
    made = len(_own_ops(ply))
    _round_trip(office, ply)
    acked = int(local.get(ply, "acked_seq"))
    assert acked == sync_data.last_own_seq(ply) and made > 1
    # Only the last acknowledged change is kept (its clock says when head office had them).
    assert _own_ops(ply) == [acked]
    assert export_device(ply, office.outbox) is None  # nothing to send again
    # Every field keeps the clock of the value it holds.
    for person in people:
        assert set(changelog.held_clocks(ply, "clients", person)) == set(
            changelog.held_clocks(ho, "clients", person)
        )
    # Editing goes on: new changes follow on from the last number, and travel.
    clients.update(ply, people[0], {"phone": "07700 900001"})
    assert _own_ops(ply) == [acked, acked + 1]
    assert changelog.held_clocks(ply, "clients", people[0])["given_name"]
    # Head office and the laptop change one field without seeing each other: kept as a
    # conflict at head office, the newer value everywhere.
    clients.update(ho, people[1], {"phone": "01752 000001"})
    clients.update(ply, people[1], {"phone": "07700 900002"})
    _round_trip(office, ply)
    assert clients.get(ho, people[0])["phone"] == "07700 900001"
    assert clients.get(ho, people[1])["phone"] == clients.get(ply, people[1])["phone"]
    assert sync_data.conflict_count(ho) == 1
    assert _own_ops(ply) == [int(local.get(ply, "acked_seq"))]
    # A later edit at head office of a field whose change the laptop dropped still wins there.
    clients.update(ho, people[0], {"given_name": "Siani"})
    _round_trip(office, ply)
    assert clients.get(ply, people[0])["given_name"] == "Siani"
    for table in ("clients", "hearings"):
        _same_records(ho, ply, table)


def test_an_update_imported_twice_changes_nothing(office):
    ho, ply, bodmin = office.head_office, office.device("plymouth"), office.device("bodmin")
    site = local.get(ply, "site_id")
    person = clients.create(ply, {"given_name": "Maren", "site_id": site})
    _import(ho, export_device(ply, office.outbox))
    clients.update(ho, person, {"phone": "01752 000002"})
    _back_up_office(office)
    update = export_update(ho, changelog.device_id(ply), office.outbox)
    _import(ply, update)
    assert len(_own_ops(ply)) == 1
    before = dump(ply)
    again = _import(ply, update)
    assert again.applied == 0 and dump(ply) == before
    # And the laptop's own bundle, imported twice at head office, is held once.
    clients.update(ply, person, {"family_name": "Penrose"})
    bundle = export_device(ply, office.outbox)
    _import(ho, bundle)
    held = dump(ho)
    assert _import(ho, bundle).applied == 0 and dump(ho) == held
    # Another laptop is not touched by Plymouth's acknowledgement.
    clients.create(bodmin, {"given_name": "Ola", "site_id": local.get(bodmin, "site_id")})
    assert export_device(bodmin, office.outbox) is not None


def test_erasure_still_holds_after_changes_were_dropped(office):
    ho, ply = office.head_office, office.device("plymouth")
    site = local.get(ply, "site_id")
    person = clients.create(ply, {"given_name": "Maren", "family_name": SECRET, "site_id": site})
    hearing = hearings.create(ply, {"client_id": person, "starts_at": "2026-11-27T10:00"})
    _round_trip(office, ply)
    clients.update(ply, person, {"phone": "07700 900003", "family_name": f"{SECRET} Jones"})
    purge.purge_person(ply, person)
    _round_trip(office, ply)
    for db in (ho, ply):
        row = clients.get(db, person)
        assert row["purged"] == 1 and row["family_name"] is None
        assert purge.is_purged(db, "hearings", hearing)
        assert not [n for n, rows in dump(db).items() if any(SECRET in repr(r) for r in rows)]
    assert _own_ops(ply) == [int(local.get(ply, "acked_seq"))]


def test_nothing_is_dropped_that_head_offices_last_backup_does_not_hold(office):
    ho, ply = office.head_office, office.device("plymouth")
    person = clients.create(ply, {"given_name": "Maren", "site_id": local.get(ply, "site_id")})
    _import(ho, export_device(ply, office.outbox))
    _import(ply, export_update(ho, changelog.device_id(ply), office.outbox))
    # Acknowledged, but no backup of head office holds them yet: a restore would lose them.
    assert int(local.get(ply, "acked_seq")) == sync_data.last_own_seq(ply)
    assert len(_own_ops(ply)) == sync_data.last_own_seq(ply)
    _back_up_office(office)
    clients.update(ply, person, {"phone": "07700 900003"})  # after the backup: kept
    _import(ho, export_device(ply, office.outbox))
    _import(ply, export_update(ho, changelog.device_id(ply), office.outbox))
    top = sync_data.last_own_seq(ply)
    assert _own_ops(ply) == [top - 1, top]  # up to the backup's last, less the last acknowledged


def test_a_laptop_restored_from_a_backup_keeps_the_changes_it_makes_after(office, tmp_path):
    """The laptop goes back to a copy of itself; head office holds changes the copy never
    made, and under their numbers the copy makes others: the acknowledgement is not taken,
    nothing is dropped, and the worker is told (found by a review)."""
    ho, ply = office.head_office, office.device("plymouth")
    ply_dir = office.root / "plymouth"
    person = clients.create(ply, {"given_name": "Siân", "site_id": local.get(ply, "site_id")})
    _round_trip(office, ply)
    ply.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = tmp_path / "copy"
    shutil.copytree(ply_dir, copy)
    clients.update(ply, person, {"phone": "07700 900001"})
    _round_trip(office, ply)  # head office now holds the phone under the next number
    ply.close()
    laptop = reopen(store_path(copy))
    try:
        clients.update(laptop, person, {"given_name": "Siani"})  # the same number, another change
        made = _own_ops(laptop)
        _back_up_office(office)
        result = import_file(laptop, export_update(ho, changelog.device_id(laptop), office.outbox))
        assert result.refused is None and result.warning is not None
        assert "restored from a copy of itself" in result.describe()
        assert _own_ops(laptop) == made  # nothing dropped: the edit is still there to send
        assert clients.get(laptop, person)["given_name"] == "Siani"
    finally:
        laptop.close()
