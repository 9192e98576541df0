"""Fuzzing head office's import with mutated real bundles.

Each example takes a real bundle Plymouth wrote and changes it: its manifest (fields
removed, set to any JSON value, nested), its operations (any field of any line set to any
value, lines repeated, dropped, swapped, or their bytes spliced), or the bytes of the zip
itself. Mutated manifests and operations are signed again with Plymouth's real key (and their
hashes put right, mostly), so the checks behind the signature are reached, not only the
signature check. Every example must end in one of two ways: applied, or refused in one plain
sentence with head office's store exactly as it was (a dump of every table). An exception of
any kind fails the test.

In CI each of the three tests runs a bounded, derandomised set of examples (100 each, a few
seconds). For a longer run, set CASS_FUZZ_EXAMPLES, for example:

    CASS_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest -q tests/sync/test_fuzz_bundles.py

and CASS_FUZZ_SEED to a number to explore other examples than CI's (without it, the examples
are derived from each test's name, the same every run).
"""

from __future__ import annotations

import io
import json
import os
import zipfile

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from cass_desktop.records.schema import SYNCED
from cass_desktop.sync.bundle import MANIFEST, OP_FIELDS, OPS, canonical
from cass_desktop.sync.importer import import_file
from tests.helpers.bundles import (
    Ctx,
    assert_plain,
    craft,
    dump,
    encrypt_zip,
    join_ops,
    keys_of,
    member_entry,
)

pytestmark = pytest.mark.slow  # hypothesis mutates real bundles

EXAMPLES = int(os.environ.get("CASS_FUZZ_EXAMPLES", "100"))
_SEED = os.environ.get("CASS_FUZZ_SEED")


def _fuzz_settings(test):
    test = settings(
        max_examples=EXAMPLES,
        derandomize=_SEED is None,
        database=None,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )(test)
    return seed(int(_SEED))(test) if _SEED is not None else test


# -- What a mutation may put somewhere ------------------------------------------------------

TRICKY_TEXT = [
    "",
    "\x00",
    "../../x",
    "null",
    "true",
    "1e400",
    "NaN",
    "\ud800",
    "\u202e",
    "clients",
    "deleted",
    "yes",
    "9999999999999-999999-",
    "0000000000000-000000-",
    "2026-02-30",
    "2026-11-27T10:00",
    "\n",
    '"',
    "\\",
    "x" * 300,
]
TRICKY_NUMBERS = [0, -1, 1, 2**31, 2**63 - 1, 2**63, 10**30, -(10**30)]

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.sampled_from(TRICKY_NUMBERS)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=24)
    | st.sampled_from(TRICKY_TEXT)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = st.sampled_from([(t, f) for t, spec in SYNCED.items() for f in spec])
tricky_bytes = st.sampled_from(
    [b'"', b"\\", b"{", b"}", b"[", b"]", b",", b":", b"\n", b"\x00", b"\xff", b"\xc3", b" ", b"0"]
)


def _mutate_text(data: st.DataObject, text: str) -> str:
    """A string changed a little: a character put in, taken out, or the end cut off."""
    where = data.draw(st.integers(0, len(text)))
    how = data.draw(st.sampled_from(["insert", "delete", "cut", "double"]))
    if how == "insert":
        return text[:where] + data.draw(st.text(min_size=1, max_size=3)) + text[where:]
    if how == "delete":
        return text[:where] + text[where + 1 :]
    if how == "cut":
        return text[:where]
    return text + text


def _new_value(data: st.DataObject, old: object) -> object:
    if isinstance(old, str) and data.draw(st.booleans()):
        return _mutate_text(data, old)
    if isinstance(old, int) and not isinstance(old, bool) and data.draw(st.booleans()):
        return old + data.draw(st.integers(-3, 3))
    return data.draw(json_values)


def _mutate_bytes(data: st.DataObject, raw: bytes) -> bytes:
    where = data.draw(st.integers(0, len(raw)))
    how = data.draw(st.sampled_from(["insert", "replace", "delete", "cut"]))
    if how == "insert":
        return raw[:where] + data.draw(tricky_bytes) + raw[where:]
    if how == "replace":
        return raw[:where] + data.draw(tricky_bytes) + raw[where + 1 :]
    if how == "delete":
        return raw[:where] + raw[where + data.draw(st.integers(1, 40)) :]
    return raw[:where]


# -- Checking one example -------------------------------------------------------------------


def _applied_or_refused_plainly(c: Ctx, path) -> None:
    before = dump(c.ho)
    result = import_file(c.ho, path)  # any exception fails the test
    if result.refused is not None:
        assert_plain(result.refused)
        assert result.refused.count(path.name) == 1, result.refused
        assert dump(c.ho) == before, f"refused, but the store changed: {result.refused}"


def _signed(c: Ctx, name: str, manifest: dict, ops: bytes, *, fix_members: bool = True):
    try:
        canonical(manifest)
    except UnicodeEncodeError:  # half a character: no signature can cover it; sent unsigned
        if fix_members:
            manifest = {**manifest, "members": {OPS: member_entry(ops)}}
        return craft(
            c.tmp / f"{name}.cassbundle",
            manifest,
            ops,
            signer=None,
            recipient=c.recipient(),
            fix_members=False,
            manifest_bytes=json.dumps(manifest).encode(),
        )
    return craft(
        c.tmp / f"{name}.cassbundle",
        manifest,
        ops,
        signer=keys_of(c.ply),
        recipient=c.recipient(),
        fix_members=fix_members,
    )


@_fuzz_settings
@given(data=st.data())
def test_mutated_manifests(ctx, data):
    manifest = json.loads(json.dumps(ctx.manifest))
    for _ in range(data.draw(st.integers(1, 3))):
        where = manifest
        # Now and then, a field inside one of the manifest's own objects.
        inner = [k for k, v in manifest.items() if isinstance(v, dict) and v]
        if inner and data.draw(st.booleans()):
            where = manifest[data.draw(st.sampled_from(sorted(inner)))]
        key = data.draw(st.sampled_from(sorted(where)) | st.text(max_size=8))
        if key in where and data.draw(st.integers(0, 4)) == 0:
            del where[key]
        else:
            where[key] = _new_value(data, where.get(key))
    fix = data.draw(st.integers(0, 5)) > 0
    _applied_or_refused_plainly(ctx, _signed(ctx, "manifest", manifest, ctx.ops, fix_members=fix))


@_fuzz_settings
@given(data=st.data())
def test_mutated_operations(ctx, data):
    lines = ctx.ops.splitlines()
    for _ in range(data.draw(st.integers(1, 3))):
        how = data.draw(st.sampled_from(["value", "value", "retarget", "field", "bytes", "line"]))
        i = data.draw(st.integers(0, len(lines) - 1))
        if how in ("value", "retarget", "field"):
            try:
                op = json.loads(lines[i])
            except ValueError:
                continue
            if not isinstance(op, dict):
                continue
            if how == "value":  # another value, as JSON text: the checks of values are reached
                old = op.get("value_json")
                if isinstance(old, str) and data.draw(st.booleans()):
                    op["value_json"] = _mutate_text(data, old)
                else:
                    value = data.draw(scalars | json_values)
                    op["value_json"] = json.dumps(value, ensure_ascii=data.draw(st.booleans()))
            elif how == "retarget":  # the same value given to another field
                op["tbl"], op["field"] = data.draw(FIELDS)
            else:
                key = data.draw(st.sampled_from([*OP_FIELDS, "extra"]))
                if key in op and data.draw(st.integers(0, 6)) == 0:
                    del op[key]
                else:
                    op[key] = _new_value(data, op.get(key))
            ascii_only = data.draw(st.booleans())
            lines[i] = json.dumps(op, ensure_ascii=ascii_only, separators=(",", ":")).encode(
                "utf-8", "surrogatepass"
            )
        elif how == "bytes":
            lines[i] = _mutate_bytes(data, lines[i])
        else:
            change = data.draw(st.sampled_from(["repeat", "drop", "swap"]))
            j = data.draw(st.integers(0, len(lines) - 1))
            if change == "repeat":
                lines.insert(j, lines[i])
            elif change == "drop" and len(lines) > 1:
                del lines[i]
            else:
                lines[i], lines[j] = lines[j], lines[i]
    ops = b"".join(line + b"\n" for line in lines)
    if data.draw(st.booleans()):  # the manifest's count kept in step, sometimes
        manifest = {**ctx.manifest, "op_count": len(lines)}
    else:
        manifest = ctx.manifest
    fix = data.draw(st.integers(0, 9)) > 0
    _applied_or_refused_plainly(ctx, _signed(ctx, "ops", manifest, ops, fix_members=fix))


def _real_zip(c: Ctx) -> bytes:
    manifest = {**c.manifest, "members": {OPS: member_entry(c.ops)}}
    manifest["signature"] = keys_of(c.ply).sign(canonical(manifest))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False))
        zf.writestr(OPS, c.ops)
    return buffer.getvalue()


@_fuzz_settings
@given(data=st.data())
def test_mutated_zips(ctx, data):
    raw = _real_zip(ctx)
    for _ in range(data.draw(st.integers(1, 4))):
        if raw and data.draw(st.booleans()):
            where = data.draw(st.integers(0, len(raw) - 1))
            raw = (
                raw[:where]
                + bytes([raw[where] ^ (1 << data.draw(st.integers(0, 7)))])
                + raw[where + 1 :]
            )
        else:
            raw = _mutate_bytes(data, raw)
    path = encrypt_zip(ctx.tmp / "zip.cassbundle", raw, ctx.recipient())
    _applied_or_refused_plainly(ctx, path)


def test_the_mutations_start_from_a_bundle_that_is_applied(ctx):
    """Unchanged, the remade bundle is taken: the fuzzing starts from something real."""
    result = import_file(ctx.ho, _signed(ctx, "same", ctx.manifest, ctx.ops))
    assert result.refused is None and result.merge.applied > 0
    lines = [json.loads(line) for line in ctx.ops.splitlines()]
    assert import_file(ctx.ho, _signed(ctx, "again", ctx.manifest, join_ops(lines))).refused is None


@_fuzz_settings
@given(data=st.data())
def test_mutated_updates_on_a_laptop(update, data):
    """The same for head office's update as Plymouth takes it, signed again with head office's
    key: the laptop's import is as careful as head office's."""
    c, manifest, lines = update
    lines = list(lines)
    i = data.draw(st.integers(0, len(lines) - 1))
    op = json.loads(lines[i])
    how = data.draw(st.sampled_from(["value", "retarget", "field", "repeat"]))
    if how == "value":
        op["value_json"] = json.dumps(data.draw(scalars | json_values))
    elif how == "retarget":
        op["tbl"], op["field"] = data.draw(FIELDS)
    elif how == "field":
        key = data.draw(st.sampled_from(OP_FIELDS))
        op[key] = _new_value(data, op[key])
    else:
        lines.append(lines[i])
    lines[i] = json.dumps(op, separators=(",", ":")).encode("utf-8", "surrogatepass")
    ops = b"".join(line + b"\n" for line in lines)
    if data.draw(st.booleans()):
        manifest = {**manifest, "op_count": len(lines)}
    path = craft(
        c.tmp / "update.cassbundle",
        manifest,
        ops,
        signer=keys_of(c.ho),
        recipient=keys_of(c.ply).recipient(),
    )
    before = dump(c.ply)
    result = import_file(c.ply, path)
    if result.refused is not None:
        assert_plain(result.refused)
        assert dump(c.ply) == before, result.refused


@pytest.fixture
def update(ctx):
    """Head office's next update for Plymouth, taken apart: (ctx, manifest, ops lines)."""
    from cass_desktop.data import clients, local
    from cass_desktop.sync import identity
    from cass_desktop.sync.exporter import export_update
    from tests.helpers.bundles import unpack

    assert import_file(ctx.ho, ctx.bundle).refused is None
    site = local.get(ctx.ply, "site_id")
    clients.create(ctx.ho, {"given_name": "Rhys", "family_name": "Morgan", "site_id": site})
    path = export_update(ctx.ho, identity.my_card(ctx.ply).device_id, ctx.office.outbox)
    manifest, ops = unpack(path, ctx.ply)
    return ctx, manifest, ops.splitlines()
