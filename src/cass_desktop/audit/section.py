"""The audit log in a laptop's export, and head office checking it on arrival.

A device's export carries, as its own member `audit.jsonl` (sync.bundle.AUDIT), every audit
entry of the laptop that head office may not hold yet: those after the last entry sent in an
export head office has acknowledged. Sending an entry twice is harmless (head office keeps
one copy, and checks that the copy it holds is the same).

On arrival, after the bundle's signature and its members' hashes are checked, every line is
checked like everything from outside (its size, its fields and their kinds, the sender's own
device id) and the chain is checked: each entry's hash recomputed, each following the one
before, the first following the last head office holds of that laptop, and any entry already
held the same as the one held. One problem refuses the whole section, storing none of it:
the sentence saying where is listed under Devices (`data.audit.breaks`), and the rest of
the bundle (the day's work) is applied as usual.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from cass_desktop.audit import ACTIONS
from cass_desktop.audit.chain import first_break
from cass_desktop.data import audit as audit_data
from cass_desktop.data import changelog, local
from cass_desktop.records import values

MAX_LINE_BYTES = 4096  # an entry is about 400 bytes
MAX_ENTRIES = 100_000  # in one export; more wait for the next
_SENT = "audit_sent"  # {last change number of an export: last audit entry it carried}
_KINDS = frozenset({*audit_data.AUDITED_TABLES, "letters"})
_AT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\+00:00|Z)?")
_HASH = re.compile(r"[0-9a-f]{64}")
_BAD_CHARS = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


# -- writing (the laptop) --------------------------------------------------------------------


def _sent(db: sqlite_utils.Database) -> dict[str, int]:
    held = local.get(db, _SENT, {})
    return held if isinstance(held, dict) else {}


def acknowledged_top(db: sqlite_utils.Database, acked_seq: int) -> int:
    """The last entry carried by an export head office holds, when it holds this laptop's
    changes up to `acked_seq`."""
    return max((n for k, n in _sent(db).items() if int(k) <= acked_seq), default=0)


def for_export(db: sqlite_utils.Database, acked_seq: int) -> tuple[bytes, int]:
    """The section for an export when head office holds this laptop's changes up to
    `acked_seq`: the entries after the last carried by an export it holds, and the last
    entry's number (to pass to `sent`)."""
    start = acknowledged_top(db, acked_seq)
    device = changelog.device_id(db)
    lines = []
    top = start
    for entry in audit_data.entries(db, device, start):
        if len(lines) >= MAX_ENTRIES:
            break
        lines.append(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
        top = entry["seq"]
    data = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    return data, top


def sent(db: sqlite_utils.Database, acked_seq: int, export_seq_to: int, audit_top: int) -> None:
    """Remember that the export ending at change `export_seq_to` carried entries up to
    `audit_top` (forgetting exports before the one head office has acknowledged)."""
    held = _sent(db)
    kept_from = max((int(k) for k in held if int(k) <= acked_seq), default=0)
    held = {k: n for k, n in held.items() if int(k) >= kept_from}
    held[str(export_seq_to)] = audit_top
    local.put(db, _SENT, held)


def forget_sent_after(db: sqlite_utils.Database, seq: int) -> None:
    """A laptop restored from a copy: the exports it wrote after change `seq` never reached
    head office (sync/restore.py), so the entries they carried are sent again."""
    held = _sent(db)
    kept = {k: n for k, n in held.items() if int(k) <= seq}
    if kept != held:
        local.put(db, _SENT, kept)


def held_up_to(db: sqlite_utils.Database, change_top: int, audit_top: int) -> None:
    """A restored laptop back in step: head office holds its entries up to `audit_top`, as
    if an export ending at change `change_top` had carried them."""
    local.put(db, _SENT, {**_sent(db), str(change_top): audit_top})


# -- reading (head office) -------------------------------------------------------------------


class SectionRefused(Exception):
    """The section cannot be taken; the message says where, in one sentence."""


def _check_line(number: int, raw: bytes, sender: str) -> dict[str, Any]:
    wrong = SectionRefused(f"entry on line {number} is not an audit entry this app writes")
    if len(raw) > MAX_LINE_BYTES:
        raise wrong
    try:
        entry = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        raise wrong from None
    if type(entry) is not dict or set(entry) != set(audit_data.COLUMNS):
        raise wrong
    if entry["device_id"] != sender:
        raise SectionRefused(f"entry on line {number} claims to come from another laptop")
    seq = entry["seq"]
    if type(seq) is not int or not 1 <= seq < 1 << 62:
        raise wrong
    if type(entry["at"]) is not str or not _AT.fullmatch(entry["at"]):
        raise wrong
    if entry["action"] not in ACTIONS:
        raise wrong
    if entry["kind"] is not None and entry["kind"] not in _KINDS:
        raise wrong
    for name in ("worker_id", "record_id", "client_id"):
        value = entry[name]
        if value is not None and not (type(value) is str and values.RECORD_ID.fullmatch(value)):
            raise wrong
    detail = entry["detail"]
    if type(detail) is not str or len(detail) > 500 or _BAD_CHARS.search(detail):
        raise wrong
    for name in ("prev_hash", "hash"):
        if type(entry[name]) is not str or not _HASH.fullmatch(entry[name]):
            raise wrong
    return entry


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def check(db: sqlite_utils.Database, sender: str, data: bytes) -> list[dict[str, Any]]:
    """The section's entries, each checked and the chain checked against what this store
    holds of `sender`; raises SectionRefused saying where it breaks. Linear in its size."""
    if not data:
        return []
    rows = [
        _check_line(number, raw, sender)
        for number, raw in enumerate(data.rstrip(b"\n").split(b"\n"), start=1)
    ]
    first, top = rows[0]["seq"], rows[-1]["seq"]
    # A section may arrive before an earlier one (held back like the changes): its link to
    # the entry before is checked when that entry is held, here or when it arrives.
    before = audit_data.held(db, sender, first - 1) if first > 1 else None
    prev = audit_data.GENESIS if first == 1 else before["hash"] if before else rows[0]["prev_hash"]
    broken = first_break(rows, first, prev)
    if broken is not None:
        raise SectionRefused(f"it breaks at entry {broken.seq}: {broken.what}")
    for row in rows:
        held = audit_data.held(db, sender, row["seq"])
        if held is not None and held["hash"] != row["hash"]:
            raise SectionRefused(
                f"entry {row['seq']} differs from the copy head office already holds, so the "
                "laptop's log was rewritten"
            )
    after = audit_data.held(db, sender, top + 1)
    if after is not None and after["prev_hash"] != rows[-1]["hash"]:
        raise SectionRefused(
            f"entry {top + 1}, already held, does not follow entry {top}, so the laptop's log "
            "was rewritten"
        )
    return rows


def _lines(entries) -> tuple[bytes, int]:
    lines, top = [], 0
    for entry in entries:
        lines.append(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
        top = entry["seq"]
    return (("\n".join(lines) + "\n").encode("utf-8") if lines else b""), top


# -- a laptop restored from a copy of itself (sync/restore.py) --------------------------------


def for_return(db: sqlite_utils.Database, device: str, after: int) -> bytes:
    """Head office's update for a restored laptop that asked: the laptop's own entries head
    office holds numbered above `after` (only that laptop's, in order)."""
    return _lines(audit_data.entries(db, device, after))[0]


@dataclass
class Moved:
    fork: int  # the copy's last entry: the entries after it differ between the two laptops
    received: int  # entries of the lost laptop, held at head office, now held here too
    moved: int  # entries made here since the copy, now numbered after them
    top: int  # the last entry head office holds from this laptop


def take_back(db: sqlite_utils.Database, me: str, after: int, data: bytes | None) -> Moved | None:
    """This laptop, restored from a copy, takes back its own entries head office holds above
    `after` (inside the update's transaction). Those it holds as they come are the copy's;
    from the first that differs, the entries made here since the copy are moved to follow
    head office's last (data.audit.move_after_restore), after an entry recording the move,
    so the laptop's chain and head office's are one again. None when nothing differs. Raises
    SectionRefused, saying why, when the entries are not this laptop's or do not chain on
    from its entry `after`."""
    if not data:
        return None
    rows = [
        _check_line(number, raw, me)
        for number, raw in enumerate(data.rstrip(b"\n").split(b"\n"), start=1)
    ]
    before = audit_data.held(db, me, after) if after else None
    if after and before is None:
        raise SectionRefused(f"they follow entry {after}, which this laptop does not hold")
    broken = first_break(rows, after + 1, before["hash"] if before else audit_data.GENESIS)
    if broken is not None:
        raise SectionRefused(f"they break at entry {broken.seq}: {broken.what}")
    fork = after
    for row in rows:
        mine = audit_data.held(db, me, row["seq"])
        if mine is None or mine["hash"] != row["hash"]:
            break
        fork = row["seq"]
    top = rows[-1]["seq"]
    if fork == top:
        return None
    received = [row for row in rows if row["seq"] > fork]
    made_here = audit_data.last(db, me)[0] - fork
    marker = {
        "at": audit_data.now(),
        "worker_id": audit_data.current_worker(db),
        "action": "restore",
        "kind": None,
        "record_id": None,
        "client_id": None,
        "detail": (
            f"restored from a copy of itself that ends at entry {fork}: entries {fork + 1} to "
            f"{top} were made before the restore (as head office holds them); the "
            f"{made_here} made here since the copy follow this one (they were {fork + 1} to "
            f"{fork + made_here})"
            if made_here
            else f"restored from a copy of itself that ends at entry {fork}: entries "
            f"{fork + 1} to {top} were made before the restore (as head office holds them)"
        ),
    }
    moved = audit_data.move_after_restore(db, me, fork, received, marker)
    return Moved(fork, len(received), moved, top)


_TAKEN_LATE = "audit_taken_late"  # head office: {device: [hash of each entry chained on late]}


def take_late(
    db: sqlite_utils.Database, sender: str, bundle_name: str, data: bytes | None
) -> tuple[str, int | None]:
    """The audit section of a bundle its laptop made before it was restored from a copy of
    itself, arriving after the restored laptop's entries (sync/restore.py `take_late`): taken
    as any section when it fits; when its entries after those held as they are differ from
    the restored laptop's held under the same numbers, they are kept after head office's last
    entry of that laptop, behind an entry recording why, each as written but for its number
    (and the restored laptop is sent them back, to move what it wrote since after them).
    Returns what `take` returns, and head office's last entry before the ones chained on
    (None when none were)."""
    if data is None:
        return "", None
    try:
        rows = check(db, sender, data)
    except SectionRefused:
        pass
    else:
        return ("taken" if audit_data.receive(db, rows) else ""), None
    try:
        rows = [
            _check_line(number, raw, sender)
            for number, raw in enumerate(data.rstrip(b"\n").split(b"\n"), start=1)
        ]
        first = rows[0]["seq"]
        before = audit_data.held(db, sender, first - 1) if first > 1 else None
        if first > 1 and before is None:
            raise SectionRefused(f"entry {first - 1}, which its entries follow, is not held")
        broken = first_break(rows, first, before["hash"] if before else audit_data.GENESIS)
        if broken is not None:
            raise SectionRefused(f"it breaks at entry {broken.seq}: {broken.what}")
    except SectionRefused as exc:
        sentence = f"{bundle_name}: the audit log in it was not taken, because {exc}."
        audit_data.note_break(db, sender, bundle_name, sentence)
        return sentence, None
    fork = 0
    while fork < len(rows):
        held = audit_data.held(db, sender, rows[fork]["seq"])
        if held is None or held["hash"] != rows[fork]["hash"]:
            break
        fork += 1
    taken = set((local.get(db, _TAKEN_LATE, {}) or {}).get(sender, []))
    late = [row for row in rows[fork:] if row["hash"] not in taken]
    if not late:
        return "", None
    top = audit_data.last(db, sender)[0]
    was = f"{late[0]['seq']} to {late[-1]['seq']}"
    marker = {
        "at": audit_data.now(),
        "worker_id": None,
        "action": "restore",
        "kind": None,
        "record_id": None,
        "client_id": None,
        "detail": (
            f"entries {was} were made on this laptop before it was restored from a copy of "
            "itself and reached head office after the restored laptop's, so they follow this "
            f"one (they were {was})"
        ),
    }
    audit_data.chain_on(db, sender, marker, late)
    # Listed on the Devices page all the same: a laptop that signed its own ask to be
    # restored could send an edited log this way, so a person checks it was a real restore.
    audit_data.note_break(
        db,
        sender,
        bundle_name,
        f"{bundle_name}: entries {was} of its audit log differ from those held under the same "
        "numbers and were kept after them as made before a restore; if the laptop was not "
        "restored from a copy of itself, its log may have been changed: check the laptop.",
    )
    held_late = local.get(db, _TAKEN_LATE, {}) or {}
    kept = [*held_late.get(sender, []), *(row["hash"] for row in late)]
    local.put(db, _TAKEN_LATE, {**held_late, sender: kept})
    return "taken", top


def take(db: sqlite_utils.Database, sender: str, bundle_name: str, data: bytes | None) -> str:
    """Check and keep a device's audit section (inside the import's transaction). Returns ""
    when it was taken (or there was none), else the sentence noted for the Devices view."""
    if data is None:
        return ""
    try:
        rows = check(db, sender, data)
    except SectionRefused as exc:
        sentence = f"{bundle_name}: the audit log in it was not taken, because {exc}."
        audit_data.note_break(db, sender, bundle_name, sentence)
        return sentence
    return "taken" if audit_data.receive(db, rows) else ""
