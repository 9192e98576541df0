"""Bounds on clocks: how far ahead a change from elsewhere may be, and whether this computer's
own clock is obviously wrong.

A change's clock orders it against every other edit of its field, for ever: one made by a
laptop whose clock said 2286 would win every later merge, and once seen, would drag the
receiver's clock there too. So a change more than FUTURE_MARGIN ahead of the receiver's own
clock is refused (the whole bundle: a laptop whose clock is wrong should put it right and
export again, and it keeps its changes until head office has them).

A computer whose own clock is years out would write such changes itself, or refuse everyone
else's, so the app says so when it starts, before anything is written (`startup_warning`).
"""

from __future__ import annotations

import datetime as dt
import re

import sqlite_utils

from cass_desktop import RELEASE_DATE
from cass_desktop.data import hlc, local, peers, sites

FUTURE_MARGIN_MS = 24 * 60 * 60 * 1000  # how far ahead of the receiver a change may be
# Before the day this version was made, this far behind the newest change the store holds, or
# this far after it, a computer's clock is obviously wrong (not merely a few minutes out).
BEHIND_LIMIT = dt.timedelta(days=7)
AHEAD_LIMIT = dt.timedelta(days=2 * 365)
RELEASE_AGE_LIMIT = dt.timedelta(days=10 * 365)  # no version stays in use this long
_RELEASED = dt.datetime.fromisoformat(RELEASE_DATE).replace(tzinfo=dt.UTC)


def now_ms() -> int:
    """This computer's clock, in milliseconds since 1970."""
    return int(_now().timestamp() * 1000)


def latest_allowed(at_ms: int | None = None) -> str:
    """The latest wall time, as a clock's first 13 digits, a change from elsewhere may carry
    when this computer's clock says `at_ms` (now, unless given)."""
    now = now_ms() if at_ms is None else at_ms
    return f"{min(max(now, 0) + FUTURE_MARGIN_MS, hlc.MAX_WALL_MS):013d}"


def day_words(wall_ms: int) -> str:
    """A clock's day in words: 3 March 2286."""
    day = dt.datetime.fromtimestamp(wall_ms / 1000, dt.UTC)
    return f"{day.day} {day:%B %Y}"


_COURT = re.compile(r"\s+magistrates'?\s+court$", re.IGNORECASE)


def laptop_name(db: sqlite_utils.Database, device_id: str) -> str:
    """A laptop as people know it, from what this store holds: "Truro's laptop"."""
    peer = peers.get(db, device_id) or {}
    site = sites.get_site(db, peer["site_id"]) if peer.get("site_id") else None
    name = (site or {}).get("name") or peer.get("name") or ""
    name = _COURT.sub("", " ".join(str(name).split()))[:60]
    return f"{name}'s laptop" if name else "the laptop"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def startup_warning(db: sqlite_utils.Database | None, now: dt.datetime | None = None) -> str | None:
    """A plain sentence when this computer's clock is obviously wrong, or None.

    Compared with the newest clock the store holds (its own changes and those it has taken in)
    and with the day this version was made (`db` None: a store not made yet). Shown before
    anything is written: a laptop with a wrong clock would write changes that head office
    refuses, or refuse head office's.
    """
    now = now or _now()
    said = f"{now.day} {now:%B %Y}"
    newest_clock = local.get(db, "hlc") if db is not None else None
    newest = None
    if newest_clock:
        try:
            newest = dt.datetime.fromtimestamp(hlc.wall_ms_of(newest_clock) / 1000, dt.UTC)
        except (ValueError, OverflowError, OSError):
            newest = None
    if now < _RELEASED - dt.timedelta(days=1):
        return (
            f"This computer's clock says {said}, before this version of CASS Desktop was made; "
            "set its date and time, then start CASS Desktop again."
        )
    if newest is not None and now < newest - BEHIND_LIMIT:
        return (
            f"This computer's clock says {said}, but this store already holds changes dated "
            f"{newest.day} {newest:%B %Y}; check its date and time before going on."
        )
    if now > _RELEASED + RELEASE_AGE_LIMIT:
        return (
            f"This computer's clock says {said}, years after this version of CASS Desktop was "
            "made; check its date and time before going on."
        )
    if newest is not None and now > newest + AHEAD_LIMIT:
        return (
            f"This computer's clock says {said}, years after the newest change this store "
            f"holds ({newest.day} {newest:%B %Y}); check its date and time before going on."
        )
    return None
