"""Head office's settings in its updates to laptops, and a laptop checking them on arrival.

Head office's update carries, as its own member `settings.json` (sync.bundle.SETTINGS), the
settings head office decides for every laptop: today one, how many years records are kept
after a case closes (`retention_years`, 1 to 100, default 6), with the revision of head
office's settings, so an older update arriving after a newer one, or the same one twice,
changes nothing. Head office raises the revision at each save to at least its wall clock in
milliseconds (and always above the one before), not just by one: restored from a backup, its
counter would go back below what laptops already hold and they would silently keep the old
setting; its next save still outranks everything it sent before the restore. The member is
listed with its SHA-256 and size in the signed manifest, like ops.jsonl, so it cannot be
altered or swapped without breaking head office's signature.

On arrival it is hostile until checked, like everything from outside: at most 4 KiB, one JSON
object of exactly the fields known, each of its kind and within its range. One problem
refuses the whole update in one sentence, changing nothing (the import's transaction); a
laptop's export never carries settings. See docs/bundle-format.md.
"""

from __future__ import annotations

import json
import time
from typing import Any

import sqlite_utils

from cass_desktop.data import local

MAX_BYTES = 4096
RETENTION_YEARS = "retention_years"
MIN_YEARS, MAX_YEARS, DEFAULT_YEARS = 1, 100, 6
MAX_REVISION = 2**53
_REVISION = "head_office_settings_revision"  # head office: its own; a laptop: the one held
_FROM_HEAD_OFFICE = "retention_from_head_office"  # a laptop: when head office's value came


class SettingsRefused(ValueError):
    """The settings in an update cannot be used; the message is one plain sentence."""


def retention_years(db: sqlite_utils.Database) -> int:
    """The years records are kept, as this store holds them (the default when not set)."""
    held = local.get(db, RETENTION_YEARS, DEFAULT_YEARS)
    return held if type(held) is int and MIN_YEARS <= held <= MAX_YEARS else DEFAULT_YEARS


def years_problem(value: Any) -> str | None:
    """Why `value` will not do as the years records are kept, or None."""
    if type(value) is not int or not MIN_YEARS <= value <= MAX_YEARS:
        return f"Records are kept for {MIN_YEARS} to {MAX_YEARS} years; {value!s:.20} will not do."
    return None


# -- head office ---------------------------------------------------------------------------


def set_at_head_office(
    db: sqlite_utils.Database, years: int, *, clock_ms: int | None = None
) -> None:
    """Head office's own setting, sent to every laptop with its next update.

    Each save is a new revision, even of the value held: after a restore from a backup the
    laptops may hold a later one, and saving again is how head office's value is put back in
    force. `clock_ms`: head office's wall clock (now)."""
    problem = years_problem(years)
    if problem:
        raise SettingsRefused(problem)
    now = time.time_ns() // 1_000_000 if clock_ms is None else clock_ms
    with db.atomic():
        local.put(db, RETENTION_YEARS, years)
        local.put(db, _REVISION, min(MAX_REVISION, max(_revision(db) + 1, now)))


def for_update(db: sqlite_utils.Database) -> bytes:
    """The member for head office's update to a laptop."""
    body = {"revision": _revision(db), RETENTION_YEARS: retention_years(db)}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def _revision(db: sqlite_utils.Database) -> int:
    held = local.get(db, _REVISION, 0)
    return held if type(held) is int and 0 <= held <= MAX_REVISION else 0


# -- a laptop ------------------------------------------------------------------------------


def read(data: bytes) -> dict[str, int]:
    """The settings in a member, checked: raises SettingsRefused with one sentence."""
    refused = "Its settings from head office cannot be used"
    if len(data) > MAX_BYTES:
        raise SettingsRefused(f"{refused}: they are larger than settings ever are.")
    try:
        body = json.loads(data.decode("utf-8"), parse_constant=_no_constants)
    except (ValueError, RecursionError):
        raise SettingsRefused(f"{refused}: they cannot be read.") from None
    if type(body) is not dict or set(body) != {"revision", RETENTION_YEARS}:
        raise SettingsRefused(f"{refused}: they are not the settings this version knows.")
    revision = body["revision"]
    if type(revision) is not int or not 0 <= revision <= MAX_REVISION:
        raise SettingsRefused(f"{refused}: their revision is out of range.")
    problem = years_problem(body[RETENTION_YEARS])
    if problem:
        raise SettingsRefused(f"{refused}: {problem[:1].lower()}{problem[1:]}")
    return body


def take(db: sqlite_utils.Database, data: bytes | None) -> bool:
    """Check and apply the settings of head office's update (inside the import's
    transaction); True when they changed something. Raises SettingsRefused."""
    if data is None:
        return False
    body = read(data)
    if body["revision"] <= _revision(db) and local.get(db, _FROM_HEAD_OFFICE):
        return False  # the same settings again, or older ones arriving late
    local.put(db, RETENTION_YEARS, body[RETENTION_YEARS])
    local.put(db, _REVISION, body["revision"])
    local.put(db, _FROM_HEAD_OFFICE, True)
    return True


def from_head_office(db: sqlite_utils.Database) -> bool:
    """Whether this laptop's retention setting came from head office."""
    return bool(local.get(db, _FROM_HEAD_OFFICE, False))


def _no_constants(name: str) -> Any:
    raise ValueError(name)
