"""Every kind of bad definition is refused whole, with a message naming the field and line."""

from __future__ import annotations

import json

import pytest

from cass_desktop import forms
from tests.helpers.forms import refused, small


def fields(raw):
    return raw["sections"][0]["fields"]


def scoring(raw):
    return raw["scoring"]


def set_in(getter, key, value):
    def change(raw):
        getter(raw)[key] = value

    return change


def drinks(raw):
    return fields(raw)[0]


def often(raw):
    return fields(raw)[1]


def total(raw):
    return scoring(raw)["scores"][0]


def bands(raw):
    return total(raw)["bands"]


def add_field(field):
    return lambda raw: fields(raw).append(field)


CASES = [
    (
        "unknown kind",
        set_in(often, "kind", "slider"),
        "field “often”: has the unknown kind “slider”; kinds are text, long_text, number",
    ),
    (
        "show-if on a later field",
        set_in(drinks, "show_if", {"field": "often", "equals": 1}),
        "field “drinks”: show_if names “often”, which comes after it: a question can only "
        "depend on answers given before it",
    ),
    (
        "show-if on a missing field",
        set_in(often, "show_if", {"field": "drink", "equals": True}),
        "field “often”: show_if names “drink”, which is not a field",
    ),
    (
        "show-if on itself",
        set_in(often, "show_if", {"field": "often", "equals": 1}),
        "field “often”: show_if names the question itself",
    ),
    (
        "show-if on a score",
        set_in(often, "show_if", {"score": "total", "greater_than": 1}),
        "field “often”: show_if names a score; a question can only depend on answers",
    ),
    (
        "duplicate field ids",
        add_field({"id": "drinks", "kind": "text", "label": "Again"}),
        "field “drinks”: appears twice: field ids must differ",
    ),
    (
        "duplicate section ids",
        lambda raw: raw["sections"].append(
            {"id": "first", "title": "Again", "fields": [{"id": "x", "kind": "text", "label": "X"}]}
        ),
        "section “first”: appears twice: section ids must differ",
    ),
    (
        "options without scores in a scored field",
        lambda raw: [o.pop("score") for o in often(raw)["options"]],
        "score “total”: counts “often”, but its options have no scores",
    ),
    (
        "some options scored, some not",
        lambda raw: often(raw)["options"][1].pop("score"),
        "field “often”: some options have a score and some do not (“Weekly” has none)",
    ),
    (
        "a yes/no counted without scores",
        lambda raw: drinks(raw).pop("scores"),
        "score “total”: counts “drinks”, but it does not say what yes and no score",
    ),
    (
        "text counted in a score",
        lambda raw: total(raw)["items"].append("notes"),
        "score “total”: counts “notes”, but a long text question cannot be scored",
    ),
    (
        "bands overlap",
        lambda raw: bands(raw)[1].update({"from": 1}),
        "score “total”, band 2 (“High”): starts at 1, but the band before it ends at 1: 1 would "
        "be in two bands",
    ),
    (
        "bands leave a gap",
        lambda raw: bands(raw)[1].update({"from": 4}),
        "score “total”, band 2 (“High”): starts at 4, but the band before it ends at 1: 2 to 3 "
        "would be in no band",
    ),
    (
        "first band starts above the lowest score",
        lambda raw: bands(raw)[0].update({"from": 1}),
        "score “total”, band 1 (“Low”): starts at 1, but the score can be as low as 0",
    ),
    (
        "last band stops short",
        lambda raw: bands(raw)[1].update({"to": 4}),
        "score “total”, band 2 (“High”): ends at 4, but the score can be as high as 5",
    ),
    (
        "band from above to",
        lambda raw: bands(raw)[1].update({"from": 5, "to": 2}),
        "runs from 5 to 2: “from” must not be above “to”",
    ),
    (
        "declared range disagrees",
        set_in(total, "range", [0, 6]),
        "score “total”: declares the range 0 to 6, but its items add up to 0 to 5",
    ),
    (
        "flag rule names a missing field",
        lambda raw: scoring(raw)["flags"][0].update({"when": {"field": "oftn", "equals": 2}}),
        "flag “daily”: when names “oftn”, which is not a field",
    ),
    (
        "flag rule names a missing score",
        lambda raw: scoring(raw)["flags"][0].update({"when": {"score": "sum", "greater_than": 2}}),
        "flag “daily”: when names the score “sum”, which is not one",
    ),
    (
        "flag rule without when",
        lambda raw: scoring(raw)["flags"][0].pop("when"),
        "flag “daily”: needs “when”",
    ),
    (
        "flag severity",
        lambda raw: scoring(raw)["flags"][0].update({"severity": "red"}),
        "flag “daily”: “severity” must be one of info, warning, urgent",
    ),
    (
        "need domain unknown",
        lambda raw: scoring(raw)["needs"][0].update({"domain": "hobbies"}),
        "need 1: names the domain “hobbies”, which is neither one of the app's",
    ),
    (
        "need level unknown",
        lambda raw: scoring(raw)["needs"][0].update({"level": "severe"}),
        "need 1 (“substances”): “level” must be one of low, medium, high",
    ),
    (
        "need level_from not a level question",
        lambda raw: scoring(raw)["needs"][0].update({"level_from": "often", "level": None}),
        "“level_from” names “often”, which must be a single choice with some option values "
        "from low, medium, high",
    ),
    (
        "domain mapped to a key the app does not have",
        lambda raw: raw.update({"domains": {"gambling": {"label": "Gambling", "vocab": "bets"}}}),
        "domain “gambling”: “vocab” must be one of housing, money",
    ),
    (
        "a typo in a key",
        lambda raw: drinks(raw).update({"requred": True}),
        "field “drinks”: has an unknown key “requred”",
    ),
    (
        "a wrong type",
        set_in(drinks, "required", "yes"),
        "field “drinks”: “required” should be true or false, not text",
    ),
    (
        "a condition value that is not an option",
        lambda raw: scoring(raw)["flags"][0].update({"when": {"field": "often", "equals": 3}}),
        "flag “daily”: when on “often”: 3 is not one of its options",
    ),
    (
        "greater_than on text",
        lambda raw: scoring(raw)["flags"][0].update(
            {"when": {"field": "notes", "greater_than": 3}}
        ),
        "greater_than needs a number, scale or number-valued choice, not long_text",
    ),
    (
        "two tests in one condition",
        set_in(often, "show_if", {"field": "drinks", "equals": True, "answered": True}),
        "field “often”: show_if needs exactly one test of: equals, in, any_of, answered, "
        "greater_than (has 2)",
    ),
    (
        "a pattern that could backtrack",
        add_field(
            {"id": "ref", "kind": "text", "label": "Ref", "validation": {"pattern": "(a+)+"}}
        ),
        "field “ref”: the pattern uses a group ( ): patterns here have no groups",
    ),
    (
        "a validation key the kind does not take",
        set_in(often, "validation", {"max_length": 3}),
        "field “often”: a single_choice takes no “max_length” (it takes: none)",
    ),
    (
        "min above max",
        add_field(
            {"id": "age", "kind": "number", "label": "Age", "validation": {"min": 9, "max": 1}}
        ),
        "field “age”: min (9) is more than max (1)",
    ),
    (
        "a scale without ends",
        add_field({"id": "mood", "kind": "scale", "label": "Mood"}),
        "field “mood”: a scale needs validation min and max",
    ),
    (
        "options on a text question",
        add_field({"id": "t", "kind": "text", "label": "T", "options": []}),
        "field “t”: options are only for choice questions, not text",
    ),
    (
        "a single choice with one option",
        set_in(often, "options", [{"value": 0, "label": "Only", "score": 0}]),
        "field “often”: needs at least 2 options",
    ),
    (
        "an option value twice",
        lambda raw: often(raw)["options"][1].update({"value": 0}),
        "field “often”, option 2: has the value 0 twice",
    ),
    (
        "a score counting a score that is not earlier",
        lambda raw: total(raw)["items"].append({"score": "later"}),
        "score “total”: counts the score “later”, which is not an earlier score",
    ),
    (
        "a format from the future",
        lambda raw: raw.update({"format": 2}),
        "the form: is written in format 2, which needs a newer CASS Desktop",
    ),
    ("no id", lambda raw: raw.pop("id"), "the form: needs “id”"),
    (
        "an id that could be a path",
        lambda raw: raw.update({"id": "../phq-9"}),
        "the form: “id” is “../phq-9”; it must be lower-case letters",
    ),
    (
        "version 0",
        lambda raw: raw.update({"version": 0}),
        "the form: “version” is 0; it must be 1 to 1000000",
    ),
    (
        "licence without may_reproduce",
        lambda raw: raw["licence"].pop("may_reproduce"),
        "the licence: needs “may_reproduce”",
    ),
]


@pytest.mark.parametrize(("change", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_definition_is_refused_naming_the_problem(change, expected):
    raw = small()
    change(raw)
    lines = refused(raw)
    assert any(expected in line for line in lines), lines
    assert all(line.startswith("small.json, line ") for line in lines), lines


def test_the_line_named_is_the_line_of_the_problem():
    raw = small()
    often(raw)["show_if"] = {"field": "drink", "equals": True}
    text = json.dumps(raw, indent=2)
    [line] = refused(text)
    number = int(line.split("line ")[1].split(":")[0])
    assert '"field": "drink"' in text.splitlines()[number - 1]


def test_every_problem_is_reported_and_nothing_is_loaded():
    raw = small()
    often(raw)["kind"] = "slider"
    drinks(raw)["requred"] = True
    bands(raw)[1]["from"] = 4
    scoring(raw)["flags"][0]["when"] = {"field": "oftn", "equals": 2}
    text = json.dumps(raw, indent=2)
    with pytest.raises(forms.DefinitionError) as caught:
        forms.load_definition(text, "small.json")
    lines = caught.value.lines()
    assert len(lines) == 3, lines  # the band problem is not repeated: "often" was refused
    assert "unknown kind" in lines[1] and "requred" in lines[0] and "oftn" in lines[2]
    assert forms.check_definition(text, "small.json") == caught.value.problems
    assert str(caught.value).startswith("The form small.json was refused: small.json, line ")


def test_a_valid_definition_has_no_problems():
    assert forms.check_definition(json.dumps(small()), "small.json") == []


def test_a_show_if_on_an_earlier_section_is_allowed_and_a_later_one_is_not():
    raw = small()
    raw["sections"].append(
        {
            "id": "second",
            "title": "Second",
            "show_if": {"field": "drinks", "equals": True},
            "fields": [{"id": "where", "kind": "text", "label": "Where?"}],
        }
    )
    forms.load_definition(raw, "small.json")
    raw["sections"][1]["show_if"] = {"field": "where", "answered": True}
    lines = refused(raw)
    assert any("section “second”: show_if names “where”, which comes after it" in x for x in lines)
