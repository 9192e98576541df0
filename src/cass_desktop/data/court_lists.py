"""Read queries for matching a court list against the people held: candidates by date of
birth, by name words, and by past case numbers. Nothing here writes.

Every query uses an index the store already has: clients.date_of_birth, and the clients_fts
name column (each name's words, split at apostrophes and hyphens, plus the family name run
together). Case numbers have no index yet (see `has_case_number_index`), so that lookup
reads every hearing and is asked only for the cases names and dates of birth leave open.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlite_utils

from cass_desktop.data.search import fold as fts_fold

_PERSON = (
    "c.id, c.reference, c.given_name, c.family_name, c.preferred_name, c.date_of_birth, "
    "c.status, c.site_id"
)
_LIVE = "c.deleted = 0 AND c.merged_into IS NULL"
_CHUNK = 500  # parameters per statement, well under SQLite's limit


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def people_born_on(db: sqlite_utils.Database, dates: Iterable[str]) -> list[dict[str, Any]]:
    """People held born on any of `dates` (ISO 8601)."""
    wanted = sorted(set(dates))
    found: list[dict[str, Any]] = []
    for chunk in _chunks(wanted):
        marks = ",".join("?" * len(chunk))
        found.extend(
            db.query(
                f"SELECT {_PERSON} FROM clients c WHERE c.date_of_birth IN ({marks}) AND {_LIVE}",
                list(chunk),
            )
        )
    return found


def _term(word: str, prefix: bool) -> str | None:
    """One FTS5 term, quoted so nothing typed is read as syntax; None when it has no letters."""
    word = "".join(ch for ch in fts_fold(word).casefold() if ch.isalnum())
    if not word:
        return None
    return f'"{word}"*' if prefix else f'"{word}"'


def name_match_expression(
    family_words: Iterable[str],
    given_words: Iterable[str],
    family_prefix: str,
    given_prefix: str,
) -> str | None:
    """An FTS5 expression over the name column for one listed person: (a family word, and a
    given name word or one starting like the given name) or (a given name word and a family
    name starting alike). One prefix term on each side keeps it cheap: a prefix's doclist is
    merged from every word it starts.

    All words must be folded already (people.names.fold); none is ever read as FTS syntax.
    """
    family = sorted({t for w in family_words if (t := _term(w, False))})
    given = sorted({t for w in given_words if (t := _term(w, False))})
    given_start = _term(given_prefix, True)
    family_start = _term(family_prefix, True)
    parts = []
    if family:
        alike = given + ([given_start] if given_start else [])
        if alike:
            parts.append(f"(({' OR '.join(family)}) AND ({' OR '.join(alike)}))")
        else:
            parts.append(f"({' OR '.join(family)})")
    if given and family_start:
        parts.append(f"(({' OR '.join(given)}) AND {family_start})")
    if not parts:
        return None
    return "name : (" + " OR ".join(parts) + ")"


def rowids_matching_names(
    db: sqlite_utils.Database, expression: str, limit: int = 400
) -> list[int]:
    """Row numbers of the people whose name words satisfy one `name_match_expression`
    (the index alone; fetch the people once for all expressions with `people_by_rowid`)."""
    return [
        row[0]
        for row in db.execute(
            "SELECT rowid FROM clients_fts WHERE clients_fts MATCH ? LIMIT ?", [expression, limit]
        )
    ]


def people_by_rowid(db: sqlite_utils.Database, rowids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The people (still held, not merged away) with these row numbers."""
    wanted = sorted(set(rowids))
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for row in db.query(
            f"SELECT c.rowid AS row_number, {_PERSON} FROM clients c "
            f"WHERE c.rowid IN ({marks}) AND {_LIVE}",
            chunk,
        ):
            found[row.pop("row_number")] = row
    return found


def has_case_number_index(db: sqlite_utils.Database) -> bool:
    """Whether hearings.case_number is indexed (a later migration may add it)."""
    for index in db.execute("PRAGMA index_list(hearings)").fetchall():
        columns = db.execute(f"PRAGMA index_info({_quoted(index[1])})").fetchall()
        if columns and columns[0][2] == "case_number":
            return True
    return False


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def case_numbers_of(db: sqlite_utils.Database, person_ids: Iterable[str]) -> dict[str, set[str]]:
    """The case numbers of each person's hearings (through the index on hearings.client_id)."""
    wanted = sorted(set(person_ids))
    found: dict[str, set[str]] = {}
    for chunk in _chunks(wanted):
        marks = ",".join("?" * len(chunk))
        for client_id, number in db.execute(
            f"SELECT client_id, case_number FROM hearings WHERE client_id IN ({marks}) "
            "AND case_number IS NOT NULL AND deleted = 0",
            list(chunk),
        ):
            found.setdefault(client_id, set()).add(number)
    return found


def people_with_case_numbers(
    db: sqlite_utils.Database, numbers: Iterable[str]
) -> list[tuple[str, dict[str, Any]]]:
    """(case number, person) for each hearing held with one of `numbers`, compared as given
    and without spaces. Without an index on hearings.case_number this reads every hearing."""
    wanted = sorted({n for n in numbers if n})
    found: list[tuple[str, dict[str, Any]]] = []
    for chunk in _chunks(wanted):
        marks = ",".join("?" * len(chunk))
        for row in db.query(
            f"SELECT h.case_number AS listed_case_number, {_PERSON} FROM hearings h "
            f"JOIN clients c ON c.id = h.client_id "
            f"WHERE h.case_number IN ({marks}) AND h.deleted = 0 AND {_LIVE}",
            list(chunk),
        ):
            number = row.pop("listed_case_number")
            found.append((number, row))
    return found
