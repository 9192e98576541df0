"""The hybrid logical clock: never backwards, moves past what it sees, text order is clock order."""

from __future__ import annotations

import random

import pytest

from cass_desktop.data import hlc
from cass_desktop.data.hlc import HLC

DAY_MS = 86_400_000
T0 = 1_795_000_000_000  # a wall clock in November 2026, in milliseconds


def test_first_tick_is_the_wall_clock_with_a_zero_counter():
    clock = hlc.tick(None, "laptopa", wall_ms=T0)
    assert HLC.decode(clock) == HLC(T0, 0, "laptopa")
    assert hlc.wall_ms_of(clock) == T0


def test_encode_and_decode_round_trip_and_pad_to_fixed_width():
    clock = HLC(42, 7, "dev-with-dashes")
    text = clock.encode()
    assert text == "0000000000042-000007-dev-with-dashes"
    assert HLC.decode(text) == clock


@pytest.mark.parametrize("text", ["", "12-000001-dev", "0000000000042-1-dev", "nonsense"])
def test_decode_refuses_text_that_is_not_a_clock(text):
    with pytest.raises(ValueError):
        HLC.decode(text)


def test_ticks_follow_the_wall_clock_when_it_moves_on():
    first = hlc.tick(None, "a", wall_ms=T0)
    second = hlc.tick(first, "a", wall_ms=T0 + 5)
    assert HLC.decode(second) == HLC(T0 + 5, 0, "a")
    assert second > first


def test_ticks_in_the_same_millisecond_count_up():
    first = hlc.tick(None, "a", wall_ms=T0)
    second = hlc.tick(first, "a", wall_ms=T0)
    third = hlc.tick(second, "a", wall_ms=T0)
    assert [HLC.decode(c).counter for c in (first, second, third)] == [0, 1, 2]
    assert first < second < third


def test_clock_never_goes_backwards_when_the_wall_clock_does():
    ahead = hlc.tick(None, "a", wall_ms=T0)
    # The laptop's clock is corrected back by a whole day.
    after = hlc.tick(ahead, "a", wall_ms=T0 - DAY_MS)
    assert after > ahead
    assert HLC.decode(after) == HLC(T0, 1, "a")
    later = hlc.tick(after, "a", wall_ms=T0 - DAY_MS + 1)
    assert later > after


def test_the_counter_never_outgrows_its_digits():
    """A clock held far ahead ticks a million times without breaking text order."""
    last = HLC(T0, 999_998, "a").encode()
    one = hlc.tick(last, "a", wall_ms=T0 - 1)
    two = hlc.tick(one, "a", wall_ms=T0 - 1)
    three = hlc.tick(two, "a", wall_ms=T0 - 1)
    assert last < one < two < three
    assert HLC.decode(one) == HLC(T0, 999_999, "a")
    assert HLC.decode(two) == HLC(T0 + 1, 0, "a")
    assert all(len(c) == len(last) for c in (one, two, three))


def test_observe_moves_past_a_remote_clock_that_is_ahead():
    local = hlc.tick(None, "a", wall_ms=T0)
    remote = HLC(T0 + DAY_MS, 3, "b").encode()  # another laptop with its clock a day ahead
    seen = hlc.observe(local, remote)
    assert seen == remote
    following = hlc.tick(seen, "a", wall_ms=T0 + 10)
    assert following > remote
    assert HLC.decode(following) == HLC(T0 + DAY_MS, 4, "a")


def test_observe_keeps_the_local_clock_when_the_remote_one_is_behind():
    local = hlc.tick(None, "a", wall_ms=T0)
    remote = HLC(T0 - 1000, 0, "b").encode()
    assert hlc.observe(local, remote) == local
    assert hlc.observe(None, remote) == remote


def test_ties_on_wall_and_counter_are_broken_by_device():
    a = HLC(T0, 0, "a").encode()
    b = HLC(T0, 0, "b").encode()
    assert a < b


def test_text_order_is_clock_order():
    rng = random.Random(7)
    clocks = [
        HLC(rng.choice([5, 999, T0, T0 + 1, 9_999_999_999_999]), rng.randrange(0, 10**6), d)
        for d in ("a", "b", "c")
        for _ in range(200)
    ]
    by_text = sorted(clocks, key=HLC.encode)
    assert by_text == sorted(clocks)


def test_real_ticks_increase_with_the_real_clock():
    clocks = []
    last = None
    for _ in range(500):
        last = hlc.tick(last, "a")
        clocks.append(last)
    assert clocks == sorted(clocks)
    assert len(set(clocks)) == len(clocks)
