"""Clients: the people the service works with, and the Clients list's query (find-a-person
is data/person_search.py; both read the people indexes through its `matching`)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from typing import Any

import sqlcipher3
import sqlite_utils

from cass_desktop.data import audit, search_index
from cass_desktop.data.person_search import count_matches, matching
from cass_desktop.data.person_search import search as search  # find-a-person, in its own module
from cass_desktop.data.search import NAMES, fts_query, name_variants, people_query

# Crockford's base32 without I, L, O, U: nothing to misread on a printed letter.
_REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

# Sort keys offered by the client list: key -> ORDER BY expression.
SORTS = {
    "reference": "c.reference",
    "name": "c.family_name COLLATE NOCASE {dir}, c.given_name COLLATE NOCASE",
    "date_of_birth": "c.date_of_birth",
    "status": "c.status",
    "keyworker": "w.name COLLATE NOCASE",
    "opened_on": "c.opened_on",
    "court": "s.name COLLATE NOCASE",  # the court (site) the person is held at
}


def new_reference(db: sqlite_utils.Database, site_code: str | None) -> str:
    """A short reference people can read out and that is printed on letters: PLY-7KQM-3XD9.

    40 random bits keep references made on different laptops apart without coordination;
    one already held here is drawn again.
    """
    prefix = (site_code or "CAS").upper()[:3]
    while True:
        body = "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))
        ref = f"{prefix}-{body[:4]}-{body[4:]}"
        if not db.execute("SELECT 1 FROM clients WHERE reference = ?", [ref]).fetchone():
            return ref


def create(
    db: sqlite_utils.Database,
    values: Mapping[str, Any],
    site_code: str | None = None,
    *,
    imported: bool = False,
) -> str:
    """A new person; `imported`: from a spreadsheet (their history says so)."""
    values = dict(values)
    values.setdefault("status", "open")
    with db.atomic():
        if not values.get("reference"):
            values["reference"] = new_reference(db, site_code)
        return audit.save(db, "clients", values, created_as="imported" if imported else "create")


def update(db: sqlite_utils.Database, client_id: str, values: Mapping[str, Any]) -> None:
    audit.save(db, "clients", values, client_id)


def get(db: sqlite_utils.Database, client_id: str) -> dict[str, Any] | None:
    rows = list(
        db.query(
            "SELECT c.*, w.name AS keyworker_name, s.name AS site_name FROM clients c "
            "LEFT JOIN workers w ON w.id = c.keyworker_id LEFT JOIN sites s ON s.id = c.site_id "
            "WHERE c.id = ?",
            [client_id],
        )
    )
    return rows[0] if rows else None


def _where(
    status: str | None,
    keyworker_id: str | None,
    found: list[tuple[str, str]] | None,
    by_match: bool = False,
) -> tuple[str, list[Any]]:
    """The WHERE clause and its parameters; `by_match` reads the few people matched by row
    number (the unary + keeps SQLite from reading everyone open through the status index)."""
    # People merged into another record are listed under that record, not on their own.
    clauses = ["c.deleted = 0", "c.merged_into IS NULL"]
    params: list[Any] = []
    plus = "+" if by_match else ""
    if status:
        clauses.append(f"{plus}c.status = ?")
        params.append(status)
    if keyworker_id:
        clauses.append(f"{plus}c.keyworker_id = ?")
        params.append(keyworker_id)
    if found:
        subquery, matches = matching(found)
        clauses.append(f"c.rowid IN ({subquery})")
        params.extend(matches)
    return " AND ".join(clauses), params


# A search matching more people than this is listed by walking the list's name index and
# keeping those who match (the first screen comes after a few hundred index entries); fewer
# are fetched by row number and sorted, which is quicker for them.
_SORT_AT_MOST = 500

# The list's name indexes (migrations.m004_name_search_keys), each over the people listed.
_NAME_INDEX = {"status": "clients_list_status", "keyworker": "clients_list_keyworker"}


def list_query(
    db: sqlite_utils.Database,
    *,
    status: str | None = None,
    keyworker_id: str | None = None,
    text: str | None = None,
    sort: str = "name",
    descending: bool = False,
) -> tuple[str, list[Any]] | None:
    """The query listing the clients' row numbers in order, and its parameters; None when
    the text searches for nothing (nobody is listed).

    In name order (the list's usual one) the rows are read from an index already in that
    order, so the first screen costs the same for 10 people as for 100,000 and no match is
    sorted unless few people match: read the first rows, and the rest later, from the one
    cursor. A name searched for is read from the name initials (`_by_initials`) where it
    can be; else as the people indexes match it (`_by_match`).
    """
    found = people_query(text) if text and text.strip() else None
    if found is not None and not found:
        return None
    if found and sort == "name":
        by_initials = _by_initials(db, status, keyworker_id, text or "", found, descending)
        if by_initials is not None:
            return by_initials
    return _by_match(db, status, keyworker_id, found, sort, descending)


def _by_match(
    db: sqlite_utils.Database,
    status: str | None,
    keyworker_id: str | None,
    found: list[tuple[str, str]] | None,
    sort: str,
    descending: bool,
    few: bool | None = None,
) -> tuple[str, list[Any]]:
    """The list as the people indexes match the text: the row numbers they match, each
    checked while the list's name index is walked (or, when few, fetched and sorted)."""
    if few is None:
        few = bool(found) and _few(db, found or [])
    sql_where, params = _where(status, keyworker_id, found, by_match=few)
    direction = "DESC" if descending else "ASC"
    order = SORTS[sort].format(dir=direction)
    join = {
        "keyworker": "LEFT JOIN workers w ON w.id = c.keyworker_id ",
        "court": "LEFT JOIN sites s ON s.id = c.site_id ",
    }.get(sort, "")
    indexed = ""
    if sort == "name" and not few:
        by_index = "keyworker" if keyworker_id else "status" if status else ""
        indexed = f"INDEXED BY {_NAME_INDEX.get(by_index, 'clients_list_name')} "
    sql = (
        f"SELECT c.rowid FROM clients c {indexed}{join}WHERE {sql_where} "
        f"ORDER BY {order} {direction}, c.rowid {direction}"
    )
    return sql, params


def _few(db: sqlite_utils.Database, found: list[tuple[str, str]]) -> bool:
    """Whether so few match (`_SORT_AT_MOST`) that fetching and sorting them is quicker than
    walking the name index (counting no further)."""
    return count_matches(db, found, _SORT_AT_MOST + 1) <= _SORT_AT_MOST


def _plain(word: str) -> bool:
    return word.isascii() and word.isalnum()


def _by_initials(
    db: sqlite_utils.Database,
    status: str | None,
    keyworker_id: str | None,
    text: str,
    found: list[tuple[str, str]],
    descending: bool,
) -> tuple[str, list[Any]] | None:
    """The list in name order for a name searched for, read from the name initials
    (search_index.INITIALS) of the one or two letters every match starts a name with; None
    when the text is not a name that way (a reference, a date, letters beyond ASCII).

    Words of one or two letters ("s", "ma", "j s") are matched by the initials alone, with
    no FTS query: who has each initial is exactly whose name keys start with it. Longer ones
    ("smith", "mary j") walk the initials of their first two letters, each person checked
    against the people index's matches, unless so few match that fetching and sorting them
    is quicker (`_by_match`). With a keyworker, their few people are walked in name order
    and each checked against the initials (longer words: `_by_match`)."""
    # Searched by name only (not a reference, date or phone): the words people_query read.
    alternatives = name_variants(text) if [table for table, _ in found] == [NAMES] else []
    if not alternatives:
        return None
    # The one or two letters every match has a name starting with: each alternative's first
    # word starts with them.
    firsts = [words[0] for words in alternatives]
    start = firsts[0][:2]
    while start and not all(first.startswith(start) for first in firsts):
        start = start[:-1]
    if not start or not _plain(start):
        return None
    short = all(len(w) <= 2 and _plain(w) for words in alternatives for w in words)
    direction = "DESC" if descending else "ASC"
    if keyworker_id:
        if not short:
            return None
        sql_where, params = _where(status, keyworker_id, None)
        # The keyworker's people, in name order; each looked up in the initials by its key.
        who = (
            f"x.family_key = {search_index.name_key('c.family_name')} AND "
            f"x.given_key = {search_index.name_key('c.given_name')} AND x.client = c.rowid"
        )
        matched, matches = _initials_match(alternatives, "", who)
        order = SORTS["name"].format(dir=direction)
        return (
            f"SELECT c.rowid FROM clients c INDEXED BY {_NAME_INDEX['keyworker']} "
            f"WHERE {sql_where} AND {matched} ORDER BY {order} {direction}, c.rowid {direction}",
            [*params, *matches],
        )
    clauses, params = ["i.initial = ?"], [start]
    if status:
        clauses.append("i.status = ?")
        params.append(status)
    if short:
        who = "x.family_key = i.family_key AND x.given_key = i.given_key AND x.client = i.client"
        matched, matches = _initials_match(alternatives, start, who)
        if matched:
            clauses.append(matched)
            params.extend(matches)
    else:
        if _few(db, found):
            return _by_match(db, status, None, found, "name", descending, few=True)
        subquery, matches = matching(found)
        clauses.append(f"i.client IN ({subquery})")
        params.extend(matches)
    return (
        f"SELECT i.client FROM {search_index.INITIALS} i WHERE {' AND '.join(clauses)} "
        f"ORDER BY i.family_key {direction}, i.given_key {direction}, i.client {direction}",
        params,
    )


def _initials_match(
    alternatives: list[tuple[str, ...]], walked: str, who: str
) -> tuple[str, list[str]]:
    """Whether a person has, for one of the alternatives, every word's initial (`who`: the
    person's key in the initials, as x); '' when walking the initial `walked` is enough."""
    ors, params = [], []
    for words in alternatives:
        needed = [w for w in dict.fromkeys(words) if w != walked]
        if not needed:
            return "", []
        ors.append(
            " AND ".join(
                f"EXISTS (SELECT 1 FROM {search_index.INITIALS} x WHERE x.initial = ? AND {who})"
                for _ in needed
            )
        )
        params.extend(needed)
    return "(" + " OR ".join(f"({part})" for part in ors) + ")", params


def list_rowids(
    db: sqlite_utils.Database,
    *,
    status: str | None = None,
    keyworker_id: str | None = None,
    text: str | None = None,
    sort: str = "name",
    descending: bool = False,
    limit: int | None = None,
) -> list[int]:
    """Row numbers of the clients to list, in order (the first `limit` of them)."""
    query = list_query(
        db,
        status=status,
        keyworker_id=keyworker_id,
        text=text,
        sort=sort,
        descending=descending,
    )
    if query is None:
        return []
    sql, params = query
    if limit is not None:
        sql, params = sql + " LIMIT ?", [*params, int(limit)]
    return [r[0] for r in db.execute(sql, params)]


def rows_for(db: sqlite_utils.Database, rowids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The listed fields of the given clients, by row number (one page of the list)."""
    if not rowids:
        return {}
    marks = ",".join("?" for _ in rowids)
    result: dict[int, dict[str, Any]] = {}
    for row in db.query(
        "SELECT c.rowid AS rowid, c.id, c.reference, c.given_name, c.family_name, "
        "c.preferred_name, c.date_of_birth, c.status, c.opened_on, c.phone, "
        "w.name AS keyworker_name, s.name AS site_name FROM clients c "
        "LEFT JOIN workers w ON w.id = c.keyworker_id LEFT JOIN sites s ON s.id = c.site_id "
        f"WHERE c.rowid IN ({marks})",
        list(rowids),
    ):
        result[row["rowid"]] = row
    return result


def candidates_like(
    db: sqlite_utils.Database, given_name: str, family_name: str, date_of_birth: str | None
) -> list[dict[str, Any]]:
    """People who might be the same person: same date of birth, or a name starting alike.

    Scoring them is for `matching`; this only narrows 100,000 people to a few hundred.
    """
    found: dict[str, dict[str, Any]] = {}
    cols = (
        "c.id, c.reference, c.given_name, c.family_name, c.preferred_name, "
        "c.date_of_birth, c.status"
    )
    if date_of_birth:
        for row in db.query(
            f"SELECT {cols} FROM clients c WHERE c.date_of_birth = ? AND c.deleted = 0 "
            "AND c.merged_into IS NULL",
            [date_of_birth],
        ):
            found[row["id"]] = row
    for name in (family_name, given_name):
        words = fts_query(name[:3]) if name and len(name) >= 2 else None
        if not words:
            continue
        for row in db.query(
            f"SELECT {cols} FROM clients_fts f JOIN clients c ON c.rowid = f.rowid "
            "WHERE clients_fts MATCH ? AND c.deleted = 0 AND c.merged_into IS NULL LIMIT 500",
            ["name : (" + words + ")"],
        ):
            found[row["id"]] = row
    return list(found.values())


def count(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM clients WHERE deleted = 0").fetchone()[0]


def display_name(row: Mapping[str, Any]) -> str:
    """Given and family name, with a preferred name that differs shown in brackets."""
    given = row.get("given_name") or ""
    family = row.get("family_name") or ""
    preferred = row.get("preferred_name") or ""
    name = f"{given} {family}".strip()
    if preferred and preferred != given:
        name = f"{name} ({preferred})"
    return name


def rowid_of(db: sqlite_utils.Database, client_id: str) -> int | None:
    """The row number of a client, to find them again in a list held as row numbers."""
    row = db.execute("SELECT rowid FROM clients WHERE id = ?", [client_id]).fetchone()
    return row[0] if row else None


class Listing:
    """The clients listed, in order, read a stretch at a time from one cursor: the first
    screen at once, the rest while nobody is typing, without running the query again."""

    def __init__(self, db: sqlite_utils.Database, **what: Any):
        self._db = db
        self._query = list_query(db, **what)
        self._cursor: Any = None
        self.read = 0
        self.done = self._query is None

    def take(self, most: int) -> list[int]:
        """Up to `most` more row numbers; fewer (and `done`) at the end of the list."""
        if self.done or self._query is None:
            return []
        sql, params = self._query
        try:
            if self._cursor is None:
                self._cursor = self._db.execute(sql, params)
            rows = self._cursor.fetchmany(most)
        except sqlcipher3.Error:
            # The cursor was reset under us (a rollback on this connection): read on from
            # where it had got to.
            self._cursor = self._db.execute(f"{sql} LIMIT -1 OFFSET ?", [*params, self.read])
            rows = self._cursor.fetchmany(most)
        self.read += len(rows)
        if len(rows) < most:
            self.close()
        return [r[0] for r in rows]

    def close(self) -> None:
        if self._cursor is not None:
            self._cursor.close()
            self._cursor = None
        self.done = True
