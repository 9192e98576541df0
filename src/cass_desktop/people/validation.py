"""Checking what a worker typed about a person, in words a court worker understands.

Pure Python: the client dialog passes the text of its fields, gets back a list of
(field, message) problems to show beside the fields, and, once there are none, the values to
store (`client_values`).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from cass_desktop.records import dates, schema
from cass_desktop.records.formats import check_phone, is_email, normal_postcode
from cass_desktop.records.vocab import CLIENT_STATUSES, CONTACT_METHODS

OLDEST_AGE = 120
YOUNGEST_AGE = 10  # the age of criminal responsibility in England and Wales
NAME_MAX = schema.fields("clients")["given_name"].max_chars or 100

# The client fields the dialog edits, as text: those records/schema.py says a worker edits.
_CLIENT = schema.fields("clients")
TEXT_FIELDS = schema.editable("clients")
DATE_FIELDS = tuple(n for n in TEXT_FIELDS if _CLIENT[n].kind == schema.DATE)
# Fields of several lines, whose line breaks are kept.
LONG_FIELDS = tuple(n for n in TEXT_FIELDS if _CLIENT[n].kind == schema.LONG_TEXT)


class Problem(NamedTuple):
    """Something to put right before saving: the field it is about, and what is wrong."""

    field: str
    message: str


def _text(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    return "" if value is None else str(value).strip()


def _date(text: str) -> dt.date:
    return dates.parse_date(text)


def check_client(form: Mapping[str, Any], *, today: dt.date | None = None) -> list[Problem]:
    """Problems with a person's details as typed (dates as 27/11/2026); empty when fine."""
    today = today or dates.today()
    problems: list[Problem] = []

    def problem(name: str, message: str) -> None:
        problems.append(Problem(name, message))

    given = _text(form, "given_name")
    family = _text(form, "family_name")
    if not given:
        problem("given_name", "Enter their first name.")
    if not family:
        problem("family_name", "Enter their family name (surname).")
    for name, label in (
        ("given_name", "first name"),
        ("family_name", "family name"),
        ("preferred_name", "name they go by"),
    ):
        value = _text(form, name)
        if any(ch.isdigit() for ch in value):
            problem(name, f"The {label} has a number in it: check it was typed right.")
        elif len(value) > NAME_MAX:
            problem(name, f"The {label} is longer than {NAME_MAX} letters.")

    dob_text = _text(form, "date_of_birth")
    if dob_text:
        try:
            dob = _date(dob_text)
        except ValueError:
            problem(
                "date_of_birth",
                f"“{dob_text}” is not a date. Type the date of birth as day/month/year, "
                "like 14/03/1990.",
            )
        else:
            age = dates.age_on(dob.isoformat(), today)
            if dob > today:
                problem("date_of_birth", "The date of birth is in the future: check the year.")
            elif age is not None and age > OLDEST_AGE:
                problem(
                    "date_of_birth",
                    f"That date of birth makes them {age}, over {OLDEST_AGE} years old: "
                    "check the year.",
                )
            elif age is not None and age < YOUNGEST_AGE:
                problem(
                    "date_of_birth",
                    f"That date of birth makes them {age}, too young to be at court: "
                    "check the year.",
                )

    email = _text(form, "email")
    if email and not is_email(email):
        problem(
            "email",
            f"“{email}” is not an email address; it should look like name@example.com.",
        )

    phone = _text(form, "phone")
    if phone:
        message = check_phone(phone)
        if message:
            problem("phone", message)

    postcode = _text(form, "postcode")
    if postcode and normal_postcode(postcode) is None:
        problem(
            "postcode",
            f"“{postcode}” is not a UK postcode. Type it like PL1 2AB, "
            "or leave it empty if they have no fixed address.",
        )

    contact = _text(form, "preferred_contact")
    if contact and contact not in CONTACT_METHODS:
        problem("preferred_contact", "Choose a way to contact them from the list.")
    elif contact in ("phone", "text") and not phone:
        problem("phone", "Add a phone number, or choose another way to contact them.")
    elif contact == "email" and not email:
        problem("email", "Add an email address, or choose another way to contact them.")
    elif contact == "letter" and not _text(form, "address"):
        problem("address", "Add an address for letters, or choose another way to contact them.")

    status = _text(form, "status") or "open"
    if status not in CLIENT_STATUSES:
        problem("status", "Choose whether their case is open or closed.")

    opened = _check_case_date(form, "opened_on", "opened", today, problem)
    if not _text(form, "opened_on"):
        problem("opened_on", "Enter the date their case was opened.")
    if status == "closed":
        closed = _check_case_date(form, "closed_on", "closed", today, problem)
        if not _text(form, "closed_on"):
            problem("closed_on", "Enter the date their case was closed.")
        elif opened and closed and closed < opened:
            problem(
                "closed_on",
                f"The case cannot close ({dates.show_date(closed.isoformat())}) before it "
                f"opened ({dates.show_date(opened.isoformat())}).",
            )
    return problems


def _check_case_date(
    form: Mapping[str, Any],
    name: str,
    word: str,
    today: dt.date,
    problem: Callable[[str, str], None],
) -> dt.date | None:
    text = _text(form, name)
    if not text:
        return None
    try:
        day = _date(text)
    except ValueError:
        problem(name, f"“{text}” is not a date. Type it as day/month/year, like 27/11/2026.")
        return None
    if day > today:
        problem(name, f"The date the case {word} is in the future.")
        return None
    if day.year < 1990:
        problem(name, f"The date the case {word} is before 1990: check the year.")
        return None
    return day


def client_values(form: Mapping[str, Any]) -> dict[str, Any]:
    """The values to store for a form that `check_client` found no problems with.

    Text is kept as typed (only trimmed and put in Unicode's composed form, so O'Brien,
    Nguyễn and Ní Bhriain come back exactly); dates become ISO 8601; empty fields None.
    """
    values: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        text = _text(form, name)
        if name in LONG_FIELDS:
            # Keep the lines a worker typed, without trailing spaces.
            text = "\n".join(line.rstrip() for line in text.splitlines()).strip()
        text = unicodedata.normalize("NFC", text)
        if not text:
            values[name] = None
        elif name in DATE_FIELDS:
            values[name] = _date(text).isoformat()
        elif name == "postcode":
            values[name] = normal_postcode(text) or text
        else:
            values[name] = text
    values["status"] = values["status"] or "open"
    if values["status"] == "open":
        values["closed_on"] = None
    return values
