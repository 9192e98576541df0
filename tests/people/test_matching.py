"""People who may be the same person."""

from __future__ import annotations

import datetime as dt

import pytest

from cass_desktop.data import changelog
from cass_desktop.people.matching import dob_relation, find_similar, fold, name_similarity


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Siân", "sian"),
        ("Łukasz", "lukasz"),
        ("Zoë", "zoe"),
        ("O'Brien", "obrien"),
        ("O’Brien", "obrien"),
        ("Nguyễn", "nguyen"),
        ("Ní Bhriain", "ni bhriain"),
        ("Smith-Jones", "smith jones"),
        ("Øystein Straße", "oystein strasse"),
        (None, ""),
    ],
)
def test_fold(name, folded):
    assert fold(name) == folded


def test_dob_relation():
    assert dob_relation("1990-03-04", dt.date(1990, 3, 4)) == "same"
    assert dob_relation("1990-03-04", "1990-04-03") == "swapped"
    assert dob_relation("1990-03-04", "1991-03-04") == "one_digit"
    assert dob_relation("1990-03-04", "1980-07-21") == "different"
    assert dob_relation(None, "1990-03-04") == "unknown"


def test_name_similarity_folds_accents_and_tries_the_name_they_go_by():
    held = {"given_name": "Siân", "family_name": "O'Brien", "preferred_name": "Shan"}
    assert name_similarity("Sian", "OBrien", held) == (100, None)
    assert name_similarity("Shan", "O'Brien", held) == (100, "preferred")
    assert name_similarity("O'Brien", "Siân", held)[0] >= 90  # names the other way round
    assert name_similarity("", "O'Brian", held)[0] >= 80  # only the family name typed yet
    assert name_similarity("John", "Smith", held)[0] < 50


@pytest.fixture
def people(db):
    changelog.save_new_many(
        db,
        "clients",
        [
            {
                "reference": "PLY-A",
                "given_name": "Siân",
                "family_name": "O'Brien",
                "date_of_birth": "1990-03-14",
                "status": "open",
            },
            {
                "reference": "PLY-B",
                "given_name": "Łukasz",
                "family_name": "Kowalski",
                "date_of_birth": "1985-04-07",
                "status": "closed",
            },
            {
                "reference": "PLY-C",
                "given_name": "Robert",
                "family_name": "Penrose",
                "preferred_name": "Bob",
                "date_of_birth": None,
                "status": "open",
            },
            {
                "reference": "PLY-D",
                "given_name": "Margaret",
                "family_name": "Trelawney",
                "date_of_birth": "1990-03-14",
                "status": "open",
            },
            {
                "reference": "PLY-E",
                "given_name": "John",
                "family_name": "Smith",
                "date_of_birth": "1970-01-01",
                "status": "open",
            },
        ],
    )
    return db


def refs(found):
    return [c.client["reference"] for c in found]


def test_same_date_of_birth_and_similar_name(people):
    found = find_similar(people, "Sian", "O'Bryan", dt.date(1990, 3, 14))
    assert refs(found) == ["PLY-A"]  # Margaret Trelawney shares the date but not the name
    reasons = found[0].reasons
    assert reasons[0] == "same date of birth"
    assert reasons[1].startswith("similar name (") and reasons[1].endswith("%)")


def test_accents_folded_both_ways(people):
    found = find_similar(people, "Lukasz", "Kowalski", "1985-04-07")
    assert refs(found) == ["PLY-B"]
    assert found[0].reasons == ["same date of birth", "same name"]


def test_day_and_month_swapped(people):
    found = find_similar(people, "Lukasz", "Kowalsky", dt.date(1985, 7, 4))
    assert refs(found) == ["PLY-B"]
    assert "day and month swapped in date of birth" in found[0].reasons


def test_the_name_they_go_by_and_no_date_of_birth(people):
    found = find_similar(people, "Bob", "Penrose", None)
    assert refs(found) == ["PLY-C"]
    assert found[0].reasons == ["same name as the name they go by"]


def test_same_name_but_a_different_date_of_birth_is_someone_else(people):
    assert find_similar(people, "John", "Smith", dt.date(1988, 6, 30)) == []


def test_nothing_typed_yet_and_the_person_being_edited_is_left_out(people):
    assert find_similar(people, "", "", None) == []
    first = find_similar(people, "Siân", "O'Brien", "1990-03-14")
    assert refs(first) == ["PLY-A"]
    assert (
        find_similar(people, "Siân", "O'Brien", "1990-03-14", exclude_id=first[0].client_id) == []
    )


def test_deleted_people_are_not_offered(people):
    found = find_similar(people, "Siân", "O'Brien", "1990-03-14")
    changelog.delete(people, "clients", found[0].client_id)
    assert find_similar(people, "Siân", "O'Brien", "1990-03-14") == []


def test_a_missing_date_of_birth_is_said_plainly(people):
    typed_without = find_similar(people, "Siân", "O'Brien", None)
    assert typed_without[0].reasons == ["same name", "date of birth not typed yet"]
    held_without = find_similar(people, "Robert", "Penrose", dt.date(1980, 5, 1))
    assert held_without[0].reasons == ["same name", "no date of birth held for them"]
