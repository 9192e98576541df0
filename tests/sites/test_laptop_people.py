"""People on one laptop: each with their own name and passphrase unlocking the same store
key; whoever unlocked is the current worker; adding, removing, changing one's own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cass_desktop.data import StoreError, local, open_store, sites, store_path
from cass_desktop.data.keyfile import KeyFile, key_path
from cass_desktop.sites import laptop_people
from cass_desktop.sites.laptop_people import PeopleError
from cass_desktop.sites.setup import set_up_device
from tests.helpers.stores import PASSPHRASE, new_store

SAM = "copper kettle meadow verse"
SAM_NEW = "silver otter morning tide"


@pytest.fixture
def laptop(tmp_path: Path):
    path = store_path(tmp_path)
    db = new_store(path)
    set_up_device(db, "Plymouth Magistrates' Court", "Alex Carter")
    yield db, path
    db.close()


def _reopen(path: Path, passphrase: str, person: str | None = None):
    return open_store(path, key=passphrase, create=False, person=person)


def test_the_first_passphrase_is_named_for_the_laptops_worker_when_it_next_unlocks(laptop):
    db, path = laptop
    assert [p.name for p in laptop_people.people_in(path)] == [""]  # made before the worker
    db.close()
    db = _reopen(path, PASSPHRASE)
    (alex,) = laptop_people.people(db, path)
    assert alex.name == "Alex Carter" and alex.worker_id == local.get(db, "worker_id")
    assert alex.is_current
    assert laptop_people.current_worker_id(db) == alex.worker_id
    db.close()


def test_two_people_unlock_the_same_store_each_recorded_under_their_own_name(laptop):
    db, path = laptop
    sam = laptop_people.add_person(db, path, PASSPHRASE, "Sam Okafor", SAM, SAM)
    assert sites.get_worker(db, sam.worker_id)["name"] == "Sam Okafor"
    assert [p.name for p in laptop_people.people(db, path)] == ["Alex Carter", "Sam Okafor"]
    alex_id = local.get(db, "worker_id")
    db.close()

    db = _reopen(path, SAM)
    assert laptop_people.current_worker_id(db) == sam.worker_id
    assert local.get(db, "worker_id") == alex_id  # the laptop's own worker (its card) stays
    db.close()
    db = _reopen(path, PASSPHRASE)
    assert laptop_people.current_worker_id(db) == alex_id
    db.close()

    # Chosen by name on the lock screen: one person's passphrase never unlocks as another.
    alex_wrap = next(p.wrap_id for p in laptop_people.people_in(path) if p.name == "Alex Carter")
    with pytest.raises(StoreError):
        _reopen(path, SAM, person=alex_wrap)
    db = _reopen(path, SAM, person=sam.wrap_id)
    assert laptop_people.current_worker_id(db) == sam.worker_id
    # The lock screen: Alex takes over from Sam with their own passphrase.
    with pytest.raises(PeopleError, match="not right"):
        laptop_people.unlock_as(db, path, alex_wrap, SAM)
    laptop_people.unlock_as(db, path, alex_wrap, PASSPHRASE)
    assert laptop_people.current_worker_id(db) == alex_id
    db.close()


def test_someone_else_unlocking_beside_an_open_app_does_not_change_who_it_records(laptop):
    db, path = laptop
    sam = laptop_people.add_person(db, path, PASSPHRASE, "Sam Okafor", SAM, SAM)
    db.close()
    app = _reopen(path, PASSPHRASE)
    alex_id = local.get(app, "worker_id")
    command = _reopen(path, SAM)  # a command run with Sam's passphrase while the app is open
    assert laptop_people.current_worker_id(command) == sam.worker_id
    assert laptop_people.current_worker_id(app) == alex_id
    # The app's background connections (opened with the key alone) record as the app does.
    background = local.with_unlocker(open_store(path, key=app.store_key, create=False), app)
    assert laptop_people.current_worker_id(background) == alex_id
    for each in (background, command, app):
        each.close()


def test_adding_a_person_needs_your_passphrase_a_good_one_for_them_and_a_new_name(laptop):
    db, path = laptop
    before = key_path(path).read_bytes()
    with pytest.raises(PeopleError, match="Your passphrase is not right"):
        laptop_people.add_person(db, path, "not my passphrase", "Sam Okafor", SAM, SAM)
    with pytest.raises(ValueError, match=r"too easy to guess|at least"):
        laptop_people.add_person(db, path, PASSPHRASE, "Sam Okafor", "password1", "password1")
    with pytest.raises(PeopleError, match="already someone's"):
        laptop_people.add_person(db, path, PASSPHRASE, "Sam Okafor", PASSPHRASE, PASSPHRASE)
    with pytest.raises(PeopleError, match="can already unlock"):
        laptop_people.add_person(db, path, PASSPHRASE, "alex  carter", SAM, SAM)
    assert key_path(path).read_bytes() == before  # nothing changed


def test_removing_a_person_takes_away_their_passphrase_but_not_their_record(laptop):
    db, path = laptop
    sam = laptop_people.add_person(db, path, PASSPHRASE, "Sam Okafor", SAM, SAM)
    alex = next(p for p in laptop_people.people(db, path) if p.name == "Alex Carter")
    with pytest.raises(PeopleError, match="cannot remove yourself"):
        laptop_people.remove_person(db, path, alex.wrap_id, PASSPHRASE)
    with pytest.raises(PeopleError, match="not right"):
        laptop_people.remove_person(db, path, sam.wrap_id, SAM)  # Sam is not at the keyboard
    laptop_people.remove_person(db, path, sam.wrap_id, PASSPHRASE)
    assert [p.name for p in laptop_people.people(db, path)] == ["Alex Carter"]
    assert sites.get_worker(db, sam.worker_id)["name"] == "Sam Okafor"
    db.close()
    with pytest.raises(StoreError, match="passphrase is wrong"):
        _reopen(path, SAM)


def test_changing_your_own_passphrase_leaves_the_others_alone(laptop):
    db, path = laptop
    sam = laptop_people.add_person(db, path, PASSPHRASE, "Sam Okafor", SAM, SAM)
    db.close()
    db = _reopen(path, SAM)
    with pytest.raises(StoreError, match="current passphrase is wrong"):
        laptop_people.change_own_passphrase(db, path, PASSPHRASE, SAM_NEW)  # Alex's, not Sam's
    laptop_people.change_own_passphrase(db, path, SAM, SAM_NEW)
    db.close()
    with pytest.raises(StoreError):
        _reopen(path, SAM)
    db = _reopen(path, SAM_NEW)
    assert laptop_people.current_worker_id(db) == sam.worker_id
    db.close()
    db = _reopen(path, PASSPHRASE)  # Alex's still opens
    db.close()


def test_a_wraps_name_and_worker_cannot_be_changed_without_the_passphrase(laptop):
    db, path = laptop
    sam = laptop_people.add_person(db, path, PASSPHRASE, "Sam Okafor", SAM, SAM)
    db.close()
    body = json.loads(key_path(path).read_text())
    for wrap in body["wraps"]:
        if wrap["id"] == sam.wrap_id:
            wrap["worker_id"] = local.get(_reopen(path, PASSPHRASE), "worker_id")
    key_path(path).write_text(json.dumps(body))
    with pytest.raises(StoreError, match="passphrase is wrong"):
        _reopen(path, SAM)  # Sam cannot make themselves Alex by editing the key file
    keys = KeyFile.read(key_path(path))
    assert len(keys.passphrase_wraps()) == 2


def test_what_each_person_does_is_recorded_under_their_name(laptop):
    from cass_desktop.data import agencies, clients
    from cass_desktop.data import referrals as referral_data
    from cass_desktop.referrals.saving import save_referral

    db, path = laptop
    sam = laptop_people.add_person(db, path, PASSPHRASE, "Sam Okafor", SAM, SAM)
    alex_id = local.get(db, "worker_id")
    person = clients.create(db, {"given_name": "Siân", "family_name": "Ní Bhriain"}, "PLY")
    shelter = agencies.create(db, {"name": "Shelter Plymouth", "domains": "housing"})
    db.close()

    made_by = {}
    for passphrase in (SAM, PASSPHRASE):
        db = _reopen(path, passphrase)
        referral = save_referral(
            db,
            {"client_id": person, "agency_id": shelter, "domains": "housing", "reason": "A room."},
        )
        made_by[passphrase] = referral_data.get(db, referral)["worker_id"]
        db.close()
    assert made_by == {SAM: sam.worker_id, PASSPHRASE: alex_id}


def test_a_damaged_recovery_wrap_is_a_damaged_key_file(laptop):
    db, path = laptop
    db.close()
    body = json.loads(key_path(path).read_text())
    body["wraps"].append({"id": "x", "kind": "age", "recipient": "not a key", "sealed": "!!"})
    key_path(path).write_text(json.dumps(body))
    before = path.read_bytes()
    with pytest.raises(StoreError, match="is damaged"):
        _reopen(path, PASSPHRASE)
    assert path.read_bytes() == before


def test_head_office_has_no_people_of_its_own(tmp_path):
    from cass_desktop.sites.setup import set_up_head_office

    path = store_path(tmp_path)
    db = new_store(path)
    set_up_head_office(db, "Devon and Cornwall CASS")
    assert not laptop_people.has_people(db)
    with pytest.raises(PeopleError, match="Only a worker's laptop"):
        laptop_people.add_person(db, path, PASSPHRASE, "Sam Okafor", SAM, SAM)
    db.close()


def test_a_backup_opens_with_the_passphrases_of_its_day(laptop, tmp_path):
    """Removing a person does not reach a backup made before: it opens with their passphrase
    (docs/security.md says so), and one made after does not."""
    from cass_desktop.maintenance import backups, restoring

    db, path = laptop
    sam = laptop_people.add_person(db, path, PASSPHRASE, "Sam Okafor", SAM, SAM)
    before = backups.make_backup(db, path, tmp_path / "before.cassbackup")
    laptop_people.remove_person(db, path, sam.wrap_id, PASSPHRASE)
    after = backups.make_backup(db, path, tmp_path / "after.cassbackup")
    checked = restoring.check_backup(before, SAM, tmp_path)
    restoring.discard(checked.folder)
    with pytest.raises(backups.BackupError):
        restoring.check_backup(after, SAM, tmp_path)
    checked = restoring.check_backup(after, PASSPHRASE, tmp_path)
    restoring.discard(checked.folder)


def test_changing_the_store_key_shuts_out_an_old_copy_of_the_key_file(laptop, tmp_path):
    from cass_desktop.data import clients

    db, path = laptop
    sam = laptop_people.add_person(db, path, PASSPHRASE, "Sam Okafor", SAM, SAM)
    person = clients.create(db, {"given_name": "Siân", "family_name": "Ní Bhriain"}, "PLY")
    copied = key_path(path).read_bytes()  # what Sam may have taken
    laptop_people.remove_person(db, path, sam.wrap_id, PASSPHRASE)
    with pytest.raises(PeopleError, match="not right"):
        laptop_people.change_store_key(db, path, SAM)
    changed = laptop_people.change_store_key(db, path, PASSPHRASE)
    assert changed.removed == []
    # The app goes on with the open store under its new key.
    clients.create(db, {"given_name": "Jory", "family_name": "Hocking"}, "PLY")
    db.close()
    again = _reopen(path, PASSPHRASE)
    assert clients.get(again, person)["family_name"] == "Ní Bhriain"
    again.close()
    # Sam's copy of the old key file unlocks the old key, which opens nothing now.
    key_path(path).rename(tmp_path / "new.key")
    key_path(path).write_bytes(copied)
    with pytest.raises(StoreError):
        _reopen(path, SAM)
    (tmp_path / "new.key").rename(key_path(path))


def test_a_change_of_key_stopped_half_way_is_finished_at_the_next_unlock(laptop, monkeypatch):
    import os

    from cass_desktop.app import durable
    from cass_desktop.data.store import next_key_path

    db, path = laptop
    real = durable.replace

    def power_cut(source, target):
        if str(source).endswith(".next"):
            raise KeyboardInterrupt  # stops after the store is re-encrypted
        real(source, target)

    monkeypatch.setattr(durable, "replace", power_cut)
    with pytest.raises(KeyboardInterrupt):
        laptop_people.change_store_key(db, path, PASSPHRASE)
    monkeypatch.undo()
    db.close()
    assert next_key_path(path).exists()
    again = _reopen(path, PASSPHRASE)  # the waiting key file is put in place
    assert not next_key_path(path).exists()
    again.close()
    _reopen(path, PASSPHRASE).close()
    assert os.path.exists(key_path(path))
