"""A backup's facts count every change the store holds, each once: at head office its own
(in `ops`) and those it received, folded into their field clock entries (data/backup.py)."""

from __future__ import annotations

from cass_desktop.data import changelog, clients, local, store_path
from cass_desktop.data import sync as sync_data
from cass_desktop.maintenance import backups, restoring
from tests.helpers.restored import sync
from tests.helpers.stores import PASSPHRASE


def _facts(db, folder, tmp_path, name: str):
    made = backups.make_backup(db, store_path(folder), tmp_path / f"{name}.cassbackup")
    work = tmp_path / f"work-{name}"
    work.mkdir()
    checked = restoring.check_backup(made, PASSPHRASE, work)
    try:
        return checked.facts
    finally:
        restoring.discard(checked.folder)


def test_a_backups_changes_are_those_made_there_and_those_received(office, tmp_path):
    ho, ply = office.head_office, office.device("plymouth")
    person = clients.create(ply, {"given_name": "Siân", "site_id": local.get(ply, "site_id")})
    clients.update(ply, person, {"phone": "07700 900001"})
    sync(office, ply)
    clients.update(ho, person, {"family_name": "Evans"})  # head office's own
    made_there = ho.execute("SELECT count(*) FROM ops").fetchone()[0]
    received = sync_data.held_seq(ho, changelog.device_id(ply))
    assert made_there >= 1 and received >= 3
    facts = _facts(ho, office.root / "head-office", tmp_path, "ho")
    assert facts.changes == made_there + received
    # A laptop holds its changes (and those it received) in ops: each counted once.
    held = ply.execute("SELECT count(*) FROM ops").fetchone()[0]
    assert _facts(ply, office.root / "plymouth", tmp_path, "ply").changes == held
