"""The Clients list's name initials (migrations.m014_name_initials): kept right by the triggers
whatever is written, and listing exactly who the people index lists, in the same order."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cass_desktop.data import changelog, clients, local, open_store, search_index, store_path
from cass_desktop.data.search import people_query
from cass_desktop.records.name_keys import search_initials

# Letters court workers meet in names, with the marks that split and join them.
_LETTERS = "abcdejkmosty" + "ABJMS" + "éèñüâçøłßæőş" + "ŁØÉ" + "σδж" + "'’-  " + "07"
_NAME = st.one_of(st.none(), st.just(""), st.text(_LETTERS, max_size=10))
_TYPED = st.text("abjmsoy" + "JS" + "éł" + "'’- " + "07", min_size=1, max_size=4)


def _expected(db) -> set[tuple]:
    """What the initials should hold: worked out in Python from everyone listed."""
    held = set()
    for rowid, given_name, family, preferred, status in db.execute(
        "SELECT rowid, given_name, family_name, preferred_name, status FROM clients "
        "WHERE deleted = 0 AND merged_into IS NULL"
    ):
        for initial in json.loads(search_initials(given_name, family, preferred)):
            held.add(
                (
                    initial,
                    "" if family is None else "." + family,
                    "" if given_name is None else "." + given_name,
                    rowid,
                    status,
                )
            )
    return held


def _held(db) -> set[tuple]:
    return set(db.execute(f"SELECT * FROM {search_index.INITIALS}").fetchall())


def _rowids(db, query) -> list[int]:
    return [] if query is None else [r[0] for r in db.execute(*query)]


def _old_way(db, status, keyworker_id, text, descending) -> list[int]:
    """The list as it was read before the initials: every match through the people index."""
    found = people_query(text)
    if not found:
        return []
    return _rowids(db, clients._by_match(db, status, keyworker_id, found, "name", descending))


worker = "worker-1"
# Everyone, open, closed, and the worker's own (the page's All, Open, Closed and Mine).
FILTERS = [(None, None), ("open", None), ("closed", None), (None, worker)]

_person = st.fixed_dictionaries(
    {
        "given_name": _NAME,
        "family_name": _NAME,
        "preferred_name": st.one_of(st.none(), _NAME),
        "status": st.sampled_from(["open", "closed"]),
        "keyworker": st.booleans(),
        "fate": st.sampled_from(["kept", "kept", "kept", "deleted", "merged", "renamed"]),
    }
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_person, min_size=1, max_size=10), st.lists(_TYPED, min_size=1, max_size=6))
def test_the_list_finds_the_same_people_in_the_same_order(tmp_path_factory, people, typed):
    db = open_store(store_path(tmp_path_factory.mktemp("initials")))  # plain: quick to make
    try:
        local.put(db, "worker_id", worker)
        ids = changelog.save_new_many(
            db,
            "clients",
            [
                {
                    "given_name": p["given_name"],
                    "family_name": p["family_name"],
                    "preferred_name": p["preferred_name"],
                    "status": p["status"],
                    "keyworker_id": worker if p["keyworker"] else None,
                    "reference": f"PLY-{n:05d}",
                }
                for n, p in enumerate(people)
            ],
        )
        for person_id, p in zip(ids, people, strict=True):
            if p["fate"] == "deleted":
                clients.update(db, person_id, {"deleted": 1})
            elif p["fate"] == "merged" and person_id != ids[0]:
                clients.update(db, person_id, {"merged_into": ids[0]})
            elif p["fate"] == "renamed":
                clients.update(
                    db,
                    person_id,
                    {"family_name": (p["given_name"] or "") + "-Jones", "status": "open"},
                )
        assert _held(db) == _expected(db)
        words = typed + [
            (p[field] or "")[:n]
            for p in people
            for field in ("given_name", "family_name")
            for n in (1, 2, 3)
        ]
        for text in dict.fromkeys(w for w in words if w.strip()):
            for status, keyworker_id in FILTERS:
                for descending in (False, True):
                    query = clients.list_query(
                        db,
                        status=status,
                        keyworker_id=keyworker_id,
                        text=text,
                        descending=descending,
                    )
                    assert _rowids(db, query) == _old_way(
                        db, status, keyworker_id, text, descending
                    ), (text, status, keyworker_id, descending)
    finally:
        db.close()


def test_one_and_two_letters_are_read_from_the_initials_alone(db):
    """No FTS query for "s", "ma" or "j s" (the prefix expanded into every match's row
    number was most of a keystroke at 100,000 people); longer words are checked by it."""
    for text in ("s", "Ma", "j s", "O'", "é"):
        sql, _params = clients.list_query(db, status="open", text=text)
        assert search_index.INITIALS in sql and "MATCH" not in sql, text
    sql, _params = clients.list_query(db, status=None, text="j", keyworker_id="w")
    assert search_index.INITIALS in sql and "MATCH" not in sql
    # A reference or a date is not a name: read as before.
    for text in ("PLY-7", "14/03"):
        sql, _params = clients.list_query(db, status=None, text=text)
        assert search_index.INITIALS not in sql, text


@pytest.mark.parametrize(
    ("given", "family", "preferred", "initials"),
    [
        (
            "Mary Jane",
            "D'Arcy-Smith",
            None,
            ["m", "ma", "j", "ja", "d", "da", "s", "sm", "a", "ar"],
        ),
        ("Siân", "Ní Bhriain", "Shan", ["s", "si", "sh", "n", "ni", "b", "bh"]),
        ("Łukasz", "Østergaard", None, ["l", "lu", "o", "os"]),
        ("Σοφία", "Smith", None, ["s", "sm"]),  # letters beyond ASCII are searched as before
        (None, None, None, []),
    ],
)
def test_the_initials_are_the_start_of_every_name_key(given, family, preferred, initials):
    assert sorted(json.loads(search_initials(given, family, preferred))) == sorted(
        dict.fromkeys(initials)
    )


def test_the_migration_fills_the_initials_of_everyone_listed(tmp_path):
    db = open_store(store_path(tmp_path))
    try:
        first = clients.create(db, {"given_name": "Sam", "family_name": "Stone"})
        clients.create(db, {"given_name": "Ann", "family_name": None, "status": "closed"})
        gone = clients.create(db, {"given_name": "Tom", "family_name": "Tucker"})
        clients.update(db, gone, {"merged_into": first})
        db.execute(f"DROP TABLE {search_index.INITIALS}")
        for suffix in ("ai", "au", "ad"):
            db.execute(f"DROP TRIGGER {search_index.INITIALS}_{suffix}")
        search_index.create_initials(db)  # as m014 makes it on a store that has people
        assert _held(db) == _expected(db) and len(_held(db)) == 5
        db.execute("DELETE FROM clients WHERE id = ?", [first])
        assert _held(db) == _expected(db)
    finally:
        db.close()


def test_an_erased_persons_initials_go_whatever_rules_made_them(db):
    """The triggers delete a person's initials by their row, not by recomputing them from the
    names: initials written under older name-key rules still go when they are erased."""
    from cass_desktop.data import purge

    person = clients.create(db, {"given_name": "Kerensa", "family_name": "Nguyen"})
    rowid = clients.rowid_of(db, person)
    with db.atomic():  # as an older rule would have folded Ŋuyen
        db.execute(
            f"INSERT INTO {search_index.INITIALS} VALUES ('ng', '.Ŋuyen', '.Kerensa', ?, 'open')",
            [rowid],
        )
    purge.erase(db, [person])
    left = db.execute(f"SELECT * FROM {search_index.INITIALS} WHERE client = ?", [rowid])
    assert left.fetchall() == []
