"""Bad input is refused in one plain sentence and changes nothing in the store.

Each case starts from a real bundle Plymouth wrote for head office, takes it apart and remakes
it with one thing wrong, using the real keys, pyrage and zipfile. "Nothing changed" is a dump
of every table of head office's store (records, ops, pending_ops, conflicts, peers, local
state, search indexes) before and after.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pyrage
import pytest

from cass_desktop.data import clients, local
from cass_desktop.data import sync as sync_data
from cass_desktop.data.migrations import SCHEMA_VERSION
from cass_desktop.sites.setup import set_up_device
from cass_desktop.sync import bundle as bundle_mod
from cass_desktop.sync import identity
from cass_desktop.sync.bundle import MANIFEST, OPS
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from cass_desktop.sync.keys import Keys
from tests.helpers.bundles import (
    Ctx,
    assert_plain,
    dump,
    encrypt_zip,
    join_ops,
    keys_of,
    ops_lines,
    refused_and_unchanged,
)
from tests.helpers.stores import make_store

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


def test_a_remade_bundle_is_accepted(ctx):
    """The crafting itself is sound: the same contents remade and re-signed are applied."""
    result = import_file(ctx.ho, ctx.craft("same"))
    assert result.refused is None
    assert result.merge.applied == len(ops_lines(ctx.ops)) > 0


def _cases() -> dict[str, Callable[[Ctx], Path]]:
    def truncated_zip(c: Ctx) -> Path:
        buffer_path = c.craft("whole")
        plain = pyrage.decrypt(buffer_path.read_bytes(), [keys_of(c.ho).identity()])
        return encrypt_zip(c.tmp / "cut.cassbundle", plain[: len(plain) // 2], c.recipient())

    def lines(change: Callable[[list[dict]], None]) -> Callable[[Ctx], Path]:
        return lambda c: c.with_ops(change)

    def set_field(key: str, value) -> Callable[[list[dict]], None]:
        def change(ops: list[dict]) -> None:
            ops[-1][key] = value

        return change

    def raw_ops(data: bytes) -> Callable[[Ctx], Path]:
        return lambda c: c.craft("raw", ops=c.ops + data)

    def zip_members(make: Callable[[Ctx, bytes], list[tuple[str, bytes]]]):
        def build(c: Ctx) -> Path:
            manifest = dict(c.manifest)
            from tests.helpers.bundles import member_entry

            manifest["members"] = {OPS: member_entry(c.ops)}
            manifest["signature"] = keys_of(c.ply).sign(bundle_mod.canonical(manifest))
            body = json.dumps(manifest).encode()
            return c.craft("zip", fix_members=False, members=make(c, body))

        return build

    return {
        # Not a bundle at all.
        "empty file": lambda c: _write(c.tmp / "empty.cassbundle", b""),
        "a pdf": lambda c: _write(c.tmp / "letter.cassbundle", PDF),
        "random bytes": lambda c: _write(c.tmp / "noise.cassbundle", bytes(range(256)) * 40),
        "a plain zip": lambda c: _write(c.tmp / "plain.cassbundle", _zip_of(c)),
        "a pdf encrypted to head office": lambda c: encrypt_zip(
            c.tmp / "pdf.cassbundle", PDF, c.recipient()
        ),
        "a zip cut short inside the encryption": truncated_zip,
        # Encrypted to someone else.
        "encrypted to another store": lambda c: c.craft(
            "other", recipient=keys_of(c.office.device("bodmin")).recipient()
        ),
        "addressed to another store": lambda c: c.with_manifest(
            "addressed", recipient=identity.my_card(c.office.device("bodmin")).device_id
        ),
        # Signatures.
        "manifest changed after signing": lambda c: c.craft(
            "unsigned", {**c.manifest, "created_at": "2020-01-01T00:00:00+00:00"}, signer=None
        ),
        "signed by another enrolled device": lambda c: c.craft(
            "bodmin-signed", signer=keys_of(c.office.device("bodmin"))
        ),
        "signed by a stranger key": lambda c: c.craft("stranger", signer=Keys.generate()),
        "signature is not base64": lambda c: c.craft(
            "b64", {**c.manifest, "signature": "not base64!"}, signer=None
        ),
        "signature missing": lambda c: c.craft(
            "nosig", {k: v for k, v in c.manifest.items() if k != "signature"}, signer=None
        ),
        # Manifest against members.
        "ops changed, manifest not": lambda c: c.craft(
            "hash", ops=c.ops.replace(b"Nowak", b"Nowek"), fix_members=False
        ),
        "ops hash right but size wrong": lambda c: c.craft(
            "size",
            {**c.manifest, "members": {OPS: {**c.manifest["members"][OPS], "size": 3}}},
            fix_members=False,
        ),
        "ops with a line dropped": lambda c: c.craft(
            "dropped", ops=b"".join(c.ops.splitlines(keepends=True)[1:]), fix_members=False
        ),
        # Newer writers.
        "newer format": lambda c: c.with_manifest("format", format=2),
        "newer schema": lambda c: c.with_manifest("schema", schema=SCHEMA_VERSION + 1),
        "format is text": lambda c: c.with_manifest("format-text", format="1"),
        # The zip's members.
        "an extra member": zip_members(lambda c, m: [(MANIFEST, m), (OPS, c.ops), ("x.txt", b"")]),
        "a path-like member": zip_members(lambda c, m: [(MANIFEST, m), ("../ops.jsonl", c.ops)]),
        "an absolute member": zip_members(lambda c, m: [("/manifest.json", m), (OPS, c.ops)]),
        "members in a folder": zip_members(
            lambda c, m: [("b/manifest.json", m), ("b/ops.jsonl", c.ops)]
        ),
        "a folder member": zip_members(lambda c, m: [(MANIFEST, m), (OPS, c.ops), ("ops/", b"")]),
        "ops twice": zip_members(lambda c, m: [(MANIFEST, m), (OPS, c.ops), (OPS, c.ops)]),
        "manifest missing": zip_members(lambda c, m: [(OPS, c.ops)]),
        "a zip bomb": zip_members(lambda c, m: [(MANIFEST, m), (OPS, b"\n" * (8 << 20))]),
        # Text and JSON.
        "manifest not utf-8": lambda c: c.craft("m-utf8", manifest_bytes=b'{"format": "\xff"}'),
        "manifest not json": lambda c: c.craft("m-json", manifest_bytes=b'{"format": 1,'),
        "manifest a list": lambda c: c.craft("m-list", manifest_bytes=b"[1, 2]"),
        "manifest without sender": lambda c: c.craft(
            "m-sender", {k: v for k, v in c.manifest.items() if k != "sender"}
        ),
        "op line not utf-8": raw_ops(b'{"tbl": "\xc3\x28"}\n'),
        "op line not json": raw_ops(b'{"tbl": "clients",\n'),
        "op line a list": raw_ops(b"[1, 2, 3]\n"),
        "op line empty": raw_ops(b"\n"),
        "value not json": lines(set_field("value_json", "{not json")),
        "value an object": lines(set_field("value_json", '{"a": 1}')),
        "value a list": lines(set_field("value_json", "[1]")),
        "value too large a number": lines(set_field("value_json", "1" * 30)),
        "value not a number": lines(set_field("value_json", "NaN")),
        "value not text": lines(set_field("value_json", 5)),
        "value half a character": lines(set_field("value_json", '"\\ud800"')),
        "row id half a character": lambda c: c.craft("half", ops=_ascii_ops(c, row_id="\ud800")),
        "op missing a field": lines(lambda ops: ops[0].pop("hlc")),
        "op with an extra field": lines(set_field("extra", 1)),
        "seq as text": lines(set_field("seq", "9")),
        "seq zero": lines(set_field("seq", 0)),
        "clock not a clock": lines(set_field("hlc", "tomorrow")),
        "clock of another device": lines(
            lambda ops: ops[-1].update(hlc=ops[-1]["hlc"].rsplit("-", 1)[0] + "-" + "f" * 32)
        ),
        "base clock not a clock": lines(set_field("base_hlc", "yesterday")),
        # Unknown tables and fields.
        "an unknown table": lines(set_field("tbl", "payments")),
        "an unknown field": lines(set_field("field", "favourite_colour")),
        "the id field": lines(set_field("field", "id")),
        "a local table": lines(set_field("tbl", "peers")),
        "a quoted table name": lines(set_field("tbl", 'clients" --')),
        # Changes that are not the sender's own, or outside its range.
        "another device's change": lines(set_field("device_id", "0" * 32)),
        "a change outside its range": lines(set_field("seq", 10_000)),
        # Kinds and roles.
        "an unknown kind": lambda c: c.with_manifest("kind", kind="backup"),
        "an update sent to head office": lambda c: c.with_manifest(
            "update", kind="head-office-update"
        ),
    }


def _ascii_ops(c: Ctx, **changes) -> bytes:
    """The ops with the last one changed, written with escapes (so any text can be spelt)."""
    ops = ops_lines(c.ops)
    ops[-1].update(changes)
    return b"".join(json.dumps(op).encode() + b"\n" for op in ops)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _zip_of(c: Ctx) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(MANIFEST, json.dumps(c.manifest))
        zf.writestr(OPS, c.ops)
    return buffer.getvalue()


CASES = _cases()


@pytest.mark.parametrize("case", list(CASES))
def test_refused_in_plain_words_and_nothing_changes(ctx, case):
    path = CASES[case](ctx)
    refused_and_unchanged(ctx.ho, path)
    # Nothing was damaged either: the real bundle is still applied in full afterwards.
    assert import_file(ctx.ho, ctx.bundle).refused is None


def test_truncated_anywhere(ctx):
    data = ctx.bundle.read_bytes()
    size = len(data)
    cuts = sorted({1, 10, 21, 22, 40, 100, 150, 200, size // 2, size - 17, size - 16, size - 1})
    for cut in cuts:
        path = _write(ctx.tmp / f"cut-{cut}.cassbundle", data[:cut])
        refused_and_unchanged(ctx.ho, path)


@pytest.mark.slow  # a sweep of a few hundred damaged copies
def test_one_flipped_bit_anywhere(ctx):
    data = ctx.bundle.read_bytes()
    size = len(data)
    # Every byte of the age header and the payload nonce (a few bits of each), and then
    # positions spread across the encrypted payload to the very last byte.
    header_end = data.index(b"\n---") + 50
    positions = list(range(0, header_end + 16))
    positions += [*range(header_end + 16, size, max(1, size // 150)), size - 1]
    before = dump(ctx.ho)  # each refusal must leave head office exactly as it was here
    for n, position in enumerate(positions):
        bit = n % 8
        flipped = bytearray(data)
        flipped[position] ^= 1 << bit
        path = _write(ctx.tmp / "flipped.cassbundle", bytes(flipped))
        result = import_file(ctx.ho, path)
        assert result.refused, f"a flipped bit {bit} at byte {position} of {size} was accepted"
        assert_plain(result.refused)
        assert dump(ctx.ho) == before


def test_a_bundle_for_someone_else_cannot_be_opened(ctx):
    """Bodmin holds a bundle meant for head office: it cannot even decrypt it."""
    bodmin = ctx.office.device("bodmin")
    message = refused_and_unchanged(bodmin, ctx.bundle)
    assert "someone else" in message


def test_an_unenrolled_device_is_listed_and_nothing_else_changes(ctx, tmp_path):
    ho = ctx.ho
    stranger = make_store(tmp_path, "stranger")
    set_up_device(stranger, "Bodmin Magistrates' Court", "Pat Quinn")
    identity.trust_head_office(stranger, identity.write_card(ho, tmp_path / "ho.card"))
    clients.create(stranger, {"given_name": "Chidi", "family_name": "Okeke"})
    path = export_device(stranger, ctx.office.outbox)
    before = dump(ho, skip=("peers",))
    peers_before = ho.execute("SELECT * FROM peers ORDER BY device_id").fetchall()
    result = import_file(ho, path)
    assert result.awaiting_approval
    assert_plain(result.refused)
    assert dump(ho, skip=("peers",)) == before
    peers_after = ho.execute("SELECT * FROM peers ORDER BY device_id").fetchall()
    [added] = [row for row in peers_after if row not in peers_before]
    assert len(peers_after) == len(peers_before) + 1
    assert added[0] == identity.my_card(stranger).device_id
    listed = {d["device_id"]: d for d in identity.peers.all_peers(ho)}
    assert listed[added[0]]["status"] == "pending"
    # Importing it again lists it once and still applies nothing.
    again = import_file(ho, path)
    assert again.awaiting_approval and again.merge.applied == 0
    assert dump(ho, skip=("peers",)) == before
    # Once a person approves the device, the same bundle is applied.
    card = identity.my_card(stranger)
    identity.approve_pending(ho, card.device_id, card.fingerprint())
    assert import_file(ho, path).merge.applied > 0
    stranger.close()


def test_an_unenrolled_device_with_a_forged_card_is_not_listed(ctx, tmp_path):
    """A card that did not sign the bundle is not believed, so nothing is listed."""
    manifest = dict(ctx.manifest)
    stranger = Keys.generate()
    card = dict(manifest["sender_card"])
    device = "a" * 32
    card.update(device_id=device, signing_public=Keys.generate().signing_public())
    manifest.update(sender=device, sender_card=card)
    lines = ops_lines(ctx.ops)
    for op in lines:
        op["device_id"] = device
    path = ctx.craft("forged", manifest, join_ops(lines), signer=stranger)
    refused_and_unchanged(ctx.ho, path)


def test_a_replayed_bundle_is_already_held_and_changes_nothing(ctx):
    ho = ctx.ho
    first = import_file(ho, ctx.bundle)
    assert first.refused is None and first.merge.applied > 0
    before = dump(ho)
    again = import_file(ho, ctx.bundle)
    assert again.refused is None
    assert again.merge.applied == 0
    assert again.merge.already_held == first.merge.applied
    assert "already held" in again.describe()
    assert dump(ho) == before
    # An older bundle (the first day's, already held) replayed changes nothing either.
    oldest = sorted(ctx.office.outbox.glob("cass-plymouth-*"))[0]
    assert import_file(ho, oldest).merge.applied == 0
    assert dump(ho) == before


def test_a_replayed_update_changes_nothing_on_the_device(ctx):
    ho, ply = ctx.ho, ctx.ply
    import_file(ho, ctx.bundle)
    clients.create(ho, {"given_name": "Rhys", "site_id": local.get(ply, "site_id")})
    update = export_update(ho, identity.my_card(ply).device_id, ctx.office.outbox)
    assert import_file(ply, update).merge.applied > 0
    before = dump(ply)
    again = import_file(ply, update)
    assert again.refused is None and again.merge.applied == 0
    assert dump(ply) == before


def test_a_device_refuses_another_devices_export(ctx):
    refused_and_unchanged(ctx.ply, ctx.craft("to-ply", recipient=keys_of(ctx.ply).recipient()))


def test_a_member_larger_than_the_cap_is_refused(ctx, monkeypatch):
    monkeypatch.setattr(bundle_mod, "MAX_OPS_BYTES", len(ctx.ops) - 1)
    refused_and_unchanged(ctx.ho, ctx.bundle)
    monkeypatch.setattr(bundle_mod, "MAX_OPS_BYTES", 1 << 30)
    monkeypatch.setattr(bundle_mod, "MAX_FILE_BYTES", ctx.bundle.stat().st_size - 1)
    refused_and_unchanged(ctx.ho, ctx.bundle)


def test_a_zip_whose_sizes_lie_is_refused(ctx):
    """The zip's directory says ops.jsonl is small; inflating it gives more than it says."""
    import io

    manifest = dict(ctx.manifest)
    signer = keys_of(ctx.ply)
    manifest["signature"] = signer.sign(bundle_mod.canonical(manifest))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr(MANIFEST, json.dumps(manifest))
        zf.writestr(OPS, ctx.ops)
    data = bytearray(buffer.getvalue())
    # Lower the recorded CRC of ops.jsonl in the central directory and the local header.
    import zlib

    crc = zlib.crc32(ctx.ops).to_bytes(4, "little")
    wrong = ((zlib.crc32(ctx.ops) + 1) % (1 << 32)).to_bytes(4, "little")
    assert data.count(crc) >= 1
    data = bytearray(bytes(data).replace(crc, wrong))
    path = encrypt_zip(ctx.tmp / "crc.cassbundle", bytes(data), ctx.recipient())
    refused_and_unchanged(ctx.ho, path)


def test_nothing_waits_after_a_refused_bundle(ctx):
    """A refused bundle leaves no operations waiting and no conflicts behind."""
    path = ctx.with_ops(lambda ops: ops[-1].update(tbl="payments"))
    import_file(ctx.ho, path)
    assert sync_data.pending_counts(ctx.ho) == {}
    assert sync_data.conflict_count(ctx.ho) == 0
