"""Head office's review: quiet devices, conflicts resolved as changes, duplicates and merges."""

from __future__ import annotations

import datetime as dt
import random
import shutil

import pytest

from cass_desktop.data import changelog, clients, local, peers, store_path
from cass_desktop.data import sync as sync_data
from cass_desktop.headoffice import review
from cass_desktop.headoffice.review import ReviewError
from cass_desktop.people import matching
from cass_desktop.sites.setup import add_court, set_up_device
from cass_desktop.sync import identity
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from tests.helpers.stores import make_store, new_store, reopen


def _site_id(db):
    return local.get(db, "site_id")


def _conflict_on_phone(office):
    """Head office and Plymouth both change Aisling's phone without seeing each other's."""
    ho, ply = office.head_office, office.device("plymouth")
    person = clients.create(
        ply, {"given_name": "Aisling", "family_name": "Ó Briain", "site_id": _site_id(ply)}, "PLY"
    )
    import_file(ho, export_device(ply, office.outbox))
    clients.update(ho, person, {"phone": "07700 900001"})
    clients.update(ply, person, {"phone": "07700 900002"})
    assert import_file(ho, export_device(ply, office.outbox)).merge.conflicts == 1
    return person


def test_a_conflict_is_described_in_words(office):
    person = _conflict_on_phone(office)
    [view] = review.conflicts(office.head_office)
    assert view.record.startswith("Aisling Ó Briain (PLY-")
    assert view.field_label == "Phone"
    assert view.client_id == person
    assert view.can_type
    kept, other = view.choices
    assert (kept.shown, kept.source, kept.current) == (
        "07700 900002",
        "Plymouth (Alex Carter)",
        True,
    )
    assert (other.shown, other.source, other.current) == ("07700 900001", "Head office", False)
    assert dt.datetime.fromisoformat(kept.when).date() == dt.date.today()


def test_resolving_a_conflict_is_a_change_that_reaches_the_device(office):
    ho, ply = office.head_office, office.device("plymouth")
    person = _conflict_on_phone(office)
    [view] = review.conflicts(ho)
    before = changelog.count_ops(ho, changelog.device_id(ho))
    # Head office keeps its own value, the one that lost on clocks.
    review.resolve_conflict(ho, view.id, view.choices[1].value, "Priya Raman")
    assert review.conflict_count(ho) == 0
    assert clients.get(ho, person)["phone"] == "07700 900001"
    assert changelog.count_ops(ho, changelog.device_id(ho)) == before + 1
    resolved = sync_data.get_conflict(ho, view.id)
    assert resolved["resolved_by"] == "Priya Raman"
    assert resolved["resolved_value_json"] == '"07700 900001"'
    assert resolved["resolved_at"]
    with pytest.raises(ReviewError, match="already resolved by Priya Raman"):
        review.resolve_conflict(ho, view.id, "07700 900003", "Priya Raman")

    update = export_update(ho, changelog.device_id(ply), office.outbox)
    assert import_file(ply, update).refused is None
    assert clients.get(ply, person)["phone"] == "07700 900001"


def test_a_typed_value_resolves_a_conflict(office):
    ho = office.head_office
    person = _conflict_on_phone(office)
    [view] = review.conflicts(ho)
    value = review.value_from_text("clients", "phone", "  01632 960123 ")
    review.resolve_conflict(ho, view.id, value, "Priya Raman")
    assert clients.get(ho, person)["phone"] == "01632 960123"


def test_typed_values_are_checked():
    assert review.value_from_text("clients", "date_of_birth", "14/03/1990") == "1990-03-14"
    assert review.value_from_text("hearings", "starts_at", "27/11/2026 10:30") == (
        "2026-11-27T10:30"
    )
    assert review.value_from_text("clients", "phone", "   ") is None
    with pytest.raises(ReviewError, match="Date of birth: “31/02/1990” is not a date"):
        review.value_from_text("clients", "date_of_birth", "31/02/1990")
    with pytest.raises(ReviewError, match="Minutes must be a whole number"):
        review.value_from_text("contacts", "duration_minutes", "half an hour")
    with pytest.raises(ReviewError, match="Keyworker can only be one of the values shown"):
        review.value_from_text("clients", "keyworker_id", "Alex")


def test_devices_not_heard_from_are_pointed_out(office):
    ho = office.head_office
    bodmin = office.device("bodmin")
    import_file(ho, export_device(bodmin, office.outbox))
    import_file(ho, export_device(office.device("plymouth"), office.outbox))
    now = dt.datetime.now(dt.UTC)
    three_days_ago = (now - dt.timedelta(days=3)).isoformat(timespec="seconds")
    peers.put(ho, changelog.device_id(bodmin), {"last_bundle_at": three_days_ago})

    statuses = {s.place: s for s in review.device_statuses(ho, now=now)}
    assert set(statuses) == {"Bodmin", "Plymouth", "Truro"}
    assert statuses["Bodmin"].summary() == "Bodmin: nothing for 3 days"
    assert statuses["Bodmin"].quiet
    assert statuses["Bodmin"].worker == "Jo Pengelly"
    assert statuses["Bodmin"].held_seq == changelog.count_ops(bodmin)
    assert statuses["Plymouth"].summary() == "Plymouth: last bundle today"
    assert not statuses["Plymouth"].quiet
    assert statuses["Truro"].summary() == "Truro: nothing received yet"
    assert statuses["Truro"].fingerprint == identity.my_card(office.device("truro")).fingerprint()
    # Enrolled five days ago and never sent anything: pointed out as well.
    five_days_ago = (now - dt.timedelta(days=5)).isoformat(timespec="seconds")
    peers.put(ho, changelog.device_id(office.device("truro")), {"enrolled_at": five_days_ago})
    truro = next(s for s in review.device_statuses(ho, now=now) if s.place == "Truro")
    assert truro.quiet and truro.summary() == "Truro: nothing for 5 days"


def test_a_device_not_enrolled_waits_for_approval(office, tmp_path):
    ho = office.head_office
    newquay = make_store(tmp_path, "newquay")
    set_up_device(newquay, "Newquay Drop-in", "Morwenna Pascoe")
    identity.trust_head_office(newquay, identity.write_card(ho, tmp_path / "ho.card"))
    person = clients.create(newquay, {"given_name": "Jago", "site_id": _site_id(newquay)}, "NEW")
    bundle = export_device(newquay, office.outbox)

    result = import_file(ho, bundle)
    assert result.awaiting_approval and result.merge.applied == 0
    assert clients.get(ho, person) is None
    [waiting] = [s for s in review.device_statuses(ho) if s.pending]
    assert waiting.summary() == "Newquay Drop-in: waiting for approval"
    assert waiting.fingerprint == identity.my_card(newquay).fingerprint()

    # Head office adds the drop-in to its list of courts, so the laptop can be assigned to it.
    add_court(ho, "Newquay Drop-in")
    approved = review.approve_device(ho, waiting.device_id, waiting.fingerprint)
    assert approved.status == "enrolled"
    assert import_file(ho, bundle).merge.applied > 0
    assert clients.get(ho, person)["given_name"] == "Jago"
    newquay.close()


# -- duplicates ----------------------------------------------------------------------------

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


def test_planted_duplicates_are_found_with_reasons(crowd):
    db, planted = crowd
    pairs = review.possible_duplicates(db)
    for (a, b), (_first, _second, reasons) in zip(planted, PLANTED, strict=True):
        pair = _pair(pairs, a, b)
        assert pair is not None, reasons
        assert reasons <= set(pair.reasons)
    relations = {_pair(pairs, a, b).dob_relation for a, b in planted}
    assert relations == {"same", "day_month_swapped", "one_digit", "unknown", "digits_swapped"}
    # Most alike first: the same name and date of birth leads.
    assert pairs[0].ids == frozenset(planted[0])


def test_duplicates_are_found_without_comparing_everyone(crowd, monkeypatch):
    db, _planted = crowd
    scored = []
    real = matching._score_pair
    monkeypatch.setattr(matching, "_score_pair", lambda a, b: scored.append(1) or real(a, b))
    review.possible_duplicates(db)
    everyone = 3012 * 3011 // 2
    assert len(scored) < everyone // 100


def test_merging_points_one_record_at_the_other_and_can_be_undone(crowd):
    db, planted = crowd
    kept, duplicate = planted[0]
    duplicate_rowid = clients.rowid_of(db, duplicate)
    review.merge_people(db, duplicate, kept)

    [op] = list(changelog.iter_ops(db, changelog.device_id(db), changelog.count_ops(db) - 1))
    assert (op.tbl, op.row_id, op.field, op.value) == ("clients", duplicate, "merged_into", kept)
    assert clients.get(db, duplicate)["given_name"] == "Sian"  # its own data stays
    assert duplicate_rowid not in clients.list_rowids(db)
    assert [c["id"] for c in clients.search(db, "ni bhriain")] == [kept]
    assert duplicate not in {c["id"] for c in clients.candidates_like(db, "", "", "1990-03-14")}
    assert review.merged_target(db, duplicate)["id"] == kept
    assert [r["id"] for r in review.merged_here(db, kept)] == [duplicate]
    assert [r["id"] for r in review.merged_people(db)] == [duplicate]
    assert _pair(review.possible_duplicates(db), kept, duplicate) is None

    with pytest.raises(ReviewError, match="already merged"):
        review.merge_people(db, duplicate, planted[1][0])
    with pytest.raises(ReviewError, match="itself merged into Siân Ní Bhriain"):
        review.merge_people(db, planted[1][0], duplicate)
    with pytest.raises(ReviewError, match="cannot be merged into itself"):
        review.merge_people(db, kept, kept)

    review.undo_merge(db, duplicate)
    assert clients.get(db, duplicate)["merged_into"] is None
    assert duplicate_rowid in clients.list_rowids(db)
    assert _pair(review.possible_duplicates(db), kept, duplicate) is not None
    with pytest.raises(ReviewError, match="not merged into anyone"):
        review.undo_merge(db, duplicate)


def test_people_judged_different_are_not_offered_again(crowd):
    db, planted = crowd
    a, b = planted[3]
    review.not_the_same(db, b, a, "Priya Raman")
    assert _pair(review.possible_duplicates(db), a, b) is None
    assert _pair(review.possible_duplicates(db), *planted[0]) is not None


def test_a_merge_reaches_the_device_that_holds_the_person(office):
    ho, ply = office.head_office, office.device("plymouth")
    site = _site_id(ply)
    first = clients.create(
        ply, {"given_name": "Siân", "family_name": "Ní Bhriain", "site_id": site}, "PLY"
    )
    second = clients.create(
        ply, {"given_name": "Sian", "family_name": "Ni Bhriain", "site_id": site}, "PLY"
    )
    import_file(ho, export_device(ply, office.outbox))
    review.merge_people(ho, second, first)
    import_file(ply, export_update(ho, changelog.device_id(ply), office.outbox))
    assert clients.get(ply, second)["merged_into"] == first
    assert clients.rowid_of(ply, second) not in clients.list_rowids(ply)
