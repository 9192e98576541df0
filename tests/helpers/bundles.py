"""Shared by the sync tests: dumping a whole store, and taking bundles apart and remaking them.

Tampered bundles are built with the real keys, pyrage and zipfile, so each test can choose
exactly what is wrong (re-signed or not, hashes fixed or not) and nothing else.
"""

from __future__ import annotations

import hashlib
import io
import json
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
import sqlite_utils

from cass_desktop.data import clients, contacts, hearings, local
from cass_desktop.sync import identity
from cass_desktop.sync.bundle import AUDIT, MANIFEST, OPS, canonical
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from cass_desktop.sync.keys import Keys


def dump(db: sqlite_utils.Database, skip: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every row of every table in the store (records, ops, pending_ops, conflicts, peers,
    local state, search indexes), sorted, so two dumps compare equal only if nothing changed."""
    names = [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
    ]
    out: dict[str, list[tuple]] = {}
    for name in names:
        if name in skip:
            continue
        rows = db.execute(f'SELECT * FROM "{name}"').fetchall()
        out[name] = sorted(rows, key=repr)
    return out


def keys_of(db: sqlite_utils.Database) -> Keys:
    return identity.ensure_keys(db)


def unpack(path: Path, db: sqlite_utils.Database) -> tuple[dict[str, Any], bytes]:
    """The manifest and ops.jsonl of a bundle written for `db`."""
    plain = pyrage.decrypt(path.read_bytes(), [keys_of(db).identity()])
    with zipfile.ZipFile(io.BytesIO(plain)) as zf:
        return json.loads(zf.read(MANIFEST)), zf.read(OPS)


def member_entry(data: bytes) -> dict[str, Any]:
    return {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def craft(
    path: Path,
    manifest: dict[str, Any],
    ops: bytes,
    *,
    signer: Keys | None,
    recipient: str,
    fix_members: bool = True,
    members: list[tuple[str, bytes]] | None = None,
    manifest_bytes: bytes | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """Write a bundle by hand.

    The manifest's `members` entry is recomputed from `ops` unless `fix_members` is False; it
    is re-signed with `signer` (None leaves whatever signature it carries). `members` replaces
    the zip's members entirely; `manifest_bytes` replaces the manifest member's bytes.
    """
    manifest = dict(manifest)
    if fix_members:
        manifest["members"] = {OPS: member_entry(ops)}
    if signer is not None:
        manifest["signature"] = signer.sign(canonical(manifest))
    if members is None:
        if manifest_bytes is None:
            manifest_bytes = json.dumps(manifest, ensure_ascii=False).encode()
        members = [(MANIFEST, manifest_bytes), (OPS, ops)]
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", compression=compression) as zf:
        warnings.simplefilter("ignore")  # a member named twice is one of the bad cases
        for name, data in members:
            zf.writestr(name, data)
    encrypt_zip(path, buffer.getvalue(), recipient)
    return path


def encrypt_zip(path: Path, data: bytes, recipient: str) -> Path:
    path.write_bytes(pyrage.encrypt(data, [pyrage.x25519.Recipient.from_str(recipient)]))
    return path


def ops_lines(ops: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in ops.splitlines()]


def join_ops(ops: list[dict[str, Any]]) -> bytes:
    return b"".join(
        json.dumps(op, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for op in ops
    )


def acked(db: sqlite_utils.Database) -> int:
    return int(local.get(db, "acked_seq", 0))


def with_audit(
    path: Path,
    manifest: dict[str, Any],
    ops: bytes,
    section: bytes,
    signer: sqlite_utils.Database,
    recipient: sqlite_utils.Database,
) -> Path:
    """A bundle carrying `section` as its audit member, signed again with `signer`'s own key
    (a compromised laptop, or head office, holds its own) and encrypted to `recipient`."""
    manifest["members"] = {OPS: member_entry(ops), AUDIT: member_entry(section)}
    manifest["signature"] = keys_of(signer).sign(canonical(manifest))
    members = [(MANIFEST, json.dumps(manifest).encode()), (OPS, ops), (AUDIT, section)]
    return craft(
        path,
        manifest,
        ops,
        signer=None,
        recipient=keys_of(recipient).recipient(),
        fix_members=False,
        members=members,
    )


def held_keys(db: sqlite_utils.Database, device_id: str) -> set[int]:
    """The sequence numbers of a device's changes held here: applied, or not applied (refused,
    an echo of what was held, or a proposal). Each counts as held."""
    rows = db.execute(
        "SELECT seq FROM ops WHERE device_id = ? UNION SELECT seq FROM refused_ops "
        "WHERE device_id = ? UNION SELECT seq FROM proposals WHERE device_id = ? "
        # Head office's folded changes: their field clock entries (data/held_changes.py).
        "UNION SELECT f.seq FROM field_clocks f JOIN devices d ON d.number = f.device "
        "WHERE d.device_id = ? AND f.arrival IS NOT NULL",
        [device_id] * 4,
    )
    return {r[0] for r in rows}


def set_up_ops(db: sqlite_utils.Database) -> int:
    """How many changes a laptop made setting itself up (its court's site record and its
    worker): head office holds them as echoes of its own records, not applied again."""
    return db.execute(
        "SELECT count(*) FROM ops WHERE device_id = ? AND tbl IN ('sites', 'workers')",
        [identity.my_card(db).device_id],
    ).fetchone()[0]


def assert_plain(message: str | None) -> None:
    """One sentence for a person: no traceback, no exception names, one full stop at the end."""
    assert message, "the bundle was not refused"
    assert "\n" not in message and "Traceback" not in message and "Error" not in message
    assert message.endswith(".")
    assert ". " not in message[:-1], message
    assert len(message) < 300


@dataclass
class Ctx:
    office: object
    tmp: Path
    bundle: Path
    manifest: dict
    ops: bytes

    @property
    def ho(self):
        return self.office.head_office

    @property
    def ply(self):
        return self.office.device("plymouth")

    def recipient(self) -> str:
        return keys_of(self.ho).recipient()

    def craft(self, name: str, manifest: dict | None = None, ops: bytes | None = None, **kw):
        kw.setdefault("signer", keys_of(self.ply))
        kw.setdefault("recipient", self.recipient())
        return craft(
            self.tmp / f"{name}.cassbundle",
            self.manifest if manifest is None else manifest,
            self.ops if ops is None else ops,
            **kw,
        )

    def with_ops(self, change: Callable[[list[dict]], None], name: str = "ops") -> Path:
        lines = ops_lines(self.ops)
        change(lines)
        return self.craft(name, ops=join_ops(lines))

    def with_manifest(self, name: str, **changes) -> Path:
        return self.craft(name, {**self.manifest, **changes})


def make_ctx(office, tmp_path: Path) -> Ctx:
    """Head office already holds Plymouth's first day; the second day's bundle is at hand."""
    ho, ply = office.head_office, office.device("plymouth")
    site = local.get(ply, "site_id")
    person = clients.create(ply, {"given_name": "Siân", "family_name": "Evans", "site_id": site})
    assert import_file(ho, export_device(ply, office.outbox)).refused is None
    import_file(ply, export_update(ho, identity.my_card(ply).device_id, office.outbox))
    clients.update(ply, person, {"phone": "07700 900123"})
    clients.create(ply, {"given_name": "Łukasz", "family_name": "Nowak", "site_id": site})
    hearings.create(ply, {"client_id": person, "starts_at": "2026-11-27T10:00", "court_id": site})
    contacts.create(ply, {"client_id": person, "kind": "court", "at": "2026-11-27T11:00"})
    path = export_device(ply, office.outbox)
    crafted = tmp_path / "crafted"
    crafted.mkdir()
    manifest, ops = unpack(path, ho)
    return Ctx(office, crafted, path, manifest, ops)


def refused_and_unchanged(db, path: Path, *, skip: tuple[str, ...] = ()) -> str:
    before = dump(db, skip)
    result = import_file(db, path)
    assert_plain(result.refused)
    assert result.merge.applied == 0
    assert dump(db, skip) == before
    return result.refused
