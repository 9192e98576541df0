"""Bundles made to hurt: each is refused in one plain sentence, and changes nothing.

The cases of issue 7 (crashes before the signature is checked, signed bundles with wrong
content, clocks from the future, numbers reused), each built from a real bundle with the real
keys, as in test_bad_bundles.py, whose fixture and checks these share.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import struct
import zipfile
from pathlib import Path

import pyrage
import pytest

from cass_desktop.data import changelog, clients, local
from cass_desktop.data.hlc import HLC
from cass_desktop.sync import bundle as bundle_mod
from cass_desktop.sync import clocks, identity
from cass_desktop.sync.bundle import MANIFEST, OPS
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from tests.helpers.bundles import (
    Ctx,
    craft,
    dump,
    encrypt_zip,
    join_ops,
    keys_of,
    member_entry,
    refused_and_unchanged,
    unpack,
)

DEEP = 100_000
HOUR_MS = 3_600_000


def _zip(members: list[tuple[str, bytes]], compression=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buffer.getvalue()


def _patch_member(data: bytes, member: str, *, method: int | None = None, flags: int = 0) -> bytes:
    """Change a member's compression method or flags in its local header and its entry in the
    central directory (which is what zipfile believes)."""
    out = bytearray(data)
    for signature, name_at, flags_at, method_at in (
        (b"PK\x03\x04", 30, 6, 8),
        (b"PK\x01\x02", 46, 8, 10),
    ):
        at = 0
        while (at := out.find(signature, at)) >= 0:
            if out[at + name_at : at + name_at + len(member)] == member.encode():
                if method is not None:
                    out[at + method_at : at + method_at + 2] = struct.pack("<H", method)
                old = struct.unpack("<H", out[at + flags_at : at + flags_at + 2])[0]
                out[at + flags_at : at + flags_at + 2] = struct.pack("<H", old | flags)
            at += 4
    return bytes(out)


def _signed_members(c: Ctx, ops: bytes | None = None) -> list[tuple[str, bytes]]:
    ops = c.ops if ops is None else ops
    manifest = {**c.manifest, "members": {OPS: member_entry(ops)}}
    manifest["signature"] = keys_of(c.ply).sign(bundle_mod.canonical(manifest))
    return [(MANIFEST, json.dumps(manifest).encode()), (OPS, ops)]


def _encrypted(c: Ctx, name: str, data: bytes) -> Path:
    return encrypt_zip(c.tmp / f"{name}.cassbundle", data, c.recipient())


def _lines(c: Ctx) -> list[dict]:
    return [json.loads(line) for line in c.ops.splitlines()]


def _with_last(c: Ctx, name: str, compression: int = zipfile.ZIP_DEFLATED, **changes) -> Path:
    ops = _lines(c)
    ops[-1].update(changes)
    return c.craft(name, ops=join_ops(ops), compression=compression)


def _ahead(op: dict, ms: int) -> str:
    wall = HLC.decode(op["hlc"]).wall_ms
    return HLC(wall + ms, 0, op["device_id"]).encode()


def _now_plus(ms: int, device: str) -> str:
    return HLC(int(dt.datetime.now(dt.UTC).timestamp() * 1000) + ms, 0, device).encode()


# -- Before the signature: nothing anyone could write crashes the reader --------------------


def _cases() -> dict:
    deep = b"[" * DEEP + b"]" * DEEP
    return {
        "manifest packed with compression method 99": lambda c: _encrypted(
            c, "m99", _patch_member(_zip(_signed_members(c)), MANIFEST, method=99)
        ),
        "ops packed with compression method 99": lambda c: _encrypted(
            c, "o99", _patch_member(_zip(_signed_members(c)), OPS, method=99)
        ),
        "manifest flagged as encrypted": lambda c: _encrypted(
            c, "menc", _patch_member(_zip(_signed_members(c)), MANIFEST, flags=0x1)
        ),
        "ops flagged as encrypted": lambda c: _encrypted(
            c, "oenc", _patch_member(_zip(_signed_members(c)), OPS, flags=0x1)
        ),
        "ops with strong encryption flagged": lambda c: _encrypted(
            c, "ostrong", _patch_member(_zip(_signed_members(c)), OPS, flags=0x41)
        ),
        "manifest nested 100,000 deep": lambda c: c.craft(
            "mdeep", manifest_bytes=deep, compression=zipfile.ZIP_STORED
        ),
        "manifest with a value nested 100,000 deep": lambda c: c.craft(
            "mvdeep",
            manifest_bytes=b'{"format": 1, "x": ' + deep + b"}",
            compression=zipfile.ZIP_STORED,
        ),
        "manifest nested a little too deep": lambda c: c.craft(
            "mdeep4", {**c.manifest, "extra": [[[{"a": 1}]]]}
        ),
        "manifest with NaN": lambda c: c.craft("mnan", manifest_bytes=b'{"format": NaN}'),
        "manifest with a 5,000-digit number": lambda c: c.craft(
            "mdigits", manifest_bytes=b'{"format": ' + b"1" * 5000 + b"}"
        ),
        "format true": lambda c: c.with_manifest("mtrue", format=True),
        "schema negative": lambda c: c.with_manifest("mschema", schema=-1),
        "sender not a device id": lambda c: c.with_manifest("msender", sender="../../etc"),
        "recipient not a device id": lambda c: c.with_manifest("mrecip", recipient=["x"]),
        "a signature of 10,000 characters": lambda c: c.craft(
            "msig", {**c.manifest, "signature": "A" * 10_000 + "=="}, signer=None
        ),
        # Signed, and wrong.
        "update_cursor 10**30": lambda c: c.with_manifest("cursor", update_cursor=10**30),
        "update_cursor negative": lambda c: c.with_manifest("cursor-", update_cursor=-1),
        "update_cursor as text": lambda c: c.with_manifest("cursor-t", update_cursor="5"),
        "op_count 10**30": lambda c: c.with_manifest("count30", op_count=10**30),
        "op_count one more than its lines": lambda c: c.with_manifest(
            "count+1", op_count=c.manifest["op_count"] + 1
        ),
        "op_count and seq_to one more than its lines": lambda c: c.with_manifest(
            "seq+1", op_count=c.manifest["op_count"] + 1, seq_to=c.manifest["seq_to"] + 1
        ),
        "seq_from zero": lambda c: c.with_manifest("seq0", seq_from=0),
        "seq_to before seq_from": lambda c: c.with_manifest(
            "seqback", seq_to=c.manifest["seq_from"] - 1
        ),
        "member size 10**30": lambda c: c.craft(
            "size30",
            {**c.manifest, "members": {OPS: {**member_entry(c.ops), "size": 10**30}}},
            fix_members=False,
        ),
        "member hash not hex": lambda c: c.craft(
            "hash-x",
            {**c.manifest, "members": {OPS: {**member_entry(c.ops), "sha256": "z" * 64}}},
            fix_members=False,
        ),
        "sender card nested": lambda c: c.with_manifest(
            "card", sender_card={**c.manifest["sender_card"], "name": {"a": [1]}}
        ),
        "ops line nested 100,000 deep": lambda c: c.craft(
            "odeep", ops=c.ops + deep + b"\n", compression=zipfile.ZIP_STORED
        ),
        "value nested 100,000 deep": lambda c: _with_last(
            c, "vdeep", value_json="[" * DEEP + "]" * DEEP, compression=zipfile.ZIP_STORED
        ),
        "a name with a NUL in it": lambda c: _with_last(
            c, "nul", tbl="clients", field="given_name", value_json='"Si\\u0000an"'
        ),
        "a row id with a NUL in it": lambda c: _with_last(
            c, "nulid", row_id=_lines(c)[-1]["row_id"] + "\x00"
        ),
        "a row id of ../../x": lambda c: _with_last(c, "dots", row_id="../../x"),
        "a row id in capitals": lambda c: _with_last(
            c, "caps", row_id=_lines(c)[-1]["row_id"].upper()
        ),
        "deleted is yes": lambda c: _with_last(c, "yes", field="deleted", value_json='"yes"'),
        "a number as a date of birth": lambda c: _with_last(
            c, "dob", tbl="clients", field="date_of_birth", value_json="19900314"
        ),
        "the 30th of February": lambda c: _with_last(
            c, "feb", tbl="clients", field="date_of_birth", value_json='"1990-02-30"'
        ),
        "a hearing time with no date": lambda c: _with_last(
            c, "time", tbl="hearings", field="starts_at", value_json='"10:00"'
        ),
        "an outcome no version knows": lambda c: _with_last(
            c, "vocab", tbl="hearings", field="outcome", value_json='"pardoned"'
        ),
        "a link that is not an id": lambda c: _with_last(
            c, "link", tbl="clients", field="site_id", value_json='"Plymouth"'
        ),
        "a name of 101 characters": lambda c: _with_last(
            c, "long", tbl="clients", field="given_name", value_json=json.dumps("x" * 101)
        ),
        "a 5 MB value": lambda c: _with_last(
            c,
            "5mb",
            tbl="clients",
            field="risk_flags",
            value_json=json.dumps("x" * (5 << 20)),
            compression=zipfile.ZIP_STORED,
        ),
        "a line of 16 MB": lambda c: c.craft(
            "16mb", ops=c.ops + b"x" * (16 << 20) + b"\n", compression=zipfile.ZIP_STORED
        ),
        "a line of 16 MB without a line break": lambda c: c.craft(
            "16mb-end", ops=c.ops + b" " * (16 << 20), compression=zipfile.ZIP_STORED
        ),
        "a table name with a line break": lambda c: _with_last(c, "tblnl", tbl="clients\nx"),
        "a field name with half a character": lambda c: c.craft(
            "fieldhalf",
            ops=b"".join(
                json.dumps({**op, "field": "\ud800"} if i == 0 else op).encode() + b"\n"
                for i, op in enumerate(_lines(c))
            ),
        ),
        "a device id of 32 characters": lambda c: _with_last(c, "dev32", device_id="a" * 32),
        "the same number twice": lambda c: c.craft(
            "twice",
            ops=join_ops([*_lines(c)[:-1], _lines(c)[-2]]),
        ),
        "numbers out of order": lambda c: c.craft(
            "order", ops=join_ops([*_lines(c)[:-2], _lines(c)[-1], _lines(c)[-2]])
        ),
        "a clock in 2286": lambda c: _with_last(
            c, "2286", hlc=HLC(9_999_999_999_999, 999_999, _lines(c)[-1]["device_id"]).encode()
        ),
        "a clock 25 hours ahead": lambda c: _with_last(
            c, "25h", hlc=_now_plus(25 * HOUR_MS, _lines(c)[-1]["device_id"])
        ),
        "a base clock after its own clock": lambda c: _with_last(
            c, "base", base_hlc=_ahead(_lines(c)[-1], 1)
        ),
        "a clock with other digits": lambda c: _with_last(
            c, "digits", hlc="١" * 13 + _lines(c)[-1]["hlc"][13:]
        ),
    }


CASES = _cases()


@pytest.mark.parametrize("case", list(CASES))
def test_refused_in_plain_words_and_nothing_changes(ctx, case):
    path = CASES[case](ctx)
    refused_and_unchanged(ctx.ho, path)
    assert import_file(ctx.ho, ctx.bundle).refused is None


def test_what_the_refusals_say(ctx):
    said = {case: import_file(ctx.ho, CASES[case](ctx)).refused for case in CASES}
    assert "packed in a way" in said["manifest packed with compression method 99"]
    assert "locked with a password" in said["ops flagged as encrypted"]
    assert "manifest cannot be read" in said["manifest nested 100,000 deep"]
    assert "number out of range" in said["update_cursor 10**30"]
    assert "do not match its manifest" in said["op_count and seq_to one more than its lines"]
    assert "do not match its manifest" in said["op_count one more than its lines"]
    assert "control character in it (clients.given_name)" in said["a name with a NUL in it"]
    assert "damaged record id" in said["a row id of ../../x"]
    assert "is not 0 or 1" in said["deleted is yes"]
    assert "is not text (clients.date_of_birth)" in said["a number as a date of birth"]
    assert "longer than any change can be (4 MB)" in said["a 5 MB value"]
    assert "longer than any change can be" in said["a line of 16 MB without a line break"]
    assert "(?.x)" not in said["a table name with a line break"]
    assert "\n" not in said["a table name with a line break"]
    # A clock from the future names the laptop as head office knows it, and the day it said.
    assert said["a clock in 2286"].endswith(
        "was refused: Plymouth's laptop clock said 20 November 2286; "
        "check its date and time, then export again."
    )
    assert "Plymouth's laptop clock said" in said["a clock 25 hours ahead"]
    for text in said.values():
        assert text.count(".cassbundle") == 1, text


def test_a_clock_within_the_margin_is_taken(ctx):
    ops = _lines(ctx)
    ops[-1]["hlc"] = _now_plus(clocks.FUTURE_MARGIN_MS - HOUR_MS, ops[-1]["device_id"])
    result = import_file(ctx.ho, ctx.craft("23h", ops=join_ops(ops)))
    assert result.refused is None and result.merge.applied == len(ops)


def test_a_different_change_under_a_number_already_held_is_refused(ctx):
    """Before, the second was dropped as "already held" and the difference lost unseen."""
    ho = ctx.ho
    assert import_file(ho, ctx.bundle).refused is None
    ops = _lines(ctx)
    ops[0]["value_json"] = json.dumps("Someone else")
    refused = refused_and_unchanged(ho, ctx.craft("reused", ops=join_ops(ops)))
    assert "line 1 is a different change under a number already used" in refused
    # The very same changes again are a replay, and change nothing.
    again = import_file(ho, ctx.craft("same", ops=ctx.ops))
    assert again.refused is None and again.merge.already_held == len(ops)


def test_a_different_change_under_a_number_that_waits_is_refused(office, tmp_path):
    """Numbers waiting after a gap (pending_ops) are held too."""
    ho, ply = office.head_office, office.device("plymouth")
    site = local.get(ply, "site_id")
    clients.create(ply, {"given_name": "First", "site_id": site})
    first = export_device(ply, office.outbox)
    local.put(ply, "acked_seq", changelog.count_ops(ply, changelog.device_id(ply)))
    clients.create(ply, {"given_name": "Second", "site_id": site})
    second = export_device(ply, office.outbox)
    assert import_file(ho, second).merge.held_back > 0
    manifest, ops = unpack(second, ho)
    lines = [json.loads(line) for line in ops.splitlines()]
    lines[-1]["value_json"] = json.dumps("Other")
    changed = craft(
        tmp_path / "changed.cassbundle",
        manifest,
        join_ops(lines),
        signer=keys_of(ply),
        recipient=keys_of(ho).recipient(),
    )
    refused_and_unchanged(ho, changed)
    assert import_file(ho, first).merge.released > 0


def _update(ctx: Ctx) -> tuple[dict, list[dict]]:
    ho, ply = ctx.ho, ctx.ply
    assert import_file(ho, ctx.bundle).refused is None
    clients.create(ho, {"given_name": "Rhys", "site_id": local.get(ply, "site_id")})
    clients.create(ho, {"given_name": "Mair", "site_id": local.get(ply, "site_id")})
    path = export_update(ho, identity.my_card(ply).device_id, ctx.office.outbox)
    manifest, ops = unpack(path, ply)
    return manifest, [json.loads(line) for line in ops.splitlines()]


def _craft_update(ctx: Ctx, name: str, manifest: dict, ops: list[dict]) -> Path:
    return craft(
        ctx.tmp / f"{name}.cassbundle",
        manifest,
        join_ops(ops),
        signer=keys_of(ctx.ho),
        recipient=keys_of(ctx.ply).recipient(),
    )


def test_an_update_is_checked_as_closely(ctx):
    manifest, ops = _update(ctx)
    assert len(ops) >= 2
    ply = ctx.ply
    # The same update remade is taken: the crafting is sound.
    before = dump(ply)
    twice = [*ops, {**ops[0], "value_json": json.dumps("Another")}]
    refused = refused_and_unchanged(
        ply, _craft_update(ctx, "twice", {**manifest, "op_count": len(twice)}, twice)
    )
    assert "different change under a number already used" in refused
    assert dump(ply) == before
    refused_and_unchanged(ply, _craft_update(ctx, "count", {**manifest, "op_count": 99}, ops))
    refused_and_unchanged(
        ply, _craft_update(ctx, "acks", {**manifest, "acks": {"a" * 16: 10**30}}, ops)
    )
    # What head office's backup holds, and the clock acknowledged: checked as closely.
    for key, bad in [
        ("backed_up", {"a" * 16: True}),
        ("backed_up", {"a" * 16: -1}),
        ("backed_up", ["a" * 16]),
        ("acked_clock", {"a" * 16: 12}),
        ("acked_clock", {"a" * 16: "yesterday"}),
        ("acked_clock", {"not a device": None}),
    ]:
        refused_and_unchanged(ply, _craft_update(ctx, key, {**manifest, key: bad}, ops))
    refused_and_unchanged(ply, _craft_update(ctx, "from", {**manifest, "update_to": -1}, ops))
    future = [*ops[:-1], {**ops[-1], "hlc": _now_plus(30 * HOUR_MS, ops[-1]["device_id"])}]
    refused = refused_and_unchanged(ply, _craft_update(ctx, "future", manifest, future))
    assert "head office's clock said" in refused
    # The same change twice (the very same) is harmless, and the update is taken.
    same = [*ops, ops[0]]
    result = import_file(ply, _craft_update(ctx, "same", {**manifest, "op_count": len(same)}, same))
    assert result.refused is None and result.merge.applied == len(ops)


def _header_flips(data: bytes) -> dict[str, bytes]:
    """The age header with one part spoilt (not the key's bytes, which no reader can tell
    from another recipient's)."""
    text = bytearray(data)
    at = data.index(b"X25519")
    word = bytearray(text)
    word[at] ^= 0x01
    mac = data.index(b"\n--- ") + 5
    spoilt_mac = bytearray(text)
    spoilt_mac[mac] = ord("!")
    return {
        "stanza word": bytes(word),
        "mac not base64": bytes(spoilt_mac),
        "no mac line": data[: data.index(b"\n--- ")] + b"\n",
        "first line only": data[: data.index(b"\n") + 1],
    }


def test_a_damaged_header_is_said_to_be_damaged(ctx):
    data = ctx.bundle.read_bytes()
    for what, spoilt in _header_flips(data).items():
        path = ctx.tmp / "header.cassbundle"
        path.write_bytes(spoilt)
        refused = refused_and_unchanged(ctx.ho, path)
        assert "damaged" in refused and "someone else" not in refused, what


def test_a_bundle_for_someone_else_still_says_so(ctx):
    refused = refused_and_unchanged(ctx.office.device("bodmin"), ctx.bundle)
    assert "someone else" in refused


def test_nothing_is_decrypted_to_disk(ctx, monkeypatch):
    """The decrypted zip is held in memory: no temporary file is made while reading."""
    import tempfile

    def no_files(*args, **kwargs):
        raise AssertionError("a temporary file was made while reading a bundle")

    for name in ("TemporaryFile", "SpooledTemporaryFile", "NamedTemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, name, no_files)
    assert import_file(ctx.ho, ctx.bundle).refused is None


def test_a_decrypted_bundle_larger_than_its_file_is_refused(ctx, monkeypatch):
    """The cap on what decryption may write (the file's own size) holds."""
    real = bundle_mod._MemorySink.__init__

    def small(self, cap):
        real(self, 100)

    monkeypatch.setattr(bundle_mod._MemorySink, "__init__", small)
    refused = refused_and_unchanged(ctx.ho, ctx.bundle)
    assert "larger than any bundle should be" in refused


def test_a_refused_zip_is_never_partly_read(ctx):
    """A zip with an unknown method is refused from its directory, before any member is read
    (so zipfile never reaches the NotImplementedError it would raise)."""
    plain = pyrage.decrypt(ctx.bundle.read_bytes(), [keys_of(ctx.ho).identity()])
    spoilt = _patch_member(plain, OPS, method=14)  # LZMA: zipfile could read it, we never write it
    refused = refused_and_unchanged(ctx.ho, _encrypted(ctx, "lzma", spoilt))
    assert "packed in a way" in refused


def test_the_largest_document_fits_in_a_line(ctx):
    """A template of 512 KB characters each taking four bytes in the line (a quote or backslash
    escaped twice over, or a character outside the BMP) is under the cap on one line, and is
    taken."""
    manifest, ops = _update(ctx)
    rng = random.Random(7)
    content = "".join(rng.choices('"\\😀𝄞', k=512 * 1024))
    document = {
        **ops[-1],
        "seq": ops[-1]["seq"] + 1,
        "hlc": _ahead(ops[-1], 1),
        "tbl": "documents",
        "row_id": "0192f5a4-1b2c-7d3e-8f40-123456789abc",
        "field": "content",
        "value_json": json.dumps(content, ensure_ascii=False),
        "base_hlc": None,
    }
    line = json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()
    assert 2 << 20 < len(line) < bundle_mod.MAX_LINE_BYTES
    bigger = [*ops, document]
    result = import_file(
        ctx.ply, _craft_update(ctx, "document", {**manifest, "op_count": len(bigger)}, bigger)
    )
    assert result.refused is None and result.merge.applied == len(bigger)


def test_a_bundle_too_large_to_keep_parsed_is_checked_then_read_again(ctx, monkeypatch):
    """Above _KEEP_OPS the merge reads ops.jsonl a second time: the same checks hold, and the
    same changes are applied."""
    from cass_desktop.sync import importer

    monkeypatch.setattr(importer, "_KEEP_OPS", 0)
    for case in ("a name with a NUL in it", "a clock in 2286", "the same number twice"):
        refused_and_unchanged(ctx.ho, CASES[case](ctx))
    result = import_file(ctx.ho, ctx.bundle)
    assert result.refused is None and result.merge.applied == len(_lines(ctx))


def test_a_change_with_the_clock_of_one_already_held_is_refused(ctx):
    """Head office keeps a change only as its field clock entry: a second change of the same
    field from the same laptop with the same clock (a clock set back, or a forged bundle from
    an enrolled laptop) would leave no trace of one of them, so the bundle is refused whole."""
    ho = ctx.ho
    assert import_file(ho, ctx.bundle).refused is None
    phone = next(op for op in _lines(ctx) if op["field"] == "phone")
    seq = ctx.manifest["seq_to"] + 1
    again = {**phone, "seq": seq, "value_json": json.dumps("07700 900999")}
    manifest = {**ctx.manifest, "seq_from": seq, "seq_to": seq, "op_count": 1}
    refused = refused_and_unchanged(ho, ctx.craft("same-clock", manifest, join_ops([again])))
    assert "made at the same moment as another change of the same detail" in refused
