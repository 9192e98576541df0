"""Answers: which questions are shown, and whether each answer fits its question.

Answers are a JSON object of field id to answer: text for text, long text and dates
(2026-11-27), a number, true/false for yes/no, an option's value for a single choice, a list
of option values for a multiple choice, a whole number for a scale. A missing key, null, ""
and [] all mean "not answered".

One pass in form order decides what is shown: a show-if names only earlier questions, and a
hidden question counts as not answered, so what it held cannot show or score anything. An
answer to a hidden question is not a problem (the worker may have changed an earlier answer):
it is left out of what is shown, scored and stored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from cass_desktop.forms import model
from cass_desktop.forms.check import type_name
from cass_desktop.forms.errors import MAX_PROBLEMS, Problem
from cass_desktop.forms.model import Field, FormDefinition
from cass_desktop.records.dates import show_date

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # long text keeps \n and \r
_CONTROL_IN_LINE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def is_answered(value: Any) -> bool:
    return value is not None and value != "" and value != []


def shown(definition: FormDefinition, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers to the questions shown, in form order; unanswered ones left out.

    Trusts the answers' types (see check_answers): the scoring path, kept lean.
    """
    return walk(definition, answers)[0]


def walk(definition: FormDefinition, answers: Mapping[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """(answers shown, ids of questions shown but not answered), trusting the answers."""
    result: dict[str, Any] = {}
    unanswered: set[str] = set()
    by_id = definition.by_id
    for section in definition.sections:
        if section.show_if is not None and not section.show_if.test(result, {}):
            continue
        for field_id in section.fields:
            field = by_id[field_id]
            if field.show_if is not None and not field.show_if.test(result, {}):
                continue
            value = answers.get(field_id)
            if value is not None and value != "" and value != []:
                result[field_id] = value
            else:
                unanswered.add(field_id)
    return result, unanswered


def visible_fields(definition: FormDefinition, answers: Mapping[str, Any]) -> list[Field]:
    """The questions to show now, given the answers so far (for building the form on screen)."""
    given = shown(definition, answers)
    found: list[Field] = []
    for section in definition.sections:
        if section.show_if is not None and not section.show_if.test(given, {}):
            continue
        for field_id in section.fields:
            field = definition.by_id[field_id]
            if field.show_if is None or field.show_if.test(given, {}):
                found.append(field)
    return found


def check_answers(
    definition: FormDefinition, answers: Any, *, partial: bool = False
) -> list[Problem]:
    """Every problem with `answers`, each naming the question (none: they fit the form).

    With `partial` (a draft), questions not yet answered are not problems; everything else
    (a wrong type, an option the question does not have, an unknown question) still is.
    """
    return checked(definition, answers, partial=partial)[0]


def checked(
    definition: FormDefinition, answers: Any, *, partial: bool = False
) -> tuple[list[Problem], dict[str, Any], set[str]]:
    """(problems, the answers shown that fit, ids shown but not answered): the checking pass,
    which scoring also uses. An answer that does not fit counts as not answered."""
    problems: list[Problem] = []
    unanswered: set[str] = set()
    if not isinstance(answers, Mapping):
        message = f"the answers should be an object {{ }} of question ids, not {type_name(answers)}"
        return [Problem("", message)], {}, unanswered
    for key in answers:
        if not isinstance(key, str) or key not in definition.by_id:
            shown_key = key[:64] if isinstance(key, str) else type_name(key)
            problems.append(
                Problem(
                    f"“{shown_key}”",
                    f"there is no such question in {definition.id} version {definition.version}",
                    (str(key),),
                )
            )
    result: dict[str, Any] = {}
    for section in definition.sections:
        if section.show_if is not None and not section.show_if.test(result, {}):
            continue
        for field_id in section.fields:
            field = definition.by_id[field_id]
            if field.show_if is not None and not field.show_if.test(result, {}):
                continue
            value = answers.get(field_id)
            if value is None or value == "" or value == []:
                unanswered.add(field_id)
                if field.required and not partial:
                    problems.append(
                        Problem(f"field “{field_id}”", "is shown and needs an answer", (field_id,))
                    )
                continue
            problem = answer_problem(field, value)
            if problem is None:
                result[field_id] = value
            else:
                unanswered.add(field_id)
                problems.append(Problem(f"field “{field_id}”", problem, (field_id,)))
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems[:MAX_PROBLEMS], result, unanswered


def answer_problem(field: Field, value: Any) -> str | None:
    """Why `value` cannot be the answer to `field` (None: it can)."""
    return _CHECKS[field.kind](field, value)


def _text_problem(field: Field, value: Any) -> str | None:
    rules = field.validation
    if not isinstance(value, str):
        return f"should be text, not {type_name(value)}"
    longest = rules.max_length or 0
    if len(value) > longest:
        return f"is {len(value)} characters long; at most {longest}"
    control = _CONTROL if field.kind == model.LONG_TEXT else _CONTROL_IN_LINE
    if control.search(value.replace("\t", " ")):
        return "holds control characters" + (" or line breaks" if field.kind == model.TEXT else "")
    if field.matcher is not None and not field.matcher(value):
        hint = f" ({rules.pattern_hint})" if rules.pattern_hint else ""
        return f"“{value[:64]}” is not in the form this question needs{hint}"
    return None


def _number_problem(field: Field, value: Any) -> str | None:
    rules = field.validation
    if type(value) not in (int, float):
        return f"should be a number, not {type_name(value)}"
    if rules.integer and type(value) is not int:
        return f"should be a whole number, not {value}"
    return _in_range(value, rules.min, rules.max)


def _scale_problem(field: Field, value: Any) -> str | None:
    rules = field.validation
    if type(value) is not int:
        return f"should be a whole number from {rules.min} to {rules.max}"
    return _in_range(value, rules.min, rules.max)


def _yes_no_problem(field: Field, value: Any) -> str | None:
    return None if type(value) is bool else f"should be true or false, not {type_name(value)}"


def _single_problem(field: Field, value: Any) -> str | None:
    if field.option(value) is None:
        return f"{_show(value)} is not one of its options ({_options(field)})"
    return None


def _multiple_problem(field: Field, value: Any) -> str | None:
    rules = field.validation
    if not isinstance(value, list):
        return f"should be a list of options, not {type_name(value)}"
    seen: list[Any] = []
    for one in value:
        if field.option(one) is None:
            return f"{_show(one)} is not one of its options ({_options(field)})"
        if one in seen:
            return f"has {_show(one)} twice"
        seen.append(one)
    if rules.min is not None and len(value) < rules.min:  # type: ignore[operator]
        return f"has {len(value)} chosen; at least {rules.min}"
    if rules.max is not None and len(value) > rules.max:  # type: ignore[operator]
        return f"has {len(value)} chosen; at most {rules.max}"
    return None


def _in_range(value: float, low: Any, high: Any) -> str | None:
    if low is not None and value < low:
        return f"is {value}; the lowest allowed is {low}"
    if high is not None and value > high:
        return f"is {value}; the highest allowed is {high}"
    return None


def _date_problem(field: Field, value: Any) -> str | None:
    rules = field.validation
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        dt.date.fromisoformat(value)
    except ValueError:
        shown_value = value[:20] if isinstance(value, str) else type_name(value)
        return f"“{shown_value}” is not a date written 2026-11-27"
    if rules.min is not None and value < rules.min:  # type: ignore[operator]
        return f"is {show_date(value)}; the earliest allowed is {show_date(str(rules.min))}"
    if rules.max is not None and value > rules.max:  # type: ignore[operator]
        return f"is {show_date(value)}; the latest allowed is {show_date(str(rules.max))}"
    return None


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"“{value[:64]}”"
    if isinstance(value, bool | int | float) or value is None:
        return str(value).lower() if isinstance(value, bool) else str(value)
    return type_name(value)


def _options(field: Field) -> str:
    return ", ".join(_show(o.value) for o in field.options[:12]) + (
        ", …" if len(field.options) > 12 else ""
    )


_CHECKS = {
    model.TEXT: _text_problem,
    model.LONG_TEXT: _text_problem,
    model.NUMBER: _number_problem,
    model.DATE: _date_problem,
    model.YES_NO: _yes_no_problem,
    model.SINGLE_CHOICE: _single_problem,
    model.MULTIPLE_CHOICE: _multiple_problem,
    model.SCALE: _scale_problem,
}
