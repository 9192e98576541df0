"""Finding the people a service already knows on a court list.

For each listed person, candidates are fetched through indexes, never by comparing with
everyone held: people born on the listed date of birth (or with day and month swapped), people
whose name words fit (a family name and a given name starting alike, or a given name, any of
its short forms or spellings, and a family name starting alike), and, for the cases those
leave open, people with a past hearing under the listed case number. Each candidate is then
scored with `people.names` (order, capitals, initials, middle names, accents, hyphens and
apostrophes, transliterations, the name they go by and nicknames) and what the list says of
the person (date of birth, age, case number), with the reasons in words.

The worker confirms or rejects every candidate; a candidate rejected for a list is not
offered again for it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils
from rapidfuzz.distance import JaroWinkler

from cass_desktop.court.listing import ListedCase, case_number
from cass_desktop.data import court_lists
from cass_desktop.people import birth_dates
from cass_desktop.people.candidates import name_expression
from cass_desktop.people.lookalikes import held_name
from cass_desktop.people.names import (
    Name,
    compare_names,
    family_core,
    spellings,
    squash,
    words,
)
from cass_desktop.records.dates import show_date

# At or above this a candidate is offered as likely (the worker still confirms).
MATCH_THRESHOLD = 0.8
# Below this a candidate is not shown at all.
POSSIBLE_THRESHOLD = 0.6
# What the list says of the person, as a factor on the name's score.
_AGE_SAME = 0.82
_AGE_ONE_OUT = 0.78
_NOTHING_ELSE = 0.75  # a name alone is never enough: same-named people are common
_CONTRADICTED = 0.45
_CASE_NUMBER = 1.0
# Found on the date of birth with at least this confidence, a listed person is not searched
# for by name as well.
_SETTLED = 0.9
# Two likely candidates closer than this, with nothing but name and age, are left to the worker.
_AMBIGUOUS = 0.03


@dataclass(frozen=True)
class Candidate:
    """Someone held who may be the listed person."""

    person: Mapping[str, Any]
    confidence: float  # 0..1
    reasons: tuple[str, ...]
    likely: bool

    @property
    def person_id(self) -> str:
        return str(self.person["id"])

    @property
    def reason_text(self) -> str:
        return ", ".join(self.reasons)


@dataclass
class ListedMatch:
    """A listed case and the people held who may be them, most likely first."""

    case: ListedCase
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def best(self) -> Candidate | None:
        """The likely candidate, when there is one."""
        return self.candidates[0] if self.candidates and self.candidates[0].likely else None


def match_list(
    db: sqlite_utils.Database,
    cases: Sequence[ListedCase],
    *,
    on: dt.date | None = None,
    rejected: Mapping[str, Collection[str]] | None = None,
    limit: int = 5,
) -> list[ListedMatch]:
    """Every listed case with its candidates, in the list's order. Writes nothing.

    `on`: the hearing day, for ages (each case's own date when it has one; else today).
    `rejected`: person ids the worker rejected, by `ListedCase.key`, not offered again.
    """
    rejected = rejected or {}
    pools: list[dict[str, Mapping[str, Any]]] = [{} for _ in cases]
    _by_date_of_birth(db, cases, pools)
    # A listed person already found on their date of birth with a name alike needs no search
    # by name (the costliest lookup); anyone else born that day was found with them.
    settled = {i for i, case in enumerate(cases) if _settled(case, pools[i].values(), on)}
    _by_name(
        db,
        [c for i, c in enumerate(cases) if i not in settled],
        [p for i, p in enumerate(pools) if i not in settled],
    )
    matches = [
        _rank(case, pool, {}, on, rejected.get(case.key, ()), limit)
        for case, pool in zip(cases, pools, strict=True)
    ]
    # A listed case number on a past hearing of a candidate already found: through the index
    # on hearings.client_id. Finding people by case number alone needs an index on
    # hearings.case_number (none yet: see court_lists.has_case_number_index); without one,
    # reading every hearing would cost more than the rest of the matching together.
    numbered = [i for i, case in enumerate(cases) if case.case_number and not matches[i].best]
    held = court_lists.case_numbers_of(db, {pid for i in numbered for pid in pools[i]})
    indexed = court_lists.has_case_number_index(db)
    by_number = _by_case_number(db, [cases[i] for i in numbered]) if indexed else None
    for n, i in enumerate(numbered):
        listed = case_number(cases[i].case_number or "")
        hits = {
            pid: person
            for pid, person in pools[i].items()
            if listed in {case_number(x) for x in held.get(pid, ())}
        }
        if by_number is not None:
            hits.update(by_number[n])
        if hits:
            for pid, person in hits.items():
                pools[i].setdefault(pid, person)
            matches[i] = _rank(cases[i], pools[i], hits, on, rejected.get(cases[i].key, ()), limit)
    return matches


def match_case(
    case: ListedCase,
    people: Sequence[Mapping[str, Any]],
    *,
    case_numbers: Mapping[str, Collection[str]] | None = None,
    on: dt.date | None = None,
    limit: int = 5,
) -> ListedMatch:
    """One listed case against people already at hand (no store), such as a day's list
    added to by hand. `case_numbers`: person id to the case numbers of their past hearings."""
    listed = case_number(case.case_number or "")
    by_id = {str(p["id"]): p for p in people}
    hits = {
        pid: by_id[pid]
        for pid, numbers in (case_numbers or {}).items()
        if listed and pid in by_id and listed in {case_number(n) for n in numbers}
    }
    return _rank(case, by_id, hits, on, (), limit)


# -- fetching candidates ------------------------------------------------------------------


def _by_date_of_birth(
    db: sqlite_utils.Database, cases: Sequence[ListedCase], pools: list[dict[str, Any]]
) -> None:
    wanted: dict[str, list[int]] = {}
    for i, case in enumerate(cases):
        born = birth_dates.as_date(case.date_of_birth)
        if born is None:
            continue
        dates = [born]
        if born.day <= 12 and born.day != born.month:  # always a real date: both are <= 12
            dates.append(dt.date(born.year, born.day, born.month))
        for day in dates:
            wanted.setdefault(day.isoformat(), []).append(i)
    if not wanted:
        return
    for person in court_lists.people_born_on(db, wanted):
        for i in wanted.get(person["date_of_birth"], ()):
            pools[i].setdefault(person["id"], person)


def _settled(case: ListedCase, people: Iterable[Mapping[str, Any]], on: dt.date | None) -> bool:
    for person in people:
        if person.get("date_of_birth") == case.date_of_birth:
            candidate = score(case, person, on=on)
            if candidate.confidence >= _SETTLED:
                return True
    return False


def _by_name(
    db: sqlite_utils.Database, cases: Sequence[ListedCase], pools: list[dict[str, Any]]
) -> None:
    wanted: dict[int, list[int]] = {}
    for i, case in enumerate(cases):
        # The index holds every name word of a person in one column, in no order, so one
        # expression covers both orders; only a name with no given part is also turned round.
        expressions = {name_expression(case.name)}
        if not case.name.given:
            expressions.add(name_expression(Name(given=case.name.family)))
        for expression in expressions - {None}:
            assert expression is not None
            for rowid in court_lists.rowids_matching_names(db, expression):
                wanted.setdefault(rowid, []).append(i)
    for rowid, person in court_lists.people_by_rowid(db, wanted).items():
        for i in wanted[rowid]:
            pools[i].setdefault(person["id"], person)


def _by_case_number(
    db: sqlite_utils.Database, cases: Sequence[ListedCase]
) -> list[dict[str, Mapping[str, Any]]]:
    """For each case, the people (by id) with a past hearing under its case number."""
    by_number: dict[str, list[int]] = {}
    for i, case in enumerate(cases):
        listed = case.case_number or ""
        for form in {listed.strip(), case_number(listed)} - {""}:
            by_number.setdefault(form, []).append(i)
    found: list[dict[str, Mapping[str, Any]]] = [{} for _ in cases]
    for number, person in court_lists.people_with_case_numbers(db, by_number):
        for i in by_number.get(number, ()):
            found[i][person["id"]] = person
    return found


# -- scoring ------------------------------------------------------------------------------


def _hearing_day(case: ListedCase, on: dt.date | None) -> dt.date:
    return birth_dates.as_date(case.hearing_date) or on or dt.date.today()


def _evidence(
    case: ListedCase, person: Mapping[str, Any], on: dt.date | None, numbered: bool
) -> tuple[float, list[str]]:
    """What the list says beyond the name, as a factor and reasons."""
    held_dob = person.get("date_of_birth")
    factor, reasons = _NOTHING_ELSE, []
    if case.date_of_birth and birth_dates.as_date(held_dob):
        dob = birth_dates.compare_dobs(case.date_of_birth, held_dob)
        factor = _CONTRADICTED if dob.relation == birth_dates.DIFFERENT else dob.factor
        reasons.append(dob.reason)
    elif case.age is not None and birth_dates.as_date(held_dob):
        born = birth_dates.as_date(held_dob)
        assert born is not None
        age = birth_dates.age_on(born, _hearing_day(case, on))
        if age == case.age:
            factor = _AGE_SAME
            reasons.append(f"same age ({case.age})")
        elif abs(age - case.age) == 1:
            factor = _AGE_ONE_OUT
            reasons.append(f"age a year out ({case.age} listed, {age} by their date of birth)")
        else:
            factor = _CONTRADICTED
            reasons.append(f"different age ({case.age} listed, {age} by their date of birth)")
    elif case.date_of_birth or case.age is not None:
        reasons.append("no date of birth held for them")
    else:
        reasons.append("no date of birth or age on the list")
    if numbered:
        number = case.case_number or ""
        # A case number they were heard under before is as good as a date of birth, unless
        # the date of birth says otherwise.
        factor = 0.8 if factor == _CONTRADICTED else max(factor, _CASE_NUMBER)
        reasons.insert(0, f"case number {number} is on a past hearing of theirs")
    return factor, reasons


@functools.lru_cache(maxsize=65536)
def _family_keys(text: str) -> tuple[str, str, frozenset[str]]:
    return squash(text), family_core(text), frozenset(words(text))


def could_match(name: Name, person: Mapping[str, Any]) -> bool:
    """A cheap first look: can these names reach the threshold for being shown at all?

    The score is the geometric mean of the family and given names' scores, so a family name
    unlike both of the listed names (Jaro-Winkler under 0.7, sharing no word, no core, no
    spelling) keeps it under POSSIBLE_THRESHOLD whatever the given names are.
    """
    held = person.get("family_name") or ""
    if not (name.family and name.forenames and held):
        return True
    held_squash, held_core, held_words = _family_keys(held)
    for listed in (name.family, name.forenames):
        squashed, core, listed_words = _family_keys(listed)
        if (
            JaroWinkler.similarity(squashed, held_squash) >= 0.7
            or core == held_core
            or listed_words & held_words
            or held_squash in spellings(squashed)
        ):
            return True
    return False


def score(
    case: ListedCase,
    person: Mapping[str, Any],
    *,
    on: dt.date | None = None,
    numbered: bool = False,
) -> Candidate:
    """One held person scored against one listed case."""
    if not could_match(case.name, person):
        return Candidate(person, 0.0, ("different names",), False)
    name = compare_names(case.name, held_name(person))
    if name.score < POSSIBLE_THRESHOLD:
        # Nothing the list says can lift it into view: skip working out the rest.
        return Candidate(person, name.score, name.reasons, False)
    factor, more = _evidence(case, person, on, numbered)
    confidence = round(name.score * factor, 3)
    return Candidate(person, confidence, (*name.reasons, *more), confidence >= MATCH_THRESHOLD)


def _rank(
    case: ListedCase,
    pool: Mapping[str, Mapping[str, Any]],
    numbered: Mapping[str, Mapping[str, Any]],
    on: dt.date | None,
    rejected: Collection[str],
    limit: int,
) -> ListedMatch:
    found = []
    for person_id, person in pool.items():
        if person_id in rejected:
            continue
        candidate = score(case, person, on=on, numbered=person_id in numbered)
        if candidate.confidence >= POSSIBLE_THRESHOLD:
            found.append(candidate)
    found.sort(key=lambda c: (-c.confidence, str(c.person.get("family_name") or ""), c.person_id))
    if (
        len(found) > 1
        and found[1].likely
        and found[0].confidence - found[1].confidence < _AMBIGUOUS
        and not _firm(case, found[0])
    ):
        # Two people fit as well as each other on name and age alone: the worker decides.
        found = [_not_likely(c) if c.likely else c for c in found]
    return ListedMatch(case, found[:limit])


def _firm(case: ListedCase, candidate: Candidate) -> bool:
    """A candidate matched on the date of birth itself or a past case number."""
    if any(r.startswith("case number ") for r in candidate.reasons):
        return True
    return birth_dates.relation(case.date_of_birth, candidate.person.get("date_of_birth")) == (
        birth_dates.SAME
    )


def _not_likely(candidate: Candidate) -> Candidate:
    return Candidate(
        candidate.person,
        candidate.confidence,
        (*candidate.reasons, "another person held fits as well"),
        False,
    )


def describe(candidate: Candidate) -> str:
    """A line for the command line and the preview: name, reference, born, confidence."""
    person = candidate.person
    name = " ".join(p for p in (person.get("given_name"), person.get("family_name")) if p)
    born = show_date(person.get("date_of_birth"))
    return (
        f"{name} ({person.get('reference') or 'no reference'}"
        f"{', born ' + born if born else ''}): {round(candidate.confidence * 100)}%, "
        f"{candidate.reason_text}"
    )
