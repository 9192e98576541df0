"""The search rows of many new records, written set-based by the search index's own triggers'
SQL (for `changelog.save_new_many`).

The search indexes (FTS5: clients_fts, clients_ids_fts, agencies_fts) are filled by AFTER
INSERT triggers, one row at a time. Fired from a statement on another table, each trigger's
insert runs inside a statement savepoint, at which FTS5 writes what it holds in memory out as a
new segment: loading 100,000 people so made hundreds of small segments and cost several times
the inserts themselves. So, while many records are written at once, `set_based` takes those
triggers out (in the caller's transaction), and afterwards runs each trigger's own statement,
`INSERT INTO index(columns) VALUES (expressions of new.*)`, once, as `INSERT INTO
index(columns) SELECT expressions FROM table AS new` over the rows just written, then puts the
trigger back exactly as it was (its SQL read from the schema). The search rows are the ones
the triggers would have written, the expressions the same text; a trigger of any other shape
is left in place and fires as usual, as all do for a few rows (`AT_LEAST`). A failure rolls
the caller's transaction back, triggers and all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils

_SHAPE = re.compile(
    r"CREATE TRIGGER (?P<name>\w+) AFTER INSERT ON (?P<table>\w+) BEGIN "
    r"(?P<insert>INSERT INTO (?P<index>\w+)\s*\([^()]*\)) VALUES \((?P<values>.*)\); END",
    re.S,
)


def _search_triggers(db: sqlite_utils.Database, table: str) -> list[tuple[str, str, str, str]]:
    """(name, sql, insert, values) of each AFTER INSERT trigger on `table` of the one-insert
    shape the search indexes use that fills a full-text index (any other is left to fire)."""
    fts = {
        name
        for name, sql in db.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        if "USING FTS5" in (sql or "").upper()
    }
    found = []
    for name, sql in db.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name",
        [table],
    ):
        shape = _SHAPE.fullmatch(sql or "")
        if shape and shape["table"] == table and shape["name"] == name and shape["index"] in fts:
            found.append((name, sql, shape["insert"], shape["values"]))
    return found


# Fewer rows than this are left to the triggers: taking them out and putting them back changes
# the schema, which costs more than a few rows' savepoints (and makes every connection prepare
# its statements again).
AT_LEAST = 200


@contextmanager
def set_based(db: sqlite_utils.Database, table: str, after_rowid: int, rows: int) -> Iterator[None]:
    """Inside the caller's transaction: the `rows` rows of `table` inserted within (all with
    rowids above `after_rowid`) get their search rows after them, one statement for each
    search index (by the triggers as usual for fewer than `AT_LEAST`)."""
    triggers = _search_triggers(db, table) if rows >= AT_LEAST else []
    conn = db.conn
    for name, *_ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    yield
    for _name, sql, insert, values in triggers:
        conn.execute(
            f'{insert} SELECT {values} FROM "{table}" AS new WHERE new.rowid > ? '
            "ORDER BY new.rowid",
            [after_rowid],
        )
        conn.execute(sql)
