"""A laptop restored from a copy of itself, brought back into step with head office: the store's
side (sync/restore.py decides when, docs/change-log.md says why).

A copy (a backup, or the disk image of a replaced laptop) has lost the changes the laptop made
after it, which head office holds under their numbers, and numbers its new changes from the
copy's last one, so they collide with those. On the laptop: `mark_restored` notes the number
head office's acknowledgement was last taken at (the copy's `acked_seq`, checked by its clock
when it was taken), so the next export asks for the changes above it back; when they come,
`own_above` gives what the laptop holds to compare with them, and `renumber` moves the
laptop's own changes made after the copy (numbered above `copy_top`) to follow head office's
last number, keeping their clocks, values and bases, with their field clock entries and the
conflicts that name them. At head office: `note_return` keeps, per laptop, the number its
changes are sent back above (`returning`), until a bundle of new changes shows the laptop took
them (`forget_return`).
"""

from __future__ import annotations

import sqlite_utils

from cass_desktop.data import field_clocks, local

_ASKING = "restored_asks"  # local, on a laptop: head office's changes of ours above it, asked
_RETURNING = "returning"  # local, at head office: {device id: its changes sent back above}
_AUDIT_RETURNING = "audit_returning"  # local, at head office: {device id: its entries, above}
_SINCE = "returning_since"  # local, at head office: {device id: arrival number when noted}
_POINTS = "restore_points"  # local, at head office: {device id: the number its last ask gave}
_FROM = "restored_from"  # local, on a laptop: the number it asked back above, once in step

_OWN = "SELECT seq, hlc, tbl, row_id, field, value_json, base_hlc FROM ops "


def mark_restored(db: sqlite_utils.Database, acked: int) -> None:
    """This laptop was found restored from a copy: ask for its changes above `acked` back."""
    if local.get(db, _ASKING) != acked:
        local.put(db, _ASKING, acked)


def asking_from(db: sqlite_utils.Database) -> int | None:
    """The number this laptop asks head office to send its own changes back above, if any."""
    found = local.get(db, _ASKING)
    return found if type(found) is int else None


def in_step(db: sqlite_utils.Database) -> None:
    """This laptop holds again every change head office holds from it: it asks for nothing,
    and its exports say which restore they follow (`restored_from`)."""
    asked = asking_from(db)
    if asked is not None:
        local.put(db, _FROM, asked)
    db.execute("DELETE FROM local_state WHERE key = ?", [f"setting:{_ASKING}"])


def restored_from(db: sqlite_utils.Database) -> int | None:
    """On a laptop back in step after a restore: the number it asked its changes back above."""
    found = local.get(db, _FROM)
    return found if type(found) is int else None


def note_restore_point(db: sqlite_utils.Database, device: str, asked: int) -> None:
    """At head office: `device` was restored and asked its changes back above `asked`; a
    bundle it made before (whose manifest does not say so) is the lost laptop's."""
    held = local.get(db, _POINTS, {}) or {}
    if held.get(device) != asked:
        local.put(db, _POINTS, {**held, device: asked})


def restore_point(db: sqlite_utils.Database, device: str) -> int | None:
    found = (local.get(db, _POINTS, {}) or {}).get(device)
    return found if type(found) is int else None


def own_above(db: sqlite_utils.Database, me: str, after: int, top: int) -> dict[int, tuple]:
    """This device's own changes held numbered above `after` up to `top`: number -> (clock,
    table, row, field, value, base)."""
    rows = db.execute(_OWN + "WHERE device_id = ? AND seq > ? AND seq <= ?", [me, after, top])
    return {row[0]: tuple(row[1:]) for row in rows}


def renumber(db: sqlite_utils.Database, me: str, copy_top: int, office_top: int) -> int:
    """Move this device's own changes numbered above `copy_top` to follow `office_top`, in
    their order, gap-free; returns how many moved. Inside the caller's transaction."""
    shift = office_top - copy_top
    last = int(db.execute("SELECT value FROM local_state WHERE key = 'seq'").fetchone()[0])
    if shift <= 0:
        return 0
    # The next change made here follows head office's number, moved or not.
    db.execute(
        "UPDATE local_state SET value = ? WHERE key = 'seq'",
        [str(office_top + max(0, last - copy_top))],
    )
    if last <= copy_top:
        return 0
    where = {"me": me, "top": copy_top, "shift": shift}
    # Through negative numbers: a move up must never meet a number not yet moved.
    moved = db.execute(
        "UPDATE ops SET seq = -(seq + :shift) WHERE device_id = :me AND seq > :top", where
    ).rowcount
    db.execute("UPDATE ops SET seq = -seq WHERE device_id = :me AND seq < 0", where)
    number = field_clocks.Devices(db).number.get(me)
    if number is not None:
        # In one step, unlike ops: on a laptop no entry has an arrival, so no change_numbers
        # row follows it (the triggers that keep them would meet numbers not yet moved).
        db.execute(
            "UPDATE field_clocks SET seq = seq + :shift WHERE device = :n AND seq > :top",
            {**where, "n": number},
        )
    db.execute(
        "UPDATE conflicts SET other_seq = other_seq + :shift "
        "WHERE other_device = :me AND other_seq > :top",
        where,
    )
    return moved


def note_return(
    db: sqlite_utils.Database, device: str, after: int, audit_after: int = 0, since: int = 0
) -> bool:
    """At head office: send `device` back its own changes above `after`, and its audit entries
    above `audit_after`, in its next updates, until a bundle of its new changes shows it took
    an update written after head office's arrival number `since`. Returns whether anything
    changed (an ask imported twice changes nothing)."""
    held = local.get(db, _RETURNING, {}) or {}
    entries = local.get(db, _AUDIT_RETURNING, {}) or {}
    cursors = local.get(db, _SINCE, {}) or {}
    if held.get(device) == after and entries.get(device, 0) == audit_after:
        return False
    local.put(db, _RETURNING, {**held, device: after})
    local.put(db, _AUDIT_RETURNING, {**entries, device: audit_after})
    local.put(db, _SINCE, {**cursors, device: since})
    return True


def returning_since(db: sqlite_utils.Database, device: str) -> int:
    found = (local.get(db, _SINCE, {}) or {}).get(device)
    return found if type(found) is int else 0


def audit_returning(db: sqlite_utils.Database, device: str) -> int:
    found = (local.get(db, _AUDIT_RETURNING, {}) or {}).get(device)
    return found if type(found) is int else 0


def returning(db: sqlite_utils.Database, device: str) -> int | None:
    found = (local.get(db, _RETURNING, {}) or {}).get(device)
    return found if type(found) is int else None


def forget_return(db: sqlite_utils.Database, device: str) -> None:
    """The laptop sent new changes numbered after what was sent back: it took them."""
    for key in (_RETURNING, _AUDIT_RETURNING, _SINCE):
        held = local.get(db, key, {}) or {}
        if device in held:
            local.put(db, key, {d: n for d, n in held.items() if d != device})
