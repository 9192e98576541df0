"""A checked form definition, as frozen objects: what the loader makes and everything else reads.

Only the loader (load.py) builds these, and only from a definition with no problems, so code
that reads them can trust every reference in them (a show-if's field exists and comes earlier,
a score's bands cover its range, a need's domain is known).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any

# Field kinds, in the order docs/forms.md lists them.
TEXT = "text"
LONG_TEXT = "long_text"
NUMBER = "number"
DATE = "date"
YES_NO = "yes_no"
SINGLE_CHOICE = "single_choice"
MULTIPLE_CHOICE = "multiple_choice"
SCALE = "scale"
KINDS = (TEXT, LONG_TEXT, NUMBER, DATE, YES_NO, SINGLE_CHOICE, MULTIPLE_CHOICE, SCALE)
CHOICE_KINDS = (SINGLE_CHOICE, MULTIPLE_CHOICE)

SEVERITIES = ("info", "warning", "urgent")

# answers (only those shown), scores -> whether the condition holds
Test = Callable[[Mapping[str, Any], Mapping[str, int | None]], bool]


@dataclass(frozen=True, slots=True)
class Condition:
    """A show-if or a rule's `when`: one test on a field or score, or all/any/not of others."""

    op: str  # equals | in | any_of | answered | greater_than | all | any | not
    field: str | None = None
    score: str | None = None
    value: Any = None  # equals, greater_than, answered (a bool)
    values: tuple[Any, ...] = ()  # in, any_of
    terms: tuple[Condition, ...] = ()  # all, any, not (one term)
    test: Test = _field(default=lambda answers, scores: True, compare=False, repr=False)

    def holds(
        self, answers: Mapping[str, Any], scores: Mapping[str, int | None] | None = None
    ) -> bool:
        return self.test(answers, scores or {})

    def fields(self) -> set[str]:
        """Every field this condition reads."""
        found = {self.field} if self.field else set()
        for term in self.terms:
            found |= term.fields()
        return found


@dataclass(frozen=True, slots=True)
class Option:
    value: str | int
    label: str
    score: int | None = None
    help: str = ""


@dataclass(frozen=True, slots=True)
class Validation:
    """Limits on an answer. min/max bound a number's value, a scale's ends, a date's earliest
    and latest (ISO text), or how many options a multiple choice may have."""

    min: int | float | str | None = None
    max: int | float | str | None = None
    max_length: int | None = None
    pattern: str | None = None
    pattern_hint: str = ""
    integer: bool = False


@dataclass(frozen=True, slots=True)
class Field:
    id: str
    kind: str
    label: str
    section: str
    index: int  # position in the whole form: show-ifs may only look at lower indexes
    help: str = ""
    required: bool = False
    options: tuple[Option, ...] = ()
    validation: Validation = Validation()
    show_if: Condition | None = None
    yes_no_scores: tuple[int, int] | None = None  # (yes, no)
    min_label: str = ""  # a scale's ends, in words
    max_label: str = ""
    # How an answer scores (None when the field does not say): built by the loader.
    scorer: Callable[[Any], int] | None = _field(default=None, compare=False, repr=False)
    matcher: Callable[[str], bool] | None = _field(default=None, compare=False, repr=False)
    # (type, value) -> option: typed, so True never finds the option 1.
    option_index: Mapping[tuple[type, Any], Option] = _field(
        default_factory=dict, compare=False, repr=False
    )

    def option(self, value: Any) -> Option | None:
        if type(value) not in (str, int):
            return None
        return self.option_index.get((type(value), value))

    @property
    def scored(self) -> bool:
        return self.scorer is not None


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    fields: tuple[str, ...]
    help: str = ""
    show_if: Condition | None = None


@dataclass(frozen=True, slots=True)
class ScoreItem:
    """One term of a score: a field's score (times weight) or an earlier score's total."""

    field: str | None = None
    score: str | None = None
    weight: int = 1


@dataclass(frozen=True, slots=True)
class Band:
    low: int
    high: int
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class Score:
    id: str
    label: str
    items: tuple[ScoreItem, ...]
    low: int  # the lowest and highest the items can add up to
    high: int
    bands: tuple[Band, ...] = ()

    def band_for(self, value: int | None) -> Band | None:
        if value is None:
            return None
        for band in self.bands:
            if band.low <= value <= band.high:
                return band
        return None


@dataclass(frozen=True, slots=True)
class FlagRule:
    """Something the worker must see when `when` holds, whatever the total."""

    id: str
    label: str
    when: Condition
    severity: str = "warning"
    offer: str | None = None  # another form to offer, by id


@dataclass(frozen=True, slots=True)
class NeedRule:
    """A need to propose: in `domain`, when `when` holds, at a fixed level or one answered."""

    domain: str
    when: Condition | None = None
    level: str | None = None
    level_from: str | None = None
    urgency: str | None = None
    urgency_from: str | None = None
    reason: str = ""
    details_from: tuple[tuple[str, str], ...] = ()  # (name, field)


@dataclass(frozen=True, slots=True)
class Domain:
    """A need domain a form names that the app's vocabulary may not have yet."""

    key: str
    label: str
    vocab: str | None  # the existing vocab.NEED_DOMAINS key to store it under, if one fits


@dataclass(frozen=True, slots=True)
class Licence:
    owner: str
    may_reproduce: bool
    notes: str = ""
    source: str = ""

    def describe(self) -> str:
        free = "free to reproduce" if self.may_reproduce else "licensed: do not reproduce"
        return f"{self.owner}: {free}"


@dataclass(frozen=True, eq=False)
class FormDefinition:
    """One version of one form, checked. Compared by identity; `sha256` identifies the content."""

    format: int
    id: str
    version: int
    title: str
    purpose: str
    licence: Licence
    sections: tuple[Section, ...]
    fields: tuple[Field, ...]
    scores: tuple[Score, ...] = ()
    flags: tuple[FlagRule, ...] = ()
    needs: tuple[NeedRule, ...] = ()
    domains: Mapping[str, Domain] = _field(default_factory=dict)
    sha256: str = ""
    by_id: Mapping[str, Field] = _field(default_factory=dict, repr=False)
    sections_by_id: Mapping[str, Section] = _field(default_factory=dict, repr=False)

    def field(self, field_id: str) -> Field:
        return self.by_id[field_id]

    def score(self, score_id: str) -> Score:
        for score in self.scores:
            if score.id == score_id:
                return score
        raise KeyError(score_id)

    @property
    def scored(self) -> bool:
        return bool(self.scores)

    @property
    def label(self) -> str:
        return f"“{self.id}” version {self.version}"
