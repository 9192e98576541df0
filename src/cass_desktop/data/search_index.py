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
