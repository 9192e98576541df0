"""The lost laptop's last bundle (made before the loss, carried on a USB stick) reaching head
office after the restored laptop's renumbered changes (sync/restore.py `take_late`): head
office keeps every change in it it has not seen, known by clock and content, numbered after
those it holds, sends them back to the restored laptop, and refuses only a true collision.

Real stores, restored from real backups through the app's own restore path."""

from __future__ import annotations

import io
import json
import zipfile

import pyrage

from cass_desktop.audit import chain
from cass_desktop.data import audit as audit_data
from cass_desktop.data import changelog, clients, contacts, local
from cass_desktop.data import sync as sync_data
from cass_desktop.sync.bundle import AUDIT
from cass_desktop.sync.exporter import export_device
from cass_desktop.sync.importer import import_file
from tests.helpers.bundles import (
    assert_plain,
    dump,
    join_ops,
    keys_of,
    ops_lines,
    unpack,
    with_audit,
)
from tests.helpers.bundles import craft as craft_bundle
from tests.helpers.restored import back_up, bring_back, restore, sync, take, update


def _entries(path, db) -> list[dict]:
    plain = pyrage.decrypt(path.read_bytes(), [keys_of(db).identity()])
    with zipfile.ZipFile(io.BytesIO(plain)) as zf:
        return [json.loads(line) for line in zf.read(AUDIT).splitlines()]


def _in_step_with(office, laptop, person: str, name_and_phone: tuple[str, str, str]) -> None:
    """After a sync, head office and the laptop hold the same person and the same number."""
    ho = office.head_office
    sync(office, laptop)
    for db in (ho, laptop):
        row = clients.get(db, person)
        assert (row["given_name"], row["family_name"], row["phone"]) == name_and_phone
    me = changelog.device_id(laptop)
    assert sync_data.held_seq(ho, me) == sync_data.last_own_seq(laptop)


def _lost_laptops_last_bundle(office, tmp_path):
    """Plymouth syncs and is backed up; works and syncs; works again and exports a bundle
    that stays on a USB stick; is lost and restored from the backup, works, is brought back
    into step and syncs. Returns the restored laptop, the person, and the late bundle."""
    ply = office.device("plymouth")
    site = local.get(ply, "site_id")
    person = clients.create(ply, {"given_name": "Siân", "site_id": site})
    sync(office, ply)
    backup = back_up(ply, office.root / "plymouth", tmp_path / "plymouth.cassbackup")
    clients.update(ply, person, {"phone": "07700 900001"})
    sync(office, ply)
    clients.update(ply, person, {"family_name": "Evans"})
    note = contacts.create(ply, {"client_id": person, "kind": "court", "at": "2026-11-30T10:00"})
    late = export_device(ply, office.outbox)
    late = late.rename(tmp_path / late.name)  # on the USB stick
    laptop = restore(office, "plymouth", backup, tmp_path / "work")
    clients.update(laptop, person, {"given_name": "Siani"})
    bring_back(office, laptop)
    sync(office, laptop)
    return laptop, person, note, late


def test_the_lost_laptops_late_bundle_is_kept_and_goes_back_to_the_restored_laptop(
    office, tmp_path
):
    ho = office.head_office
    laptop, person, note, late = _lost_laptops_last_bundle(office, tmp_path)
    me = changelog.device_id(laptop)
    held = [op.row()[1:] for op in sync_data.own_ops_above(ho, me, 0)]
    top = sync_data.held_seq(ho, me)
    # Done on the restored laptop since its last export, not at head office yet.
    clients.update(laptop, person, {"phone": "07700 900999"})
    stale = export_device(laptop, office.outbox)
    result = take(ho, late)
    words = result.describe()
    assert "before the laptop was restored from a copy of itself" in words
    assert "the 4 changes in it head office had not seen are kept as that laptop's" in words
    # Nothing head office held changed; the late changes follow, clocks and values kept.
    now = [op.row()[1:] for op in sync_data.own_ops_above(ho, me, 0)]
    assert now[: len(held)] == held
    _manifest, ops = unpack(late, ho)
    sent = [
        tuple(op[k] for k in ("hlc", "tbl", "row_id", "field", "value_json", "base_hlc"))
        for op in ops_lines(ops)
    ]
    assert [row[1:] for row in now[len(held) :]] == sent[-4:]
    assert [row[0] for row in now[len(held) :]] == [top + n for n in range(1, 5)]
    row = clients.get(ho, person)
    assert (row["given_name"], row["family_name"]) == ("Siani", "Evans")
    assert contacts.get(ho, note)["at"] == "2026-11-30T10:00"
    # Imported twice: nothing more.
    before = dump(ho)
    again = take(ho, late)
    assert again.merge.applied == 0 and dump(ho) == before
    # The restored laptop's export made before it heard: refused, saying what to do.
    refused = import_file(ho, stale)
    assert_plain(refused.refused)
    assert "import that update on the laptop, then export again" in refused.refused
    assert dump(ho) == before
    # It takes head office's update: the late changes come back, its own made since move.
    back = take(laptop, update(office, laptop))
    assert back.warning is None and "back in step" in back.note
    assert contacts.get(laptop, note)["at"] == "2026-11-30T10:00"
    _in_step_with(office, laptop, person, ("Siani", "Evans", "07700 900999"))
    assert int(local.get(laptop, "acked_seq")) == sync_data.last_own_seq(laptop)
    assert export_device(laptop, office.outbox) is None
    # Its audit log: the lost laptop's entries in the late bundle are kept after those head
    # office held, behind an entry saying why, and both logs are whole and one. It is listed
    # on the Devices page for a person to check (a laptop signing its own ask could send an
    # edited log this way).
    [noted] = audit_data.breaks(ho, me)
    assert "may have been changed: check the laptop" in noted["sentence"]
    assert_plain(noted["sentence"])
    assert chain.verify(ho) == [] and chain.verify(laptop) == []
    log = list(audit_data.entries(ho, me))
    marks = [e for e in log if "reached head office after the restored laptop's" in e["detail"]]
    assert len(marks) == 1
    keep = ("at", "worker_id", "action", "kind", "record_id", "client_id", "detail")
    kept = {tuple(e[k] for k in keep) for e in log}
    assert {tuple(e[k] for k in keep) for e in _entries(late, ho)} <= kept
    assert list(audit_data.entries(laptop, me))[: len(log)] == log
    # And imported once more, much later: nothing.
    before = dump(ho)
    assert take(ho, late).merge.applied == 0 and dump(ho) == before


def _restored_before_the_late_bundle(office, tmp_path, given: str, family: str):
    """Plymouth syncs, is backed up, changes a person's phone and syncs, renames them
    `family` in a bundle that stays on a USB stick, and is lost; restored from the backup and
    brought back into step, it has sent nothing new. Returns the laptop, the person and the
    late bundle."""
    ply = office.device("plymouth")
    person = clients.create(ply, {"given_name": given, "site_id": local.get(ply, "site_id")})
    sync(office, ply)
    backup = back_up(ply, office.root / "plymouth", tmp_path / "b.cassbackup")
    clients.update(ply, person, {"phone": "07700 900001"})
    sync(office, ply)
    clients.update(ply, person, {"family_name": family})
    late = export_device(ply, office.outbox).rename(tmp_path / "late.cassbundle")
    laptop = restore(office, "plymouth", backup, tmp_path / "work")
    bring_back(office, laptop)
    return laptop, person, late


def test_a_late_bundle_arriving_before_the_restored_laptop_sends_anything_is_kept(office, tmp_path):
    ho = office.head_office
    laptop, person, late = _restored_before_the_late_bundle(office, tmp_path, "Ola", "Penrose")
    # Nothing of the restored laptop's is held above the copy yet: taken as any bundle, and
    # sent back with the rest of what the laptop lost (it has not sent anything since).
    assert take(ho, late).merge.applied == 1
    take(laptop, update(office, laptop))
    sync(office, laptop)
    assert clients.get(laptop, person)["family_name"] == "Penrose"
    assert export_device(laptop, office.outbox) is None


# -- the attacker's tests -----------------------------------------------------------------------


def _forged(office, laptop, tmp_path, name: str, change) -> object:
    """The restored laptop's (compromised) export, changed and signed again with its key,
    without `restored_from`: as if the lost laptop had made it."""
    ho = office.head_office
    clients.update(laptop, _someone(laptop), {"phone": "07700 900123"})
    path = export_device(laptop, office.outbox)
    manifest, ops = unpack(path, ho)
    manifest.pop("restored_from")
    lines = ops_lines(ops)
    manifest, lines = change(manifest, lines)
    return craft_bundle(
        tmp_path / f"{name}.cassbundle",
        {**manifest, "op_count": len(lines)},
        join_ops(lines),
        signer=keys_of(laptop),
        recipient=keys_of(ho).recipient(),
    )


def _someone(db) -> str:
    return db.execute("SELECT id FROM clients ORDER BY created LIMIT 1").fetchone()[0]


def _refused(ho, path) -> str:
    before = dump(ho)
    result = import_file(ho, path)
    assert_plain(result.refused)
    assert dump(ho) == before
    return result.refused


def test_a_forged_late_bundle_cannot_rewrite_what_head_office_holds(office, tmp_path):
    ho = office.head_office
    laptop, _person, _note, late = _lost_laptops_last_bundle(office, tmp_path)
    me = changelog.device_id(laptop)
    held = sync_data.own_ops_above(ho, me, 0)
    take(ho, late)
    held = sync_data.own_ops_above(ho, me, 0)

    def same_clock(manifest, lines):  # a held change's clock, another value
        op = next(o for o in reversed(held) if o.tbl == "clients" and o.field == "family_name")
        line = {**lines[0], "hlc": op.hlc, "tbl": op.tbl, "row_id": op.row_id}
        line.update(field=op.field, value_json='"07700 900666"', base_hlc=op.base_hlc)
        return manifest, [line]

    sentence = _refused(ho, _forged(office, laptop, tmp_path, "clock", same_clock))
    assert "made at the same moment as a different change" in sentence

    def below(manifest, lines):  # a number head office held before the restore
        seq = held[0].seq
        line = {**lines[0], "seq": seq}
        return {**manifest, "seq_from": seq, "seq_to": seq}, [line]

    sentence = _refused(ho, _forged(office, laptop, tmp_path, "below", below))
    assert "a different change under a number already used" in sentence

    office_id = changelog.device_id(ho)

    def theirs(manifest, lines):  # another device's change slipped in
        hlc = lines[0]["hlc"].rsplit("-", 1)[0] + "-" + office_id
        return manifest, [{**lines[0], "device_id": office_id, "hlc": hlc}]

    assert "another device" in _refused(ho, _forged(office, laptop, tmp_path, "theirs", theirs))
    # What head office holds from the laptop is as it was.
    assert sync_data.own_ops_above(ho, me, 0) == held


def _forged_audit(office, laptop, tmp_path, name: str, section: bytes):
    """The restored laptop's (compromised) export with no `restored_from` and `section` as its
    audit log, signed with its own key."""
    ho = office.head_office
    clients.update(laptop, _someone(laptop), {"phone": "07700 900321"})
    manifest, ops = unpack(export_device(laptop, office.outbox), ho)
    manifest.pop("restored_from")
    return with_audit(tmp_path / f"{name}.cassbundle", manifest, ops, section, laptop, ho)


def _section(entries) -> bytes:
    return b"".join(
        json.dumps(e, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for e in entries
    )


def test_a_forged_late_audit_log_cannot_rewrite_or_hide_what_head_office_holds(office, tmp_path):
    ho = office.head_office
    laptop, _person, _note, late = _lost_laptops_last_bundle(office, tmp_path)
    me = changelog.device_id(laptop)
    take(ho, late)
    held = list(audit_data.entries(ho, me))
    # An entry edited after it was written: listed, nothing kept.
    edited = [dict(e) for e in held[-3:]]
    edited[-1]["detail"] = "nothing happened"
    result = import_file(ho, _forged_audit(office, laptop, tmp_path, "edited", _section(edited)))
    assert result.refused is None
    assert "fingerprint" in audit_data.breaks(ho, me)[0]["sentence"]
    assert list(audit_data.entries(ho, me)) == held
    # Another laptop's entries: listed, nothing kept.
    other = changelog.device_id(office.device("bodmin"))
    theirs = [{**e, "device_id": other} for e in held[-2:]]
    import_file(ho, _forged_audit(office, laptop, tmp_path, "theirs", _section(theirs)))
    assert "another laptop" in audit_data.breaks(ho, me)[0]["sentence"]
    assert list(audit_data.entries(ho, me)) == held
    assert (
        list(audit_data.entries(ho, other))
        == list(audit_data.entries(office.device("bodmin"), other))[
            : len(list(audit_data.entries(ho, other)))
        ]
    )
    # A fork told over entries head office holds: they stay as they are; the fork's entries
    # can only follow them, marked as a late laptop's.
    fork = held[-4]["seq"]
    told = []
    prev = held[-5]["hash"]
    for number, entry in enumerate(held[-4:], start=fork):
        entry = {**entry, "seq": number, "prev_hash": prev, "detail": "quiet day"}
        entry["hash"] = prev = audit_data.entry_hash(entry)
        told.append(entry)
    import_file(ho, _forged_audit(office, laptop, tmp_path, "fork", _section(told)))
    now = list(audit_data.entries(ho, me))
    assert now[: len(held)] == held
    assert "reached head office after the restored laptop's" in now[len(held)]["detail"]
    assert chain.verify(ho) == []


def test_a_late_bundle_that_collides_with_nothing_still_goes_back_to_the_restored_laptop(
    office, tmp_path
):
    """The late bundle arrives after the restored laptop is back in step but before it has
    sent anything new: taken as any, and sent back with the next update, so the laptop's own
    next changes follow it without being told it was restored a second time."""
    ho = office.head_office
    laptop, person, late = _restored_before_the_late_bundle(office, tmp_path, "Siân", "Evans")
    take(ho, late)  # nothing of the restored laptop's above it yet: taken as any
    assert clients.get(ho, person)["family_name"] == "Evans"
    clients.update(laptop, person, {"given_name": "Siani"})
    stale = export_device(laptop, office.outbox)
    refused = import_file(ho, stale)  # made before it heard of the late bundle
    assert_plain(refused.refused)
    assert "import that update on the laptop, then export again" in refused.refused
    back = take(laptop, update(office, laptop))
    assert back.warning is None, back.warning
    assert clients.get(laptop, person)["family_name"] == "Evans"
    _in_step_with(office, laptop, person, ("Siani", "Evans", "07700 900001"))
    assert chain.verify(ho) == [] and chain.verify(laptop) == []
