"""Dates and times as people type and read them."""

import datetime as dt

import pytest

from cass_desktop.records.dates import add_months, parse_date, parse_time, show_date


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("10:30", "10:30"),
        ("10.30", "10:30"),
        ("1030", "10:30"),
        ("9", "09:00"),
        ("2pm", "14:00"),
        ("12am", "00:00"),
        ("12:15pm", "12:15"),
    ],
)
def test_times_typed_many_ways(typed, stored):
    assert parse_time(typed) == stored


@pytest.mark.parametrize("typed", ["", "25:00", "10:75", "13pm", "half ten"])
def test_impossible_times_say_how_to_type_one(typed):
    with pytest.raises(ValueError):
        parse_time(typed)


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 27), 3) == dt.date(2027, 2, 27)


def test_uk_dates_and_their_display():
    assert parse_date("27/11/2026") == dt.date(2026, 11, 27)
    assert parse_date("2026-11-27") == dt.date(2026, 11, 27)
    assert show_date("2026-11-27T10:30") == "27 Nov 2026"
    with pytest.raises(ValueError, match="day/month/year"):
        parse_date("31/02/2026")
