"""Finding who may be a person among everyone held, through indexes: the words of their name
(with spellings and short forms) and their date of birth (with its usual slips). Used by the
look-alike check and court lists; the scoring is `lookalikes` and `court.list_matching`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from cass_desktop.data import court_lists
from cass_desktop.people import birth_dates
from cass_desktop.people.lookalikes import LOOKALIKE_THRESHOLD, Likeness, rank
from cass_desktop.people.names import (
    PARTICLES,
    Name,
    family_core,
    given_name_variants,
    spellings,
    squash,
    words,
)


def name_expression(name: Name) -> str | None:
    """The full-text expression that finds people whose names may be `name`: a family name
    word (or its spellings) with a given name, a short form or spelling of it, or a name
    starting as it does; or the given name with a family name starting alike."""
    family_words: set[str] = set()
    family = squash(name.family)
    for word in [family, family_core(name.family), *words(name.family)]:
        if len(word) >= 2 and word not in PARTICLES:
            family_words |= spellings(word)
    forenames = words(name.forenames)
    given_words: set[str] = set(forenames)
    if forenames:
        given_words |= given_name_variants(forenames[0])
    if len(forenames) > 1:
        given_words.add(squash(name.forenames))
    first = forenames[0] if forenames else ""
    # An initial is only ever a prefix; a name starts as it is written, for typing slips
    # (the family name by two letters: Daies for Davies).
    given_prefix = first if len(first) == 1 else first[:3]
    given_words.discard(first if len(first) == 1 else "")
    core = family_core(name.family) or family
    return court_lists.name_match_expression(family_words, given_words, core[:2], given_prefix)


def find_lookalikes(
    db: sqlite_utils.Database,
    name: Name,
    date_of_birth: dt.date | str | None = None,
    *,
    exclude_id: str | None = None,
    threshold: float = LOOKALIKE_THRESHOLD,
    limit: int = 8,
) -> list[tuple[Mapping[str, Any], Likeness]]:
    """People held who may be the person being added (the New person check, `look-alikes`),
    most alike first, each with its score and reasons. Writes nothing."""
    pool: dict[str, Mapping[str, Any]] = {}
    born = birth_dates.as_date(date_of_birth)
    if born is not None:
        dates = [born, *birth_dates.slips_of(born)]
        for person in court_lists.people_born_on(db, [d.isoformat() for d in dates]):
            pool[person["id"]] = person
    expressions = {name_expression(name)}
    if name.given and name.family:
        expressions.add(name_expression(Name(given=name.family, family=name.forenames)))
    rowids: set[int] = set()
    for expression in expressions - {None}:
        assert expression is not None
        rowids.update(court_lists.rowids_matching_names(db, expression))
    for person in court_lists.people_by_rowid(db, rowids).values():
        pool.setdefault(person["id"], person)
    return rank(
        name, date_of_birth, pool.values(), threshold=threshold, exclude_id=exclude_id, limit=limit
    )
