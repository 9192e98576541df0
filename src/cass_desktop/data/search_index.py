"""The SQL that builds the full-text search indexes and the triggers that keep them, as the
migrations make them (data/migrations.py): what each index holds, written as SQL over the
source row, so the triggers work in any SQLite tool. History like the migrations: change what
is indexed (or search.FOLD) only together with a new migration that recreates the triggers
and reindexes."""

from __future__ import annotations

import sqlite_utils

from cass_desktop.data.search import FOLD

# Full-text search: unicode61 with diacritics removed, so "sian" finds Siân; letters it leaves
# alone (Ł, Ø, ß ...) are folded by `folded` as they are indexed, so "lukasz" finds Łukasz.
TOKENIZE = "unicode61 remove_diacritics 2"


def folded(expr: str) -> str:
    """`expr` with the letters in search.FOLD replaced, as SQL (no app-defined function, so
    the triggers also work in any SQLite tool)."""
    for letter, plain in FOLD.items():
        expr = f"replace({expr},'{letter}','{plain}')"
    return expr


def run_together(expr: str) -> str:
    """A name without the apostrophes, hyphens and spaces that split it into words."""
    for mark in ("''", "’", "‘", "-", " "):
        expr = f"replace({expr},'{mark}','')"
    return expr


def digits(expr: str) -> str:
    """A phone number as digits only, a leading +44, +44 (0) or 0044 read as 0, as
    search.phone_digits does."""
    for sep in (" ", "-", "+", "(", ")", ".", "/"):
        expr = f"replace({expr},'{sep}','')"
    return (
        f"(CASE WHEN {expr} LIKE '0044%' THEN '0' || substr({expr}, 5) "
        f"WHEN {expr} LIKE '440%' AND length({expr}) >= 13 THEN substr({expr}, 3) "
        f"WHEN {expr} LIKE '44%' AND length({expr}) >= 12 THEN '0' || substr({expr}, 3) "
        f"ELSE {expr} END)"
    )


# What is indexed. Change it (or search.FOLD) only together with a new migration that
# recreates the triggers and reindexes.
FTS = {
    # fts table: (source table, {fts column: SQL expression over the source row})
    "clients_fts": (
        "clients",
        {
            # The names, then the family name again run together ("OBrien", "SmithJones"),
            # so typing obrien finds O'Brien and O’Brien, and smithjones Smith-Jones.
            "name": folded(
                "coalesce({r}.given_name,'') || ' ' || coalesce({r}.family_name,'') || ' '"
                " || coalesce({r}.preferred_name,'') || ' ' || "
                + run_together("coalesce({r}.family_name,'')")
            ),
            "reference": "{r}.reference",
            "dob": "{r}.date_of_birth",
            # digits only, so 07700900123 finds "07700 900123", "(07700) 900-123" and
            # "+44 7700 900123"
            "phone": digits("coalesce({r}.phone,'')"),
        },
    ),
    "agencies_fts": (
        "agencies",
        {
            "name": folded("coalesce({r}.name,'')"),
            "domains": "replace(coalesce({r}.domains,''), ',', ' ')",
            "areas": "{r}.areas",
            "notes": folded("coalesce({r}.notes,'') || ' ' || coalesce({r}.contact_name,'')"),
        },
    ),
}


def create_fts(db: sqlite_utils.Database, fts: str, source: str, cols: dict[str, str]) -> None:
    names = ", ".join(cols)
    db.execute(
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, tokenize='{TOKENIZE}', prefix='2 3')"
    )
    create_fts_triggers(db, fts, source, cols)


def create_fts_triggers(
    db: sqlite_utils.Database, fts: str, source: str, cols: dict[str, str]
) -> None:
    names = ", ".join(cols)
    new = ", ".join(expr.format(r="new") for expr in cols.values())
    db.execute(
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {source} BEGIN "
        f"INSERT INTO {fts}(rowid, {names}) VALUES (new.rowid, {new}); END"
    )
    db.execute(
        f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {source} BEGIN "
        f"DELETE FROM {fts} WHERE rowid = old.rowid; "
        f"INSERT INTO {fts}(rowid, {names}) VALUES (new.rowid, {new}); END"
    )
    db.execute(
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {source} BEGIN "
        f"DELETE FROM {fts} WHERE rowid = old.rowid; END"
    )


# The Clients list's name initials (migrations.m014_name_initials): for each person listed
# (not deleted, not merged away), the first one and two letters of each of their name keys
# (records.name_keys.search_initials: the words the people index holds for their names, so
# what the index finds by "s" or "ma" is exactly who has that initial), each with the person's
# names in the list's order, so "s", "ma" or "j s" is read as a range already in name order:
# no FTS prefix expanded into a list of row numbers, nothing sorted. The triggers call the
# SQL function `cass_name_initials`, which data.store registers on every connection.
INITIALS = "client_initials"
INITIALS_FUNCTION = "cass_name_initials"
# The fields whose change rewrites a person's initials.
INITIALS_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "status",
    "deleted",
    "merged_into",
)


def name_key(expr: str) -> str:
    """A name as the initials hold it, in the list's order: NULL as '' and every name after
    a '.', so a name that is missing still sorts before an empty one, as in the list's own
    index (a WITHOUT ROWID key may not be NULL)."""
    return f"coalesce('.' || {expr}, '')"


def _initials_of(r: str) -> str:
    return f"json_each({INITIALS_FUNCTION}({r}.given_name, {r}.family_name, {r}.preferred_name))"


def _insert_initials(r: str, where: str) -> str:
    return (
        f"INSERT INTO {INITIALS} (initial, family_key, given_key, client, status) "
        f"SELECT j.value, {name_key(r + '.family_name')}, {name_key(r + '.given_name')}, "
        f"{r}.rowid, {r}.status FROM {where}"
    )


def _delete_initials(r: str) -> str:
    # By the person's row, not recomputed from the names it had: initials written under older
    # name-key rules (records/name_keys.py) still go when the person is renamed or erased.
    return f"DELETE FROM {INITIALS} WHERE client = {r}.rowid"


def create_initials(db: sqlite_utils.Database) -> None:
    """The initials table, filled from everyone listed in one statement, and its triggers."""
    db.execute(
        f"""CREATE TABLE {INITIALS} (
            initial TEXT NOT NULL,
            family_key TEXT NOT NULL COLLATE NOCASE,
            given_key TEXT NOT NULL COLLATE NOCASE,
            client INTEGER NOT NULL,
            status TEXT,
            PRIMARY KEY (initial, family_key, given_key, client)
        ) WITHOUT ROWID"""
    )
    db.execute(f"CREATE INDEX {INITIALS}_client ON {INITIALS} (client)")
    listed = "new.deleted = 0 AND new.merged_into IS NULL"
    db.execute(
        f"CREATE TRIGGER {INITIALS}_ai AFTER INSERT ON clients WHEN {listed} BEGIN "
        f"{_insert_initials('new', _initials_of('new') + ' j')}; END"
    )
    db.execute(
        f"CREATE TRIGGER {INITIALS}_au AFTER UPDATE OF {', '.join(INITIALS_FIELDS)} "
        f"ON clients BEGIN {_delete_initials('old')}; "
        f"{_insert_initials('new', _initials_of('new') + f' j WHERE {listed}')}; END"
    )
    db.execute(
        f"CREATE TRIGGER {INITIALS}_ad AFTER DELETE ON clients BEGIN {_delete_initials('old')}; END"
    )
    # In key order, so the table is written front to back.
    db.execute(
        _insert_initials("c", f"clients c, {_initials_of('c')} j")
        + " WHERE c.deleted = 0 AND c.merged_into IS NULL ORDER BY 1, 2, 3, 4"
    )
