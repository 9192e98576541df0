"""Possible duplicates found among many people, with reasons; merges and people judged different."""

from __future__ import annotations

import datetime as dt
import random
import shutil

import pytest

from cass_desktop.data import changelog, clients, store_path
from cass_desktop.headoffice import duplicates
from cass_desktop.people import matching, merging
from cass_desktop.people.merging import MergeError
from cass_desktop.sites.setup import set_up_device
from tests.helpers.stores import new_store, reopen

_GIVEN = ["Sarah", "James", "Tamsin", "Jago", "Cerys", "Rhys", "Łukasz", "Zoë", "Piran", "Nia"]
_FAMILY = ["Smith", "Pascoe", "Trelawny", "Nguyễn", "O'Brien", "Kowalczyk", "Penrose", "Rees"]

PLANTED = [
    # (first, second, reasons expected among the pair's)
    (
        ("Siân", "Ní Bhriain", "1990-03-14", "07700 900111"),
        ("Sian", "Ni Bhriain", "1990-03-14", "07700900111"),
        {"same given name", "same date of birth (14 Mar 1990)", "same phone number"},
    ),
    (
        ("Tomasz", "Wiśniewski", "1988-05-03", None),
        ("Tomasz", "Wisniewski", "1988-03-05", None),
        {"date of birth with day and month swapped (3 May 1988 and 5 Mar 1988)"},
    ),
    (
        ("Kerensa", "Chenoweth", "1992-07-21", None),
        ("Kerensa", "Chenowith", "1992-07-27", None),
        {"date of birth one digit different (21 Jul 1992 and 27 Jul 1992)"},
    ),
    (
        ("Oluwaseun", "Adeyemi", None, None),
        ("Oluwaseun", "Adeyemi", "1979-11-02", None),
        {"same family name", "date of birth held for only one of them"},
    ),
    # Issue 9 #3: the year typed with two digits swapped; a joined particle and a spelling.
    (
        ("Katarzyna", "Kamińska", "1979-04-08", None),
        ("Katarzyna", "Kaminska", "1997-04-08", None),
        {"date of birth with two digits swapped (8 Apr 1979 and 8 Apr 1997)"},
    ),
    (
        ("Mohammed", "Al-Rashid", "1988-06-15", None),
        ("Muhammad", "Alrashid", "1988-06-15", None),
        {"same family name (Al-Rashid and Alrashid)", "same date of birth (15 Jun 1988)"},
    ),
]


@pytest.fixture(scope="module")
def crowd_made(tmp_path_factory):
    """The crowd's store, made once for the module and closed: each test works on a copy."""
    folder = tmp_path_factory.mktemp("crowd")
    db = new_store(store_path(folder))
    try:
        planted = _make_crowd(db)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return folder, planted


@pytest.fixture
def crowd(crowd_made, tmp_path):
    """A few thousand people with made-up names, and the planted near-duplicates: a copy of
    the module's store (store and key file), so what one test merges no other test sees."""
    made, planted = crowd_made
    shutil.copytree(made, tmp_path / "crowd")
    db = reopen(store_path(tmp_path / "crowd"))
    yield db, planted
    db.close()


def _make_crowd(db):
    set_up_device(db, "Plymouth Magistrates' Court", "Alex Carter")
    rng = random.Random(7)
    records = []
    for n in range(3000):
        given = rng.choice(_GIVEN) + rng.choice(["", "a", "e", "y", "ie"])
        family = rng.choice(_FAMILY) + rng.choice(["", "son", "ey", "ow", "er", "ford", "ton"])
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 55))
        records.append(
            {
                "reference": f"PLY-{n:04d}-BULK",
                "given_name": given,
                "family_name": family,
                "date_of_birth": born.isoformat(),
            }
        )
    planted_ids = []
    for index, (first, second, _reasons) in enumerate(PLANTED):
        pair = []
        for side, (given, family, born, phone) in enumerate((first, second)):
            pair.append(len(records))
            records.append(
                {
                    "reference": f"PLY-{index:02d}{side}0-PLNT",
                    "given_name": given,
                    "family_name": family,
                    "date_of_birth": born,
                    "phone": phone,
                }
            )
        planted_ids.append(pair)
    ids = changelog.save_new_many(db, "clients", records)
    return [(ids[a], ids[b]) for a, b in planted_ids]


def _pair(pairs, a, b):
    wanted = frozenset((a, b))
    return next((p for p in pairs if p.ids == wanted), None)


def _other_way(reason: str) -> str:
    """A reason naming two values, "(A and B)", with them the other way round: which of the
    pair comes first is not part of what is being checked."""
    head, sep, values = reason.partition(" (")
    first, _, second = values.removesuffix(")").partition(" and ")
    return f"{head} ({second} and {first})" if sep and second else reason


def test_planted_duplicates_are_found_with_reasons(crowd):
    db, planted = crowd
    pairs = duplicates.possible_duplicates(db)
    for (a, b), (_first, _second, reasons) in zip(planted, PLANTED, strict=True):
        pair = _pair(pairs, a, b)
        assert pair is not None, reasons
        assert reasons <= set(pair.reasons) | {_other_way(r) for r in pair.reasons}
    relations = {_pair(pairs, a, b).dob_relation for a, b in planted}
    assert relations == {"same", "day_month_swapped", "one_digit", "unknown", "digits_swapped"}
    # Most alike first: the same name and date of birth leads.
    assert pairs[0].ids == frozenset(planted[0])


def test_duplicates_are_found_without_comparing_everyone(crowd, monkeypatch):
    db, _planted = crowd
    scored = []
    real = matching._score_pair
    monkeypatch.setattr(matching, "_score_pair", lambda a, b: scored.append(1) or real(a, b))
    duplicates.possible_duplicates(db)
    everyone = 3012 * 3011 // 2
    assert len(scored) < everyone // 100


def test_merging_points_one_record_at_the_other_and_can_be_undone(crowd):
    db, planted = crowd
    kept, duplicate = planted[0]
    duplicate_rowid = clients.rowid_of(db, duplicate)
    merging.merge_people(db, duplicate, kept)

    [op] = list(changelog.iter_ops(db, changelog.device_id(db), changelog.count_ops(db) - 1))
    assert (op.tbl, op.row_id, op.field, op.value) == ("clients", duplicate, "merged_into", kept)
    assert clients.get(db, duplicate)["given_name"] == "Sian"  # its own data stays
    assert duplicate_rowid not in clients.list_rowids(db)
    assert [c["id"] for c in clients.search(db, "ni bhriain")] == [kept]
    assert duplicate not in {c["id"] for c in clients.candidates_like(db, "", "", "1990-03-14")}
    assert merging.merged_target(db, duplicate)["id"] == kept
    assert [r["id"] for r in merging.merged_here(db, kept)] == [duplicate]
    assert [r["id"] for r in merging.merged_people(db)] == [duplicate]
    assert _pair(duplicates.possible_duplicates(db), kept, duplicate) is None

    with pytest.raises(MergeError, match="already merged"):
        merging.merge_people(db, duplicate, planted[1][0])
    with pytest.raises(MergeError, match="itself merged into Siân Ní Bhriain"):
        merging.merge_people(db, planted[1][0], duplicate)
    with pytest.raises(MergeError, match="cannot be merged into itself"):
        merging.merge_people(db, kept, kept)

    merging.undo_merge(db, duplicate)
    assert clients.get(db, duplicate)["merged_into"] is None
    assert duplicate_rowid in clients.list_rowids(db)
    assert _pair(duplicates.possible_duplicates(db), kept, duplicate) is not None
    with pytest.raises(MergeError, match="not merged into anyone"):
        merging.undo_merge(db, duplicate)


def test_people_judged_different_are_not_offered_again(crowd):
    db, planted = crowd
    a, b = planted[3]
    merging.not_the_same(db, b, a, "Priya Raman")
    assert _pair(duplicates.possible_duplicates(db), a, b) is None
    assert _pair(duplicates.possible_duplicates(db), *planted[0]) is not None
