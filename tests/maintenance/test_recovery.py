"""Recovery of a forgotten passphrase through head office's age key, end to end: the laptop
trusts head office, its key file gains a wrap to head office's recipient, head office writes
its identity file, and the laptop sets a new passphrase with it. Head office never gets the
store."""

from __future__ import annotations

import json
import os

import pytest

from cass_desktop.cli import main
from cass_desktop.data import StoreError, clients, open_store, store_path
from cass_desktop.data.keyfile import KeyFile, key_path
from cass_desktop.maintenance import recovery
from cass_desktop.maintenance.recovery import RecoveryError
from cass_desktop.sites import laptop_people
from cass_desktop.sync import identity
from tests.helpers.stores import PASSPHRASE, make_office

NEW = "harbour moss lantern quietly"
SAM = "copper kettle meadow verse"


@pytest.fixture
def laptop(tmp_path):
    office = make_office(tmp_path)
    db = office.device("plymouth")
    path = store_path(tmp_path / "plymouth")
    person = clients.create(db, {"given_name": "Morwenna", "family_name": "Trevithick"}, "PLY")
    db.close()
    db = office.devices["plymouth"] = open_store(path, key=PASSPHRASE, create=False)
    assert recovery.ensure_recovery(db, path)
    assert not recovery.ensure_recovery(db, path)  # once is enough
    ho_key = identity.write_age_identity(office.head_office, tmp_path / "head-office.key")
    yield office, db, path, person, ho_key
    for store in (office.head_office, *office.devices.values()):
        store.close()


def test_a_forgotten_passphrase_is_recovered_with_head_offices_key(laptop):
    _office, db, path, person, ho_key = laptop
    db.close()
    assert recovery.has_recovery(path)
    done = recovery.recover(path, ho_key, NEW, NEW)
    assert done.name == "Alex Carter"  # named when the laptop last unlocked
    with pytest.raises(StoreError, match="passphrase is wrong"):
        open_store(path, key=PASSPHRASE, create=False)
    again = open_store(path, key=NEW, create=False)
    assert clients.get(again, person)["family_name"] == "Trevithick"
    again.close()


def test_another_head_offices_key_or_a_weak_passphrase_changes_nothing(laptop, tmp_path):
    office, _db, path, _person, ho_key = laptop
    before = key_path(path).read_bytes()
    other = office.device("bodmin")  # a laptop's identity is not head office's
    other_key = tmp_path / "other.key"
    other_key.write_text(identity.ensure_keys(other).age_identity + "\n")
    with pytest.raises(RecoveryError, match="not the identity of the head office"):
        recovery.recover(path, other_key, NEW, NEW)
    with pytest.raises(ValueError, match=r"too easy to guess|at least"):
        recovery.recover(path, ho_key, "password1", "password1")
    (tmp_path / "junk.key").write_bytes(os.urandom(2000))
    with pytest.raises(RecoveryError, match=r"not head office's key file|no age identity"):
        recovery.recover(path, tmp_path / "junk.key", NEW, NEW)
    assert key_path(path).read_bytes() == before


def test_a_recovery_wrap_moved_into_another_key_file_opens_nothing(laptop, tmp_path):
    office, _db, path, _person, ho_key = laptop
    bodmin = store_path(tmp_path / "bodmin")
    recovery.ensure_recovery(office.device("bodmin"), bodmin)
    mine = json.loads(key_path(path).read_text())
    theirs = json.loads(key_path(bodmin).read_text())
    theirs["wraps"] = [w for w in theirs["wraps"] if w["kind"] != "age"] + [
        w for w in mine["wraps"] if w["kind"] == "age"
    ]
    key_path(bodmin).write_text(json.dumps(theirs))
    with pytest.raises(RecoveryError, match="not the identity"):
        recovery.recover(bodmin, ho_key, NEW, NEW)


def test_with_several_people_the_one_who_forgot_is_named(laptop):
    _office, db, path, _person, ho_key = laptop
    laptop_people.add_person(db, path, PASSPHRASE, "Sam Okafor", SAM, SAM)
    db.close()
    with pytest.raises(RecoveryError, match="Say whose passphrase"):
        recovery.recover(path, ho_key, NEW, NEW)
    recovery.recover(path, ho_key, NEW, NEW, person="sam okafor")
    open_store(path, key=NEW, create=False).close()
    open_store(path, key=PASSPHRASE, create=False).close()  # Alex's is untouched
    assert len(KeyFile.read(key_path(path)).age_wraps()) == 1


def test_the_command_line_recovers(laptop, capsys, monkeypatch):
    _office, db, path, _person, ho_key = laptop
    db.close()
    monkeypatch.setenv("CASS_PASSPHRASE", NEW)
    code = main(["--data-dir", str(path.parent), "recover", "--identity", str(ho_key)])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "new passphrase is set for Alex Carter" in out.out
    open_store(path, key=NEW, create=False).close()
