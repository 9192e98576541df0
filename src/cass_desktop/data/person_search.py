"""Find-a-person (`clients.search`): the people shown for what was typed, in the order shown.

Best first when few match; a screenful by name when many do. What is read is bounded by what
is shown, not by how many match: a count never goes past `_FIND_SORT_AT_MOST + 1`, no more
than `_RANK_AT_MOST` people are ever ranked, and every sort runs in SQLite (only the screenful
shown is made into Python rows).

The order, by what was typed (and how many of the people its words match, the deleted and
merged-away included, as the indexes hold them):

- One word (a name, or a reference's word such as 7KQM), at most `_RANK_AT_MOST` matched:
  best first (bm25 over the name keys: lower is better; those found only by reference, date
  of birth or phone after everyone found by name), then by name as Python folds it
  (`str.casefold`).
- More than one word ("Ryan S", "Mary Jane", "PLY-7K", "Smith-Jones": a hyphen parts words;
  a last word of one digit, "Smith 2", is not searched, so that is one word), at most
  `_RANK_AT_MOST` matched: those found by name first, then the rest; each by name as Python
  folds it. Every person listed matches every word, so bm25 only weighed how many parts their
  names have and how many of them start with a word typed (a preferred or double-barrelled
  name came below namesakes), and weighing a one-letter word read every name starting with
  that letter (1–3 ms at 100,000 people): name order is what a worker scans, and it stays put
  as they type.
  (Until this change such searches were best first like one word; past `_RANK_AT_MOST` they
  were, and are, by name.)
- More matched: those whose family name starts with the one plain word typed, by name, when
  there are a screenful of them ("s", "tuc"); else the first of them all by name (the
  Clients list's order, SQLite's NOCASE): sorted when there are no more than
  `_FIND_SORT_AT_MOST`, else read in order from the list's name index.
- The start of a reference (PLY-7, PLY-7K) whose references more than `_RANK_AT_MOST` people
  start with: anyone found by name first (by name), then those whose reference starts with
  it, in reference order, read from clients.reference's own index (until this change they
  were the first by name of them all, which meant reading every one of them: 4–5 ms at
  100,000 people for "PLY-R"). The references shown are then those nearest what was typed,
  in the order the next characters narrow them.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from cass_desktop.data.search import NAMES, REFERENCES, family_prefix, name_variants, people_query

# Ranking every match of a broad prefix ("p", "19") costs tens of milliseconds at 100,000
# people; past this many matches they are listed by name instead, unranked: sorted when there
# are no more than _FIND_SORT_AT_MOST, else read in name order from the name index.
_RANK_AT_MOST = 200
_FIND_SORT_AT_MOST = 600
_FOUND_COLUMNS = (
    "c.id, c.reference, c.given_name, c.family_name, c.preferred_name, c.date_of_birth, c.status"
)
_FOUND_KEYS = [col.removeprefix("c.") for col in _FOUND_COLUMNS.split(", ")]
_LIVE = "c.deleted = 0 AND c.merged_into IS NULL"
# The Clients list's name order (its name index); the unary + sorts the few matched by row
# number rather than walking the whole index to where the first of them is.
_BY_NAME = "c.family_name COLLATE NOCASE, c.given_name COLLATE NOCASE, c.rowid"
_SORTED_BY_NAME = "+c.family_name COLLATE NOCASE, +c.given_name COLLATE NOCASE, c.rowid"
# Ties among the few matched: by name as Python folds it (str.casefold, as this search always
# has), through `cass_casefold` (as quick as SQLite's own lower() here).
CASEFOLD = "cass_casefold"
_BY_FOLDED = f"{CASEFOLD}(c.family_name), {CASEFOLD}(c.given_name), c.rowid"


def search(db: sqlite_utils.Database, text: str, limit: int = 20) -> list[dict[str, Any]]:
    """Clients whose name starts with what was typed, however it is typed (or whose
    reference, date of birth or phone it is, when it has that shape), in the order the module
    docstring gives: best first when few match, else a screenful by name."""
    found = people_query(text)
    limit = max(int(limit), 0)
    if not found or not limit:
        return []
    names = next((match for table, match in found if table == NAMES), None)
    variants = name_variants(text)  # as people_query reads them
    one_word = bool(variants) and len(variants[0]) == 1
    if names is not None and len(found) == 1:
        return _by_names(db, text, names, one_word, limit)
    return _with_others(db, found, names, one_word, limit)


def _by_names(
    db: sqlite_utils.Database, text: str, names: str, one_word: bool, limit: int
) -> list[dict[str, Any]]:
    """Found by name alone."""
    found = [(NAMES, names)]
    rowids: list[int] | None = None
    if one_word:
        # One word: counting its matches is cheap (one doclist; a count of few stops at
        # them), ranking them reads each.
        many = count_matches(db, found, _most())
        if many <= _RANK_AT_MOST:
            return _select(db, found, f"f.rank, {_BY_FOLDED}", limit)
    else:
        # Several words: matching a one-letter word is most of the cost, so their matches are
        # read once, then sorted by row number.
        sql = f"SELECT rowid FROM {NAMES} WHERE {NAMES} MATCH ? LIMIT ?"
        rowids = [r[0] for r in db.execute(sql, [names, _most()])]
        many = len(rowids)
        if many <= _RANK_AT_MOST:
            return _sorted(db, rowids, _BY_FOLDED, limit)
    family = family_prefix(text)
    if family:
        people = _rows(
            db,
            f"SELECT {_FOUND_COLUMNS} FROM clients c INDEXED BY clients_list_name "
            "WHERE c.family_name COLLATE NOCASE >= ? AND c.family_name COLLATE NOCASE < ? "
            f"AND {_LIVE} ORDER BY {_BY_NAME} LIMIT ?",
            [family, _after(family), limit],
        )
        if len(people) == limit:
            return people
    if many <= _FIND_SORT_AT_MOST:
        if rowids is not None:
            return _sorted(db, rowids, _SORTED_BY_NAME, limit)
        return _select(db, found, _SORTED_BY_NAME, limit)
    return _walked(db, found, limit)


def _with_others(
    db: sqlite_utils.Database,
    found: list[tuple[str, str]],
    names: str | None,
    one_word: bool,
    limit: int,
) -> list[dict[str, Any]]:
    """Found by reference, date of birth or phone (and perhaps by name too)."""
    # Each index counted on its own (a range of one index, or one doclist), all of them
    # together only when that cannot tell few from many.
    counts = [count_matches(db, [part], _most()) for part in found]
    if len(found) == 1 or sum(counts) <= _RANK_AT_MOST:
        many = sum(counts)
    elif max(counts) > _RANK_AT_MOST:
        many = max(counts)  # at least; how many more is asked below if it matters
    else:
        many = count_matches(db, found, _most())
    if many <= _RANK_AT_MOST:
        if names is None:
            return _select(db, found, _BY_FOLDED, limit)
        # Those found by name first: best first for one word, else simply before the rest.
        subquery, matches = matching(found)
        first = "coalesce(f.rank, 0.0)" if one_word else "f.rowid IS NULL"
        sql = (
            f"WITH f(rowid, rank) AS MATERIALIZED (SELECT rowid, rank FROM {NAMES} "
            f"WHERE {NAMES} MATCH ?) SELECT {_FOUND_COLUMNS} FROM clients c "
            f"LEFT JOIN f ON f.rowid = c.rowid WHERE c.rowid IN ({subquery}) AND {_LIVE} "
            f"ORDER BY {first}, {_BY_FOLDED} LIMIT ?"
        )
        return _rows(db, sql, [names, *matches, limit])
    references = [
        match for (table, match), n in zip(found, counts, strict=True) if table == REFERENCES and n
    ]
    if references:
        return _by_reference(db, found, counts, references, limit)
    if len(found) > 1 and many <= _FIND_SORT_AT_MOST:
        many = count_matches(db, found, _most())
    if many <= _FIND_SORT_AT_MOST:
        return _select(db, found, _SORTED_BY_NAME, limit)
    return _walked(db, found, limit)


def _by_reference(
    db: sqlite_utils.Database,
    found: list[tuple[str, str]],
    counts: list[int],
    references: list[str],
    limit: int,
) -> list[dict[str, Any]]:
    """The start of a reference many people's start with: anyone found by name first (by
    name), then the rest in reference order, from the references' own index."""
    by_name = [part for part, n in zip(found, counts, strict=True) if part[0] != REFERENCES and n]
    people: list[dict[str, Any]] = []
    if by_name:
        if count_matches(db, by_name, _most()) <= _FIND_SORT_AT_MOST:
            people = _select(db, by_name, _SORTED_BY_NAME, limit)
        else:
            people = _walked(db, by_name, limit)
    shown = {person["id"] for person in people}
    rest: dict[str, dict[str, Any]] = {}
    for start in references:
        sql = (
            f"SELECT {_FOUND_COLUMNS} FROM clients c WHERE c.reference >= ? "
            f"AND c.reference < ? AND {_LIVE} ORDER BY c.reference LIMIT ?"
        )
        for person in _rows(db, sql, [start, _after(start), limit + len(shown)]):
            if person["id"] not in shown:
                rest[person["id"]] = person
    people += sorted(rest.values(), key=lambda person: person["reference"])
    return people[:limit]


def _select(
    db: sqlite_utils.Database, found: list[tuple[str, str]], order: str, limit: int
) -> list[dict[str, Any]]:
    """The first `limit` of the people matched who are listed, in `order`: one full-text
    index joined to the people it matches (`f.rank` is then its rank), else by row number."""
    if len(found) == 1 and found[0][0] != REFERENCES:
        table, match = found[0]
        sql = (
            f"SELECT {_FOUND_COLUMNS} FROM {table} f JOIN clients c ON c.rowid = f.rowid "
            f"WHERE {table} MATCH ? AND {_LIVE} ORDER BY {order} LIMIT ?"
        )
        return _rows(db, sql, [match, limit])
    return _matched(db, found, order, limit)


def _walked(
    db: sqlite_utils.Database, found: list[tuple[str, str]], limit: int
) -> list[dict[str, Any]]:
    """The first of very many by name, walking the list's name index: the matches are then
    spread through it (given names, references, dates of birth), so a screenful of them comes
    soon; sorting them by row number reads every one, scattered over the store."""
    return _matched(db, found, _BY_NAME, limit, "INDEXED BY clients_list_name ")


def _matched(
    db: sqlite_utils.Database,
    found: list[tuple[str, str]],
    order: str,
    limit: int,
    indexed: str = "",
) -> list[dict[str, Any]]:
    """The first `limit` listed of the people the indexes match, in `order`."""
    subquery, matches = matching(found)
    sql = (
        f"SELECT {_FOUND_COLUMNS} FROM clients c {indexed}WHERE c.rowid IN ({subquery}) "
        f"AND {_LIVE} ORDER BY {order} LIMIT ?"
    )
    return _rows(db, sql, [*matches, limit])


def _sorted(
    db: sqlite_utils.Database, rowids: list[int], order: str, limit: int
) -> list[dict[str, Any]]:
    if not rowids:
        return []
    marks = ",".join("?" * len(rowids))
    sql = (
        f"SELECT {_FOUND_COLUMNS} FROM clients c WHERE c.rowid IN ({marks}) AND {_LIVE} "
        f"ORDER BY {order} LIMIT ?"
    )
    return _rows(db, sql, [*rowids, limit])


def matching(found: list[tuple[str, str]]) -> tuple[str, list[str]]:
    """A subquery of the row numbers the people indexes match, and its parameters (the Clients
    list reads its matches the same way: data/clients.py)."""
    parts, params = [], []
    for table, match in found:
        if table == REFERENCES:
            # The start of a reference: a range of clients.reference's own index.
            parts.append("SELECT rowid FROM clients WHERE reference >= ? AND reference < ?")
            params += [match, _after(match)]
        else:
            parts.append(f"SELECT rowid FROM {table} WHERE {table} MATCH ?")
            params.append(match)
    return " UNION ".join(parts), params


def count_matches(db: sqlite_utils.Database, found: list[tuple[str, str]], most: int) -> int:
    """How many people the indexes match, counting no further than `most`."""
    subquery, matches = matching(found)
    sql = f"SELECT count(*) FROM ({subquery} LIMIT ?)"
    return db.execute(sql, [*matches, most]).fetchone()[0]


def _most() -> int:
    """How far counts go: far enough to tell few from a few hundred from many."""
    return max(_RANK_AT_MOST, _FIND_SORT_AT_MOST) + 1


def _after(start: str) -> str:
    """The first text after every text starting with `start`."""
    return start[:-1] + chr(ord(start[-1]) + 1)


def _rows(db: sqlite_utils.Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    return [dict(zip(_FOUND_KEYS, row, strict=True)) for row in db.execute(sql, params)]


def casefold(text: str | None) -> str:
    """A name as Python folds it, for sorting: `CASEFOLD` in SQL (data.store registers it on
    every connection)."""
    return (text or "").casefold()
