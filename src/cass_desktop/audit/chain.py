"""Checking the audit log's chain: every entry's hash, and that each follows the one before."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from cass_desktop.data import audit as audit_data


@dataclass(frozen=True)
class Break:
    device_id: str
    seq: int  # the entry where the chain breaks
    what: str  # what is wrong with it, in words


def first_break(
    rows: Iterable[Mapping[str, Any]], start_seq: int = 1, prev_hash: str = audit_data.GENESIS
) -> Break | None:
    """Where one device's entries (in sequence order, from `start_seq`, following
    `prev_hash`) first fail to chain; None when every entry checks out."""
    expected_seq, expected_prev = start_seq, prev_hash
    for row in rows:
        seq = row["seq"]
        device = row["device_id"]
        if seq != expected_seq:
            missing = (
                f"entry {expected_seq} is missing"
                if seq > expected_seq
                else f"entry {seq} comes twice or out of order"
            )
            return Break(device, expected_seq, f"{missing} (entries jump to {seq})")
        if row["hash"] != audit_data.entry_hash(row):
            return Break(
                device,
                seq,
                "its contents do not match its fingerprint, so it was changed after it was written",
            )
        if row["prev_hash"] != expected_prev:
            before = f"entry {seq - 1}" if seq > 1 else "the start of the log"
            return Break(
                device,
                seq,
                f"it does not follow {before}, so an entry before it was changed, removed or "
                "put in",
            )
        expected_seq, expected_prev = seq + 1, row["hash"]
    return None


def verify(db: sqlite_utils.Database) -> list[Break]:
    """Every device's chain held in this store; one Break per device whose chain breaks."""
    found = []
    for device in sorted(audit_data.devices(db)):
        broken = first_break(audit_data.entries(db, device))
        if broken is not None:
            found.append(broken)
    return found


def sentence(broken: Break, place: str) -> str:
    """'The audit log of this laptop breaks at entry 12: its contents do not match …'."""
    return f"The audit log of {place} breaks at entry {broken.seq}: {broken.what}."
