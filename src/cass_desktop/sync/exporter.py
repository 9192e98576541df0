"""Writing bundles: a device's end-of-day export, and head office's updates back."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from cass_desktop.app import durable
from cass_desktop.data import changed_kinds, changelog, local, peers, restored, sites
from cass_desktop.data import sync as sync_data
from cass_desktop.data.migrations import SCHEMA_VERSION
from cass_desktop.sync import identity, settings_section
from cass_desktop.sync.bundle import AUDIT, SETTINGS, SUFFIX

# The audit section and the bundle writer are imported by the exports that use them. (The
# status bar's count of what is not yet exported is outbox.unexported_summary: this module is
# not imported before the first window shows.)

ProgressFn = Callable[[int, int, str], None]


class ExportError(Exception):
    """Nothing could be exported; the message says why in plain words."""


DEMO_REFUSAL = (
    "This store holds demo data (made-up people), so nothing from it is ever exported: set up "
    "a store for your court to send real work to head office."
)


def _op_line(op: changelog.Op) -> str:
    return json.dumps(op._asdict(), ensure_ascii=False, separators=(",", ":"))


def _slug(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return words.removesuffix("-magistrates-court")[:24] or "site"


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def _lines(ops, total: int, progress: ProgressFn | None):
    for done, op in enumerate(ops, start=1):
        if progress and done % 5000 == 0:
            progress(done, total, "Writing changes")
        yield _op_line(op)


def _require_protected(db: sqlite_utils.Database) -> None:
    try:
        identity.require_protected(db)
    except identity.NeedsPassphrase as exc:
        raise ExportError(str(exc)) from None


def pending_summary(db: sqlite_utils.Database) -> dict[str, int]:
    """What the next export would hold: records changed, by kind."""
    acked = int(local.get(db, "acked_seq", 0))
    return changed_kinds.counts_by_table(db, changelog.device_id(db), acked)


def asks_for_lost_changes(db: sqlite_utils.Database) -> bool:
    """Whether this laptop was found restored from a copy of itself, so its next export asks
    head office for the changes it lost (sync/restore.py) instead of carrying any."""
    return restored.asking_from(db) is not None


def export_device(
    db: sqlite_utils.Database, out_dir: Path, progress: ProgressFn | None = None
) -> Path | None:
    """Write one bundle of every change this device made that head office has not acknowledged.

    Returns its path, or None when there is nothing new.
    """
    if local.is_demo(db):
        raise ExportError(DEMO_REFUSAL)
    if identity.role(db) != "device":
        raise ExportError("Only a device exports the day's work; head office sends updates.")
    _require_protected(db)
    office = peers.head_office(db)
    if office is None:
        raise ExportError(
            "This laptop does not trust a head office yet: import head office's card first."
        )
    me = changelog.device_id(db)
    acked = int(local.get(db, "acked_seq", 0))
    last = sync_data.last_own_seq(db)
    # Restored from a copy of itself (sync/restore.py): it asks for its lost changes back and
    # sends none, since its own numbers after the copy collide with those head office holds.
    asking = restored.asking_from(db)
    if asking is not None:
        acked = last = asking
    elif last <= acked:
        return None
    keys = identity.ensure_keys(db)
    site = sites.get_site(db, local.get(db, "site_id")) or {}
    manifest = {
        "kind": "device-export",
        "schema": SCHEMA_VERSION,
        "sender": me,
        "sender_card": json.loads(identity.my_card(db).to_json()),
        "recipient": office["device_id"],
        "site": site.get("name", ""),
        "seq_from": acked + 1,
        "seq_to": last,
        "op_count": last - acked,
        "update_cursor": int(local.get(db, "update_cursor", 0)),
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **({"restored": asking} if asking is not None else {}),
    }
    # Back in step after a restore: its bundles say which, so head office can tell a bundle
    # the lost laptop made before it (sync/restore.py, `made_before_restore`).
    if asking is None and (restore_point := restored.restored_from(db)) is not None:
        manifest["restored_from"] = restore_point
    from cass_desktop import audit
    from cass_desktop.audit import section as audit_section
    from cass_desktop.sync.bundle_writer import write_bundle

    if asking is not None:
        # Its audit log too: head office surely holds its entries up to the last one carried
        # by the export it acknowledged; it sends back those it holds above (sync/restore.py).
        manifest["audit_after"] = audit_section.acknowledged_top(db, asking)
    name = f"cass-{_slug(manifest['site'])}-{me[:8]}-{acked + 1}-{last}-{_stamp()}{SUFFIX}"
    if not out_dir.is_dir():
        durable.private_dir(out_dir)
    ops = changelog.iter_ops(db, me, acked) if asking is None else iter(())
    # The audit log travels with the day's work, as its own member (audit/section.py).
    trail, trail_top = audit_section.for_export(db, acked) if asking is None else (b"", 0)
    path = write_bundle(
        out_dir / name,
        manifest,
        _lines(ops, last - acked, progress),
        keys,
        office["age_recipient"],
        extra={AUDIT: trail} if trail else None,
    )
    if asking is not None:
        audit.event(db, audit.EXPORT, f"asked for this laptop's changes after {asking} back")
        return path
    with db.atomic():
        local.put(db, "exported_seq", max(last, int(local.get(db, "exported_seq", 0))))
        audit_section.sent(db, acked, last, trail_top)
        audit.event(db, audit.EXPORT, f"changes {acked + 1} to {last}")
    return path


def _audit_acked(db: sqlite_utils.Database, device_id: str) -> dict[str, dict]:
    from cass_desktop.data import audit as audit_data

    seq, top = audit_data.last(db, device_id)
    return {"audit_acked": {device_id: seq}, "audit_acked_hash": {device_id: top}} if seq else {}


def export_update(
    db: sqlite_utils.Database, device_id: str, out_dir: Path, progress: ProgressFn | None = None
) -> Path:
    """Head office's update for one device, encrypted to it: shared records, changes to its
    clients made elsewhere, which of its own changes head office holds, and head office's
    settings (how long records are kept)."""
    if local.is_demo(db):
        raise ExportError(DEMO_REFUSAL)
    if identity.role(db) != "head-office":
        raise ExportError("Only head office writes updates for devices.")
    _require_protected(db)
    device = peers.get(db, device_id)
    if device is None or device["role"] != "device" or device["status"] != "enrolled":
        raise ExportError(f"No enrolled device has the id {device_id}.")
    cursor = int(device.get("update_cursor") or 0)
    ops, top = sync_data.update_ops_for(db, device_id, device.get("site_id"), cursor)
    # A laptop restored from a copy of itself asked for its own changes back (sync/restore.py).
    from cass_desktop.sync import restore

    back = restore.sent_back(db, device_id)
    own = back.ops
    held = sync_data.held_seq(db, device_id)
    me = changelog.device_id(db)
    keys = identity.ensure_keys(db)
    # Head office vouches, under its signature, for the court of each other device whose
    # changes it forwards: the laptop takes another device's change to a person only when
    # that device is at the person's court.
    others = sorted({op.device_id for op in ops} - {me})
    courts = peers.assigned_sites(db, others)
    manifest = {
        "kind": "head-office-update",
        "schema": SCHEMA_VERSION,
        "sender": me,
        "recipient": device_id,
        "update_from": cursor,
        "update_to": top,
        "op_count": len(ops) + len(own),
        "acks": {device_id: held},
        # The clock of the change acknowledged, so a laptop restored from a backup (which has
        # made a different change under that number, or none yet) does not take the number;
        # and what head office's last backup holds, below which the laptop may forget.
        "acked_clock": {device_id: sync_data.held_clock(db, device_id, held)} if held else {},
        "backed_up": {device_id: min(held, sync_data.backed_up_seq(db, device_id))},
        # The last audit entry held from it: a laptop that holds another under that number
        # (or none) was restored from a copy of itself, even when no change of it differs.
        **_audit_acked(db, device_id),
        "devices": {d: courts[d] for d in others if courts.get(d)},
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **back.manifest(),
    }
    name = f"cass-update-{_slug(device['name'] or 'device')}-{device_id[:8]}-{_stamp()}{SUFFIX}"
    if not out_dir.is_dir():
        durable.private_dir(out_dir)
    from cass_desktop.sync.bundle_writer import write_bundle

    return write_bundle(
        out_dir / name,
        manifest,
        _lines([*ops, *own], len(ops) + len(own), progress),
        keys,
        device["age_recipient"],
        # Head office's settings for every laptop (sync/settings_section.py), signed with it.
        extra={
            SETTINGS: settings_section.for_update(db),
            **({AUDIT: back.audit} if back.audit else {}),
        },
    )
