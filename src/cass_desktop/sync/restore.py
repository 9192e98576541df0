"""A laptop restored from a copy of itself, brought back into step with head office.

A copy (a backup, or the disk image of a replaced laptop) has lost the changes the laptop made
after it, which head office holds, and numbers its new changes from the copy's last number, so
they collide with numbers head office already holds. The steps (docs/bundle-format.md, "A
laptop restored from a copy of itself"; the store's side is data/restored.py):

1. An update whose acknowledgement this laptop did not make as held (importer._restored) marks
   it restored at its `acked_seq` N, the last number whose acknowledgement it took, checked by
   its clock (`data.restored.mark_restored`).
2. Its next export asks (`restored: N`) and holds no changes, so nothing collides.
3. Head office takes the ask (`take_ask`): N must be a number it holds from that laptop. Each
   update for the laptop then carries back the laptop's own changes head office holds above N
   (`returned: N`), until the laptop sends new changes; and the laptop's update cursor goes
   back to the one the ask gives, so what head office forwarded to the lost laptop comes again.
   Only the sender's own changes are sent back, and nothing at head office is renumbered.
4. The laptop takes such an update (`bring_back`, before the update's merge, in its
   transaction): the changes sent back that it holds as they are sent are the copy's; from the
   first it does not (the copy's last number), its own changes are moved to follow head
   office's last number (clocks, values and bases kept), and those sent back are merged as
   received changes: clock order decides against what was done here since, a conflict listed.
   Then head office's acknowledgement matches, is taken, and the laptop is back in step.
5. Its audit log the same way, in the same update (`_audit_back`, audit/section.py
   `take_back`): head office's entries above the ask's `audit_after` come back, and those
   written here since the copy move after them, behind an entry recording the restore.

The lost laptop's last bundle may still reach head office after the restored laptop's
changes (`made_before_restore`: it does not carry `restored_from`): its changes never seen,
known by clock and content, are kept as that laptop's under new numbers and its audit entries
after head office's (`take_late`, `take_late_audit`), and both go back to the restored laptop
as in steps 4 and 5; only a true collision is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from cass_desktop import audit
from cass_desktop.audit import section as audit_section
from cass_desktop.data import audit as audit_data
from cass_desktop.data import field_clocks, local, peers, restored
from cass_desktop.data import sync as sync_data
from cass_desktop.data.changelog import Op
from cass_desktop.data.merge import MergeResult, Policy, merge
from cass_desktop.data.purge import PURGED_JSON
from cass_desktop.sync import identity
from cass_desktop.sync.bundle import AUDIT, MAX_INT, OPS, BundleError, OpenedBundle

ASK = "restored"  # a laptop's export: it asks for its own changes above this number back
RETURNED = "returned"  # head office's update: it carries the laptop's own changes above this
# The audit log: the ask says where the entries head office holds surely end (those carried
# by the last export it acknowledged), the update carries the laptop's entries above it back.
AUDIT_ASK = "audit_after"
AUDIT_RETURNED = "audit_returned"
# A restored laptop's exports once back in step: the number its ask gave. A bundle of that
# laptop's that does not say the number head office last took an ask at was made before that
# restore, by the laptop that was lost (`made_before_restore`).
FROM = "restored_from"


def check_manifest(
    name: str, manifest: dict[str, Any], incomplete: BundleError, out_of_range: BundleError
) -> None:
    """The two fields of a restore, each of its kind and size, in the bundle it belongs to:
    an ask holds no changes (nothing in it can be taken at head office), and an update sends
    back no more than it acknowledges."""
    kind = manifest["kind"]
    pairs = (
        (ASK, "device-export"),
        (RETURNED, "head-office-update"),
        (AUDIT_ASK, "device-export"),
        (AUDIT_RETURNED, "head-office-update"),
        (FROM, "device-export"),
    )
    for key, belongs in pairs:
        if key not in manifest:
            continue
        value = manifest[key]
        if type(value) is not int:
            raise incomplete
        if not 0 <= value < MAX_INT:
            raise out_of_range
        if kind != belongs:
            raise BundleError(f"{name} was refused: it is not a bundle that can say that.")
    if ASK in manifest and (
        manifest["op_count"] != 0
        or manifest["seq_from"] != manifest[ASK] + 1
        or manifest["members"][OPS]["size"] != 0
        or AUDIT in manifest["members"]
    ):
        raise BundleError(
            f"{name} was refused: a laptop asking for its changes back sends none with it."
        )
    update_audit = kind == "head-office-update" and AUDIT in manifest["members"]
    if (
        (AUDIT_ASK in manifest and ASK not in manifest)
        or (AUDIT_RETURNED in manifest and RETURNED not in manifest)
        or (update_audit and AUDIT_RETURNED not in manifest)
    ):
        raise BundleError(
            f"{name} was refused: the audit entries it sends back do not match its manifest."
        )
    if RETURNED in manifest:
        acks = manifest.get("acks")
        top = acks.get(manifest.get("recipient")) if isinstance(acks, dict) else None
        if type(top) is not int or manifest[RETURNED] > top:
            raise out_of_range


# -- At head office ----------------------------------------------------------------------------


def take_ask(db: sqlite_utils.Database, bundle: OpenedBundle, sender: dict[str, Any]) -> str:
    """Head office takes a laptop's ask (its signature checked); returns what it means, in
    words. Refused, changing nothing, when it asks from a number head office does not hold."""
    device, asked = bundle.sender, bundle.manifest[ASK]
    place = identity.laptop_name(db, device)
    held = sync_data.held_seq(db, device)
    if asked > held:
        raise BundleError(
            f"{bundle.name} was refused: {place} asks for its changes after number {asked:,}, "
            f"but head office holds them only up to {held:,}."
        )
    cursor = bundle.manifest.get("update_cursor", 0)
    audit_after = bundle.manifest.get(AUDIT_ASK, 0)
    with db.atomic():
        restored.note_restore_point(db, device, asked)
        changed = restored.note_return(db, device, asked, audit_after, field_clocks.arrival_top(db))
        if cursor < int(sender.get("update_cursor") or 0):
            peers.put(db, device, {"update_cursor": cursor})
            changed = True
        if changed:
            peers.put(db, device, {"last_bundle_name": bundle.name})
            audit.event(db, audit.IMPORT, bundle.name)
    return (
        f"{place[:1].upper()}{place[1:]} was restored from a copy of itself and asks for "
        f"its changes back: its next update carries the {held - asked:,} head office holds "
        f"from it after number {asked:,}."
    )


def made_before_restore(db: sqlite_utils.Database, bundle: OpenedBundle) -> int | None:
    """For a laptop's export (its signature checked): when its sender was restored from a
    copy of itself and the bundle was made before that restore (by the laptop that was lost,
    carried late), the number the restored laptop asked its changes back above; else None."""
    point = restored.restore_point(db, bundle.sender)
    if point is None or bundle.manifest.get(FROM) == point:
        return None
    return point


def take_late(
    db: sqlite_utils.Database, bundle: OpenedBundle, ops: list[Op], point: int, allowed: Policy
) -> tuple[MergeResult, str]:
    """The lost laptop's bundle arriving after the restored laptop's changes (inside the
    import's transaction; every line already checked). Head office keeps every change in it
    it has not seen, known by its clock, table, record and field, as a change of that laptop
    numbered after those it holds (clock order decides against what was done since, a
    conflict listed), and sends them back to the restored laptop, which moves what it made
    since after them; what it holds already changes nothing. Refused, changing nothing, only
    for a true collision: under a number up to the restore point, or with the clock of a
    change head office holds, a different change."""
    name, device = bundle.name, bundle.sender
    place = identity.laptop_name(db, device)
    top = sync_data.held_seq(db, device)
    if sync_data.highest_held(db, device) > top:
        raise BundleError(
            f"{name} was refused: head office is still waiting for an earlier bundle from "
            f"{place}; import that one first, then this one again."
        )
    total = MergeResult()
    low = [op for op in ops if op.seq <= point]
    index = sync_data.held_differently(db, low)
    if index is not None:
        raise BundleError(
            f"{name} was refused: change {low[index].seq:,} in it is a different change under "
            "a number already used."
        )
    total.already_held += len(low)
    seen = {_key(op): op for op in sync_data.own_ops_above(db, device, point)}
    new = []
    for op in ops:
        if op.seq <= point:
            continue
        held = seen.get(_key(op))
        if held is None:
            new.append(op)
        elif _alike(held, op):
            total.already_held += 1
        else:
            raise BundleError(
                f"{name} was refused: change {op.seq:,} in it was made at the same moment as a "
                f"different change of the same detail head office holds from {place}, so one "
                "of them would be lost; ask for help."
            )
    if new:
        renumbered = [op._replace(seq=top + n) for n, op in enumerate(new, start=1)]
        total += merge(db, renumbered, gap_check=True, source=name, policy=allowed)
        _send_back(db, device, top, audit_data.last(db, device)[0])
    if not new:
        return total, (
            f"It was made on {place} before the laptop was restored from a copy of itself; "
            "head office already holds every change in it."
        )
    kept = "the change" if len(new) == 1 else f"the {len(new):,} changes"
    return total, (
        f"It was made on {place} before the laptop was restored from a copy of itself and came "
        f"after the restored laptop's changes: {kept} in it head office had not seen "
        f"{'is' if len(new) == 1 else 'are'} kept as that laptop's, numbered after those it "
        "holds, and go back to the laptop with its next update."
    )


def take_late_audit(db: sqlite_utils.Database, bundle: OpenedBundle) -> str:
    """The audit section of a bundle made before its laptop was restored (audit/section.py
    `take_late`); the entries it adds go back to the restored laptop too."""
    device = bundle.sender
    taken, top = audit_section.take_late(db, device, bundle.name, bundle.member(AUDIT))
    if top is not None:
        _send_back(db, device, sync_data.held_seq(db, device), top)
    return taken


def _send_back(db: sqlite_utils.Database, device: str, after: int, audit_after: int) -> None:
    """Send `device` its own changes above `after` and entries above `audit_after` (or from
    lower numbers, when it is being sent some already), until it shows it took them."""
    back = restored.returning(db, device)
    if back is not None:
        after = min(after, back)
        audit_after = min(audit_after, restored.audit_returning(db, device))
    restored.note_return(db, device, after, audit_after, field_clocks.arrival_top(db))


def _key(op: Op) -> tuple:
    return (op.hlc, op.tbl, op.row_id, op.field)


def _alike(held: Op, op: Op) -> bool:
    """One change, whatever its number (one of them erased since: its value the marker)."""
    if (held.value_json, held.base_hlc) == (op.value_json, op.base_hlc):
        return True
    return PURGED_JSON in (held.value_json, op.value_json) and held.base_hlc == op.base_hlc


def taken_back(db: sqlite_utils.Database, device: str, news: bool, cursor: int) -> None:
    """A bundle of new changes from `device` arrived, made after it took head office's update
    that sent its own back (its update cursor at least where head office's was then)."""
    back = news and restored.returning(db, device) is not None
    if back and cursor >= restored.returning_since(db, device):
        restored.forget_return(db, device)


@dataclass
class SentBack:
    after: int | None = None  # the device's own changes above it go back (None: none go)
    ops: list = field(default_factory=list)
    audit_after: int = 0  # and its audit entries above this
    audit: bytes = b""

    def manifest(self) -> dict[str, int]:
        if self.after is None:
            return {}
        return {RETURNED: self.after, AUDIT_RETURNED: self.audit_after}


def sent_back(db: sqlite_utils.Database, device: str) -> SentBack:
    """For an update: what of the device's own goes back to it, when it asked."""
    after = restored.returning(db, device)
    if after is None:
        return SentBack()
    audit_after = restored.audit_returning(db, device)
    return SentBack(
        after,
        sync_data.own_ops_above(db, device, after),
        audit_after,
        audit_section.for_return(db, device, audit_after),
    )


# -- On the laptop -----------------------------------------------------------------------------


def entry_differs(db: sqlite_utils.Database, manifest: dict[str, Any], me: str) -> bool:
    """Whether head office's update says it holds an audit entry of this laptop that this
    laptop does not hold as it is (`audit_acked`): restored from a copy of itself, though no
    change of it may differ (the lost laptop's last export held only changes the copy has)."""
    numbers, hashes = manifest.get("audit_acked"), manifest.get("audit_acked_hash")
    entry = numbers.get(me) if isinstance(numbers, dict) else None
    entry_hash = hashes.get(me) if isinstance(hashes, dict) else None
    if type(entry) is not int or entry <= 0 or not isinstance(entry_hash, str):
        return False
    held = audit_data.held(db, me, entry)
    return held is None or held["hash"] != entry_hash


@dataclass
class Returned:
    made_here: int  # those sent back numbered up to it are this laptop's acknowledged ones
    lost: int = 0  # changes head office sent back that this laptop did not hold
    moved: int = 0  # changes made here after the copy, numbered after them now
    entries: audit_section.Moved | None = None  # its audit log, when it moved


def bring_back(db: sqlite_utils.Database, bundle: OpenedBundle, me: str) -> Returned | None:
    """Take back this laptop's own changes an update returns (see the module's doc); None when
    it returns none. Inside the import's transaction, before the update is merged."""
    manifest, name = bundle.manifest, bundle.name
    after = manifest.get(RETURNED)
    if after is None:
        return None
    top = manifest["acks"][me]
    bundle.check_contents()
    own = [raw for _n, raws in bundle.op_batches() for raw in raws if raw["device_id"] == me]
    if [raw["seq"] for raw in own] != list(range(after + 1, top + 1)):
        raise BundleError(
            f"{name} was refused: the changes of this laptop it sends back do not match its "
            "manifest."
        )
    acked = int(local.get(db, "acked_seq", 0))
    entries = _audit_back(db, bundle, me)
    held = restored.own_above(db, me, after, top)
    copy_top = after
    for raw in own:
        # Up to the acknowledgement taken (checked by its clock) head office holds what this
        # laptop made; above it, the copy's changes are those held here as they come back.
        if raw["seq"] > acked and not _same(held.get(raw["seq"]), raw):
            break
        copy_top = raw["seq"]
    if copy_top >= top:
        back = Returned(acked, entries=entries)
    else:
        moved = restored.renumber(db, me, copy_top, top)
        # Exports made after the copy never reached head office: what follows is not
        # exported yet (its audit entries included).
        local.put(db, "exported_seq", top)
        audit_section.forget_sent_after(db, copy_top)
        back = Returned(acked, top - copy_top, moved, entries)
    if entries is not None:  # head office holds this laptop's entries up to entries.top
        audit_section.held_up_to(db, top, entries.top)
    return back


def _audit_back(db: sqlite_utils.Database, bundle: OpenedBundle, me: str):
    """This laptop's audit entries the update sends back, taken (audit/section.py)."""
    after = bundle.manifest.get(AUDIT_RETURNED)
    if after is None:
        return None
    try:
        return audit_section.take_back(db, me, after, bundle.member(AUDIT))
    except audit_section.SectionRefused as exc:
        raise BundleError(
            f"{bundle.name} was refused: the audit entries of this laptop it sends back are "
            f"not this laptop's as they were written ({exc})."
        ) from None


def _same(mine: tuple | None, raw: dict[str, Any]) -> bool:
    """Whether the change held here is the one sent back (one of them erased since is the
    same change: its value the erased marker)."""
    if mine is None:
        return False
    theirs = (raw["hlc"], raw["tbl"], raw["row_id"], raw["field"], raw["value_json"])
    theirs += (raw["base_hlc"],)
    if mine == theirs:
        return True
    values = (mine[4], theirs[4])
    return PURGED_JSON in values and mine[:4] == theirs[:4] and mine[5] == theirs[5]


def in_step(db: sqlite_utils.Database, back: Returned | None, warning: str | None) -> str | None:
    """After the update: when it brought this laptop back into step, the sentence that says
    so (and the laptop asks for nothing any more)."""
    if back is None or warning is not None:
        return None
    restored.in_step(db)
    if not back.lost:
        if back.entries is None or not back.entries.received:
            return None
        return (
            "This laptop was restored from a copy of itself and is back in step with head "
            "office: its audit log now follows the entries head office holds from before the "
            "restore."
        )
    lost = "the change it had lost is back"
    if back.lost != 1:
        lost = f"the {back.lost:,} changes it had lost are back"
    since = ""
    if back.moved:
        since = ", and the change made here since goes"
        if back.moved != 1:
            since = f", and the {back.moved:,} changes made here since go"
        since += " to head office with the next export"
    return (
        "This laptop was restored from a copy of itself and is back in step with head office: "
        f"{lost}{since}."
    )
