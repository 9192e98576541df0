"""Lists read a page at a time (Today's lists read what their first screen shows, then more as
they are scrolled), and counts of what a list holds that read none of its people's rows."""

from __future__ import annotations


def page(limit: int | None, offset: int = 0) -> tuple[str, list[int]]:
    """The LIMIT clause (and its parameters) for `limit` rows after the first `offset`; none
    for every row."""
    if limit is None:
        return "", []
    return " LIMIT ? OFFSET ?", [limit, offset]


def person_held(column: str) -> str:
    """SQL that is true when `column` (a person's id) names a person held and not deleted: what
    joining clients on it with `c.deleted = 0` keeps, read from the people's two indexes of ids
    (every id, and the few deleted) rather than from each person's row."""
    # The unary + keeps SQLite from reading the list through its index of people's ids (every
    # person, to find the day's few): the list's own index (the day, the date due) comes first.
    return (
        f"+{column} IN (SELECT id FROM clients) "
        f"AND +{column} NOT IN (SELECT id FROM clients WHERE deleted = 1)"
    )
