"""The attacker's tests of bringing a restored laptop back into step (sync/restore.py): an ask
or an update claiming a restore that did not happen, forged or replayed by an enrolled but
compromised laptop, cannot make head office give a laptop another device's or another court's
changes, nor renumber anything at head office; every new field is checked for kind and size,
refused in one sentence, changing nothing."""

from __future__ import annotations

import io
import json
import zipfile

import pyrage
import pytest

from cass_desktop import audit
from cass_desktop.audit import chain as audit_chain
from cass_desktop.data import audit as audit_data
from cass_desktop.data import changelog, clients, local, store_path
from cass_desktop.data import sync as sync_data
from cass_desktop.maintenance import backups
from cass_desktop.sync.bundle import AUDIT, MANIFEST, OPS, canonical
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from tests.helpers.bundles import (
    craft,
    dump,
    join_ops,
    keys_of,
    member_entry,
    ops_lines,
    refused_and_unchanged,
    unpack,
    with_audit,
)

# What a well-formed ask may change at head office: where it notes the ask and the laptop's
# update cursor, and its audit log. Never a record or a change.
_NOTES = ("local_state", "peers", "audit_log")


def _ask(ctx, name: str, asked: int, **changes):
    manifest = {
        **ctx.manifest,
        "restored": asked,
        "seq_from": asked + 1,
        "seq_to": asked,
        "op_count": 0,
        **changes,
    }
    return ctx.craft(name, manifest, ops=b"")


def _update(ctx, laptop):
    ho = ctx.ho
    backups.make_backup(ho, store_path(ctx.office.root / "head-office"))
    return export_update(ho, changelog.device_id(laptop), ctx.office.outbox)


def test_a_forged_ask_gives_the_laptop_only_its_own_changes_and_renumbers_nothing(ctx):
    ho, ply, bodmin = ctx.ho, ctx.ply, ctx.office.device("bodmin")
    assert import_file(ho, ctx.bundle).refused is None
    import_file(ply, _update(ctx, ply))
    # Another court's person, changed at that court and at head office.
    court = local.get(bodmin, "site_id")
    theirs = clients.create(bodmin, {"given_name": "Jowan", "site_id": court})
    assert import_file(ho, export_device(bodmin, ctx.office.outbox)).refused is None
    clients.update(ho, theirs, {"phone": "01208 000001"})
    me = changelog.device_id(ply)
    held_ops = dump(ho)["ops"]
    before = dump(ho, skip=_NOTES)
    # Plymouth's laptop, never restored, asks for all of its changes back.
    result = import_file(ho, _ask(ctx, "forged", 0, update_cursor=0))
    assert result.refused is None and "asks for its changes back" in result.describe()
    assert dump(ho, skip=_NOTES) == before and dump(ho)["ops"] == held_ops
    manifest, ops = unpack(_update(ctx, ply), ply)
    lines = ops_lines(ops)
    assert manifest["returned"] == 0
    office = changelog.device_id(ho)
    assert {op["device_id"] for op in lines} <= {me, office}
    assert not [op for op in lines if op["row_id"] == theirs]
    assert [op["seq"] for op in lines if op["device_id"] == me] == list(
        range(1, sync_data.held_seq(ho, me) + 1)
    )
    # The laptop, which holds all of them as they are, takes the update: nothing moves.
    own = dump(ply)["ops"]
    result = import_file(ply, _update(ctx, ply))
    assert result.refused is None and result.warning is None and result.note is None
    assert dump(ply)["ops"] == own
    assert export_device(ply, ctx.office.outbox) is None


def test_an_ask_signed_by_one_laptop_for_another_is_refused(ctx):
    bodmin = changelog.device_id(ctx.office.device("bodmin"))
    path = _ask(ctx, "for-bodmin", 0, sender=bodmin)
    assert "signature" in refused_and_unchanged(ctx.ho, path)


@pytest.mark.parametrize(
    "asked",
    ["3", 3.0, True, None, -1, 1 << 63, [1], {"seq": 1}],
    ids=["text", "float", "true", "null", "negative", "too-large", "list", "object"],
)
def test_an_ask_whose_number_is_not_a_number_in_range_is_refused(ctx, asked):
    manifest = {**ctx.manifest, "restored": asked, "seq_from": 1, "seq_to": 0, "op_count": 0}
    refused_and_unchanged(ctx.ho, ctx.craft("bad-number", manifest, ops=b""))


def test_an_ask_that_carries_changes_or_asks_beyond_what_is_held_is_refused(ctx):
    ho = ctx.ho
    held = sync_data.held_seq(ho, changelog.device_id(ctx.ply))
    # With the day's changes in it: an ask holds none, so none can be slipped in.
    carrying = ctx.craft("carrying", {**ctx.manifest, "restored": ctx.manifest["seq_from"] - 1})
    assert "sends none with it" in refused_and_unchanged(ho, carrying)
    assert "sends none" in refused_and_unchanged(
        ho, _ask(ctx, "off", held, seq_from=held + 2, seq_to=held + 1)
    )
    beyond = _ask(ctx, "beyond", held + 5)
    assert "holds them only up to" in refused_and_unchanged(ho, beyond)
    # With an audit section: none either.
    audit = b'{"seq":1}\n'
    manifest = {**ctx.manifest, "restored": held, "seq_from": held + 1, "seq_to": held}
    manifest.update(op_count=0, members={OPS: member_entry(b""), AUDIT: member_entry(audit)})
    manifest["signature"] = keys_of(ctx.ply).sign(canonical(manifest))
    members = [(MANIFEST, json.dumps(manifest).encode()), (OPS, b""), (AUDIT, audit)]
    with_audit = craft(
        ctx.tmp / "audit.cassbundle",
        manifest,
        b"",
        signer=None,
        recipient=ctx.recipient(),
        fix_members=False,
        members=members,
    )
    assert "sends none" in refused_and_unchanged(ho, with_audit)
    # A laptop's export cannot say head office returned anything.
    returned = ctx.craft("returned", {**ctx.manifest, "returned": 0})
    refused_and_unchanged(ho, returned)


def _forged_update(ctx, name: str, change, *, signer=None):
    """Head office's real update for Plymouth, changed, signed again by `signer` (head
    office's own key unless another is given)."""
    ply = ctx.ply
    manifest, ops = unpack(_update(ctx, ply), ply)
    manifest, ops = change(dict(manifest), ops)
    return craft(
        ctx.tmp / f"{name}.cassbundle",
        manifest,
        ops,
        signer=signer or keys_of(ctx.ho),
        recipient=keys_of(ply).recipient(),
    )


@pytest.mark.parametrize(
    "returned",
    ["0", 0.0, True, None, -1, 1 << 63, [0], {"n": 0}],
    ids=["text", "float", "true", "null", "negative", "too-large", "list", "object"],
)
def test_an_update_whose_returned_number_is_not_a_number_in_range_is_refused(ctx, returned):
    assert import_file(ctx.ho, ctx.bundle).refused is None

    def change(manifest, ops):
        return {**manifest, "returned": returned}, ops

    refused_and_unchanged(ctx.ply, _forged_update(ctx, "bad-returned", change))


def test_an_update_that_returns_more_or_other_than_it_says_is_refused(ctx):
    ho, ply = ctx.ho, ctx.ply
    assert import_file(ho, ctx.bundle).refused is None
    me = changelog.device_id(ply)
    top = sync_data.held_seq(ho, me)

    def beyond(manifest, ops):  # more than it acknowledges
        return {**manifest, "returned": top + 1}, ops

    refused_and_unchanged(ply, _forged_update(ctx, "beyond", beyond))

    def missing(manifest, ops):  # says it returns changes, carries none of them
        return {**manifest, "returned": top - 2}, ops

    assert "do not match" in refused_and_unchanged(ply, _forged_update(ctx, "missing", missing))

    def unasked(manifest, ops):  # one of this laptop's own changes, with no `returned`
        lines = [*ops_lines(ops), ops_lines(ctx.ops)[-1]]
        return {**manifest, "op_count": len(lines)}, join_ops(lines)

    sent = refused_and_unchanged(ply, _forged_update(ctx, "unasked", unasked))
    assert "sends back this laptop's changes" in sent

    def restored_in_update(manifest, ops):
        return {**manifest, "restored": 0}, ops

    refused_and_unchanged(ply, _forged_update(ctx, "restored", restored_in_update))


def test_an_update_returning_changes_signed_by_a_laptop_is_refused(ctx):
    assert import_file(ctx.ho, ctx.bundle).refused is None

    def change(manifest, ops):
        return {**manifest, "returned": 0}, ops

    path = _forged_update(ctx, "by-laptop", change, signer=keys_of(ctx.office.device("bodmin")))
    refused_and_unchanged(ctx.ply, path)


def test_a_replayed_ask_after_the_laptop_is_in_step_changes_nothing_there(ctx):
    ho, ply = ctx.ho, ctx.ply
    assert import_file(ho, ctx.bundle).refused is None
    import_file(ply, _update(ctx, ply))
    old_ask = _ask(ctx, "old", 0, update_cursor=0)
    assert import_file(ho, old_ask).refused is None
    import_file(ply, _update(ctx, ply))
    clients.update(ply, ctx_person(ply), {"phone": "07700 900456"})
    assert import_file(ho, export_device(ply, ctx.office.outbox)).refused is None
    import_file(ply, _update(ctx, ply))
    # Replayed: head office sends back Plymouth's changes again, the laptop holds them all.
    assert import_file(ho, old_ask).refused is None
    held = dump(ply, skip=("local_state",))
    result = import_file(ply, _update(ctx, ply))
    assert result.refused is None and result.note is None and result.warning is None
    assert result.merge.applied == 0
    assert dump(ply, skip=("local_state",)) == held


def ctx_person(db) -> str:
    return db.execute("SELECT id FROM clients WHERE given_name = 'Siân'").fetchone()[0]


# -- the audit log (audit/section.py take_back) --------------------------------------------------


@pytest.mark.parametrize(
    "after",
    ["3", 3.0, True, None, -1, 1 << 63, [1], {"seq": 1}],
    ids=["text", "float", "true", "null", "negative", "too-large", "list", "object"],
)
def test_an_ask_whose_audit_number_is_not_a_number_in_range_is_refused(ctx, after):
    held = sync_data.held_seq(ctx.ho, changelog.device_id(ctx.ply))
    refused_and_unchanged(ctx.ho, _ask(ctx, "bad-audit", held, audit_after=after))


def test_an_export_that_is_not_an_ask_cannot_ask_for_audit_entries(ctx):
    assert "audit entries" in refused_and_unchanged(ctx.ho, ctx.with_manifest("x", audit_after=0))


def test_a_forged_ask_for_audit_entries_changes_none_and_returns_only_the_laptops_own(ctx):
    ho, ply, bodmin = ctx.ho, ctx.ply, ctx.office.device("bodmin")
    assert import_file(ho, ctx.bundle).refused is None
    court = local.get(bodmin, "site_id")
    clients.create(bodmin, {"given_name": "Jowan", "site_id": court})
    assert import_file(ho, export_device(bodmin, ctx.office.outbox)).refused is None
    me = changelog.device_id(ply)
    logs = {d: list(audit_data.entries(ho, d)) for d in audit_data.devices(ho)}
    assert me in logs and changelog.device_id(bodmin) in logs
    result = import_file(ho, _ask(ctx, "forged", 0, audit_after=0, update_cursor=0))
    assert result.refused is None
    # Head office's log of every device is as it was (only its own import is recorded).
    office = changelog.device_id(ho)
    for device, held in logs.items():
        if device != office:
            assert list(audit_data.entries(ho, device)) == held
    manifest, section = _members(_update(ctx, ply), ply)
    assert manifest["audit_returned"] == 0
    assert [json.loads(line)["device_id"] for line in section.splitlines()] == [me] * len(logs[me])
    # The laptop, never restored, holds every one of them as it is: nothing moves.
    log = list(audit_data.entries(ply, me))
    result = import_file(ply, _update(ctx, ply))
    assert result.refused is None and result.note is None
    assert list(audit_data.entries(ply, me))[: len(log)] == log
    assert audit_chain.verify(ply) == []


def _members(path, db) -> tuple[dict, bytes]:
    plain = pyrage.decrypt(path.read_bytes(), [keys_of(db).identity()])
    with zipfile.ZipFile(io.BytesIO(plain)) as zf:
        return json.loads(zf.read(MANIFEST)), zf.read(AUDIT) if AUDIT in zf.namelist() else b""


def _update_with_audit(ctx, name: str, section: bytes, **manifest_changes):
    """Head office's real update for Plymouth, carrying `section` as its audit member, signed
    again by head office."""
    ply = ctx.ply
    manifest, ops = unpack(_update(ctx, ply), ply)
    manifest.update(manifest_changes)
    return with_audit(ctx.tmp / f"{name}.cassbundle", manifest, ops, section, ctx.ho, ply)


def _entry_lines(entries) -> bytes:
    return b"".join(
        json.dumps(e, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for e in entries
    )


def test_an_update_whose_audit_entries_are_not_the_laptops_own_as_written_is_refused(ctx):
    ho, ply = ctx.ho, ctx.ply
    assert import_file(ho, ctx.bundle).refused is None
    me = changelog.device_id(ply)
    top = sync_data.held_seq(ho, me)
    own = list(audit_data.entries(ho, me))
    returned = {"returned": top, "audit_returned": 0}
    # Entries with no `audit_returned`: an update carries none unasked.
    section = _entry_lines(own)
    assert "audit entries" in refused_and_unchanged(
        ply, _update_with_audit(ctx, "unasked", section)
    )
    # Another laptop's entries, sent as this one's.
    bodmin = ctx.office.device("bodmin")
    audit.event(bodmin, audit.EXPORT, "x")
    theirs = _entry_lines(audit_data.entries(bodmin, changelog.device_id(bodmin)))
    path = _update_with_audit(ctx, "theirs", theirs, **returned)
    assert "another laptop" in refused_and_unchanged(ply, path)
    # This laptop's, one of them edited: it is not as the laptop wrote it.
    edited = [dict(e) for e in own]
    edited[0]["detail"] = "changed"
    path = _update_with_audit(ctx, "edited", _entry_lines(edited), **returned)
    assert "not this laptop's as they were written" in refused_and_unchanged(ply, path)
    # This laptop's, starting where it says they do not.
    path = _update_with_audit(ctx, "off", _entry_lines(own[1:]), **returned)
    assert "not this laptop's" in refused_and_unchanged(ply, path)
    # A number of entries in range, with changes returned, or it is refused.
    for bad in ("0", -1, 1 << 63, True):
        path = _update_with_audit(ctx, "bad", section, returned=top, audit_returned=bad)
        refused_and_unchanged(ply, path)
    path = _update_with_audit(ctx, "alone", section, audit_returned=0)
    refused_and_unchanged(ply, path)
