"""An answers file to fill in: every question, unanswered, with what it allows.

    {"form": "phq-9", "version": 1,
     "answers": {"q1": null, ...},
     "allowed": {"q1": {"question": "...", "kind": "single_choice", "required": true,
                        "options": [{"value": 0, "label": "Not at all", "score": 0}, ...]}}}

Filled in, the same file is what `forms score` reads (it uses "answers" and ignores
"allowed"); a plain object of answers is read too.
"""

from __future__ import annotations

from typing import Any

from cass_desktop.forms import conditions, model
from cass_desktop.forms.errors import FormError
from cass_desktop.forms.limits import Refused, read_json
from cass_desktop.forms.model import Field, FormDefinition
from cass_desktop.records.dates import show_date

_TEMPLATE_KEYS = {"form", "version", "answers", "allowed"}


def answers_template(definition: FormDefinition) -> dict[str, Any]:
    allowed: dict[str, Any] = {}
    for section in definition.sections:
        for field_id in section.fields:
            field = definition.by_id[field_id]
            allowed[field_id] = describe_field(field, section.show_if)
    return {
        "form": definition.id,
        "version": definition.version,
        "answers": {field.id: None for field in definition.fields},
        "allowed": allowed,
    }


def describe_field(field: Field, section_if: model.Condition | None = None) -> dict[str, Any]:
    """What one question allows, in words and values."""
    rules = field.validation
    entry: dict[str, Any] = {
        "question": field.label,
        "kind": field.kind,
        "required": field.required,
    }
    kind = field.kind
    if kind in (model.TEXT, model.LONG_TEXT):
        entry["answer"] = f"text, up to {rules.max_length} characters"
        if rules.pattern:
            entry["answer"] += f", matching {rules.pattern}"
            if rules.pattern_hint:
                entry["answer"] += f" ({rules.pattern_hint})"
    elif kind == model.NUMBER:
        entry["answer"] = ("a whole number" if rules.integer else "a number") + _bounds(
            rules.min, rules.max
        )
    elif kind == model.DATE:
        entry["answer"] = "a date written 2026-11-27" + _bounds(
            show_date(rules.min) if rules.min else None,  # type: ignore[arg-type]
            show_date(rules.max) if rules.max else None,  # type: ignore[arg-type]
        )
    elif kind == model.YES_NO:
        entry["answer"] = "true (yes) or false (no)"
        if field.yes_no_scores:
            entry["scores"] = {"yes": field.yes_no_scores[0], "no": field.yes_no_scores[1]}
    elif kind == model.SCALE:
        ends = ""
        if field.min_label or field.max_label:
            ends = f" ({rules.min}: {field.min_label}; {rules.max}: {field.max_label})"
        entry["answer"] = f"a whole number from {rules.min} to {rules.max}{ends}"
    else:
        if kind == model.SINGLE_CHOICE:
            entry["answer"] = "one option's value"
        else:
            entry["answer"] = "a list of option values" + _bounds(rules.min, rules.max, "chosen")
        entry["options"] = [_option(o) for o in field.options]
    shown_if = [c for c in (section_if, field.show_if) if c is not None]
    if shown_if:
        entry["shown_if"] = " and ".join(conditions.describe(c) for c in shown_if)
    return entry


def _option(option: model.Option) -> dict[str, Any]:
    found: dict[str, Any] = {"value": option.value, "label": option.label}
    if option.score is not None:
        found["score"] = option.score
    return found


def _bounds(low: Any, high: Any, what: str = "") -> str:
    suffix = f" {what}" if what else ""
    if low is not None and high is not None:
        return f", {low} to {high}{suffix}"
    if low is not None:
        return f", at least {low}{suffix}"
    if high is not None:
        return f", at most {high}{suffix}"
    return ""


def read_answers(data: str | bytes) -> tuple[dict[str, Any], str | None, int | None, bool]:
    """(answers, form id named in the file, version named, whether it was template-shaped)."""
    try:
        raw = read_json(data)
    except Refused as refused:
        where = f"line {refused.problem.line}: " if refused.problem.line else ""
        raise FormError(f"The answers cannot be read: {where}{refused.problem.message}.") from None
    if not isinstance(raw, dict):
        raise FormError("The answers should be one JSON object { } of question ids and answers.")
    if isinstance(raw.get("answers"), dict) and set(raw) <= _TEMPLATE_KEYS:
        form, version = raw.get("form"), raw.get("version")
        return (
            raw["answers"],
            form if isinstance(form, str) else None,
            version if type(version) is int else None,
            True,
        )
    return raw, None, None, False
