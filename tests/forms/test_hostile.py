"""Definitions and answers from outside are hostile until checked: huge, deep, wrong types."""

from __future__ import annotations

import json
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cass_desktop import forms
from cass_desktop.forms.limits import MAX_BYTES, MAX_FIELDS
from cass_desktop.forms.patterns import PatternError, compile_pattern
from tests.helpers.forms import bundled, refused, small


def only(lines: list[str]) -> str:
    assert len(lines) == 1, lines
    return lines[0]


def test_too_large_is_refused_before_it_is_parsed():
    huge = json.dumps(small() | {"purpose": "x" * MAX_BYTES})
    assert "it is larger than 512 KiB" in only(refused(huge))
    assert "larger than 512 KiB" in only(refused(huge.encode()))


def test_too_deep_is_refused_without_recursing():
    deep = '{"format": 1, "id": "x", "purpose": ' + "[" * 100_000 + "]" * 100_000 + "}"
    started = time.perf_counter()
    line = only(refused(deep))
    assert "small.json, line 1: it nests deeper than 24 levels" in line
    assert time.perf_counter() - started < 2


def test_conditions_nested_too_deep_are_refused():
    raw = small()
    condition: dict = {"field": "drinks", "equals": True}
    for _ in range(10):
        condition = {"not": condition}
    raw["sections"][0]["fields"][1]["show_if"] = condition
    assert "show_if nests conditions more than 8 deep" in only(refused(raw))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"id": "a", "id": "b"}', "the key “id” appears twice in one object"),
        ('{"version": NaN}', "NaN is not a number JSON allows"),
        ('{"version": Infinity}', "Infinity is not a number JSON allows"),
        ('{"version": 1e999}', "is too large"),
        ('{"version": ' + "9" * 5000 + "}", "is too long"),
        ('{"id": "x",\n "version": 1,\n oops}', "line 3: it is not valid JSON"),
        ("[1, 2, 3]", "should hold one JSON object { }, not a list [ ]"),
        ('"a form"', "should hold one JSON object { }, not text"),
        ("", "it is not valid JSON"),
    ],
)
def test_malformed_json_is_one_plain_line(text, expected):
    assert expected in only(refused(text))


def test_bytes_that_are_not_utf8_are_refused():
    assert "it is not saved as plain text (UTF-8)" in only(refused(b'{"id": "\xff"}'))


def test_a_utf8_byte_order_mark_is_fine():
    forms.load_definition(b"\xef\xbb\xbf" + json.dumps(small()).encode(), "small.json")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda raw: raw.update({"sections": "all of them"}), "“sections” should be a list"),
        (lambda raw: raw["sections"][0].update({"fields": [1, None]}), "should be an object { }"),
        (lambda raw: raw["sections"][0]["fields"][0].update({"label": 7}), "should be text"),
        (lambda raw: raw["sections"][0]["fields"][1].update({"options": {"a": 1}}), "a list"),
        (lambda raw: raw.update({"licence": "MIT"}), "the licence: should be an object"),
        (lambda raw: raw.update({"scoring": []}), "scoring: should be an object"),
        (lambda raw: raw.update({"version": 1.5}), "should be a whole number, not a number"),
        (lambda raw: raw.update({"version": True}), "should be a whole number, not true or"),
        (lambda raw: raw.update({"title": "A\x00B"}), "“title” holds control characters"),
        (lambda raw: raw.update({"title": "x" * 201}), "“title” is 201 characters; at most 200"),
        (
            lambda raw: raw["sections"][0]["fields"][1].update(
                {"show_if": {"field": ["drinks"], "equals": True}}
            ),
            "“field” should be text, not a list",
        ),
        (
            lambda raw: raw["sections"][0]["fields"][1]["options"][0].update({"value": [0]}),
            "“value” must be text (up to 64 characters) or a whole number",
        ),
    ],
)
def test_wrong_types_are_refused_with_a_message(change, expected):
    raw = small()
    change(raw)
    lines = refused(raw)
    assert any(expected in line for line in lines), lines


def test_too_many_fields_is_refused():
    raw = small()
    raw["sections"][0]["fields"] = [
        {"id": f"f{n}", "kind": "text", "label": "F"} for n in range(MAX_FIELDS + 1)
    ]
    assert f"has {MAX_FIELDS + 1} fields; at most {MAX_FIELDS}" in refused(raw)[0]


def test_many_problems_stop_at_a_hundred():
    raw = small()
    raw["sections"][0]["fields"] = [
        {"id": f"f{n}", "kind": "nope", "label": "F"} for n in range(300)
    ]
    assert len(refused(raw)) == 100


# Anything at all, as a definition: refused or loaded, never any other exception.
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=30,
)
_KEYS = ["format", "id", "version", "title", "licence", "sections", "scoring", "domains"]


@pytest.mark.slow  # fuzz: 150 random definitions
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.dictionaries(st.sampled_from(_KEYS), _json, max_size=8))
def test_any_junk_is_refused_cleanly(raw):
    base = small()
    base.update(raw)
    try:
        forms.load_definition(json.dumps(base), "junk.json")
    except forms.DefinitionError as error:
        assert error.lines()


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["q1", "q2", "q9", "difficulty", "x"]), _json))
def test_any_junk_answers_are_problems_not_crashes(answers):
    form = bundled("phq-9")
    problems = forms.check_answers(form, answers)
    assert all(p.describe() for p in problems)


# -- patterns ------------------------------------------------------------------------------


def test_patterns_match_in_linear_time_on_hostile_answers():
    pattern = compile_pattern("a*a*a*a*a*a*a*a*a*a*b")
    started = time.perf_counter()
    assert not pattern.matches("a" * 200)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    ("pattern", "answer", "matches"),
    [
        (r"^\d{3} ?\d{3} ?\d{4}$", "943 476 5919", True),
        (r"^\d{3} ?\d{3} ?\d{4}$", "9434765919", True),
        (r"^\d{3} ?\d{3} ?\d{4}$", "943 476 591", False),
        (r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}", "PL1 2DP", True),
        (r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}", "pl1 2dp", False),
        (r"[^0-9]+", "abc", True),
        (r"\w+\.\w+", "a.b", True),
        (r"a.c", "a\nc", False),
    ],
)
def test_patterns_mean_what_regular_expressions_mean(pattern, answer, matches):
    assert compile_pattern(pattern).matches(answer) is matches


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("(a+)+", "uses a group"),
        ("a|b", "uses | (alternatives)"),
        (r"(a)\1", "uses a group"),
        (r"\1", "uses \\1"),
        ("a**", "repeats a repeat"),
        ("a{3,1}", "repeats must be in order"),
        ("a{1000}", "at most 100"),
        ("+a", "nothing before it to repeat"),
        ("[[]", "has a mistake"),
        ("a" * 201, "longer than 200"),
        ("a{100}" * 4, "too long once its repeats are counted"),
    ],
)
def test_patterns_outside_the_language_are_refused(pattern, problem):
    with pytest.raises(PatternError, match=re.escape(problem)):
        compile_pattern(pattern)
