"""Hybrid logical clocks, encoded so that text order is clock order.

Laptop clocks drift, so changes are never ordered by wall time alone: a clock never goes
backwards on one device, and a device that sees a later clock from elsewhere moves past it.
"""

from __future__ import annotations

import time
from typing import NamedTuple

_WALL_DIGITS = 13  # milliseconds since 1970 fit in 13 digits until the year 2286
_COUNTER_DIGITS = 6
_MAX_COUNTER = 10**_COUNTER_DIGITS - 1


class HLC(NamedTuple):
    wall_ms: int
    counter: int
    device: str

    def encode(self) -> str:
        return f"{self.wall_ms:0{_WALL_DIGITS}d}-{self.counter:0{_COUNTER_DIGITS}d}-{self.device}"

    @classmethod
    def decode(cls, text: str) -> HLC:
        wall, counter, device = text.split("-", 2)
        if len(wall) != _WALL_DIGITS or len(counter) != _COUNTER_DIGITS:
            raise ValueError(f"not a clock: {text!r}")
        return cls(int(wall), int(counter), device)


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def tick(last: str | None, device: str, wall_ms: int | None = None) -> str:
    """The next clock for a local change, after `last` (the newest clock this device has seen)."""
    wall = now_ms() if wall_ms is None else wall_ms
    if last is None:
        return HLC(wall, 0, device).encode()
    prev = HLC.decode(last)
    if wall > prev.wall_ms:
        return HLC(wall, 0, device).encode()
    if prev.counter >= _MAX_COUNTER:
        # The counter would need a seventh digit and break text order: move the clock on a
        # millisecond instead (a wall clock far behind, or a million changes in one).
        return HLC(prev.wall_ms + 1, 0, device).encode()
    return HLC(prev.wall_ms, prev.counter + 1, device).encode()


def observe(last: str | None, remote: str) -> str:
    """The newest clock seen once `remote` has arrived: later local ticks will come after it."""
    if last is None or remote > last:
        return remote
    return last


def wall_ms_of(clock: str) -> int:
    return HLC.decode(clock).wall_ms
