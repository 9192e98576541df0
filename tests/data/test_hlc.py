"""The hybrid logical clock: never backwards, moves past what it sees, text order is clock order."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


# -- The format can never overflow ---------------------------------------------------------

LAST_WALL = hlc.MAX_WALL_MS  # the last millisecond of the year 2286


@pytest.mark.parametrize(
    "clock",
    [HLC(LAST_WALL + 1, 0, "a"), HLC(-1, 0, "a"), HLC(T0, 10**6, "a"), HLC(T0, -1, "a")],
)
def test_encode_refuses_a_clock_outside_its_digits(clock):
    with pytest.raises(hlc.ClockError):
        clock.encode()


def test_decode_refuses_digits_of_other_scripts():
    """int() reads Arabic-Indic digits, but they sort after every ASCII digit."""
    with pytest.raises(ValueError):
        HLC.decode("١٧٩٥٠٠٠٠٠٠٠٠٠-000000-a")
    with pytest.raises(ValueError):
        HLC.decode("1_795_000_000-000000-a")


def test_a_clock_at_the_end_of_its_format_ticks_no_further():
    """The issue's attack: a clock pinned to 2286 with a maximal counter made head office's
    next save write a 14-digit clock. Now the clock stays in its format or refuses plainly."""
    almost = HLC(LAST_WALL, hlc.MAX_COUNTER - 1, "a").encode()
    last = hlc.tick(almost, "a", wall_ms=T0)
    assert HLC.decode(last) == HLC(LAST_WALL, hlc.MAX_COUNTER, "a")
    with pytest.raises(hlc.ClockError) as refused:
        hlc.tick(last, "a", wall_ms=T0)
    assert "2286" in str(refused.value)


def test_a_wall_clock_outside_the_format_is_held_inside_it():
    assert hlc.wall_ms_of(hlc.tick(None, "a", wall_ms=10**15)) == LAST_WALL
    assert hlc.wall_ms_of(hlc.tick(None, "a", wall_ms=-5)) == 0


def test_observe_refuses_text_that_is_not_a_clock():
    local = hlc.tick(None, "a", wall_ms=T0)
    for remote in ("99999999999999-000000-b", "tomorrow", "9999999999999-1000000-b"):
        with pytest.raises(ValueError):
            hlc.observe(local, remote)


walls = st.integers(min_value=-(10**14), max_value=10**14)
valid_walls = st.integers(min_value=0, max_value=hlc.MAX_WALL_MS)
counters = st.integers(min_value=0, max_value=hlc.MAX_COUNTER)


@given(
    start=st.builds(HLC, valid_walls, counters, st.just("a")),
    steps=st.lists(
        st.one_of(
            st.tuples(st.just("tick"), walls),
            st.tuples(st.just("observe"), st.builds(HLC, valid_walls, counters, st.just("b"))),
        ),
        max_size=30,
    ),
)
def test_ticks_and_observes_always_make_clocks_of_the_same_width(start, steps):
    last = start.encode()
    for step, arg in steps:
        try:
            following = (
                hlc.tick(last, "a", wall_ms=arg)
                if step == "tick"
                else hlc.observe(last, arg.encode())
            )
        except hlc.ClockError:
            assert HLC.decode(last)[:2] == (hlc.MAX_WALL_MS, hlc.MAX_COUNTER)
            continue
        assert len(following.split("-", 2)[0]) == 13
        assert len(following.split("-", 2)[1]) == 6
        assert following >= last
        if step == "tick":
            assert following > last
        last = following
