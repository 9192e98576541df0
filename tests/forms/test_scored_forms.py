"""Each bundled scored form at its minimum, its maximum and both sides of every band boundary.

The expected totals are added up by hand in each case (the comment or the list shows the
sum), not computed by the code under test.
"""

from __future__ import annotations

import pytest

from cass_desktop import forms
from tests.helpers.forms import bundled


def result(form_id: str, answers: dict) -> forms.Result:
    return forms.score_answers(bundled(form_id), answers, partial=False)


def band(outcome: forms.Result, score: str = "total") -> str | None:
    found = outcome.bands[score]
    return found.key if found else None


def flags(outcome: forms.Result) -> list[str]:
    return [f.id for f in outcome.flags]


# -- PHQ-9 ---------------------------------------------------------------------------------


def phq(*items: int, difficulty: str | None = "somewhat") -> dict:
    answers = {f"q{n}": v for n, v in enumerate(items, start=1)}
    if any(items):
        answers["difficulty"] = difficulty
    return answers


@pytest.mark.parametrize(
    ("items", "total", "expected_band"),
    [
        ((0, 0, 0, 0, 0, 0, 0, 0, 0), 0, "minimal"),  # minimum
        ((1, 1, 1, 1, 0, 0, 0, 0, 0), 4, "minimal"),  # 1+1+1+1
        ((1, 1, 1, 1, 1, 0, 0, 0, 0), 5, "mild"),  # 1+1+1+1+1
        ((3, 3, 3, 0, 0, 0, 0, 0, 0), 9, "mild"),  # 3+3+3
        ((3, 3, 3, 1, 0, 0, 0, 0, 0), 10, "moderate"),  # 9+1
        ((3, 3, 3, 3, 2, 0, 0, 0, 0), 14, "moderate"),  # 12+2
        ((3, 3, 3, 3, 3, 0, 0, 0, 0), 15, "moderately_severe"),  # 5x3
        ((3, 3, 3, 3, 3, 3, 1, 0, 0), 19, "moderately_severe"),  # 18+1
        ((3, 3, 3, 3, 3, 3, 2, 0, 0), 20, "severe"),  # 18+2
        ((3, 3, 3, 3, 3, 3, 3, 3, 3), 27, "severe"),  # maximum, 9x3
    ],
)
def test_phq9_totals_and_bands(items, total, expected_band):
    outcome = result("phq-9", phq(*items))
    assert outcome.scores == {"total": total}
    assert band(outcome) == expected_band
    assert ("item9" in flags(outcome)) == (items[8] > 0)
    assert ("refer" in flags(outcome)) == (total >= 10)


def test_phq9_item_9_flags_whatever_the_total():
    outcome = result("phq-9", phq(0, 0, 0, 0, 0, 0, 0, 0, 1))
    assert outcome.scores["total"] == 1
    assert band(outcome) == "minimal"
    item9 = next(f for f in outcome.flags if f.id == "item9")
    assert item9.severity == "urgent"
    assert item9.offer == "self-harm"
    need = next(n for n in outcome.needs if n.domain == "self_harm")
    assert (need.store_as, need.urgency, need.level) == ("self_harm", "urgent", None)


def test_phq9_difficulty_is_asked_only_when_a_problem_was_ticked():
    form = bundled("phq-9")
    shown = {f.id for f in forms.visible_fields(form, phq(*[0] * 9))}
    assert "difficulty" not in shown
    shown = {f.id for f in forms.visible_fields(form, phq(0, 0, 1, 0, 0, 0, 0, 0, 0))}
    assert "difficulty" in shown
    # Not scored: the total is the same whatever it says.
    a = result("phq-9", phq(0, 0, 1, 0, 0, 0, 0, 0, 0, difficulty="very"))
    b = result("phq-9", phq(0, 0, 1, 0, 0, 0, 0, 0, 0, difficulty="extremely"))
    assert a.scores == b.scores == {"total": 1}


def test_phq9_needs_follow_the_bands():
    moderate = result("phq-9", phq(3, 3, 3, 1, 0, 0, 0, 0, 0))  # 10
    assert [(n.domain, n.level) for n in moderate.needs] == [("mental_health", "medium")]
    severe = result("phq-9", phq(3, 3, 3, 3, 3, 0, 0, 0, 0))  # 15
    assert [(n.domain, n.level) for n in severe.needs] == [("mental_health", "high")]
    assert result("phq-9", phq(3, 3, 3, 0, 0, 0, 0, 0, 0)).needs == ()  # 9


# -- GAD-7 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "total", "expected_band"),
    [
        ((0, 0, 0, 0, 0, 0, 0), 0, "minimal"),
        ((1, 1, 1, 1, 0, 0, 0), 4, "minimal"),
        ((1, 1, 1, 1, 1, 0, 0), 5, "mild"),
        ((3, 3, 3, 0, 0, 0, 0), 9, "mild"),
        ((3, 3, 3, 1, 0, 0, 0), 10, "moderate"),
        ((3, 3, 3, 3, 2, 0, 0), 14, "moderate"),
        ((3, 3, 3, 3, 3, 0, 0), 15, "severe"),
        ((3, 3, 3, 3, 3, 3, 3), 21, "severe"),  # maximum, 7x3
    ],
)
def test_gad7_totals_and_bands(items, total, expected_band):
    answers = {f"q{n}": v for n, v in enumerate(items, start=1)}
    outcome = result("gad-7", answers)
    assert outcome.scores == {"total": total}
    assert band(outcome) == expected_band
    assert ("refer" in flags(outcome)) == (total >= 10)


# -- AUDIT-C -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "total", "expected_band"),
    [
        ({"q1": 0}, 0, "negative"),  # never drinks: q2 and q3 are not asked
        ({"q1": 1, "q2": 0, "q3": 0}, 1, "negative"),
        ({"q1": 2, "q2": 1, "q3": 1}, 4, "negative"),  # 2+1+1
        ({"q1": 2, "q2": 2, "q3": 1}, 5, "positive"),  # 2+2+1
        ({"q1": 4, "q2": 4, "q3": 4}, 12, "positive"),  # maximum
    ],
)
def test_audit_c_totals_and_bands(answers, total, expected_band):
    outcome = result("audit-c", answers)
    assert outcome.scores == {"total": total}
    assert band(outcome) == expected_band
    positive = [f for f in outcome.flags if f.id == "positive"]
    assert bool(positive) == (total >= 5)
    if positive:
        assert positive[0].offer == "audit"


def test_audit_c_ignores_answers_to_questions_not_asked():
    outcome = result("audit-c", {"q1": 0, "q2": 4, "q3": 4})
    assert outcome.scores == {"total": 0}
    assert "q2" not in outcome.answers


# -- AUDIT ---------------------------------------------------------------------------------


def audit(*items: int) -> dict:
    """Answers to q1..q10 in order; None leaves a question out (it is not asked)."""
    return {f"q{n}": v for n, v in enumerate(items, start=1) if v is not None}


NOT_ASKED = (None,) * 7  # q2..q8 after "never"


@pytest.mark.parametrize(
    ("answers", "total", "expected_band"),
    [
        (audit(0, *NOT_ASKED, 0, 0), 0, "lower_risk"),  # minimum: never drinks
        (audit(4, 1, 2, 0, 0, 0, 0, 0, 0, 0), 7, "lower_risk"),  # 4+1+2
        (audit(4, 1, 2, 1, 0, 0, 0, 0, 0, 0), 8, "increasing_risk"),  # 7+1
        (audit(4, 4, 4, 1, 0, 0, 0, 0, 2, 0), 15, "increasing_risk"),  # 12+1+2
        (audit(4, 4, 4, 1, 1, 0, 0, 0, 2, 0), 16, "higher_risk"),  # 12+2+2
        (audit(4, 4, 4, 1, 1, 1, 1, 1, 2, 0), 19, "higher_risk"),  # 12+5+2
        (audit(4, 4, 4, 2, 1, 1, 1, 1, 2, 0), 20, "possible_dependence"),  # 12+6+2
        (audit(4, 4, 4, 4, 4, 4, 4, 4, 4, 4), 40, "possible_dependence"),  # maximum, 10x4
        # Never drinks now, but was injured and others are worried: q9 and q10 still count.
        (audit(0, *NOT_ASKED, 4, 4), 8, "increasing_risk"),
        # Drinks, but 0 on q2 and q3: q4..q8 are not asked, and score 0.
        (audit(2, 0, 0, None, None, None, None, None, 2, 0), 4, "lower_risk"),
    ],
)
def test_audit_totals_and_bands(answers, total, expected_band):
    outcome = result("audit", answers)
    assert outcome.scores == {"total": total}
    assert band(outcome) == expected_band
    assert ("dependence" in flags(outcome)) == (total >= 20)


def test_audit_skips_as_the_who_interview_does():
    form = bundled("audit")
    never = {f.id for f in forms.visible_fields(form, {"q1": 0})}
    assert never == {"q1", "q9", "q10"}
    light = {f.id for f in forms.visible_fields(form, {"q1": 2, "q2": 0, "q3": 0})}
    assert light == {"q1", "q2", "q3", "q9", "q10"}
    heavier = {f.id for f in forms.visible_fields(form, {"q1": 2, "q2": 0, "q3": 1})}
    assert heavier == {f"q{n}" for n in range(1, 11)}


def test_audit_morning_drink_flags_whatever_the_total():
    outcome = result("audit", audit(1, 0, 1, 0, 0, 1, 0, 0, 0, 0))  # 1+1+1
    assert outcome.scores["total"] == 3
    assert "morning_drink" in flags(outcome)


def test_audit_proposes_alcohol_stored_as_alcohol():
    outcome = result("audit", audit(4, 4, 4, 2, 1, 1, 1, 1, 2, 0))  # 20
    [need] = outcome.needs
    assert (need.domain, need.store_as, need.level) == ("alcohol", "alcohol", "high")


# -- multiple needs ------------------------------------------------------------------------

DOMAINS = (
    "engagement",
    "intentional_self_harm",
    "unintentional_self_harm",
    "risk_to_others",
    "risk_from_others",
    "stress_anxiety",
    "social_effectiveness",
    "alcohol_drugs",
    "impulse_control",
    "housing",
)


def multiple(*ratings: int) -> dict:
    return dict(zip(DOMAINS, ratings, strict=True))


@pytest.mark.parametrize(
    ("ratings", "total"),
    [
        ((0,) * 10, 0),  # minimum
        ((4,) * 10, 48),  # maximum: 8x4 + 2x8
        ((0, 0, 0, 1, 0, 0, 0, 0, 0, 0), 2),  # risk to others 1 counts 2
        ((0, 0, 0, 0, 1, 0, 0, 0, 0, 0), 2),  # risk from others 1 counts 2
        ((1, 0, 0, 0, 0, 0, 0, 0, 0, 0), 1),  # engagement counts once
        # 2+1+0+(3x2)+(1x2)+2+1+4+0+3 = 21
        ((2, 1, 0, 3, 1, 2, 1, 4, 0, 3), 21),
    ],
)
def test_multiple_needs_totals(ratings, total):
    outcome = result("multiple-needs", multiple(*ratings))
    assert outcome.scores == {"total": total}
    assert outcome.bands == {}  # no bands: the total is tracked over time


def test_multiple_needs_proposes_needs_and_flags():
    outcome = result("multiple-needs", multiple(2, 1, 0, 3, 1, 2, 1, 4, 0, 3))
    needs = {n.domain: (n.store_as, n.level, n.urgency) for n in outcome.needs}
    assert needs == {
        "housing": ("housing", "high", "soon"),  # rated 3
        "substances": ("substances", "high", "urgent"),  # rated 4
        "mental_health": ("mental_health", "medium", "soon"),  # stress rated 2
    }
    assert flags(outcome) == ["risk_to_others"]
    worst = result("multiple-needs", multiple(*(4,) * 10))
    assert flags(worst) == ["self_harm", "risk_from_others", "risk_to_others", "housing_tonight"]


def test_multiple_needs_range_is_0_to_48(registry):
    score = bundled("multiple-needs").score("total")
    assert (score.low, score.high) == (0, 48)


# -- brief mental health screen ------------------------------------------------------------

SYMPTOMS = ("controlled", "mind_read", "weight", "sleep", "speeded_up", "worthless")


def screen(symptoms: int = 0, medication=False, admission=False, concern=False) -> dict:
    answers = {name: n < symptoms for n, name in enumerate(SYMPTOMS)}
    answers |= {"medication": medication, "admission": admission, "worker_concern": concern}
    if concern:
        answers["concern_notes"] = "Seemed to be responding to voices in the waiting area."
    return answers


@pytest.mark.parametrize(
    ("answers", "symptoms", "expected_band", "refer"),
    [
        (screen(0), 0, "fewer_than_two", False),  # minimum
        (screen(1), 1, "fewer_than_two", False),
        (screen(2), 2, "two_or_more", True),
        (screen(6), 6, "two_or_more", True),  # maximum
        (screen(0, medication=True), 0, "fewer_than_two", True),
        (screen(1, admission=True), 1, "fewer_than_two", True),
        (screen(0, concern=True), 0, "fewer_than_two", True),
    ],
)
def test_brief_screen_decision_rules(answers, symptoms, expected_band, refer):
    outcome = result("brief-mh-screen", answers)
    assert outcome.scores == {"current_symptoms": symptoms}
    assert band(outcome, "current_symptoms") == expected_band
    assert ("refer" in flags(outcome)) == refer
    assert bool(outcome.needs) == refer


def test_brief_screen_gathers_every_reason_into_one_need():
    outcome = result("brief-mh-screen", screen(3, medication=True, admission=True, concern=True))
    [need] = outcome.needs
    assert need.domain == "mental_health"
    assert need.reasons == (
        "Two or more current symptoms",
        "Taking prescribed psychiatric medication",
        "Admitted to hospital for their mental health before",
        "The worker is concerned",
    )


def test_brief_screen_asks_what_concerns_the_worker():
    answers = screen(0, concern=True)
    del answers["concern_notes"]
    problems = forms.check_answers(bundled("brief-mh-screen"), answers)
    assert [p.describe() for p in problems] == [
        "field “concern_notes”: is shown and needs an answer"
    ]
