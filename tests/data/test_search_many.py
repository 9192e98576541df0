"""Find-a-person when many people match: what is shown first, read without reading everyone.

The thresholds are lowered so a few dozen people count as "many"; the store is real.
"""

from __future__ import annotations

import pytest

from cass_desktop.data import changelog, clients, person_search
from cass_desktop.data.search import family_prefix

FAMILIES = ["Abbott", "Saunders", "Sandhu", "Stone", "Tucker", "Sharma", "Young", "Ølsen"]
GIVEN = ["Sam", "Alex", "Sara", "Tom", "Ruth", "Suki", "Łukasz"]


@pytest.fixture
def crowd(db):
    """56 people: every given name with every family name."""
    ids = {}
    for family in FAMILIES:
        for given in GIVEN:
            ids[(given, family)] = clients.create(
                db, {"given_name": given, "family_name": family}, "PLY"
            )
    return ids


@pytest.fixture
def few_is_five(monkeypatch):
    monkeypatch.setattr(person_search, "_RANK_AT_MOST", 5)


def _names(rows):
    return [(r["given_name"], r["family_name"]) for r in rows]


def _listed(db, text, limit):
    """The first `limit` people the Clients list shows for `text` (everyone, in name order)."""
    rows = clients.rows_for(db, clients.list_rowids(db, text=text, status=None))
    return [
        (rows[r]["given_name"], rows[r]["family_name"])
        for r in clients.list_rowids(db, text=text, status=None, limit=limit)
    ]


def test_family_prefix_is_one_plain_word_searched_by_name():
    assert family_prefix("s") == "s"
    assert family_prefix(" Tuc ") == "tuc"
    assert family_prefix("ro") == "ro"
    for typed in ["sam tu", "o'b", "Łuk", "7KQM", "14/03", "07700900123", "", "al-r"]:
        assert family_prefix(typed) is None, typed


def test_many_match_one_word_shows_family_names_starting_so_in_name_order(db, crowd, few_is_five):
    found = _names(clients.search(db, "s", limit=10))
    every_s = {(g, f) for (g, f) in crowd if f.startswith("S")}
    assert len(found) == 10 and set(found) <= every_s
    assert found == sorted(found, key=lambda n: (n[1].casefold(), n[0].casefold()))
    assert found[0] == ("Alex", "Sandhu")  # Sandhu before Saunders, Alex before Łukasz
    # Every one of them is someone the Clients list finds for "s".
    assert set(found) <= set(_listed(db, "s", 1000))


def test_many_match_few_family_names_shows_the_first_of_them_all_by_name(db, crowd, few_is_five):
    # "sam": eight people called Sam, no family name starting so: the first by name of all.
    assert _names(clients.search(db, "sam", limit=4)) == _listed(db, "sam", 4)
    assert _names(clients.search(db, "sam", limit=4))[0] == ("Sam", "Abbott")
    # "tuc": only seven Tuckers, fewer than asked for: the first of everyone matched.
    assert _names(clients.search(db, "tuc", limit=9)) == _listed(db, "tuc", 9)


@pytest.mark.parametrize("typed", ["sam", "s", "sa", "a", "s t", "lukasz", "tuc"])
def test_what_is_shown_is_what_the_list_shows_first_unless_family_names_are_read(
    db, crowd, few_is_five, typed
):
    found = _names(clients.search(db, typed, limit=6))
    if family_prefix(typed) is None:
        assert found == _listed(db, typed, 6)
    else:
        assert set(found) <= set(_listed(db, typed, 1000))


def test_the_deleted_and_merged_away_are_never_shown_when_many_match(db, crowd, few_is_five):
    changelog.delete(db, "clients", crowd[("Alex", "Sandhu")])
    clients.update(db, crowd[("Łukasz", "Sandhu")], {"merged_into": crowd[("Sam", "Sandhu")]})
    found = _names(clients.search(db, "s", limit=20))
    assert ("Alex", "Sandhu") not in found and ("Łukasz", "Sandhu") not in found
    assert ("Sam", "Sandhu") in found
    assert ("Alex", "Sandhu") not in _names(clients.search(db, "alex", limit=20))


def test_few_matches_are_best_first_then_by_name(db, crowd):
    clients.create(db, {"given_name": "Tomasz", "family_name": "Sandhu-Tomlin"}, "PLY")
    found = _names(clients.search(db, "tom", limit=20))
    assert set(found) == set(_listed(db, "tom", 1000))
    toms = [n for n in found if n[0] == "Tom"]
    assert len(toms) == len(FAMILIES) and toms == sorted(toms, key=lambda n: n[1].casefold())


def test_nothing_is_asked_for_nothing_is_read(db, crowd):
    assert clients.search(db, "sam", limit=0) == []
    assert clients.search(db, "   ") == []


@pytest.mark.parametrize("sort_at_most", [0, 600])
@pytest.mark.parametrize("typed", ["sam", "s t", "sa", "łukasz sa", "alex s", "ruth"])
def test_the_first_by_name_whether_sorted_or_read_from_the_name_index(
    db, crowd, few_is_five, monkeypatch, typed, sort_at_most
):
    """A few hundred matches are sorted, more are read from the name index in order: the
    same people either way, and the same as the Clients list shows first."""
    monkeypatch.setattr(person_search, "_FIND_SORT_AT_MOST", sort_at_most)
    found = _names(clients.search(db, typed, limit=6))
    if family_prefix(typed) is None:
        assert found == _listed(db, typed, 6)
    changelog.delete(db, "clients", crowd[("Alex", "Sandhu")])
    assert ("Alex", "Sandhu") not in _names(clients.search(db, typed, limit=60))


def test_only_the_best_are_read_but_the_gone_never_shorten_the_list(db, crowd):
    """Fewer than can be ranked match: the first `limit` by rank then name, the same whether
    few or all are asked for, however many of the best were deleted or merged away."""
    everyone = _names(clients.search(db, "tom", limit=50))
    assert _names(clients.search(db, "tom", limit=3)) == everyone[:3]
    for given, family in everyone[:2]:
        changelog.delete(db, "clients", crowd[(given, family)])
    clients.update(db, crowd[everyone[2]], {"merged_into": crowd[everyone[3]]})
    assert _names(clients.search(db, "tom", limit=3)) == everyone[3:6]
    assert _names(clients.search(db, "Tom", limit=50)) == everyone[3:]
