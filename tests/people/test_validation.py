"""Checking what a worker typed about a person."""

from __future__ import annotations

import datetime as dt

import pytest

from cass_desktop.people.validation import Problem, check_client, client_values
from cass_desktop.records.formats import check_phone, normal_postcode

TODAY = dt.date(2026, 11, 27)


def form(**changes: str) -> dict[str, str | None]:
    base: dict[str, str | None] = {
        "given_name": "Siân",
        "family_name": "O'Brien",
        "date_of_birth": "14/03/1990",
        "status": "open",
        "opened_on": "27/11/2026",
    }
    base.update(changes)
    return base


def problems(**changes: str) -> dict[str, str]:
    return {p.field: p.message for p in check_client(form(**changes), today=TODAY)}


def test_a_complete_form_has_no_problems():
    assert check_client(form(), today=TODAY) == []


def test_problems_are_field_and_message_pairs():
    found = check_client(form(given_name=""), today=TODAY)
    assert found == [Problem("given_name", "Enter their first name.")]
    field, message = found[0]
    assert (field, message) == ("given_name", "Enter their first name.")


def test_a_name_is_needed():
    found = problems(given_name="  ", family_name="")
    assert found["given_name"] == "Enter their first name."
    assert found["family_name"] == "Enter their family name (surname)."


def test_a_name_with_a_number_in_it_is_questioned():
    assert "has a number in it" in problems(family_name="Sm1th")["family_name"]


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("31/02/1990", "is not a date"),
        ("yesterday", "is not a date"),
        ("28/11/2026", "in the future"),
        ("01/01/1900", "over 120 years old"),
        ("01/01/2020", "too young to be at court"),
    ],
)
def test_dates_of_birth_that_cannot_be_right(typed, words):
    assert words in problems(date_of_birth=typed)["date_of_birth"]


def test_a_date_of_birth_can_be_left_empty_and_typed_many_ways():
    assert "date_of_birth" not in problems(date_of_birth="")
    for typed in ("14/3/1990", "14.03.90", "1990-03-14", " 14-03-1990 "):
        assert "date_of_birth" not in problems(date_of_birth=typed), typed


def test_an_email_that_is_not_an_email():
    message = problems(email="bob@")["email"]
    assert message == "“bob@” is not an email address; it should look like name@example.com."
    for bad in ("bob", "bob@example", "bob smith@example.com", "a@b@c.com"):
        assert "email" in problems(email=bad), bad
    assert "email" not in problems(email="sian.obrien@example.co.uk")


def test_uk_phone_numbers():
    assert "has only 4" in check_phone("0770")
    assert check_phone("07700 900123") is None
    assert check_phone("+44 7700 900123") is None
    assert check_phone("(01752) 123456") is None
    assert "starts with 0" in check_phone("7700 900123")
    assert "only have digits" in check_phone("0770 ABC 123")
    assert check_phone("+48 601 234 567") is None  # a Polish mobile
    assert "has only" in problems(phone="01752 12")["phone"]


def test_postcodes_are_checked_and_tidied():
    assert normal_postcode("pl12ab") == "PL1 2AB"
    assert normal_postcode("  sw1a   1aa ") == "SW1A 1AA"
    assert normal_postcode("PL1") is None
    assert "not a UK postcode" in problems(postcode="Plymouth")["postcode"]


def test_closed_date_before_opened_date():
    found = problems(status="closed", opened_on="10/11/2026", closed_on="01/11/2026")
    assert (
        found["closed_on"] == "The case cannot close (1 Nov 2026) before it opened (10 Nov 2026)."
    )


def test_a_closed_case_needs_its_closed_date_and_dates_are_not_in_the_future():
    assert "closed" in problems(status="closed", closed_on="")["closed_on"]
    assert "in the future" in problems(opened_on="01/12/2026")["opened_on"]
    assert "opened_on" in problems(opened_on="")


def test_the_way_to_contact_them_needs_the_details():
    assert "Add a phone number" in problems(preferred_contact="text")["phone"]
    assert "Add an email address" in problems(preferred_contact="email")["email"]
    assert "Add an address" in problems(preferred_contact="letter")["address"]
    assert problems(preferred_contact="phone", phone="07700 900123") == {}


def test_values_keep_names_exactly_and_store_iso_dates():
    values = client_values(
        form(
            given_name="  Zoë ",
            family_name="Ní Bhriain",
            preferred_name="Nguyễn",
            postcode="pl1 2ab",
            address="1 Quay Road  \nPlymouth\n",
            gender="",
        )
    )
    assert values["given_name"] == "Zoë"
    assert values["family_name"] == "Ní Bhriain"
    assert values["preferred_name"] == "Nguyễn"
    assert values["date_of_birth"] == "1990-03-14"
    assert values["opened_on"] == "2026-11-27"
    assert values["postcode"] == "PL1 2AB"
    assert values["address"] == "1 Quay Road\nPlymouth"
    assert values["gender"] is None
    assert values["closed_on"] is None


def test_names_typed_with_combining_accents_are_stored_composed():
    values = client_values(form(given_name="Zoe\u0308"))
    assert values["given_name"] == "Zo\u00eb"


def test_reopening_clears_the_closed_date():
    values = client_values(form(status="open", closed_on="01/11/2026"))
    assert values["closed_on"] is None
    closed = client_values(form(status="closed", closed_on="01/11/2026"))
    assert closed["closed_on"] == "2026-11-01"
