"""People who may be the same person: fuzzy names with accents folded, plus date of birth.

Before a worker adds someone, the people already held who look alike are shown first, so one
person does not end up with two records. Names are compared with diacritics folded (Siân =
Sian, Łukasz = Lukasz) and apostrophes, hyphens and spaces ignored (O'Brien = OBrien); dates of
birth are compared exactly and for the usual slips (day and month swapped, one digit wrong).
The score is a judgement aid for the worker, never a decision.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils
from rapidfuzz import fuzz, process

from cass_desktop.data import clients
from cass_desktop.records.dates import show_date

# Letters that Unicode does not decompose into a base letter and an accent.
_FOLD_EXTRA = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ß": "ss",
        "ı": "i",
        "ħ": "h",
        "Ħ": "h",
    }
)

# How alike the names must be (0-100) before someone is shown, by how the dates of birth relate.
_NAME_NEEDED = {
    "same": 70,
    "swapped": 80,
    "one_digit": 85,
    "unknown": 88,
}
# Added to the name score to order the list: an exact date of birth counts for most.
_DOB_WEIGHT = {"same": 40, "swapped": 30, "one_digit": 25, "unknown": 10}


def fold(text: str | None) -> str:
    """A name reduced for comparing: lower case, no accents, letters and single spaces only.

    >>> fold("Siân Ní Bhriain")
    'sian ni bhriain'
    >>> fold("Łukasz O'Brien-Nguyễn")
    'lukasz obrien nguyen'
    """
    if not text:
        return ""
    text = text.translate(_FOLD_EXTRA)
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.casefold().translate(_FOLD_EXTRA)
    out: list[str] = []
    for ch in plain:
        if ch.isalnum():
            out.append(ch)
        elif ch in "'’`´‘":
            continue  # O'Brien and OBrien are the same name
        else:
            out.append(" ")
    return " ".join("".join(out).split())


@dataclass(frozen=True)
class Candidate:
    """Someone already held who may be the person being added."""

    client: dict[str, Any]
    score: int  # for ordering; higher is more alike
    name_similarity: int  # 0-100
    dob_relation: str  # same | swapped | one_digit | unknown | different
    reasons: list[str] = field(default_factory=list)

    @property
    def client_id(self) -> str:
        return self.client["id"]


def dob_relation(a: dt.date | str | None, b: dt.date | str | None) -> str:
    """How two dates of birth relate: same, swapped (day and month), one_digit, unknown or
    different."""
    a_date = _as_date(a)
    b_date = _as_date(b)
    if a_date is None or b_date is None:
        return "unknown"
    if a_date == b_date:
        return "same"
    if a_date.year == b_date.year and (a_date.day, a_date.month) == (b_date.month, b_date.day):
        return "swapped"
    a_text = a_date.strftime("%d%m%Y")
    b_text = b_date.strftime("%d%m%Y")
    if sum(x != y for x, y in zip(a_text, b_text, strict=True)) == 1:
        return "one_digit"
    return "different"


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def name_similarity(
    given: str | None, family: str | None, client: dict[str, Any]
) -> tuple[int, str | None]:
    """How alike the typed name is to a held person's (0-100), and a note on how it matched.

    Only the parts typed so far are compared, so "Nguyen" alone is compared with family names.
    The held person's preferred name is tried in place of their given name, and given and
    family names the other way round (people's names are often recorded in either order).
    """
    held_givens = [fold(client.get("given_name"))]
    preferred = fold(client.get("preferred_name"))
    if preferred and preferred not in held_givens:
        held_givens.append(preferred)
    return _folded_similarity(
        fold(given), fold(family), fold(client.get("family_name")), held_givens
    )


def _folded_similarity(
    typed_given: str, typed_family: str, held_family: str, held_givens: list[str]
) -> tuple[int, str | None]:
    """`name_similarity` over names already folded (held_givens: given, then preferred)."""
    if not typed_given and not typed_family:
        return 0, None
    best = 0
    note: str | None = None
    for index, held_given in enumerate(held_givens):
        if typed_given and typed_family:
            typed = f"{typed_given} {typed_family}"
            held = f"{held_given} {held_family}".strip()
            score = fuzz.token_sort_ratio(typed, held)
            # Whole-name similarity can hide a very different given name behind a long
            # family name; weigh each part as well.
            parts = (
                fuzz.ratio(typed_given, held_given) + fuzz.ratio(typed_family, held_family)
            ) / 2
            score = min(score, max(parts, score - 10))
        elif typed_family:
            score = fuzz.ratio(typed_family, held_family)
        else:
            score = fuzz.ratio(typed_given, held_given)
        if score > best:
            best = round(score)
            note = "preferred" if index > 0 else None
    return best, note


def score_candidate(
    given: str | None,
    family: str | None,
    date_of_birth: dt.date | str | None,
    client: dict[str, Any],
) -> Candidate | None:
    """A held person scored against what was typed; None when they are not alike enough."""
    relation = dob_relation(date_of_birth, client.get("date_of_birth"))
    similarity, note = name_similarity(given, family, client)
    needed = _NAME_NEEDED.get(relation)
    if needed is None or similarity < needed:
        return None
    reasons: list[str] = []
    if relation == "same":
        reasons.append("same date of birth")
    elif relation == "swapped":
        reasons.append("day and month swapped in date of birth")
    elif relation == "one_digit":
        reasons.append("date of birth differs by one digit")
    if similarity >= 100:
        reasons.append("same name" if note is None else "same name as the name they go by")
    else:
        reasons.append(
            f"similar name ({similarity}%)"
            if note is None
            else f"similar to the name they go by ({similarity}%)"
        )
    if relation == "unknown":
        if date_of_birth is None or date_of_birth == "":
            if client.get("date_of_birth"):
                reasons.append("date of birth not typed yet")
        else:
            reasons.append("no date of birth held for them")
    return Candidate(
        client=client,
        score=similarity + _DOB_WEIGHT[relation],
        name_similarity=similarity,
        dob_relation=relation,
        reasons=reasons,
    )


def find_similar(
    db: sqlite_utils.Database,
    given_name: str | None,
    family_name: str | None,
    date_of_birth: dt.date | str | None,
    *,
    exclude_id: str | None = None,
    limit: int = 8,
) -> list[Candidate]:
    """People already held who may be the person being added, most alike first."""
    given_name = (given_name or "").strip()
    family_name = (family_name or "").strip()
    dob = _as_date(date_of_birth)
    if len(fold(given_name) + fold(family_name)) < 2:
        return []
    pool: dict[str, dict[str, Any]] = {}
    for row in clients.candidates_like(
        db, given_name, family_name, dob.isoformat() if dob else None
    ):
        pool[row["id"]] = row
    # The usual slips in a date of birth: day and month swapped.
    if dob and dob.day <= 12 and dob.day != dob.month:
        try:
            swapped = dt.date(dob.year, dob.day, dob.month).isoformat()
        except ValueError:
            swapped = None
        if swapped:
            for row in clients.candidates_like(db, "", "", swapped):
                pool.setdefault(row["id"], row)
    found = [
        candidate
        for row in pool.values()
        if row["id"] != exclude_id
        and (candidate := score_candidate(given_name, family_name, dob, row)) is not None
    ]
    found.sort(key=lambda c: (-c.score, fold(c.client.get("family_name"))))
    return found[:limit]


# -- possible duplicates across a whole store (head office) --------------------------------


@dataclass(frozen=True)
class DuplicatePair:
    """Two people held who may be one person, with the reasons in words."""

    first: dict[str, Any]
    second: dict[str, Any]
    score: int  # for ordering; higher is more alike
    name_similarity: int  # 0-100
    dob_relation: str  # same | swapped | one_digit | unknown
    reasons: list[str] = field(default_factory=list)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset((self.first["id"], self.second["id"]))


@dataclass
class _Person:
    row: dict[str, Any]
    given: str
    family: str
    dob: dt.date | None
    names: list[str]  # "given family" folded, and with the name they go by in place of given
    givens: list[str]  # given name folded, then the name they go by when it differs

    @classmethod
    def of(cls, row: dict[str, Any], folded: dict[str | None, str]) -> _Person:
        def f(text: str | None) -> str:
            if text not in folded:
                folded[text] = fold(text)
            return folded[text]

        given = f(row.get("given_name"))
        family = f(row.get("family_name"))
        preferred = f(row.get("preferred_name"))
        givens = [given]
        if preferred and preferred != given:
            givens.append(preferred)
        names = [f"{name} {family}".strip() for name in givens]
        return cls(row, given, family, _as_date(row.get("date_of_birth")), names, givens)

    @property
    def whole(self) -> bool:
        """Both names held, so the whole-name score bounds the full score."""
        return bool(self.given and self.family)


def _alike_enough(a: _Person, b: _Person, cutoff: int) -> bool:
    """A cheap first look: can these two names reach `cutoff`? The full score is never higher
    than the whole-name score, except where a given or family name is missing."""
    if not (a.whole and b.whole):
        return True
    return any(fuzz.token_sort_ratio(x, y, score_cutoff=cutoff) for x in a.names for y in b.names)


def _dob_block(day: dt.date) -> tuple[int, int, int]:
    """The same for two dates that are equal or have day and month swapped."""
    return (day.year, min(day.day, day.month), max(day.day, day.month))


def _digit_blocks(person: _Person) -> list[tuple[str, str, str]]:
    """Keys two people share when their dates of birth differ in exactly one digit and their
    names start alike (the first two letters of the family name, the given name's initial).
    Two dates one digit apart share exactly one of these, so no pair is met twice."""
    day = person.dob
    assert day is not None
    text = f"{day.day:02d}{day.month:02d}{day.year:04d}"
    names = (person.family[:2], person.given[:1])
    return [(text[:i] + "?" + text[i + 1 :], *names) for i in range(len(text))]


def _pair_reasons(a: dict[str, Any], b: dict[str, Any], relation: str, similarity: int) -> list:
    reasons: list[str] = []
    if similarity >= 100:
        reasons.append("same name")
    else:
        reasons.append(f"similar names ({similarity}%)")
    a_dob, b_dob = a.get("date_of_birth"), b.get("date_of_birth")
    if relation == "same":
        reasons.append(f"same date of birth ({show_date(a_dob)})")
    elif relation == "swapped":
        reasons.append(
            f"day and month of birth swapped ({show_date(a_dob)} and {show_date(b_dob)})"
        )
    elif relation == "one_digit":
        reasons.append(
            f"dates of birth one digit apart ({show_date(a_dob)} and {show_date(b_dob)})"
        )
    elif a_dob or b_dob:
        reasons.append("date of birth held for only one of them")
    else:
        reasons.append("no date of birth held for either")
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
    """Scored as `score_candidate` does, the better of the two ways round (each way tries the
    other's preferred name); None when they are not alike enough."""
    relation = dob_relation(a.dob, b.dob)
    needed = _NAME_NEEDED.get(relation)
    if needed is None:
        return None
    similarity = max(
        _folded_similarity(a.given, a.family, b.family, b.givens)[0],
        _folded_similarity(b.given, b.family, a.family, a.givens)[0],
    )
    if similarity < needed:
        return None
    first, second = sorted((a.row, b.row), key=lambda r: (r.get("reference") or "", r["id"]))
    return DuplicatePair(
        first=first,
        second=second,
        score=similarity + _DOB_WEIGHT[relation],
        name_similarity=similarity,
        dob_relation=relation,
        reasons=_pair_reasons(first, second, relation, similarity),
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
    block are compared, never everyone with everyone: the same date of birth or one with day
    and month swapped; a date of birth one digit apart and names starting alike; or, when one
    has no date of birth, family names starting alike (or one's family name starting like the
    other's given name: names recorded the other way round). `skip` holds pairs (sets of two
    ids) a person has already said are different people. 100,000 people take a few seconds.
    """
    skip = skip or set()
    folded: dict[str | None, str] = {}
    persons = [_Person.of(row, folded) for row in people]
    same: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    near: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    by_family: dict[str, list[int]] = defaultdict(list)
    undated: list[int] = []
    for index, person in enumerate(persons):
        if person.family:
            by_family[person.family[:3]].append(index)
        if person.dob is None:
            undated.append(index)
            continue
        same[_dob_block(person.dob)].append(index)
        for key in _digit_blocks(person):
            near[key].append(index)

    found: list[DuplicatePair] = []

    def consider(a: _Person, b: _Person) -> None:
        if frozenset((a.row["id"], b.row["id"])) in skip:
            return
        pair = _score_pair(a, b)
        if pair is not None:
            found.append(pair)

    total = len(same) + len(near) + len(undated)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress and done % 20_000 == 0:
            progress(done, total)

    cutoff = _NAME_NEEDED["same"]
    for members in same.values():
        tick()
        for x, i in enumerate(members):
            a = persons[i]
            for j in members[x + 1 :]:
                if _alike_enough(a, persons[j], cutoff):
                    consider(a, persons[j])
    cutoff = _NAME_NEEDED["one_digit"]
    for members in near.values():
        tick()
        for x, i in enumerate(members):
            a = persons[i]
            for j in members[x + 1 :]:
                b = persons[j]
                # Equal or swapped dates were met in their own block above.
                if a.dob != b.dob and _alike_enough(a, b, cutoff):
                    consider(a, b)
    # No date of birth: a first look at each family-name block in one call, then full scores.
    cutoff = _NAME_NEEDED["unknown"]
    choices: dict[str, tuple[list[str], list[int], list[int]]] = {}
    seen: set[tuple[int, int]] = set()
    for i in undated:
        tick()
        a = persons[i]
        prefixes = {name[:3] for name in (a.family, a.given) if len(name) >= 2}
        for prefix in prefixes:
            if prefix not in choices:
                names: list[str] = []
                owners: list[int] = []
                partial: list[int] = []
                for j in by_family.get(prefix, ()):
                    if persons[j].whole:
                        names.extend(persons[j].names)
                        owners.extend([j] * len(persons[j].names))
                    else:
                        partial.append(j)
                choices[prefix] = (names, owners, partial)
            names, owners, partial = choices[prefix]
            hits = set(partial)
            if a.whole:
                for name in a.names:
                    for _choice, _score, k in process.extract(
                        name, names, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff, limit=None
                    ):
                        hits.add(owners[k])
            else:
                hits.update(owners)
            for j in hits:
                key = (i, j) if i < j else (j, i)
                if j != i and key not in seen:
                    seen.add(key)
                    consider(a, persons[j])
    found.sort(key=lambda p: (-p.score, fold(p.first.get("family_name")), p.first["id"]))
    return found
