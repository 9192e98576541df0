"""Columns narrowed to fit a list's width (ui/shell/tables.narrowed) come out as the step by step
rule says, worked out at once (issue 12: start-up; narrowing tied columns a pixel at a time
took thousands of steps while Today's lists were first laid out)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cass_desktop.ui.shell.tables import FitColumns, narrowed

MIN = FitColumns.MIN_WIDTH


def step_by_step(wants: list[int], room: int, keep: int | None) -> list[int]:
    """The rule, as it reads: the widest column other than `keep` down to the next widest
    (a pixel at a time where they tie), never below the minimum."""
    widths = list(wants)
    over = sum(widths) - room
    while over > 0:
        others = [c for c in range(len(widths)) if c != keep and widths[c] > MIN]
        if not others:
            break
        widest = max(others, key=lambda c: widths[c])
        second = max((widths[c] for c in others if c != widest), default=MIN)
        cut = min(over, widths[widest] - max(second, MIN) or 1)
        widths[widest] -= cut
        over -= cut
    return widths


widths = st.one_of(st.integers(1, 500), st.sampled_from([MIN, MIN + 1, 100, 120]))


@given(
    wants=st.lists(widths, min_size=1, max_size=6),
    room=st.integers(-50, 1500),
    keep=st.one_of(st.none(), st.integers(0, 6)),
)
def test_narrowing_at_once_is_the_step_by_step_rule(wants, room, keep):
    assert narrowed(wants, room, keep, MIN) == step_by_step(wants, room, keep)


def test_tied_columns_share_the_cut_and_keep_is_kept():
    # Three columns of 200 and a kept 150 in 550: the three give 200 between them (the odd
    # pixels from the first ones); the kept column gives nothing.
    assert narrowed([200, 200, 200, 150], 550, 3, MIN) == [133, 133, 134, 150]
    assert narrowed([300, 90, 90], 100, 0, MIN) == [300, MIN, MIN]  # none below the minimum
