"""Erasure's data primitive: a person purged from the records and every change held, on the
laptop that erases them, at head office and on the laptops head office forwards it to; later
changes to them dropped wherever they arrive; the same bundles twice change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from cass_desktop.data import (
    changelog,
    clients,
    hearings,
    local,
    merge,
    migrations,
    open_store,
    purge,
    trust,
)
from cass_desktop.data import store as data_store
from cass_desktop.data import sync as sync_data
from cass_desktop.data.changelog import Op
from cass_desktop.records.schema import SYNCED
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from tests.helpers.bundles import dump
from tests.helpers.stores import PASSPHRASE

SECRET = "Hollingsworth-Ngata"  # a family name nothing else in these stores holds


def _person(db) -> tuple[str, str]:
    site = local.get(db, "site_id")
    person = clients.create(
        db,
        {"given_name": "Maren", "family_name": SECRET, "phone": "07700 900999", "site_id": site},
        "PLY",
    )
    hearing = hearings.create(
        db, {"client_id": person, "starts_at": "2026-11-27T10:00", "notes": f"{SECRET} seen"}
    )
    return person, hearing


def _holds_secret(db) -> list[str]:
    """The tables any of whose rows still hold the secret, anywhere in any column."""
    found = []
    for name, rows in dump(db).items():
        if any(SECRET in repr(row) for row in rows):
            found.append(name)
    return found


def _assert_erased(db, person: str, hearing: str) -> None:
    row = clients.get(db, person)
    assert row["purged"] == 1 and row["deleted"] == 1
    kept = {"id", "created", "updated", "site_id", "deleted", "purged"}
    assert all(row[k] is None for k in SYNCED["clients"] if k not in kept)
    h = hearings.get(db, hearing)
    assert h["client_id"] == person and h["deleted"] == 1 and h["notes"] is None
    assert purge.is_purged(db, "clients", person) and purge.is_purged(db, "hearings", hearing)
    assert clients.search(db, SECRET) == [] and clients.search(db, "Maren") == []
    assert _holds_secret(db) == []


def _import(db, path: Path):
    result = import_file(db, path)
    assert result.refused is None, result.refused
    return result.merge


def test_purge_on_a_laptop_erases_everything_held_there(office):
    ply = office.device("plymouth")
    person, hearing = _person(ply)
    device = "00000000000000aa"
    hidden = Op(
        device,
        9,
        f"1795000000000-000000-{device}",
        "clients",
        person,
        "family_name",
        json.dumps(SECRET),
        None,
    )
    with ply.atomic():
        sync_data.record_pending(ply, [hidden], "b1")
        trust.record_refused(ply, [(hidden._replace(seq=3), trust.REFUSED, "no")], "b1")
        trust.record_proposals(ply, [hidden._replace(seq=4)], "b1")
        ply.execute(
            "INSERT INTO conflicts (tbl, row_id, field, kept_value_json, kept_hlc, kept_device, "
            "other_value_json, other_hlc, other_device, other_seq, detected_hlc) "
            "VALUES ('clients', ?, 'family_name', ?, ?, ?, ?, ?, ?, 2, ?)",
            [
                person,
                json.dumps(SECRET),
                hidden.hlc,
                device,
                json.dumps(SECRET + "x"),
                hidden.hlc,
                device,
                hidden.hlc,
            ],
        )
    seq = sync_data.last_own_seq(ply)
    purge.purge_person(ply, person)
    _assert_erased(ply, person, hearing)
    # One change more: the purge itself, which keeps its value; every other keeps its number.
    assert sync_data.last_own_seq(ply) == seq + 1
    ops = [op for op in changelog.iter_ops(ply) if op.row_id in (person, hearing)]
    assert [op.value_json for op in ops if op.field == "purged"] == ["1"]
    ids = ("purged", "site_id", "client_id")
    assert {op.value_json for op in ops if op.field not in ids} == {purge.PURGED_JSON}
    assert sync_data.conflict_count(ply) == 0
    # Erasing again changes nothing.
    before = dump(ply)
    purge.purge_person(ply, person)
    assert dump(ply) == before


def test_purge_reaches_head_office_and_later_changes_are_dropped(office):
    ho, ply = office.head_office, office.device("plymouth")
    person, hearing = _person(ply)
    first = export_device(ply, office.outbox)
    _import(ho, first)
    assert clients.get(ho, person)["family_name"] == SECRET
    # Head office's update acknowledges Plymouth's first day.
    _import(ply, export_update(ho, changelog.device_id(ply), office.outbox))
    clients.update(ply, person, {"phone": "07700 900111"})  # not acknowledged yet
    purge.purge_person(ply, person)
    _assert_erased(ply, person, hearing)
    second = export_device(ply, office.outbox)
    result = _import(ho, second)
    assert result.purged >= 1
    _assert_erased(ho, person, hearing)
    # Both bundles again: nothing changes, nothing refused (the erased copies are copies).
    before = dump(ho)
    for path in (first, second):
        again = _import(ho, path)
        assert again.applied == 0
    assert dump(ho) == before


def test_purge_from_head_office_reaches_the_laptop_which_edited_meanwhile(office):
    ho, ply = office.head_office, office.device("plymouth")
    person, hearing = _person(ply)
    _import(ho, export_device(ply, office.outbox))
    purge.purge_person(ho, person)
    _assert_erased(ho, person, hearing)
    # Plymouth has not heard: it edits the person and adds a hearing for them.
    clients.update(ply, person, {"family_name": SECRET + "-Jones", "phone": "07700 900222"})
    late_hearing = hearings.create(
        ply, {"client_id": person, "starts_at": "2026-12-11T14:00", "notes": f"{SECRET} again"}
    )
    late = _import(ho, export_device(ply, office.outbox))
    assert late.applied == 0 and late.purged >= 4 and late.refused == 0
    _assert_erased(ho, person, hearing)
    assert purge.is_purged(ho, "hearings", late_hearing)
    assert hearings.get(ho, late_hearing) is None
    # Their numbers are used up: the laptop's next change follows on, not held back.
    assert sync_data.pending_counts(ho) == {}
    # Head office's update carries the purge to Plymouth, which erases what it holds.
    _import(ply, export_update(ho, changelog.device_id(ply), office.outbox))
    _assert_erased(ply, person, hearing)
    assert hearings.get(ply, late_hearing)["notes"] is None
    assert purge.is_purged(ply, "hearings", late_hearing)
    # An edit after the purge, made on the laptop, is dropped at head office too.
    assert sync_data.conflict_count(ho) == 0


def test_the_log_replayed_ends_erased(office, tmp_path):
    ply = office.device("plymouth")
    person, hearing = _person(ply)
    clients.update(ply, person, {"phone": "07700 900333"})
    purge.purge_person(ply, person)
    empty = open_store(tmp_path / "replay.db", key=PASSPHRASE)
    merge.apply_ops(empty, changelog.iter_ops(ply))
    for table, row_id in (("clients", person), ("hearings", hearing)):
        assert changelog.get(empty, table, row_id) == changelog.get(ply, table, row_id)
    assert purge.is_purged(empty, "hearings", hearing)
    assert _holds_secret(empty) == []
    empty.close()


def test_a_store_from_before_erasure_migrates_and_can_erase(tmp_path, monkeypatch):
    """A store made before m008_purge (no purged column, no tombstones) is migrated in place,
    a copy kept first, its records intact, and can then erase."""
    # The copy beside the store, not a backup in the backups folder (which the maintenance
    # package arranges once it is imported, as other tests in the same process do).
    monkeypatch.setattr(data_store, "before_migrations", None)
    earlier = sqlite_utils.Migrations(migrations.SET_NAME)
    earlier._migrations = [m for m in migrations.migrations._migrations if m.name < "m008"]
    with monkeypatch.context() as m:
        m.setattr(migrations, "migrations", earlier)
        m.setattr(migrations, "KNOWN", [x.name for x in earlier._migrations])
        path = tmp_path / "cass.db"
        db = open_store(path, key=PASSPHRASE)
        db.execute("ALTER TABLE clients DROP COLUMN purged")
        person = clients.create(db, {"given_name": "Maren", "family_name": SECRET}, "PLY")
        hearing = hearings.create(db, {"client_id": person, "starts_at": "2026-11-27T10:00"})
        before = {t: db.execute(f"SELECT * FROM {t}").fetchall() for t in ("clients", "ops")}
        db.close()
    db = open_store(path, key=PASSPHRASE)
    assert [p for p in tmp_path.iterdir() if ".before-m008_purge-" in p.name]
    assert db.execute("SELECT * FROM ops").fetchall() == before["ops"]
    assert [r[:-1] for r in db.execute("SELECT * FROM clients").fetchall()] == before["clients"]
    assert clients.get(db, person)["purged"] == 0
    purge.purge_person(db, person)
    assert clients.get(db, person)["purged"] == 1 and purge.is_purged(db, "hearings", hearing)
    assert _holds_secret(db) == []
    db.close()


def test_a_marked_change_is_held_never_applied_and_a_changed_number_still_refused(ctx):
    """The erased marker in a bundle is never taken as a value: the change is held (its number
    used up), nothing is applied from it; a different change under a number already held is
    still refused, unless one of the two is the erased copy of the other."""
    ho = ctx.ho

    def mark_phone(lines):
        for line in lines:
            if line["field"] == "phone":
                line["value_json"] = purge.PURGED_JSON

    marked = ctx.with_ops(mark_phone, "marked")
    result = _import(ho, marked)
    assert result.purged == 1 and result.held_back == 0
    phone_ops = [op for op in changelog.iter_ops(ho) if op.field == "phone"]
    assert [op.value_json for op in phone_ops] == [purge.PURGED_JSON]
    assert all(row["phone"] is None for row in ho.query("SELECT phone FROM clients"))
    # The real bundle, with the value, is the same change as the marked one held: a copy.
    again = _import(ho, ctx.bundle)
    assert again.applied == 0 and again.purged == 0

    def reword(lines):
        for line in lines:
            if line["field"] == "given_name":
                line["value_json"] = json.dumps("Someone else")

    refused = import_file(ho, ctx.with_ops(reword, "reworded"))
    assert refused.refused is not None and "different change" in refused.refused


def test_purge_on_a_store_migrated_from_an_earlier_version(office):
    """A store made before m003 gained hearings.restricted as NOT NULL DEFAULT 0 (a new store
    has it without the constraint): the tombstone sets it to its default, not NULL."""
    ply = office.device("plymouth")
    ply.execute("DROP INDEX IF EXISTS hearings_case_number")
    ply.execute("ALTER TABLE hearings DROP COLUMN restricted")
    ply["hearings"].add_column("restricted", int, not_null_default=0)
    person, hearing = _person(ply)
    hearings.update(ply, hearing, {"restricted": 1})
    purge.purge_person(ply, person)
    _assert_erased(ply, person, hearing)
    assert hearings.get(ply, hearing)["restricted"] == 0
