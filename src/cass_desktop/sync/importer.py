"""Reading bundles into the store: verify, decrypt, and merge each in one transaction."""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from cass_desktop.data import changelog, local, peers
from cass_desktop.data.changelog import OPS_COLUMNS, Op
from cass_desktop.data.merge import MergeResult, Policy, merge
from cass_desktop.data.migrations import SCHEMA_VERSION
from cass_desktop.data.schema import SYNCED
from cass_desktop.sync import identity, policy
from cass_desktop.sync.bundle import BundleError, OpenedBundle, open_bundle
from cass_desktop.sync.keys import CardError, card_from_body

_BATCH = 20_000
_in_column_order = operator.itemgetter(*OPS_COLUMNS)


@dataclass
class ImportResult:
    """What happened to one bundle, for printing or showing."""

    name: str
    refused: str | None = None  # the plain reason, when it was refused
    awaiting_approval: bool = False
    merge: MergeResult = field(default_factory=MergeResult)

    def describe(self) -> str:
        if self.refused:
            return f"{self.name}: refused. {self.refused}"
        m = self.merge
        parts = [f"{m.applied} applied", f"{m.already_held} already held"]
        if m.refused:
            parts.append(f"{m.refused} refused (its sender may not make them)")
        if m.proposed:
            parts.append(f"{m.proposed} proposed for the agency directory")
        if m.held_back:
            parts.append(f"{m.held_back} held back (waiting for an earlier bundle)")
        if m.released:
            parts.append(f"{m.released} waiting changes now applied")
        parts.append(f"{m.conflicts} conflict{'s' if m.conflicts != 1 else ''}")
        return f"{self.name}: " + ", ".join(parts)


def import_files(db: sqlite_utils.Database, paths: list[Path]) -> list[ImportResult]:
    return [import_file(db, path) for path in paths]


def import_file(db: sqlite_utils.Database, path: Path) -> ImportResult:
    """Verify and apply one bundle. Any problem refuses it whole and changes nothing."""
    try:
        if identity.role(db) is None:
            raise BundleError("This store is not set up yet, so it cannot take bundles.")
        keys = identity.ensure_keys(db)
        opened = open_bundle(path, keys.identity(), SCHEMA_VERSION)
    except BundleError as exc:
        return ImportResult(path.name, refused=str(exc))
    try:
        return _apply(db, opened)
    except BundleError as exc:
        return ImportResult(path.name, refused=str(exc))
    finally:
        opened.close()


def _apply(db: sqlite_utils.Database, bundle: OpenedBundle) -> ImportResult:
    manifest = bundle.manifest
    name = bundle.name
    me = changelog.device_id(db)
    if manifest.get("recipient") != me:
        raise BundleError(f"{name} was written for another store.")
    my_role = identity.role(db)
    kind = manifest["kind"]
    if _from_demo(manifest):
        raise BundleError(f"{name} comes from a demo store (made-up people), so it is not taken.")
    if kind == "device-export":
        if my_role != "head-office":
            raise BundleError(f"{name} is a device's export; only head office imports those.")
        sender = _enrolled_sender(db, bundle)
        if sender is None:
            return ImportResult(
                name,
                refused="It comes from a device head office has not enrolled; it is listed "
                "under Devices for a person to approve, and nothing was applied.",
                awaiting_approval=True,
            )
        bundle.check_signature(sender["signing_public"])
        # The changes and what is noted about the sender commit together: a bundle cut off
        # part way (power lost, process killed) leaves the store as it was before it.
        with db.atomic():
            result = _merge(
                db,
                bundle,
                gap_check=True,
                only_device=bundle.sender,
                allowed=policy.for_head_office(db, sender),
            )
            cursor = manifest.get("update_cursor")
            held_cursor = int(sender.get("update_cursor") or 0)
            new_cursor = max(held_cursor, cursor if isinstance(cursor, int) else 0)
            if _news(result) or new_cursor != held_cursor:
                # A bundle already held in full (a replay, a copy imported twice) changes
                # nothing at all, not even when the device was last heard from.
                peers.put(
                    db,
                    bundle.sender,
                    {
                        "last_bundle_at": _now(),
                        "last_bundle_name": name,
                        "update_cursor": new_cursor,
                    },
                )
        return ImportResult(name, merge=result)
    if kind == "head-office-update":
        if my_role != "device":
            raise BundleError(f"{name} is an update for a device; head office does not import it.")
        office = peers.head_office(db)
        if office is None or office["device_id"] != bundle.sender:
            raise BundleError(f"{name} comes from a head office this laptop does not trust.")
        bundle.check_signature(office["signing_public"])
        vouched = policy.vouched_devices(manifest)
        with db.atomic():
            result = _merge(
                db,
                bundle,
                gap_check=False,
                only_device=None,
                allowed=policy.for_update(db, office["device_id"], vouched),
            )
            _take_acks(db, manifest, me, _news(result))
        return ImportResult(name, merge=result)
    raise BundleError(f"{name} is a kind of bundle this version does not know.")


def _from_demo(manifest: dict) -> bool:
    """Whether a manifest, or the card inside it, says it comes from a demo store. This
    version never writes such a bundle (a demo store exports nothing); refused all the same."""
    card = manifest.get("sender_card")
    return manifest.get("demo", False) is not False or (
        isinstance(card, dict) and card.get("demo", False) is not False
    )


def _enrolled_sender(db: sqlite_utils.Database, bundle: OpenedBundle) -> dict | None:
    sender = peers.get(db, bundle.sender)
    if sender is not None and sender["status"] == "enrolled":
        return sender
    if sender is not None and sender["status"] == "revoked":
        place = f"{sender['name']}'s laptop" if sender["name"] else "a laptop"
        raise BundleError(
            f"{bundle.name} comes from {place}, which head office has revoked; nothing in it "
            "was applied."
        )
    card_body = bundle.manifest.get("sender_card")
    try:
        card = card_from_body(card_body, bundle.name)
    except CardError:
        raise BundleError(f"{bundle.name} comes from a device head office does not know.") from None
    if card.device_id != bundle.sender or card.role != "device":
        raise BundleError(f"{bundle.name} is damaged: it does not say which device sent it.")
    # The card travels inside the signed manifest: it must have signed this very bundle.
    bundle.check_signature(card.signing_public)
    try:
        identity.note_unenrolled(db, card, bundle.name)
    except CardError as exc:
        raise BundleError(f"{bundle.name} was refused: {exc}") from None
    return None


def _merge(
    db: sqlite_utils.Database,
    bundle: OpenedBundle,
    *,
    gap_check: bool,
    only_device: str | None,
    allowed: Policy,
) -> MergeResult:
    """All of a bundle in one transaction, or none of it."""
    total = MergeResult()
    manifest = bundle.manifest
    with db.atomic():
        batch: list[Op] = []
        for raw in bundle.ops():
            op = Op(*_in_column_order(raw))
            _check_op(bundle.name, op, only_device, manifest)
            batch.append(op)
            if len(batch) >= _BATCH:
                total += merge(db, batch, gap_check=gap_check, source=bundle.name, policy=allowed)
                batch = []
        if batch:
            total += merge(db, batch, gap_check=gap_check, source=bundle.name, policy=allowed)
    return total


def _check_op(name: str, op: Op, only_device: str | None, manifest: dict) -> None:
    table = SYNCED.get(op.tbl)
    if table is None or op.field not in table:
        raise BundleError(
            f"{name} was refused: it changes something this version does not know "
            f"({op.tbl}.{op.field})."
        )
    if only_device is not None:
        if op.device_id != only_device:
            raise BundleError(f"{name} was refused: it holds changes from another device.")
        seq_from, seq_to = manifest.get("seq_from"), manifest.get("seq_to")
        if not (
            isinstance(seq_from, int) and isinstance(seq_to, int) and seq_from <= op.seq <= seq_to
        ):
            raise BundleError(f"{name} was refused: its changes do not match its manifest.")


def _news(result: MergeResult) -> bool:
    """Whether a bundle brought anything not held before (refused and proposed changes, and
    echoes first received, included: they are held now)."""
    return bool(
        result.applied
        or result.held_back
        or result.released
        or result.refused
        or result.proposed
        or result.echoed
    )


def _take_acks(db: sqlite_utils.Database, manifest: dict, me: str, news: bool) -> None:
    acks = manifest.get("acks")
    held = acks.get(me) if isinstance(acks, dict) else None
    changed = news
    with db.atomic():
        acked = int(local.get(db, "acked_seq", 0))
        if isinstance(held, int) and not isinstance(held, bool) and held > acked:
            local.put(db, "acked_seq", held)
            changed = True
        start, end = manifest.get("update_from"), manifest.get("update_to")
        cursor = int(local.get(db, "update_cursor", 0))
        # Updates are cumulative from the cursor head office last heard of; a later one that
        # arrives first is applied but does not move the cursor past a missing one.
        if isinstance(start, int) and isinstance(end, int) and start <= cursor < end:
            local.put(db, "update_cursor", end)
            changed = True
        if changed:  # a replayed update changes nothing, not even when one last came
            local.put(db, "last_update_at", _now())


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
