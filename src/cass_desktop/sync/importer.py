"""Reading bundles into the store: verify, decrypt, and merge each in one transaction.

(Over 500 lines: both kinds of bundle, a laptop's export and head office's update, are taken
here, with every check before their merge, so what a receiver trusts reads in one place.)"""

from __future__ import annotations

import datetime as dt
import json
import operator
import re
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from cass_desktop import audit
from cass_desktop.audit import section as audit_section
from cass_desktop.data import acknowledged, changelog, field_clocks, local, peers, restored, trust
from cass_desktop.data import sync as sync_data
from cass_desktop.data.changelog import OPS_COLUMNS, Op
from cass_desktop.data.merge import MergeResult, Policy, merge, one_transaction
from cass_desktop.data.migrations import SCHEMA_VERSION
from cass_desktop.data.purge import PURGED_JSON, settle
from cass_desktop.forms import DefinitionError, Problem, load_definition
from cass_desktop.records import values
from cass_desktop.records.words import short_site
from cass_desktop.sync import clocks, identity, policy, restore, settings_section
from cass_desktop.sync.bundle import (
    AUDIT,
    OPS,
    SETTINGS,
    BundleError,
    NotForThisStore,
    OpenedBundle,
    open_bundle,
)
from cass_desktop.sync.keys import CardError, card_from_body

_BATCH = 20_000
# A bundle's operations up to this many (about 40 MB) are kept between checking and merging,
# instead of being read a second time; so are those of ops.jsonl up to this size.
_KEEP_OPS = 100_000
_KEEP_BYTES = 64 << 20
_in_column_order = operator.itemgetter(*OPS_COLUMNS)


@dataclass
class ImportResult:
    """What happened to one bundle, for printing or showing."""

    name: str
    refused: str | None = None  # the plain reason, when it was refused
    awaiting_approval: bool = False
    merge: MergeResult = field(default_factory=MergeResult)
    warning: str | None = None  # applied, but something a person must see (see RESTORED)
    note: str | None = None  # news in words: a laptop back in step, a restored one's ask

    def refusal(self) -> str:
        """Why it was refused, naming the file once: the reason itself names it ("x.cassbundle
        is damaged or incomplete…"), or it is put before a reason that does not."""
        reason = self.refused or ""
        if reason.startswith(self.name):
            return reason
        return f"{self.name}: {reason}"

    def describe(self) -> str:
        if self.refused:
            return self.refusal()
        m = self.merge
        if self.note and m == MergeResult():  # a restored laptop's ask: nothing to merge
            return f"{self.name}: {self.note}"
        parts = [
            f"applied {m.applied} change{'s' if m.applied != 1 else ''}",
            f"{m.already_held} already held",
        ]
        if m.refused:
            parts.append(f"{m.refused} refused (its sender may not make them)")
        if m.proposed:
            parts.append(f"{m.proposed} proposed for the agency directory")
        if m.held_back:
            parts.append(f"{m.held_back} held back (waiting for an earlier bundle)")
        if m.released:
            parts.append(f"{m.released} waiting changes now applied")
        if m.purged:
            parts.append(f"{m.purged} changes to erased records dropped")
        parts.append(f"{m.conflicts} conflict{'s' if m.conflicts != 1 else ''}")
        more = "".join(f" {text}" for text in (self.warning, self.note) if text)
        return f"{self.name}: " + "; ".join(parts) + "." * bool(more) + more


_UPDATE_NAME = re.compile(r"^cass-update-([a-z0-9-]{1,24}?)-([0-9a-f]{8})-\d{8}-\d{6}")


def _whose_update(db: sqlite_utils.Database, name: str) -> str | None:
    """For head office's update written for another laptop (its file name says which, as the
    exporter names it), whose it is: "… is head office's update for Bodmin's laptop (device
    31aa2f0c), not this one." None when the name does not say."""
    found = _UPDATE_NAME.match(name)
    if found is None or changelog.device_id(db).startswith(found.group(2)):
        return None
    court = short_site(found.group(1).replace("-", " ").title())
    return (
        f"{name} is head office's update for {court}'s laptop (device {found.group(2)}), not "
        "this one: nothing was applied. Import it on that laptop."
    )


def import_files(db: sqlite_utils.Database, paths: list[Path]) -> list[ImportResult]:
    return [import_file(db, path) for path in paths]


def import_file(db: sqlite_utils.Database, path: Path) -> ImportResult:
    """Verify and apply one bundle. Any problem refuses it whole and changes nothing."""
    try:
        if identity.role(db) is None:
            raise BundleError("This store is not set up yet, so it cannot take bundles.")
        keys = identity.ensure_keys(db)
        opened = open_bundle(path, keys.identity(), SCHEMA_VERSION)
    except NotForThisStore as exc:
        return ImportResult(path.name, refused=_whose_update(db, path.name) or str(exc))
    except BundleError as exc:
        return ImportResult(path.name, refused=str(exc))
    try:
        return _apply(db, opened)
    except BundleError as exc:
        return ImportResult(path.name, refused=str(exc))
    finally:
        opened.close()
        # An erasure the bundle brought: the log's frames from before it go too.
        settle(db)


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
        if restore.ASK in manifest:  # restored from a copy: it asks for its changes back
            return ImportResult(name, note=restore.take_ask(db, bundle, sender))
        # Made before its laptop was restored from a copy of itself, arriving late.
        late = restore.made_before_restore(db, bundle)
        note = None
        # The changes and what is noted about the sender commit together: a bundle cut off
        # part way (power lost, process killed) leaves the store as it was before it.
        with db.atomic():
            allowed = policy.for_head_office(db, sender)
            try:
                result, note = _take_export(db, bundle, late, allowed)
            except field_clocks.SameClock:
                raise BundleError(f"{name} was refused: {SAME_CLOCK}") from None
            except Reused:
                if restored.returning(db, bundle.sender) is None:
                    raise
                raise BundleError(f"{name} was refused: {RENUMBERED}") from None
            # The laptop's audit log, checked on arrival (a break is listed under Devices).
            if late is None:
                taken = audit_section.take(db, bundle.sender, name, bundle.member(AUDIT))
            else:
                taken = restore.take_late_audit(db, bundle)
            if taken or _news(result):
                audit.event(db, audit.IMPORT, name)
            cursor = manifest.get("update_cursor")
            cursor = cursor if isinstance(cursor, int) else 0
            held_cursor = int(sender.get("update_cursor") or 0)
            new_cursor = max(held_cursor, cursor)
            if late is None:
                restore.taken_back(db, bundle.sender, _news(result), cursor)
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
        return ImportResult(name, merge=result, note=note)
    if kind == "head-office-update":
        if my_role != "device":
            raise BundleError(f"{name} is an update for a device; head office does not import it.")
        office = peers.head_office(db)
        if office is None or office["device_id"] != bundle.sender:
            raise BundleError(f"{name} comes from a head office this laptop does not trust.")
        bundle.check_signature(office["signing_public"])
        vouched = policy.vouched_devices(manifest)
        with db.atomic():
            # Head office's settings (retention), checked before anything is applied: one
            # that will not do refuses the whole update, changing nothing.
            try:
                settings_changed = settings_section.take(db, bundle.member(SETTINGS))
            except settings_section.SettingsRefused as exc:
                why = str(exc)
                raise BundleError(f"{name} was refused: {why[:1].lower()}{why[1:]}") from None
            back = restore.bring_back(db, bundle, me)  # its own changes, sent back (restored)
            result = _merge(
                db,
                bundle,
                gap_check=False,
                only_device=None,
                allowed=policy.for_update(db, office["device_id"], vouched),
                made_here=(me, back.made_here) if back else None,
            )
            warning = _take_acks(db, manifest, me, _news(result) or settings_changed)
            note = restore.in_step(db, back, warning)
            if _news(result) or settings_changed:
                audit.event(db, audit.IMPORT, name)
        return ImportResult(name, merge=result, warning=warning, note=note)
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
        place = identity.laptop_name(db, sender["device_id"])
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
    made_here: tuple[str, int] | None = None,
) -> MergeResult:
    """All of a bundle in one transaction, or none of it.

    Every operation is checked before any is applied: each line (its shape, its value against
    its field, its clock, its number) is checked first, then all are merged. The operations of
    a bundle of up to _KEEP_OPS (a day's work is a few hundred) are kept between the two; a
    larger one is read again to merge, linearly and one batch at a time, so a bundle of a
    million changes never needs them all in memory.

    `made_here`: (this device, n): its own changes sent back numbered up to n are those whose
    acknowledgement it took (sync/restore.py): counted as held, not merged again.
    """
    total = MergeResult()
    bundle.check_contents()
    manifest = bundle.manifest
    small = manifest["op_count"] <= _KEEP_OPS and manifest["members"][OPS]["size"] <= _KEEP_BYTES
    kept: list[Op] | None = [] if small else None
    with one_transaction(db):
        _check_ops(db, bundle, only_device, kept)
        _check_forms(db, bundle, kept)
        if made_here is not None:
            kept = _not_made_here(kept, made_here, total) if kept is not None else None
        if kept is not None:
            for start in range(0, len(kept), _BATCH):
                total += merge(
                    db,
                    kept[start : start + _BATCH],
                    gap_check=gap_check,
                    source=bundle.name,
                    policy=allowed,
                )
            return total
        batch: list[Op] = []
        for _number, raws in bundle.op_batches(checked=True):
            ops = [Op(*_in_column_order(raw)) for raw in raws]
            batch.extend(_not_made_here(ops, made_here, total) if made_here else ops)
            if len(batch) >= _BATCH:
                total += merge(db, batch, gap_check=gap_check, source=bundle.name, policy=allowed)
                batch = []
        if batch:
            total += merge(db, batch, gap_check=gap_check, source=bundle.name, policy=allowed)
    return total


def _take_export(
    db: sqlite_utils.Database, bundle: OpenedBundle, late: int | None, allowed: Policy
) -> tuple[MergeResult, str | None]:
    """A laptop's export merged. One made before its laptop was restored from a copy of itself
    (`late`: the restore point) is taken as any unless it collides; then, every line checked
    as any export's, by `restore.take_late`."""
    try:
        with db.atomic() if late is not None else nullcontext():
            merged = _merge(db, bundle, gap_check=True, only_device=bundle.sender, allowed=allowed)
        return merged, None
    except Reused:
        if late is None:
            raise
    manifest = bundle.manifest
    if manifest["op_count"] > _KEEP_OPS or manifest["members"][OPS]["size"] > _KEEP_BYTES:
        raise BundleError(
            f"{bundle.name} was refused: it was made before its laptop was restored from a copy "
            "of itself and is too large to take that way; ask for help."
        )
    kept: list[Op] = []
    with one_transaction(db):
        _check_ops(db, bundle, bundle.sender, kept, check_held=False)
        _check_forms(db, bundle, kept)
        return restore.take_late(db, bundle, kept, late, allowed)


def _not_made_here(ops: list[Op], made_here: tuple[str, int], total: MergeResult) -> list[Op]:
    device, top = made_here
    kept = [op for op in ops if op.device_id != device or op.seq > top]
    total.already_held += len(ops) - len(kept)
    return kept


def _check_ops(
    db: sqlite_utils.Database,
    bundle: OpenedBundle,
    only_device: str | None,
    kept: list[Op] | None = None,
    *,
    check_held: bool = True,
) -> None:
    """Refuse the bundle, in one sentence naming the line, unless every operation in it is one
    this app could have written: a known field holding a value of its kind, a clock no more
    than a margin ahead of this computer's, and numbers that match the manifest (a device's
    export holds exactly its numbers seq_from to seq_to, in order, each once; an update holds
    op_count operations). An operation whose device and number are already held, or appear
    twice in the bundle, must be the very same change. The operations are added to `kept`, if
    given (their device, table and field names shared, to keep them small)."""
    name, manifest = bundle.name, bundle.manifest
    me = manifest.get("recipient")
    latest = clocks.latest_allowed()
    export = only_device is not None
    expected = manifest["seq_from"] if export else 0
    count = 0
    last_seq: dict[str, int] = {}
    unordered: set[str] = set()  # devices whose numbers do not only go up (updates)
    checks = values.CHECKS
    highest: dict[str, int] = {}  # the highest number held from each device
    held: list[tuple[int, Op]] = []  # (line, op) numbered no higher than one already held
    names: dict[str, str] = {}
    for number, raws in bundle.op_batches():
        for line, raw in enumerate(raws, start=number):
            table = checks.get(raw["tbl"])
            check = table.get(raw["field"]) if table is not None else None
            if check is None:
                raise BundleError(
                    f"{name} was refused: line {line} changes something this version does not "
                    f"know ({_shown(raw['tbl'])}.{_shown(raw['field'])})."
                )
            value = raw["value_json"]
            if value is not None and value != PURGED_JSON and (wrong := check(value)) is not None:
                raise BundleError(
                    f"{name} was refused: line {line} holds a value that {wrong} "
                    f"({raw['tbl']}.{raw['field']})."
                )
            if raw["hlc"][:13] > latest:
                raise BundleError(_clock_refusal(db, bundle, raw))
            device, seq = raw["device_id"], raw["seq"]
            if export:
                if device != only_device:
                    raise BundleError(f"{name} was refused: it holds changes from another device.")
                if seq != expected:
                    raise BundleError(
                        f"{name} was refused: its changes do not match its manifest "
                        f"(line {line} should be change {expected:,})."
                    )
                expected += 1
            elif seq <= last_seq.get(device, 0):
                unordered.add(device)
            else:
                last_seq[device] = seq
            top = highest.get(device)
            if top is None:
                if not export and device == me and restore.RETURNED not in manifest:
                    raise BundleError(f"{name} was refused: it sends back this laptop's changes.")
                top = highest[device] = sync_data.highest_held(db, device)
            if kept is not None:
                tbl, field = raw["tbl"], raw["field"]
                op = Op(
                    names.setdefault(device, device),
                    seq,
                    raw["hlc"],
                    names.setdefault(tbl, tbl),
                    raw["row_id"],
                    names.setdefault(field, field),
                    value,
                    raw["base_hlc"],
                )
                kept.append(op)
                if seq <= top and check_held:
                    held.append((line, op))
            elif seq <= top and check_held:
                held.append((line, Op(*_in_column_order(raw))))
        count += len(raws)
        if count > manifest["op_count"]:  # refused at the end anyway: say so now
            raise _count_refusal(name, count, manifest["op_count"])
        if len(held) >= _BATCH:
            _check_held(db, name, held)
            held = []
    if held:
        _check_held(db, name, held)
    if count != manifest["op_count"]:
        raise _count_refusal(name, count, manifest["op_count"])
    if unordered:
        _check_twice(bundle, unordered)


def _check_forms(db: sqlite_utils.Database, bundle: OpenedBundle, kept: list[Op] | None) -> None:
    """Refuse the bundle, in one sentence, if it carries an assessment form (a `documents`
    record of kind 'form') that fails the forms engine's checks: a bad form is never held."""
    if kept is not None:
        ops: Iterable[Op] = kept
    else:
        ops = (
            Op(*_in_column_order(raw))
            for _number, raws in bundle.op_batches(checked=True)
            for raw in raws
            if raw["tbl"] == "documents"
        )
    sent: dict[str, dict[str, str | None]] = {}
    for op in ops:
        if op.tbl == "documents" and op.field in ("kind", "name", "version", "content"):
            sent.setdefault(op.row_id, {})[op.field] = op.value_json
    if not sent:
        return
    held = trust.records(db, "documents", sent)
    for row_id, given in sent.items():
        row = dict(held.get(row_id) or {})
        row.update({k: json.loads(v) if v is not None else None for k, v in given.items()})
        if row.get("kind") != "form" or row.get("content") is None:
            continue
        name = str(row.get("name") or "")[:64]
        label = f"“{name}” (version {row.get('version')})"
        content = row["content"]
        try:
            if not isinstance(content, str):
                raise DefinitionError(label, [Problem("", "it has no text")])
            definition = load_definition(content, label)
        except DefinitionError as error:
            first = error.problems[0].describe() if error.problems else "it cannot be read"
            raise BundleError(
                f"{bundle.name} was refused: the assessment form {label} in it cannot be used "
                f"({first})."
            ) from None
        if definition.id != name or definition.version != row.get("version"):
            raise BundleError(
                f"{bundle.name} was refused: the assessment form {label} in it is really "
                f"“{definition.id}” version {definition.version}."
            )


def _count_refusal(name: str, count: int, claimed: int) -> BundleError:
    more = "at least " if count > claimed else ""
    return BundleError(
        f"{name} was refused: its changes do not match its manifest "
        f"({more}{count:,} lines where it says {claimed:,})."
    )


def _check_held(db: sqlite_utils.Database, name: str, held: list[tuple[int, Op]]) -> None:
    """An operation already held must be the same change, not a different one numbered alike
    (which the merge would drop as "already held", the difference lost unseen)."""
    index = sync_data.held_differently(db, [op for _line, op in held])
    if index is not None:
        line, op = held[index]
        raise _reused(name, line, op)


def _check_twice(bundle: OpenedBundle, devices: set[str]) -> None:
    """An update's operations of a device appear twice (its numbers went back): each time must
    be the same change. Head office never writes this, so it costs another read only then."""
    seen: dict[tuple[str, int], Op] = {}
    for number, raws in bundle.op_batches():
        for offset, raw in enumerate(raws):
            if raw["device_id"] not in devices:
                continue
            op = Op(*_in_column_order(raw))
            earlier = seen.setdefault((op.device_id, op.seq), op)
            if earlier != op:
                raise _reused(bundle.name, number + offset, op)


class Reused(BundleError):
    """A different change under a number already used."""


def _reused(name: str, line: int, op: Op) -> Reused:
    return Reused(
        f"{name} was refused: line {line} is a different change under a number already "
        f"used (change {op.seq:,} of device {op.device_id})."
    )


def _clock_refusal(db: sqlite_utils.Database, bundle: OpenedBundle, op: dict) -> str:
    said = clocks.day_words(int(op["hlc"][:13]))
    if bundle.manifest["kind"] == "device-export":
        who = clocks.laptop_name(db, bundle.sender)
        return (
            f"{bundle.name} was refused: {who[0].upper()}{who[1:]} clock said {said}; "
            "check its date and time, then export again."
        )
    # On a laptop: head office's clock, or the laptop's own, is wrong.
    here = clocks.day_words(clocks.now_ms())
    whose = "head office's clock" if op["device_id"] == bundle.sender else "a laptop's clock"
    return (
        f"{bundle.name} was refused: {whose} said {said}, more than a day after this laptop's "
        f"({here}); check the date and time here, then ask head office to check its own."
    )


_NAME = re.compile(r"[a-z_]{1,40}")


def _shown(text: str) -> str:
    """A table or field name from a bundle, shown only if it could be one (no line breaks,
    control characters or half characters from outside reach a message)."""
    return text if _NAME.fullmatch(text) else "?"


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
        or result.purged
    )


def _take_acks(db: sqlite_utils.Database, manifest: dict, me: str, news: bool) -> str | None:
    """Take head office's acknowledgement of this laptop's changes, and forget what head
    office's last backup holds (data/acknowledged.py). Returns a warning when head office
    holds changes from this laptop that the laptop did not make as they are held: it, or head
    office, was restored from a backup; then nothing is taken or forgotten."""
    held = _number(manifest, "acks", me)
    changed = news
    warning = None
    with db.atomic():
        acked = int(local.get(db, "acked_seq", 0))
        if held is not None and held > acked:
            warning = _restored(db, manifest, me, held)
            if warning is not None:  # the next export asks for its lost changes back
                restored.mark_restored(db, acked)
            else:
                local.put(db, "acked_seq", held)
                changed = True
        backed_up = _number(manifest, "backed_up", me)
        if warning is None and backed_up is not None:
            acknowledged.note_kept_by_office(db, backed_up)
            acknowledged.drop_acknowledged(db)
        start, end = manifest.get("update_from"), manifest.get("update_to")
        cursor = int(local.get(db, "update_cursor", 0))
        # Updates are cumulative from the cursor head office last heard of; a later one that
        # arrives first is applied but does not move the cursor past a missing one.
        if isinstance(start, int) and isinstance(end, int) and start <= cursor < end:
            local.put(db, "update_cursor", end)
            changed = True
        if changed:  # a replayed update changes nothing, not even when one last came
            local.put(db, "last_update_at", _now())
    return warning


def _number(manifest: dict, key: str, me: str) -> int | None:
    numbers = manifest.get(key)
    found = numbers.get(me) if isinstance(numbers, dict) else None
    return found if isinstance(found, int) and not isinstance(found, bool) else None


SAME_CLOCK = (
    "it holds a change made at the same moment as another change of the same detail on that "
    "laptop, so one of them would be lost; check the laptop's clock and ask for help."
)

RENUMBERED = (
    "its laptop made it before taking head office's update that renumbers its changes after a "
    "restore; import that update on the laptop, then export again (nothing is lost)."
)

RESTORED = (
    "Head office holds changes from this laptop that this laptop does not hold as they were "
    "made: it was restored from a copy of itself (a backup, or the disk of the laptop it "
    "replaced). Nothing here was dropped: export as usual (the export asks head office for "
    "what this laptop lost), then import head office's next update, which brings it back."
)


def _restored(db: sqlite_utils.Database, manifest: dict, me: str, held: int) -> str | None:
    """RESTORED when head office acknowledges a number this laptop has not reached, or holds a
    different change under it than this laptop made; None when the acknowledgement is sound."""
    if held > sync_data.last_own_seq(db):
        return RESTORED
    clocks = manifest.get("acked_clock")
    theirs = clocks.get(me) if isinstance(clocks, dict) else None
    mine = sync_data.held_clock(db, me, held)
    if theirs is not None and mine is not None and mine != theirs:
        return RESTORED
    return RESTORED if restore.entry_differs(db, manifest, me) else None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
