"""People held who may be one person, across a whole store (head office's Possible duplicates).

The comparing is the names engine's, the same as the New person check and court lists use:
names with `people.names`, dates of birth with `people.birth_dates`, one score from
`people.lookalikes`. This module only chooses which pairs to compare, so that a store of
100,000 people is never compared everyone with everyone, and adds what two held records can
share beyond a name (a phone number, a postcode, a court).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from cass_desktop.people.birth_dates import SAME, UNKNOWN, as_date, slips_of
from cass_desktop.people.lookalikes import LOOKALIKE_THRESHOLD, Likeness, compare_people, held_name
from cass_desktop.people.names import Name, fold, given_name_variants
from cass_desktop.records.dates import show_date

# A cheap first look (rapidfuzz, 0-100) before the full comparison: well below what the
# engine needs, so short forms and other spellings (Bill, William) still reach it.
_FIRST_LOOK = 65
# With no date of birth the engine needs a name score of 0.94; this is its first look.
_FIRST_LOOK_UNDATED = 70


# -- possible duplicates across a whole store (head office) --------------------------------


@dataclass(frozen=True)
class DuplicatePair:
    """Two people held who may be one person, with the reasons in words."""

    first: dict[str, Any]
    second: dict[str, Any]
    score: int  # 0-100, the engine's score; higher is more alike
    name_similarity: int  # 0-100
    dob_relation: str  # a birth_dates relation: same, day_month_swapped, one_digit, ...
    reasons: list[str] = field(default_factory=list)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset((self.first["id"], self.second["id"]))


@dataclass
class _Person:
    row: dict[str, Any]
    name: Name
    given: str  # folded
    family: str  # folded
    dob: dt.date | None
    names: list[str]  # "given family" folded, and with the name they go by in place of given

    @classmethod
    def of(cls, row: dict[str, Any]) -> _Person:
        name = held_name(row)
        given, family, preferred = fold(name.given), fold(name.family), fold(name.preferred)
        givens = [given] + ([preferred] if preferred and preferred != given else [])
        names = [f"{g} {family}".strip() for g in givens]
        return cls(row, name, given, family, as_date(row.get("date_of_birth")), names)

    @functools.cached_property
    def initials(self) -> set[str]:
        return {part[:1] for part in (self.family, self.given) if part}


def _first_look(a: _Person, b: _Person, cutoff: int) -> bool:
    """Can these two names be alike at all? Cheap; the engine decides."""
    if not (a.names[0] and b.names[0]):
        return True
    return any(
        fuzz.token_sort_ratio(x, y, score_cutoff=cutoff)
        or fuzz.ratio(x.replace(" ", ""), y.replace(" ", ""), score_cutoff=cutoff)
        for x in a.names
        for y in b.names
    )


def _given_alike(a: _Person, b: _Person) -> bool:
    """Could these given names be one (same initial, a short form or another spelling), or
    the names be written the other way round? Cheap; the engine decides."""
    x, y = a.given.split()[:1], b.given.split()[:1]
    if not x or not y:
        return True
    x0, y0 = x[0], y[0]
    if x0[:1] in (y0[:1], b.family[:1]) or y0[:1] == a.family[:1]:
        return True
    return y0 in given_name_variants(x0) or x0 in given_name_variants(y0)


def _digit_blocks(person: _Person) -> list[tuple[str, str, str]]:
    """Keys two people share when their dates of birth differ in exactly one digit and their
    names start alike (the first two letters of the family name, the given name's initial)."""
    day = person.dob
    assert day is not None
    text = f"{day.day:02d}{day.month:02d}{day.year:04d}"
    names = (person.family[:2], person.given[:1])
    return [(text[:i] + "?" + text[i + 1 :], *names) for i in range(len(text))]


def _extra_reasons(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """What two held records share beyond a name and a date of birth."""
    reasons: list[str] = []
    phone_a = "".join(ch for ch in a.get("phone") or "" if ch.isdigit())
    phone_b = "".join(ch for ch in b.get("phone") or "" if ch.isdigit())
    if len(phone_a) >= 6 and phone_a[-10:] == phone_b[-10:]:
        reasons.append("same phone number")
    postcode_a = "".join((a.get("postcode") or "").upper().split())
    postcode_b = "".join((b.get("postcode") or "").upper().split())
    if postcode_a and postcode_a == postcode_b:
        reasons.append("same postcode")
    site_a, site_b = a.get("site_name"), b.get("site_name")
    if site_a and site_b:
        if site_a == site_b:
            reasons.append(f"both recorded at {site_a}")
        else:
            reasons.append(f"recorded at different sites ({site_a}; {site_b})")
    return reasons


def _score_pair(a: _Person, b: _Person) -> DuplicatePair | None:
    """The engine's score, the better of the two ways round (each tries the other's name they
    go by); None when they are not alike enough."""
    likeness: Likeness = compare_people(a.name, a.dob, b.name, b.dob)
    if a.name.preferred or b.name.preferred:
        other = compare_people(b.name, b.dob, a.name, a.dob)
        if other.score > likeness.score:
            likeness = other
    if likeness.score < LOOKALIKE_THRESHOLD:
        return None
    first, second = sorted((a.row, b.row), key=lambda r: (r.get("reference") or "", r["id"]))
    reasons = list(likeness.name.reasons)
    if likeness.dob.relation == SAME:
        reasons.append(f"same date of birth ({show_date(a.dob.isoformat())})")
    elif likeness.dob.relation != UNKNOWN:
        reasons.append(likeness.dob.reason)
    elif a.dob or b.dob:
        reasons.append("date of birth held for only one of them")
    else:
        reasons.append("no date of birth held for either")
    return DuplicatePair(
        first=first,
        second=second,
        score=round(likeness.score * 100),
        name_similarity=round(likeness.name.score * 100),
        dob_relation=likeness.dob.relation,
        reasons=[*reasons, *_extra_reasons(first, second)],
    )


def duplicate_pairs(
    people: list[dict[str, Any]],
    *,
    skip: set[frozenset[str]] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[DuplicatePair]:
    """Pairs among `people` who may be one person, most alike first.

    Each row needs `id`, `given_name`, `family_name`, `date_of_birth`, and may carry
    `preferred_name`, `reference`, `phone`, `postcode`, `site_name`. Only people sharing a
    block are compared, never everyone with everyone: dates of birth the same or one of the
    usual slips apart (day and month swapped, two digits of the day, month or year swapped,
    the year out, a day apart)
    with a name starting alike; a date of birth one digit apart and names starting alike; or,
    when one has no date of birth, family names starting alike (or one's family name starting
    like the other's given name: names recorded the other way round). `skip` holds pairs
    (sets of two ids) a person has already said are different people.
    """
    skip = skip or set()
    persons = [_Person.of(row) for row in people]
    by_day: dict[dt.date, list[int]] = defaultdict(list)
    near: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    by_family: dict[str, list[int]] = defaultdict(list)
    undated: list[int] = []
    for index, person in enumerate(persons):
        if person.family:
            by_family[person.family[:3]].append(index)
        if person.dob is None:
            undated.append(index)
            continue
        by_day[person.dob].append(index)
        for key in _digit_blocks(person):
            near[key].append(index)

    found: list[DuplicatePair] = []
    seen: set[tuple[int, int]] = set()

    def consider(i: int, j: int, cutoff: int) -> None:
        key = (i, j) if i < j else (j, i)
        if i == j or key in seen:
            return
        a, b = persons[i], persons[j]
        if frozenset((a.row["id"], b.row["id"])) in skip or not _first_look(a, b, cutoff):
            return
        seen.add(key)
        pair = _score_pair(a, b)
        if pair is not None:
            found.append(pair)

    total = len(persons) + len(near)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress and done % 20_000 == 0:
            progress(done, total)

    one_day = dt.timedelta(days=1)
    for i, person in enumerate(persons):
        tick()
        if person.dob is None:
            continue
        slips = slips_of(person.dob, all_swaps=False)
        days = [person.dob, *slips, person.dob - one_day, person.dob + one_day]
        for day in days:
            for j in by_day.get(day, ()):
                if j != i and (day == person.dob or person.initials & persons[j].initials):
                    consider(i, j, _FIRST_LOOK)
    for members in near.values():
        tick()
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                consider(i, j, _FIRST_LOOK)
    # No date of birth: a first look at each family-name block in one call, then full scores.
    choices: dict[str, tuple[list[str], list[int], list[int]]] = {}
    for i in undated:
        a = persons[i]
        prefixes = {name[:3] for name in (a.family, a.given) if len(name) >= 2}
        for prefix in prefixes:
            if prefix not in choices:
                names: list[str] = []
                owners: list[int] = []
                partial: list[int] = []
                for j in by_family.get(prefix, ()):
                    if persons[j].given and persons[j].family:
                        names.extend(persons[j].names)
                        owners.extend([j] * len(persons[j].names))
                    else:
                        partial.append(j)
                choices[prefix] = (names, owners, partial)
            names, owners, partial = choices[prefix]
            hits = set(partial)
            if a.given and a.family:
                for name in a.names:
                    for _choice, _score, k in process.extract(
                        name,
                        names,
                        scorer=fuzz.token_sort_ratio,
                        score_cutoff=_FIRST_LOOK_UNDATED,
                        limit=None,
                    ):
                        hits.add(owners[k])
            else:
                hits.update(owners)
            for j in hits:
                if _given_alike(a, persons[j]):
                    consider(i, j, 0)
    found.sort(key=lambda p: (-p.score, fold(p.first.get("family_name")), p.first["id"]))
    return found
