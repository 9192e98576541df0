"""Dates of birth compared for the slips people make."""

from __future__ import annotations

import datetime as dt

import pytest

from cass_desktop.people import birth_dates as bd


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("1979-04-08", "1979-04-08", bd.SAME),
        ("08/04/1979", "1979-04-08", bd.SAME),
        ("04/08/1979", "1979-04-08", bd.DAY_MONTH_SWAPPED),
        ("08/04/1997", "1979-04-08", bd.DIGITS_SWAPPED),
        ("80/04/1979", "1979-04-08", bd.UNKNOWN),  # not a date
        ("08/04/1978", "1979-04-08", bd.ONE_DIGIT),
        ("08/04/2979", "1979-04-08", bd.ONE_DIGIT),  # in the future, still compared
        ("08/04/2079", "1979-04-08", bd.YEAR_OUT),  # a century out
        ("08/04/1989", "1979-04-08", bd.ONE_DIGIT),  # ten years out in one digit
        ("08/04/2009", "1999-04-08", bd.YEAR_OUT),  # ten years out in two digits
        ("08/04/2000", "1982-04-08", bd.YEAR_OUT),  # eighteen years out
        ("08/04/2090", "1990-04-08", bd.YEAR_OUT),  # a century
        ("18/04/1997", "1979-04-08", bd.DIFFERENT),
        ("20/05/1990", "1990-05-19", bd.DAY_APART),
        ("01/06/1990", "1990-05-31", bd.DAY_APART),
        ("21/05/1990", "1990-05-19", bd.DIFFERENT),
        ("1985-07-22", "1990-03-14", bd.DIFFERENT),
        (None, "1990-03-14", bd.UNKNOWN),
        ("", "", bd.UNKNOWN),
        (dt.date(1990, 3, 14), "1990-03-14", bd.SAME),
    ],
)
def test_relation(a: str | None, b: str | None, relation: str) -> None:
    assert bd.relation(a, b) == relation


def test_reasons_show_both_dates() -> None:
    match = bd.compare_dobs("08/04/1997", "1979-04-08")
    assert match.reason == "date of birth with two digits swapped (8 Apr 1997 and 8 Apr 1979)"
    assert bd.compare_dobs(None, "1979-04-08").reason == "no date of birth given to compare"
    assert bd.compare_dobs("1979-04-08", None).reason == "no date of birth held for them"


def test_as_date_never_raises() -> None:
    for junk in ("31/02/2000", "2000-13-01", "x" * 10_000, "99/99/9999", 12345):
        assert bd.as_date(junk) is None  # type: ignore[arg-type]


def test_slips_of() -> None:
    day = dt.date(1979, 4, 8)
    slips = bd.slips_of(day)
    assert dt.date(1997, 4, 8) in slips
    assert dt.date(1979, 8, 4) in slips
    assert dt.date(1989, 4, 8) in slips
    assert day not in slips
    assert all(bd.relation(s, day) != bd.DIFFERENT for s in slips)
    assert len(bd.slips_of(day, all_swaps=False)) < len(slips)


def test_age_on() -> None:
    assert bd.age_on(dt.date(2000, 6, 15), dt.date(2026, 6, 14)) == 25
    assert bd.age_on(dt.date(2000, 6, 15), dt.date(2026, 6, 15)) == 26
