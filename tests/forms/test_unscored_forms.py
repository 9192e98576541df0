"""The liaison and diversion screen and the self-harm form: no totals, but needs and flags."""

from __future__ import annotations

import pytest

from cass_desktop import forms
from cass_desktop.records.vocab import NEED_DOMAINS
from tests.helpers.forms import bundled

LD_DOMAINS = (
    "mental_health",
    "self_harm",
    "learning_disability",
    "communication",
    "drugs",
    "alcohol",
    "trauma",
    "housing",
    "money",
    "physical_health",
    "work_education",
    "family",
    "charge_related",
)


def no_needs() -> dict:
    answers: dict = {"consent": True}
    for domain in LD_DOMAINS:
        answers |= {f"{domain}_level": "none", f"{domain}_further": False}
    return answers


def test_ld_screen_covers_the_issue_domains_with_five_questions_each():
    form = bundled("ld-screen")
    for domain in LD_DOMAINS:
        section = form.sections_by_id[domain]
        assert section.fields == tuple(
            f"{domain}_{part}" for part in ("level", "urgency", "help_now", "further", "notes")
        )
    assert not form.scores


def test_ld_screen_without_consent_asks_nothing_more():
    form = bundled("ld-screen")
    assert [f.id for f in forms.visible_fields(form, {"consent": False})] == ["consent", "summary"]
    done = forms.complete(form, {"consent": False}, completed_by="w1")
    assert [f["id"] for f in done.flags] == ["no_consent"]
    assert done.needs == ()


def test_ld_screen_with_no_needs_found_proposes_none():
    outcome = forms.score_answers(bundled("ld-screen"), no_needs(), partial=False)
    assert outcome.needs == ()
    assert outcome.flags == ()


def test_ld_screen_asks_urgency_and_help_only_where_there_is_a_need():
    form = bundled("ld-screen")
    answers = no_needs() | {"housing_level": "high"}
    problems = [p.describe() for p in forms.check_answers(form, answers)]
    assert problems == [
        "field “housing_urgency”: is shown and needs an answer",
        "field “housing_help_now”: is shown and needs an answer",
    ]


def test_ld_screen_proposes_needs_with_level_urgency_and_details():
    answers = no_needs() | {
        "housing_level": "high",
        "housing_urgency": "urgent",
        "housing_help_now": True,
        "housing_notes": "Slept in a car last night.",
        "self_harm_level": "low",
        "self_harm_urgency": "soon",
        "self_harm_help_now": False,
        "self_harm_further": True,
        "charge_related_level": "medium",
        "charge_related_urgency": "urgent",
        "charge_related_help_now": True,
        "alcohol_further": True,
    }
    outcome = forms.score_answers(bundled("ld-screen"), answers, partial=False)
    needs = {n.domain: n for n in outcome.needs}
    assert list(needs) == ["self_harm", "housing", "charge_related"]  # form order
    housing = needs["housing"]
    assert (housing.store_as, housing.level, housing.urgency) == ("housing", "high", "urgent")
    assert dict(housing.details) == {
        "wants_help_now": True,
        "further_assessment": False,
        "notes": "Slept in a car last night.",
    }
    assert (needs["self_harm"].store_as, needs["self_harm"].level) == ("self_harm", "low")
    # The vocabulary has every domain the screen reports (issue 10), so each is stored as is.
    assert needs["charge_related"].store_as == "charge_related"
    assert needs["charge_related"].label == "Charge-related vulnerability"
    flags = {f.id: f for f in outcome.flags}
    assert list(flags) == ["urgent", "self_harm", "charge_related", "alcohol_further"]
    assert flags["self_harm"].offer == "self-harm"
    assert flags["alcohol_further"].offer == "audit-c"


@pytest.mark.parametrize("domain", LD_DOMAINS)
def test_every_ld_domain_is_stored_under_an_existing_key_or_declared(domain):
    form = bundled("ld-screen")
    if domain in NEED_DOMAINS:
        assert domain not in form.domains
    else:
        declared = form.domains[domain]
        assert declared.vocab is None or declared.vocab in NEED_DOMAINS


# -- self-harm and suicide -----------------------------------------------------------------


def self_harm(**changes) -> dict:
    answers = {
        "asked_directly": True,
        "what_said": "Said they have thought about it since being charged, but would not act.",
        "thoughts_now": "no",
        "recent_self_harm": "no",
        "judgement": "Frightened about the hearing; wants to talk to someone this week.",
        "action": "support_soon",
        "protective_factors": ["children_pets", "plans"],
        "help_contacts": "Sister, 07700 900123; Samaritans 116 123.",
    }
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


def test_self_harm_form_has_no_score_at_all():
    form = bundled("self-harm")
    assert form.scores == ()
    outcome = forms.score_answers(form, self_harm(), partial=False)
    assert outcome.scores == {}
    assert outcome.bands == {}
    assert [(n.domain, n.level, n.urgency) for n in outcome.needs] == [("self_harm", None, "soon")]


def test_self_harm_levels_are_not_offered_as_a_risk_rating():
    # NICE NG225: no low/medium/high risk rating. The worker's decision is about action.
    form = bundled("self-harm")
    words = " ".join(o.label.lower() for f in form.fields for o in f.options)
    assert "low risk" not in words and "high risk" not in words
    assert "NG225" in form.purpose


def test_self_harm_emergency_flags_and_asks_who_was_told():
    form = bundled("self-harm")
    answers = self_harm(action="emergency", thoughts_now="yes", plans="Has tablets at home.")
    problems = [p.describe() for p in forms.check_answers(form, answers)]
    assert problems == ["field “told”: is shown and needs an answer"]
    answers["told"] = "Told my supervisor and the usher at 11:05; ambulance called."
    outcome = forms.score_answers(form, answers, partial=False)
    assert [f.id for f in outcome.flags] == ["emergency"]
    assert outcome.flags[0].severity == "urgent"
    [need] = outcome.needs
    assert (need.urgency, need.store_as) == ("urgent", "self_harm")


def test_self_harm_injury_question_follows_recent_self_harm():
    form = bundled("self-harm")
    assert "injury_now" not in {f.id for f in forms.visible_fields(form, self_harm())}
    answers = self_harm(recent_self_harm="yes", injury_now=True)
    outcome = forms.score_answers(form, answers, partial=False)
    assert "injury" in [f.id for f in outcome.flags]


def test_self_harm_not_asked_directly_is_a_prompt_not_a_score():
    outcome = forms.score_answers(bundled("self-harm"), self_harm(asked_directly=False))
    [flag] = outcome.flags
    assert (flag.id, flag.severity) == ("not_asked", "info")
