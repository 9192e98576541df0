"""Head office's possible duplicates: pairs found through blocks, scored by the names engine."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cass_desktop.people.lookalikes import compare_people, held_name
from cass_desktop.people.matching import duplicate_pairs


def person(key, given, family, born=None, **more):
    return {
        "id": key,
        "reference": key,
        "given_name": given,
        "family_name": family,
        "date_of_birth": born,
        **more,
    }


def pairs_of(people):
    return {tuple(sorted(p.ids)) for p in duplicate_pairs(people)}


def test_the_slips_the_new_person_check_catches_are_caught_between_held_people():
    people = [
        person("a1", "Katarzyna", "Kamińska", "1979-04-08"),
        person("a2", "Katarzyna", "Kaminska", "1997-04-08"),  # two digits swapped
        person("b1", "Mohammed", "Al-Rashid", "1988-06-15"),
        person("b2", "Muhammad", "Alrashid", "1988-06-15"),  # joined particle, spelling
        person("c1", "Aoife", "O'Sullivan", "1991-05-12"),
        person("c2", "Aoife", "OSullivan", "2001-05-12"),  # the year ten out
        person("d1", "Robert", "Penrose", "1980-02-01", preferred_name="Bob"),
        person("d2", "Bob", "Penrose", None),  # the name they go by, no date of birth
    ]
    assert pairs_of(people) == {("a1", "a2"), ("b1", "b2"), ("c1", "c2"), ("d1", "d2")}


def test_the_same_score_as_the_new_person_check():
    a = person("a", "Siân", "Ní Bhriain", "1990-03-14", phone="07700 900111")
    b = person("b", "Sian", "Ni Bhriain", "1990-03-14", phone="07700900111")
    [pair] = duplicate_pairs([a, b])
    likeness = compare_people(held_name(a), a["date_of_birth"], held_name(b), b["date_of_birth"])
    assert pair.score == round(likeness.score * 100)
    assert "same phone number" in pair.reasons


def test_siblings_and_namesakes_born_on_other_days_are_not_pairs():
    people = [
        person("a", "Jago", "Trelawny", "1990-01-01"),
        person("b", "Tamsin", "Trelawny", "1990-01-01"),  # twins
        person("c", "John", "Smith", "1970-01-01"),
        person("d", "John", "Smith", "1985-09-23"),
    ]
    assert pairs_of(people) == set()


def test_pairs_said_to_be_different_people_are_skipped():
    people = [person("a", "Jago", "Trelawny", "1990-01-01"), person("b", "Jago", "Trelawny")]
    assert pairs_of(people) == {("a", "b")}
    assert duplicate_pairs(people, skip={frozenset(("a", "b"))}) == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=12), min_size=0, max_size=12))
def test_any_names_at_all_never_break_it(names):
    people = [
        person(str(i), name, names[-i] if names else "", None if i % 3 else "1990-01-01")
        for i, name in enumerate(names)
    ]
    for pair in duplicate_pairs(people):
        assert pair.first["id"] != pair.second["id"]
