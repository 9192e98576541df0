"""Properties over any answers: in range, in exactly one band, the same every time."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cass_desktop import forms
from tests.helpers.form_answers import answers_for
from tests.helpers.forms import bundled

FORMS = sorted(e.id for e in forms.load_registry().available())
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("form_id", FORMS)
def test_any_valid_answers_score_in_range_and_in_exactly_one_band(form_id):
    form = bundled(form_id)
    registry = forms.load_registry()

    @SETTINGS
    @given(answers_for(form))
    def check(answers):
        done = forms.complete(form, answers, completed_by="w", completed_at="2026-11-27T10:00:00")
        for score in form.scores:
            total = done.scores[score.id]
            assert total is not None
            assert score.low <= total <= score.high
            if score.bands:
                assert sum(b.low <= total <= b.high for b in score.bands) == 1
                assert done.bands[score.id]["key"] == score.band_for(total).key
        # Deterministic, and the same again from the stored record.
        again = forms.complete(form, answers, completed_by="w", completed_at="2026-11-27T10:00:00")
        assert again == done
        stored = json.loads(json.dumps(done.to_record()))
        assert forms.differences(stored, registry) == []

    check()


@st.composite
def scored_form(draw) -> dict:
    """A random scored form: a yes/no gate, choices with any scores and weights, some shown
    only after a yes; bands cut its range at random."""
    gate_scores = {"yes": draw(st.integers(-2, 3)), "no": draw(st.integers(-2, 3))}
    fields = [
        {"id": "gate", "kind": "yes_no", "label": "Gate", "required": True, "scores": gate_scores}
    ]
    items: list = ["gate"]
    for n in range(draw(st.integers(1, 6))):
        scores = draw(st.lists(st.integers(-3, 5), min_size=2, max_size=4))
        field = {
            "id": f"c{n}",
            "kind": "single_choice",
            "label": f"Choice {n}",
            "required": True,
            "options": [{"value": v, "label": f"{v}", "score": s} for v, s in enumerate(scores)],
        }
        if draw(st.booleans()):
            field["show_if"] = {"field": "gate", "equals": True}
        fields.append(field)
        items.append({"field": f"c{n}", "weight": draw(st.integers(1, 3))})
    raw = {
        "format": 1,
        "id": "random",
        "version": 1,
        "title": "Random",
        "licence": {"owner": "tests", "may_reproduce": True},
        "sections": [{"id": "s", "title": "S", "fields": fields}],
        "scoring": {"scores": [{"id": "total", "label": "Total", "items": items}]},
    }
    score = forms.load_definition(raw, "random.json").score("total")
    inside = list(range(score.low + 1, score.high + 1))
    cuts = (
        sorted(draw(st.lists(st.sampled_from(inside), unique=True, max_size=5))) if inside else []
    )
    starts = [score.low, *cuts]
    ends = [c - 1 for c in cuts] + [score.high]
    raw["scoring"]["scores"][0]["bands"] = [
        {"from": a, "to": b, "key": f"b{n}", "label": f"Band {n}"}
        for n, (a, b) in enumerate(zip(starts, ends, strict=True))
    ]
    return raw


@SETTINGS
@given(scored_form(), st.data())
def test_random_scored_forms_stay_in_their_range_and_bands(raw, data):
    form = forms.load_definition(json.dumps(raw), "random.json")
    answers = data.draw(answers_for(form))
    outcome = forms.score_answers(form, answers, partial=False)
    score = form.score("total")
    total = outcome.scores["total"]
    assert score.low <= total <= score.high
    assert sum(b.low <= total <= b.high for b in score.bands) == 1
    # Adding it up by hand: hidden questions count 0.
    expected = raw["scoring"]["scores"][0]["items"]
    by_hand = 0
    for item in expected:
        field_id, weight = (item, 1) if isinstance(item, str) else (item["field"], item["weight"])
        field = form.field(field_id)
        if field_id in outcome.answers:
            value = outcome.answers[field_id]
            by_hand += weight * (
                field.yes_no_scores[0 if value else 1]
                if field.kind == "yes_no"
                else field.option(value).score
            )
    assert total == by_hand
