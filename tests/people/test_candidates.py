"""The look-alike check against a real store: found through indexes, scored with reasons."""

from __future__ import annotations

import pytest
import sqlite_utils

from cass_desktop.data import clients
from cass_desktop.people.candidates import find_lookalikes, name_expression
from cass_desktop.people.names import Name


@pytest.fixture
def held(db: sqlite_utils.Database) -> dict[str, str]:
    people = {
        "kaminska": ("Katarzyna", "Kamińska", "1979-04-08"),
        "alrashid": ("Mohammed", "Al-Rashid", "1990-02-03"),
        "smith": ("James", "Smith", "1985-07-22"),
        "darcy": ("Seán", "D'Arcy", "1970-05-05"),
    }
    return {
        key: clients.create(db, {"given_name": g, "family_name": f, "date_of_birth": born}, "PLY")
        for key, (g, f, born) in people.items()
    }


def _ids(found) -> list[str]:
    return [row["id"] for row, _ in found]


def test_issue_9_year_typo_and_future_date(db, held) -> None:
    found = find_lookalikes(db, Name("Katarzyna", "Kaminska"), "08/04/1997")
    assert _ids(found) == [held["kaminska"]]
    assert "two digits swapped" in found[0][1].reason_text
    future = find_lookalikes(db, Name("Katarzyna", "Kaminska"), "08/04/2079")
    assert _ids(future) == [held["kaminska"]]


def test_issue_9_transliteration_and_hyphen(db, held) -> None:
    found = find_lookalikes(db, Name("Muhammad", "Alrashid"), "03/02/1990")
    assert _ids(found) == [held["alrashid"]]
    assert found[0][1].score >= 0.95


def test_found_by_name_without_a_date_of_birth(db, held) -> None:
    assert _ids(find_lookalikes(db, Name("Sean", "Darcy"))) == [held["darcy"]]
    assert _ids(find_lookalikes(db, Name("Darcy", "Sean"))) == [held["darcy"]]  # other order


def test_a_different_date_of_birth_lowers_a_same_name_match_but_never_hides_it(db, held) -> None:
    # Issue 9 #3: typing a (mistyped) date of birth removed a warning that was showing.
    [(row, likeness)] = find_lookalikes(db, Name("James", "Smith"), "14/03/1990")
    assert row["id"] == held["smith"]
    assert not likeness.likely() and likeness.shown()
    assert "different dates of birth (14 Mar 1990 and 22 Jul 1985)" in likeness.reason_text
    [(row, same_day)] = find_lookalikes(db, Name("James", "Smith"), "22/07/1985")
    assert same_day.likely() and same_day.score > likeness.score
    # A similar name (not the same) born on another day is someone else.
    assert find_lookalikes(db, Name("Jamie", "Smithson"), "14/03/1990") == []


def test_the_person_being_edited_is_left_out(db, held) -> None:
    found = find_lookalikes(db, Name("James", "Smith"), "22/07/1985", exclude_id=held["smith"])
    assert found == []


def test_name_expression() -> None:
    expression = name_expression(Name("Bill", "O'Neill"))
    assert expression is not None
    assert '"oneill"' in expression and '"william"' in expression and '"bil"*' in expression
    assert name_expression(Name()) is None
