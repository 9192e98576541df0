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
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils
from rapidfuzz import fuzz

from cass_desktop.data import clients

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
    typed_given = fold(given)
    typed_family = fold(family)
    if not typed_given and not typed_family:
        return 0, None
    held_family = fold(client.get("family_name"))
    held_givens = [fold(client.get("given_name"))]
    preferred = fold(client.get("preferred_name"))
    if preferred and preferred not in held_givens:
        held_givens.append(preferred)
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
