"""Small helpers shared by head office's review and the people merges: a decision's UTC stamp,
a stored stamp shown as local time, and a stored JSON value read back."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def stamp(now: dt.datetime | None = None) -> str:
    """`now` (or the present moment) as a UTC ISO 8601 stamp to the second."""
    return (now or utc_now()).astimezone(dt.UTC).isoformat(timespec="seconds")


def local(stored: str) -> str:
    """A stored UTC stamp as local time, ISO 8601 to the minute."""
    try:
        moment = dt.datetime.fromisoformat(stored)
    except ValueError:
        return stored[:16]
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().replace(tzinfo=None).isoformat(timespec="minutes")


def load(value_json: str | None) -> Any:
    """A value stored as JSON (None stays None)."""
    return None if value_json is None else json.loads(value_json)
