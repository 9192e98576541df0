"""Areas as a hierarchy, read from data head office can edit."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cass_desktop.agencies.areas import AreaTree, read_tree, tree
from cass_desktop.data import agencies


def test_a_town_is_covered_by_its_county_and_the_county_pair():
    assert tree().covering("Plymouth") == ["Plymouth", "Devon-wide", "Devon and Cornwall"]
    assert tree().covering("Truro")[1:] == ["Cornwall", "Devon and Cornwall"]
    assert tree().covering("Devon and Cornwall") == ["Devon and Cornwall"]
    assert tree().covering("Somewhere else") == ["Somewhere else"]
    assert "Plymouth" in tree().covered_by("Devon and Cornwall")


def test_a_loop_in_the_data_cannot_run_away():
    looped = AreaTree({"A": ["B"], "B": ["C"], "C": ["A"]})
    assert sorted(looped.covering("A")) == ["A", "B", "C"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("not json", "not a readable list of areas"),
        ('{"covers": []}', "does not say which areas cover which"),
        ('{"covers": {"Devon": "Plymouth"}}', "is not a list of areas"),
        (json.dumps({"covers": {"A": ["x" * 500]}}), "longer names"),
    ],
)
def test_an_unusable_file_is_refused_in_words(tmp_path, content, words):
    path = tmp_path / "areas.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=words):
        read_tree(path)


@given(st.dictionaries(st.text(max_size=8), st.lists(st.text(max_size=8), max_size=5)))
def test_any_hierarchy_gives_each_area_itself_first(covers):
    built = AreaTree(covers)
    for name in [*covers, "elsewhere"]:
        found = built.covering(name)
        assert AreaTree.key(found[0]) == AreaTree.key(name)
        assert len({AreaTree.key(f) for f in found}) == len(found)


def test_the_directory_filter_takes_an_area_and_those_covering_it(db):
    agencies.create(db, {"name": "Devon Adult Learning", "areas": "Devon-wide"})
    agencies.create(db, {"name": "East Devon Debt Advice", "areas": "East Devon"})
    agencies.create(db, {"name": "Plymouth Foodbank", "areas": "Plymouth, South Hams"})
    found = agencies.search(db, area=tree().covering("Plymouth"))
    assert [a["name"] for a in found] == ["Devon Adult Learning", "Plymouth Foodbank"]
    # A whole entry in the list, not part of one: Devon is not East Devon.
    assert [a["name"] for a in agencies.search(db, area="Devon")] == []
