"""Scoring: totals, bands, flags and proposed needs from a form's answers, deterministically.

A score adds up its items in order: each question's score times its weight, or an earlier
score's total. A question that is hidden adds 0 (the AUDIT's skipped questions score 0); one
that is shown but not answered leaves the score uncomputed (None), with no band, rather than
a total that looks complete and is not. Flags and needs are then tested on the answers shown
and the scores. Same definition and answers, same result, on every laptop.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cass_desktop.forms.answers import checked, walk
from cass_desktop.forms.errors import AnswersError
from cass_desktop.forms.model import Band, FormDefinition
from cass_desktop.forms.needs import ProposedNeed, propose


@dataclass(frozen=True, slots=True)
class Flag:
    """A flag raised: what the worker must see, how serious, and any form to offer next."""

    id: str
    label: str
    severity: str
    offer: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "severity": self.severity, "offer": self.offer}


@dataclass(frozen=True)
class Result:
    form_id: str
    version: int
    scores: Mapping[str, int | None]
    bands: Mapping[str, Band | None]
    flags: tuple[Flag, ...]
    needs: tuple[ProposedNeed, ...]
    answers: Mapping[str, Any]  # the answers shown, which is what was scored

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, as `forms score` prints it and an assessment record stores it."""
        return {
            "form": self.form_id,
            "version": self.version,
            "scores": dict(self.scores),
            "bands": {key: band_dict(band) for key, band in self.bands.items()},
            "flags": [flag.to_dict() for flag in self.flags],
            "needs": [need.to_dict() for need in self.needs],
        }


def band_dict(band: Band | None) -> dict[str, Any] | None:
    if band is None:
        return None
    return {"key": band.key, "label": band.label, "from": band.low, "to": band.high}


def compute(
    definition: FormDefinition, shown: Mapping[str, Any], unanswered: set[str] | frozenset[str]
) -> Result:
    """The result for answers already walked (see answers.walk): the lean path."""
    by_id = definition.by_id
    scores: dict[str, int | None] = {}
    bands: dict[str, Band | None] = {}
    for score in definition.scores:
        total: int | None = 0
        for item in score.items:
            if item.field is not None:
                value = shown.get(item.field)
                if value is not None:
                    total += by_id[item.field].scorer(value) * item.weight  # type: ignore[misc, operator]
                elif item.field in unanswered:
                    total = None
                    break
            else:
                prior = scores[item.score]  # type: ignore[index]
                if prior is None:
                    total = None
                    break
                total += prior * item.weight  # type: ignore[operator]
        scores[score.id] = total
        if score.bands:
            bands[score.id] = score.band_for(total)
    flags = tuple(
        Flag(rule.id, rule.label, rule.severity, rule.offer)
        for rule in definition.flags
        if rule.when.test(shown, scores)
    )
    needs = propose(definition, shown, scores) if definition.needs else ()
    return Result(definition.id, definition.version, scores, bands, flags, needs, shown)


def score_answers(
    definition: FormDefinition, answers: Mapping[str, Any], *, partial: bool = True
) -> Result:
    """Check the answers, then score them. Raises AnswersError (every problem) if they do not
    fit the form; with `partial` (the default, for a running score while the worker types)
    questions not yet answered are not problems, and leave their scores uncomputed."""
    problems, shown, unanswered = checked(definition, answers, partial=partial)
    if problems:
        raise AnswersError(f"{definition.id} version {definition.version}", problems)
    return compute(definition, shown, unanswered)


def score_trusted(definition: FormDefinition, answers: Mapping[str, Any]) -> Result:
    """Score answers known to fit (checked when they were stored), without checking again."""
    shown, unanswered = walk(definition, answers)
    return compute(definition, shown, unanswered)
