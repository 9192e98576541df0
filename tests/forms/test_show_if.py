"""Show-if: each test, all/any/not, chains of hidden questions, and hidden sections."""

from __future__ import annotations

from typing import Any

import pytest

from cass_desktop import forms


def form(*later: dict[str, Any], section_if: dict | None = None) -> forms.FormDefinition:
    """Four questions of every answer shape, then `later` ones whose show-ifs are tested."""
    second: dict[str, Any] = {"id": "later", "title": "Later", "fields": list(later)}
    if section_if is not None:
        second["show_if"] = section_if
    raw = {
        "format": 1,
        "id": "shows",
        "version": 1,
        "title": "Show-if",
        "licence": {"owner": "CASS Desktop contributors", "may_reproduce": True},
        "sections": [
            {
                "id": "first",
                "title": "First",
                "fields": [
                    {"id": "yn", "kind": "yes_no", "label": "Yes or no?"},
                    {
                        "id": "one",
                        "kind": "single_choice",
                        "label": "One",
                        "options": [
                            {"value": "a", "label": "A"},
                            {"value": "b", "label": "B"},
                            {"value": "c", "label": "C"},
                        ],
                    },
                    {
                        "id": "many",
                        "kind": "multiple_choice",
                        "label": "Many",
                        "options": [
                            {"value": "x", "label": "X"},
                            {"value": "y", "label": "Y"},
                            {"value": "z", "label": "Z"},
                        ],
                    },
                    {
                        "id": "count",
                        "kind": "number",
                        "label": "How many?",
                        "validation": {"min": 0, "max": 100},
                    },
                    {"id": "words", "kind": "text", "label": "Words"},
                ],
            },
            second,
        ],
    }
    return forms.load_definition(raw, "shows.json")


def q(field_id: str, condition: dict) -> dict:
    return {"id": field_id, "kind": "text", "label": field_id, "show_if": condition}


def shown(definition: forms.FormDefinition, answers: dict) -> set[str]:
    return {f.id for f in forms.visible_fields(definition, answers)} - {
        "yn",
        "one",
        "many",
        "count",
        "words",
    }


@pytest.mark.parametrize(
    ("condition", "answers", "expected"),
    [
        ({"field": "yn", "equals": True}, {"yn": True}, True),
        ({"field": "yn", "equals": True}, {"yn": False}, False),
        ({"field": "yn", "equals": False}, {}, False),  # not answered is not "no"
        ({"field": "one", "equals": "b"}, {"one": "b"}, True),
        ({"field": "one", "in": ["a", "c"]}, {"one": "c"}, True),
        ({"field": "one", "in": ["a", "c"]}, {"one": "b"}, False),
        ({"field": "many", "any_of": ["y", "z"]}, {"many": ["x", "z"]}, True),
        ({"field": "many", "any_of": ["y", "z"]}, {"many": ["x"]}, False),
        ({"field": "many", "any_of": ["y"]}, {"many": []}, False),
        ({"field": "words", "answered": True}, {"words": "hello"}, True),
        ({"field": "words", "answered": True}, {"words": ""}, False),  # empty is unanswered
        ({"field": "words", "answered": False}, {}, True),
        ({"field": "count", "greater_than": 2}, {"count": 3}, True),
        ({"field": "count", "greater_than": 2}, {"count": 2}, False),
        ({"field": "count", "greater_than": 2}, {"count": 2.5}, True),
        ({"field": "count", "greater_than": -1}, {}, False),  # unanswered is not 0
        ({"field": "count", "equals": 0}, {"count": 0}, True),
        (
            {"all": [{"field": "yn", "equals": True}, {"field": "count", "greater_than": 1}]},
            {"yn": True, "count": 2},
            True,
        ),
        (
            {"all": [{"field": "yn", "equals": True}, {"field": "count", "greater_than": 1}]},
            {"yn": True, "count": 1},
            False,
        ),
        (
            {"any": [{"field": "yn", "equals": True}, {"field": "one", "equals": "a"}]},
            {"yn": False, "one": "a"},
            True,
        ),
        ({"not": {"field": "yn", "equals": True}}, {"yn": False}, True),
        ({"not": {"field": "yn", "equals": True}}, {}, True),  # not: unanswered is not yes
        (
            {"not": {"any": [{"field": "one", "in": ["a"]}, {"field": "many", "any_of": ["x"]}]}},
            {"one": "b", "many": ["y"]},
            True,
        ),
    ],
)
def test_each_condition(condition, answers, expected):
    definition = form(q("target", condition))
    assert ("target" in shown(definition, answers)) is expected


def test_a_hidden_question_hides_those_that_depend_on_it():
    definition = form(
        q("second", {"field": "yn", "equals": True}),
        q("third", {"field": "second", "answered": True}),
    )
    answers = {"yn": True, "second": "yes, this"}
    assert shown(definition, answers) == {"second", "third"}
    # Changing the first answer hides the second, so its old answer no longer counts.
    answers["yn"] = False
    assert shown(definition, answers) == set()
    assert forms.shown(definition, answers) == {"yn": False}


def test_a_hidden_section_hides_its_questions_and_their_required_answers():
    definition = form(
        {"id": "why", "kind": "text", "label": "Why?", "required": True},
        section_if={"field": "yn", "equals": True},
    )
    assert shown(definition, {"yn": False}) == set()
    assert forms.check_answers(definition, {"yn": False}) == []
    problems = forms.check_answers(definition, {"yn": True})
    assert [p.describe() for p in problems] == ["field “why”: is shown and needs an answer"]


def test_conditions_in_words():
    condition = {
        "all": [
            {"field": "yn", "equals": True},
            {
                "any": [
                    {"field": "one", "in": ["a", "b"]},
                    {"not": {"field": "words", "answered": True}},
                ]
            },
        ]
    }
    definition = form(q("target", condition))
    words = forms.describe_condition(definition.field("target").show_if)
    assert words == "yn is yes and (one is one of a, b or not (words is answered))"
