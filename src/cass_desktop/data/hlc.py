"""Hybrid logical clocks, encoded so that text order is clock order.

Laptop clocks drift, so changes are never ordered by wall time alone: a clock never goes
backwards on one device, and a device that sees a later clock from elsewhere moves past it.

A clock is 13 digits of wall milliseconds, 6 digits of counter and the device, joined by `-`.
Nothing here ever makes a clock outside that format: a 14-digit wall time or a 7-digit counter
would sort before smaller ones and break the order of everything after it.
"""

from __future__ import annotations

import re
import time
from typing import NamedTuple

_WALL_DIGITS = 13  # milliseconds since 1970 fit in 13 digits until the year 2286
_COUNTER_DIGITS = 6
MAX_WALL_MS = 10**_WALL_DIGITS - 1
MAX_COUNTER = 10**_COUNTER_DIGITS - 1
# [0-9], not \d: \d also matches other scripts' digits, which int() reads but text order does not.
_CLOCK = re.compile(r"([0-9]{13})-([0-9]{6})-(.*)", re.DOTALL)


class ClockError(ValueError):
    """A clock that cannot be made or read; the message is for a person."""


class HLC(NamedTuple):
    wall_ms: int
    counter: int
    device: str

    def encode(self) -> str:
        if not (0 <= self.wall_ms <= MAX_WALL_MS and 0 <= self.counter <= MAX_COUNTER):
            raise ClockError(f"not a clock: {self.wall_ms}-{self.counter}-{self.device}")
        return f"{self.wall_ms:0{_WALL_DIGITS}d}-{self.counter:0{_COUNTER_DIGITS}d}-{self.device}"

    @classmethod
    def decode(cls, text: str) -> HLC:
        match = _CLOCK.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise ClockError(f"not a clock: {text!r}")
        return cls(int(match[1]), int(match[2]), match[3])


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def tick(last: str | None, device: str, wall_ms: int | None = None) -> str:
    """The next clock for a local change, after `last` (the newest clock this device has seen)."""
    wall = now_ms() if wall_ms is None else wall_ms
    # A wall clock before 1970 or after 2286 is wrong (start-up warns of it); the clock still
    # moves on in its own format rather than writing one that breaks the order.
    wall = min(max(wall, 0), MAX_WALL_MS)
    if last is None:
        return HLC(wall, 0, device).encode()
    prev = HLC.decode(last)
    if wall > prev.wall_ms:
        return HLC(wall, 0, device).encode()
    if prev.counter < MAX_COUNTER:
        return HLC(prev.wall_ms, prev.counter + 1, device).encode()
    # The counter would need a seventh digit and break text order: move the clock on a
    # millisecond instead (a wall clock far behind, or a million changes in one).
    if prev.wall_ms >= MAX_WALL_MS:
        raise ClockError(
            "This store's clock has reached the year 2286 and cannot move on; "
            "check the computer's date and time."
        )
    return HLC(prev.wall_ms + 1, 0, device).encode()


def observe(last: str | None, remote: str) -> str:
    """The newest clock seen once `remote` has arrived: later local ticks will come after it.

    `remote` must be a clock (ClockError otherwise): text that is not one would sort anywhere.
    """
    HLC.decode(remote)
    if last is None or remote > last:
        return remote
    return last


def wall_ms_of(clock: str) -> int:
    return HLC.decode(clock).wall_ms
