"""Completed assessments: the record stored, and re-scoring it with its own form version."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json

import pytest

from cass_desktop import forms
from cass_desktop.app.resources import resource

PHQ9 = json.loads(resource("forms", "phq-9.json").read_text(encoding="utf-8"))
ANSWERS = {"q1": 3, "q2": 3, "q3": 3, "q4": 0, "q5": 0, "q6": 0, "q7": 0, "q8": 0, "q9": 1}
ANSWERS["difficulty"] = "very"  # total 3+3+3+1 = 10


def revised_phq9() -> dict:
    """Version 2, as head office might send it: question 9 counts double, bands moved."""
    raw = copy.deepcopy(PHQ9)
    raw["version"] = 2
    score = raw["scoring"]["scores"][0]
    del score["sections"]
    score["items"] = [f"q{n}" for n in range(1, 9)] + [{"field": "q9", "weight": 2}]
    score["range"] = [0, 30]
    score["bands"] = [
        {"from": 0, "to": 4, "key": "minimal", "label": "Minimal"},
        {"from": 5, "to": 11, "key": "mild", "label": "Mild"},
        {"from": 12, "to": 30, "key": "more", "label": "Moderate or more"},
    ]
    return raw


def head_office(raw: dict, version: int | None = None) -> dict:
    return {
        "id": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
        "kind": "form",
        "name": raw["id"],
        "content": json.dumps(raw, indent=2),
        "version": raw["version"] if version is None else version,
        "deleted": 0,
    }


def test_a_completed_assessment_keeps_everything_needed_to_show_it():
    form = forms.load_registry().latest("phq-9")
    done = forms.complete(
        form, ANSWERS, completed_by="worker-7", completed_at=dt.datetime(2026, 11, 27, 10, 5, 9)
    )
    record = done.to_record()
    assert record == {
        "form_id": "phq-9",
        "form_version": 1,
        "form_sha256": form.sha256,
        "answers": ANSWERS,
        "scores": {"total": 10},
        "bands": {"total": {"key": "moderate", "label": "Moderate", "from": 10, "to": 14}},
        "flags": [
            {
                "id": "item9",
                "label": form.flags[0].label,
                "severity": "urgent",
                "offer": "self-harm",
            },
            {"id": "refer", "label": form.flags[1].label, "severity": "warning", "offer": None},
        ],
        "needs": [
            {
                "domain": "mental_health",
                "label": "Mental health",
                "store_as": "mental_health",
                "level": "medium",
                "urgency": "soon",
                "reasons": ["PHQ-9 total 10 to 14 (moderate)"],
                "details": {},
            },
            {
                "domain": "self_harm",
                "label": "Self-harm and suicidal thoughts",
                "store_as": "self_harm",
                "level": None,
                "urgency": "urgent",
                "reasons": ["PHQ-9 question 9 answered above 0"],
                "details": {},
            },
        ],
        "completed_by": "worker-7",
        "completed_at": "2026-11-27T10:05:09",
        "corrects": None,
    }
    assert json.loads(json.dumps(record)) == record  # plain JSON values


def test_a_completed_assessment_is_read_only_and_a_correction_names_what_it_corrects():
    form = forms.load_registry().latest("phq-9")
    done = forms.complete(form, ANSWERS, completed_by="worker-7")
    with pytest.raises(dataclasses.FrozenInstanceError):
        done.scores = {}  # type: ignore[misc]
    fixed = forms.complete(form, ANSWERS | {"q4": 1}, completed_by="worker-7", corrects="a-1")
    assert fixed.corrects == "a-1"
    assert fixed.scores == {"total": 11}
    done.to_record()["answers"]["q1"] = 0  # a copy: the assessment is unchanged
    assert done.answers["q1"] == 3


def test_answers_to_questions_not_shown_are_left_out_of_the_record():
    form = forms.load_registry().latest("audit-c")
    done = forms.complete(form, {"q1": 0, "q2": 3, "q3": 4}, completed_by="w")
    assert done.answers == {"q1": 0}
    assert done.scores == {"total": 0}


def test_an_old_assessment_scores_the_same_after_its_form_is_revised():
    before = forms.load_registry()
    old = forms.complete(before.latest("phq-9"), ANSWERS, completed_by="w").to_record()
    stored = json.loads(json.dumps(old))  # as it comes back from the store

    after = forms.load_registry([head_office(revised_phq9())])
    assert after.versions("phq-9") == [1, 2]
    assert after.latest("phq-9").version == 2
    again = forms.rescore(stored, after)
    assert (again.version, again.scores, again.bands["total"].key) == (1, {"total": 10}, "moderate")
    assert forms.differences(stored, after) == []

    # A new assessment with the same answers uses version 2: 3+3+3+1x2 = 11, mild.
    new = forms.complete(after.latest("phq-9"), ANSWERS, completed_by="w")
    assert (new.form_version, new.scores, new.bands["total"]["key"]) == (2, {"total": 11}, "mild")


def test_a_record_with_json_text_columns_is_read_as_the_store_keeps_it():
    registry = forms.load_registry()
    record = forms.complete(
        registry.latest("gad-7"),
        {f"q{n}": 1 for n in range(1, 8)} | {"difficulty": "somewhat"},
        completed_by="w",
    ).to_record()
    row = {k: json.dumps(v) if k in ("answers", "scores", "bands", "flags", "needs") else v
           for k, v in record.items()}  # fmt: skip
    row |= {"id": "store-id", "client_id": "client-id", "deleted": 0}
    assert forms.rescore(row, registry).scores == {"total": 7}
    assert forms.Assessment.from_record(row).to_record() == record


def test_rescoring_refuses_a_version_not_held_or_different_content():
    registry = forms.load_registry()
    record = forms.complete(registry.latest("phq-9"), ANSWERS, completed_by="w").to_record()
    with pytest.raises(forms.FormError, match="“phq-9” version 7, which this laptop does not"):
        forms.rescore(record | {"form_version": 7}, registry)
    with pytest.raises(forms.FormError, match="their fingerprints differ"):
        forms.rescore(record | {"form_sha256": "0" * 64}, registry)
    with pytest.raises(forms.FormError, match="no usable answers"):
        forms.rescore(record | {"answers": [1, 2]}, registry)


def test_rescoring_checks_answers_from_elsewhere():
    registry = forms.load_registry()
    record = forms.complete(registry.latest("phq-9"), ANSWERS, completed_by="w").to_record()
    record["answers"]["q1"] = 9
    with pytest.raises(forms.AnswersError, match="9 is not one of its options"):
        forms.rescore(record, registry)


def test_differences_says_what_changed():
    registry = forms.load_registry()
    record = forms.complete(registry.latest("phq-9"), ANSWERS, completed_by="w").to_record()
    record["scores"]["total"] = 12
    record["flags"] = record["flags"][:1]
    assert forms.differences(record, registry) == [
        "score “total”: stored 12, now 10",
        "flags: stored ['item9'], now ['item9', 'refer']",
    ]


def test_complete_needs_a_worker_and_a_real_time():
    form = forms.load_registry().latest("phq-9")
    with pytest.raises(forms.FormError, match="needs the worker"):
        forms.complete(form, ANSWERS, completed_by="")
    with pytest.raises(forms.FormError, match="not a date and time"):
        forms.complete(form, ANSWERS, completed_by="w", completed_at="yesterday")
    done = forms.complete(form, ANSWERS, completed_by="w", completed_at="2026-11-27T10:05:09")
    assert done.completed_at == "2026-11-27T10:05:09"
