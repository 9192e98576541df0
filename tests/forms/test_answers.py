"""Answers checked against their questions: kinds, limits, options, required-if-shown."""

from __future__ import annotations

import pytest

from cass_desktop import forms


def one_question(kind: str, **extra) -> forms.FormDefinition:
    field = {"id": "a", "kind": kind, "label": "A", "required": True, **extra}
    raw = {
        "format": 1,
        "id": "one",
        "version": 1,
        "title": "One question",
        "licence": {"owner": "CASS Desktop contributors", "may_reproduce": True},
        "sections": [{"id": "s", "title": "S", "fields": [field]}],
    }
    return forms.load_definition(raw, "one.json")


CHOICES = {"options": [{"value": "red", "label": "Red"}, {"value": 2, "label": "Two"}]}


@pytest.mark.parametrize(
    ("kind", "extra", "answer", "problem"),
    [
        ("text", {}, "Plymouth", None),
        ("text", {}, 5, "should be text, not a whole number"),
        ("text", {}, "x" * 201, "is 201 characters long; at most 200"),
        ("text", {"validation": {"max_length": 5}}, "abcdef", "at most 5"),
        ("text", {}, "two\nlines", "holds control characters or line breaks"),
        ("long_text", {}, "two\nlines\r\nand more", None),
        ("long_text", {}, "bell\x07", "holds control characters"),
        (
            "text",
            {
                "validation": {
                    "pattern": r"\d{3} ?\d{3} ?\d{4}",
                    "pattern_hint": "like 943 476 5919",
                }
            },
            "943 476 5919",
            None,
        ),
        (
            "text",
            {
                "validation": {
                    "pattern": r"\d{3} ?\d{3} ?\d{4}",
                    "pattern_hint": "like 943 476 5919",
                }
            },
            "94347659",
            "“94347659” is not in the form this question needs (like 943 476 5919)",
        ),
        ("number", {"validation": {"min": 0, "max": 10}}, 10, None),
        (
            "number",
            {"validation": {"min": 0, "max": 10}},
            10.5,
            "is 10.5; the highest allowed is 10",
        ),
        ("number", {"validation": {"min": 0}}, -1, "is -1; the lowest allowed is 0"),
        ("number", {"validation": {"integer": True}}, 2.5, "should be a whole number, not 2.5"),
        ("number", {}, True, "should be a number, not true or false"),
        ("number", {}, "3", "should be a number, not text"),
        ("date", {}, "2026-11-27", None),
        ("date", {}, "27/11/2026", "“27/11/2026” is not a date written 2026-11-27"),
        ("date", {}, "2026-02-30", "is not a date"),
        (
            "date",
            {"validation": {"max": "2026-12-31"}},
            "2027-01-01",
            "the latest allowed is 31 Dec 2026",
        ),
        ("yes_no", {}, False, None),
        ("yes_no", {}, 1, "should be true or false, not a whole number"),
        ("yes_no", {}, "yes", "should be true or false, not text"),
        ("single_choice", CHOICES, "red", None),
        ("single_choice", CHOICES, 2, None),
        ("single_choice", CHOICES, "2", "“2” is not one of its options (“red”, 2)"),
        ("single_choice", CHOICES, "blue", "is not one of its options"),
        ("single_choice", CHOICES, ["red"], "a list [ ] is not one of its options"),
        ("multiple_choice", CHOICES, ["red", 2], None),
        ("multiple_choice", CHOICES, "red", "should be a list of options, not text"),
        ("multiple_choice", CHOICES, ["red", "red"], "has “red” twice"),
        ("multiple_choice", CHOICES, [["red"]], "is not one of its options"),
        ("multiple_choice", CHOICES | {"validation": {"max": 1}}, ["red", 2], "at most 1"),
        ("scale", {"validation": {"min": 1, "max": 5}}, 5, None),
        ("scale", {"validation": {"min": 1, "max": 5}}, 0, "is 0; the lowest allowed is 1"),
        (
            "scale",
            {"validation": {"min": 1, "max": 5}},
            2.0,
            "should be a whole number from 1 to 5",
        ),
    ],
)
def test_each_kind_of_answer(kind, extra, answer, problem):
    definition = one_question(kind, **extra)
    problems = [p.describe() for p in forms.check_answers(definition, {"a": answer})]
    if problem is None:
        assert problems == []
    else:
        [line] = problems
        assert line.startswith("field “a”: ")
        assert problem in line


@pytest.mark.parametrize("empty", [None, "", []])
def test_empty_answers_are_not_answers(empty):
    definition = one_question("text")
    assert [p.message for p in forms.check_answers(definition, {"a": empty})] == [
        "is shown and needs an answer"
    ]
    assert forms.check_answers(definition, {"a": empty}, partial=True) == []


def test_unknown_questions_and_wrong_shapes_are_problems():
    definition = one_question("yes_no")
    [problem] = forms.check_answers(definition, {"a": True, "b": 1})
    assert problem.describe() == "“b”: there is no such question in one version 1"
    [problem] = forms.check_answers(definition, ["a"])
    assert "should be an object { } of question ids, not a list" in problem.message


def test_a_draft_still_refuses_wrong_answers():
    definition = one_question("yes_no")
    with pytest.raises(forms.AnswersError) as caught:
        forms.score_answers(definition, {"a": "maybe"})
    assert caught.value.lines() == ["field “a”: should be true or false, not text"]


def test_complete_needs_every_required_answer_shown():
    definition = one_question("yes_no")
    with pytest.raises(forms.AnswersError) as caught:
        forms.complete(definition, {}, completed_by="w1")
    assert "field “a”: is shown and needs an answer" in str(caught.value)
