"""Conditions: when a question is shown, and when a flag or a proposed need applies.

    {"field": "q1", "equals": true}           yes/no, a choice's value, a number, text
    {"field": "q1", "in": [1, 2]}             the answer is one of these
    {"field": "q5", "any_of": ["a", "b"]}     a multiple choice includes any of these
    {"field": "q1", "answered": true}         answered at all (or, with false, not)
    {"field": "q9", "greater_than": 0}        a number, scale, or choice with number values
    {"score": "total", "greater_than": 9}     flags and needs only: a computed score
    {"all": [...]}, {"any": [...]}, {"not": {...}}

A question's show-if may only name questions before it (so one pass in form order decides
what is shown) and never a score (scores depend on what is shown). A question that is hidden
or not answered satisfies nothing but `not` and `answered: false`.

Each condition is compiled once, when the definition is loaded, into a function of the
answers shown and the scores, so evaluating it is a few dictionary look-ups.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from cass_desktop.forms import model
from cass_desktop.forms.check import Checker, Path, type_name
from cass_desktop.forms.limits import MAX_CONDITION_DEPTH, MAX_CONDITION_TERMS
from cass_desktop.forms.model import Condition, Field, Score, Test

TESTS = ("equals", "in", "any_of", "answered", "greater_than")
GROUPS = ("all", "any", "not")


@dataclass(frozen=True)
class Scope:
    """What a condition may name: `fields` it may read; `later`, fields that exist but come
    after (to say so); `scores` it may read, or None where scores are not allowed."""

    fields: Mapping[str, Field]
    later: frozenset[str] = frozenset()
    scores: Mapping[str, Score] | None = None
    itself: str | None = None  # the field whose show-if this is


def read(
    checker: Checker,
    raw: Any,
    path: Path,
    where: str,
    key: str,
    scope: Scope,
    depth: int = 0,
) -> Condition | None:
    """The condition in `raw` (at `path`, the value of `key` in `where`), or None with the
    problems recorded."""
    if depth > MAX_CONDITION_DEPTH:
        checker.add(path, where, f"{key} nests conditions more than {MAX_CONDITION_DEPTH} deep")
        return None
    raw = checker.object(raw, path, where)
    if raw is None:
        return None
    groups = [g for g in GROUPS if g in raw]
    if groups:
        return _group(checker, raw, path, where, key, scope, depth, groups)
    tests = [t for t in TESTS if t in raw]
    names = [n for n in ("field", "score") if n in raw]
    unknown = [k for k in raw if k not in (*TESTS, "field", "score")]
    if unknown:
        checker.add((*path, unknown[0]), where, f"{key} has an unknown key “{unknown[0][:64]}”")
        return None
    if len(names) != 1:
        checker.add(path, where, f"{key} must name one “field” (or, in a rule, one “score”)")
        return None
    if len(tests) != 1:
        checker.add(
            path, where, f"{key} needs exactly one test of: {', '.join(TESTS)} (has {len(tests)})"
        )
        return None
    test = tests[0]
    value = raw[test]
    if names[0] == "score":
        return _on_score(checker, raw, path, where, key, scope, test, value)
    return _on_field(checker, raw, path, where, key, scope, test, value)


def _group(checker, raw, path, where, key, scope, depth, groups) -> Condition | None:
    if len(groups) != 1 or len(raw) != 1:
        checker.add(path, where, f"{key}: “{groups[0]}” must be alone in its object")
        return None
    op = groups[0]
    if op == "not":
        inner = read(checker, raw["not"], (*path, "not"), where, key, scope, depth + 1)
        if inner is None:
            return None
        return Condition("not", terms=(inner,), test=_not(inner.test))
    terms_raw = raw[op]
    if not isinstance(terms_raw, list) or not terms_raw:
        checker.add((*path, op), where, f"{key}: “{op}” needs a list of conditions")
        return None
    if len(terms_raw) > MAX_CONDITION_TERMS:
        checker.add((*path, op), where, f"{key}: “{op}” has more than {MAX_CONDITION_TERMS} terms")
        return None
    terms = [
        read(checker, term, (*path, op, n), where, key, scope, depth + 1)
        for n, term in enumerate(terms_raw)
    ]
    if any(t is None for t in terms):
        return None
    tests = tuple(t.test for t in terms if t is not None)
    kept = tuple(t for t in terms if t is not None)
    return Condition(op, terms=kept, test=_all(tests) if op == "all" else _any(tests))


def _on_field(checker, raw, path, where, key, scope, test, value) -> Condition | None:
    name = raw["field"]
    if not isinstance(name, str):
        checker.add(
            (*path, "field"), where, f"{key}: “field” should be text, not {type_name(name)}"
        )
        return None
    if name == scope.itself:
        checker.add((*path, "field"), where, f"{key} names the question itself")
        return None
    field = scope.fields.get(name)
    if field is None:
        if name in scope.later:
            checker.add(
                (*path, "field"),
                where,
                f"{key} names “{name}”, which comes after it: a question can only depend on "
                "answers given before it",
            )
        else:
            checker.add((*path, "field"), where, f"{key} names “{name[:64]}”, which is not a field")
        return None
    problem = _value_problem(field, test, value)
    if problem:
        checker.add((*path, test), where, f"{key} on “{name}”: {problem}")
        return None
    values = tuple(value) if test in ("in", "any_of") else ()
    condition = Condition(test, field=name, value=None if values else value, values=values)
    return replace(condition, test=_compile(condition, name, on_score=False))


def _on_score(checker, raw, path, where, key, scope, test, value) -> Condition | None:
    name = raw["score"]
    if scope.scores is None:
        checker.add(
            (*path, "score"),
            where,
            f"{key} names a score; a question can only depend on answers given before it",
        )
        return None
    if not isinstance(name, str) or name not in scope.scores:
        shown = name[:64] if isinstance(name, str) else type_name(name)
        checker.add((*path, "score"), where, f"{key} names the score “{shown}”, which is not one")
        return None
    if test == "any_of":
        checker.add((*path, test), where, f"{key}: a score is a number; use greater_than or in")
        return None
    if test == "answered":
        ok = type(value) is bool
    elif test == "in":
        ok = isinstance(value, list) and bool(value) and all(type(v) is int for v in value)
    else:
        ok = type(value) is int
    if not ok:
        checker.add(
            (*path, test), where, f"{key} on the score “{name}”: {test} needs whole numbers"
        )
        return None
    values = tuple(value) if test == "in" else ()
    condition = Condition(test, score=name, value=None if values else value, values=values)
    return replace(condition, test=_compile(condition, name, on_score=True))


def _is_number(value: Any) -> bool:
    return type(value) in (int, float)


def _value_problem(field: Field, test: str, value: Any) -> str | None:
    """Why `value` cannot be tested against `field` this way, or None if it can."""
    kind = field.kind
    if test == "answered":
        return None if type(value) is bool else "answered needs true or false"
    if test == "greater_than":
        numeric = kind in (model.NUMBER, model.SCALE) or (
            kind == model.SINGLE_CHOICE and all(type(o.value) is int for o in field.options)
        )
        if not numeric:
            return f"greater_than needs a number, scale or number-valued choice, not {kind}"
        return None if _is_number(value) else f"greater_than needs a number, not {type_name(value)}"
    if test == "any_of":
        if kind != model.MULTIPLE_CHOICE:
            return "any_of is for a multiple choice; use in for one answer"
        values = value
    elif kind == model.MULTIPLE_CHOICE:
        return f"{test} cannot test a multiple choice; use any_of"
    elif test == "in":
        values = value
    else:
        values = [value]
    if not isinstance(values, list) or not values:
        return f"{test} needs a list of answers"
    for one in values:
        problem = _one_value_problem(field, one)
        if problem:
            return problem
    return None


def _one_value_problem(field: Field, value: Any) -> str | None:
    kind = field.kind
    if kind in model.CHOICE_KINDS:
        if field.option(value) is None:
            return f"{_show(value)} is not one of its options"
        return None
    if kind == model.YES_NO:
        return None if type(value) is bool else "a yes/no answer is true or false"
    if kind in (model.NUMBER, model.SCALE):
        return None if _is_number(value) else f"needs a number, not {type_name(value)}"
    return None if isinstance(value, str) else f"needs text, not {type_name(value)}"


def _show(value: Any) -> str:
    return f"“{value[:64]}”" if isinstance(value, str) else str(value)


def named(raw: Any, key: str = "field") -> set[str]:
    """The names a raw condition mentions under `key` (to stay quiet about a field or score
    whose own problem is already reported)."""
    found: set[str] = set()
    stack = [raw]
    while stack and len(found) < 1000:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get(key), str):
                found.add(item[key])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


# -- compiling to functions ------------------------------------------------------------------


def _compile(condition: Condition, name: str, *, on_score: bool) -> Test:
    """A function (answers shown, scores) -> bool, testing the field or score `name`."""
    op = condition.op
    pick_scores = on_score
    if op == "answered":
        want = bool(condition.value)
        if pick_scores:
            return lambda a, s: (s.get(name) is not None) is want
        return lambda a, s: (name in a) is want
    if op == "equals":
        value = condition.value
        kind = type(value)
        if pick_scores:
            return lambda a, s: s.get(name) == value
        if kind is bool:
            return lambda a, s: a.get(name) is value
        return lambda a, s: (v := a.get(name)) == value and type(v) is not bool
    if op == "in":
        values = frozenset(condition.values)
        if pick_scores:
            return lambda a, s: s.get(name) in values
        return lambda a, s: (v := a.get(name)) is not None and v in values
    if op == "any_of":
        values = frozenset(condition.values)
        return lambda a, s: isinstance(v := a.get(name), list) and not values.isdisjoint(v)
    if op == "greater_than":
        limit = condition.value
        if pick_scores:
            return lambda a, s: (v := s.get(name)) is not None and v > limit
        return lambda a, s: type(v := a.get(name)) in (int, float) and v > limit
    raise AssertionError(op)


# Loops rather than all()/any() over a generator: these run for every question of every
# assessment re-scored, and the loop is about twice as fast.
def _all(tests: tuple[Test, ...]) -> Test:
    def test(a, s) -> bool:
        for one in tests:  # noqa: SIM110 (see above)
            if not one(a, s):
                return False
        return True

    return test


def _any(tests: tuple[Test, ...]) -> Test:
    def test(a, s) -> bool:
        for one in tests:  # noqa: SIM110 (see above)
            if one(a, s):
                return True
        return False

    return test


def _not(test: Test) -> Test:
    return lambda a, s: not test(a, s)


# -- in words ---------------------------------------------------------------------------------


def describe(condition: Condition) -> str:
    """The condition in words, for form authors: `q1 is 2 and not (q3 is answered)`."""
    op = condition.op
    if op in ("all", "any"):
        joiner = " and " if op == "all" else " or "
        return joiner.join(_bracketed(term) for term in condition.terms)
    if op == "not":
        return f"not ({describe(condition.terms[0])})"
    subject = condition.field or f"the score {condition.score}"
    if op == "answered":
        return f"{subject} is {'answered' if condition.value else 'not answered'}"
    if op == "greater_than":
        return f"{subject} is more than {condition.value}"
    if op == "equals":
        return f"{subject} is {_word(condition.value)}"
    listed = ", ".join(_word(v) for v in condition.values)
    if op == "in":
        return f"{subject} is one of {listed}"
    return f"{subject} includes any of {listed}"


def _bracketed(condition: Condition) -> str:
    text = describe(condition)
    return f"({text})" if condition.op in ("all", "any") else text


def _word(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)
