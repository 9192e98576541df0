"""The per-table data modules: clients, sites and workers, consents, contacts, needs,
follow-ups, hearings, agencies and local settings."""

from __future__ import annotations

import re

import pytest

from cass_desktop.data import (
    agencies,
    changelog,
    clients,
    consents,
    contacts,
    followups,
    hearings,
    local,
    needs,
    sites,
)


def _ops_for(db, row_id):
    return [op for op in changelog.iter_ops(db) if op.row_id == row_id]


@pytest.fixture
def place(db):
    """Two courts, a worker at each, and two people."""
    ply = sites.create_site(db, {"name": "Plymouth Magistrates' Court", "code": "PLY"})
    tru = sites.create_site(db, {"name": "Truro Magistrates' Court", "code": "TRU"})
    alex = sites.create_worker(db, {"name": "Alex Carter", "site_id": ply})
    kim = sites.create_worker(db, {"name": "Kim Rowe", "site_id": tru})
    jo = clients.create(
        db, {"given_name": "Jo", "family_name": "Pascoe", "keyworker_id": alex, "site_id": ply}
    )
    sam = clients.create(db, {"given_name": "Sam", "family_name": "Trelawny"}, "TRU")
    return {"ply": ply, "tru": tru, "alex": alex, "kim": kim, "jo": jo, "sam": sam}


# --- clients ----------------------------------------------------------------------------------


def test_new_reference_is_readable_and_prefixed_by_the_site(db):
    ref = clients.new_reference(db, "ply")
    assert re.fullmatch(r"PLY-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", ref)
    assert not set(ref[4:]) & set("ILOU")
    assert clients.new_reference(db, None).startswith("CAS-")
    assert clients.new_reference(db, "plymouth").startswith("PLY-")
    refs = {clients.new_reference(db, "PLY") for _ in range(200)}
    assert len(refs) == 200


def test_new_reference_draws_again_when_one_is_taken(db, monkeypatch):
    clients.create(db, {"given_name": "Jo", "reference": "PLY-AAAA-AAAA"})
    draws = iter("AAAAAAAA" + "BBBBBBBB")
    monkeypatch.setattr(clients.secrets, "choice", lambda alphabet: next(draws))
    assert clients.new_reference(db, "PLY") == "PLY-BBBB-BBBB"


def test_create_client_opens_them_with_a_reference(db):
    client_id = clients.create(db, {"given_name": "Jo", "family_name": "Pascoe"}, "BOD")
    row = clients.get(db, client_id)
    assert row["status"] == "open"
    assert row["reference"].startswith("BOD-")
    assert row["keyworker_name"] is None and row["site_name"] is None
    fields = {op.field for op in _ops_for(db, client_id)}
    assert fields == {"given_name", "family_name", "status", "reference"}


def test_create_client_keeps_a_given_reference_and_status(db):
    client_id = clients.create(
        db, {"given_name": "Jo", "reference": "TRU-1234-5678", "status": "closed"}, "PLY"
    )
    row = clients.get(db, client_id)
    assert (row["reference"], row["status"]) == ("TRU-1234-5678", "closed")


def test_update_client_logs_only_changes(db, place):
    before = changelog.count_ops(db)
    clients.update(db, place["jo"], {"given_name": "Jo", "phone": "07700 900123"})
    assert changelog.count_ops(db) == before + 1
    clients.update(db, place["jo"], {"given_name": "Jo", "phone": "07700 900123"})
    assert changelog.count_ops(db) == before + 1
    assert clients.get(db, place["jo"])["phone"] == "07700 900123"


def test_get_client_names_the_keyworker_and_site(db, place):
    row = clients.get(db, place["jo"])
    assert row["keyworker_name"] == "Alex Carter"
    assert row["site_name"] == "Plymouth Magistrates' Court"
    assert clients.get(db, "nobody") is None


def test_list_rowids_filters_and_sorts(db, place):
    extra = clients.create(db, {"given_name": "Ann", "family_name": "de Souza"}, "PLY")
    closed = clients.create(
        db, {"given_name": "Bea", "family_name": "Abbott", "status": "closed"}, "PLY"
    )
    gone = clients.create(db, {"given_name": "Cy", "family_name": "Aaron"}, "PLY")
    changelog.delete(db, "clients", gone)

    def names(**kw):
        rows = clients.rows_for(db, clients.list_rowids(db, **kw))
        order = clients.list_rowids(db, **kw)
        return [rows[r]["family_name"] for r in order]

    # by name, ignoring case: de Souza between Abbott and Pascoe
    assert names() == ["Abbott", "de Souza", "Pascoe", "Trelawny"]
    assert names(descending=True) == ["Trelawny", "Pascoe", "de Souza", "Abbott"]
    assert names(status="open") == ["de Souza", "Pascoe", "Trelawny"]
    assert names(status="closed") == ["Abbott"]
    assert names(keyworker_id=place["alex"]) == ["Pascoe"]
    assert names(text="pasc") == ["Pascoe"]
    assert names(text="   ") == ["Abbott", "de Souza", "Pascoe", "Trelawny"]
    assert names(text="***") == []
    assert names(sort="keyworker")[-1] == "Pascoe"  # people with no keyworker first
    for key in clients.SORTS:
        assert sorted(names(sort=key)) == ["Abbott", "Pascoe", "Trelawny", "de Souza"]
    assert extra and closed


def test_list_rowids_by_reference_and_date_of_birth(db):
    for ref, dob in [("PLY-0003-0000", "1990-01-01"), ("PLY-0001-0000", "1970-06-30")]:
        clients.create(db, {"given_name": ref, "reference": ref, "date_of_birth": dob})
    clients.create(db, {"given_name": "unknown", "reference": "PLY-0002-0000"})

    def refs(**kw):
        ids = clients.list_rowids(db, **kw)
        rows = clients.rows_for(db, ids)
        return [rows[r]["reference"] for r in ids]

    assert refs(sort="reference") == ["PLY-0001-0000", "PLY-0002-0000", "PLY-0003-0000"]
    assert refs(sort="date_of_birth") == ["PLY-0002-0000", "PLY-0001-0000", "PLY-0003-0000"]


def test_rows_for_returns_listed_fields_by_rowid(db, place):
    ids = clients.list_rowids(db)
    rows = clients.rows_for(db, ids)
    assert set(rows) == set(ids)
    jo = next(r for r in rows.values() if r["id"] == place["jo"])
    assert jo["keyworker_name"] == "Alex Carter"
    assert {"reference", "date_of_birth", "status", "opened_on", "phone"} <= set(jo)
    assert clients.rows_for(db, []) == {}


def test_candidates_like_by_date_of_birth_or_name_start(db):
    same_dob = clients.create(db, {"given_name": "Joanne", "date_of_birth": "1990-03-14"})
    same_name = clients.create(db, {"given_name": "Siobhan", "family_name": "Pascoe"})
    other = clients.create(db, {"given_name": "Zed", "family_name": "Young"})
    gone = clients.create(db, {"given_name": "Pat", "family_name": "Pascoe"})
    changelog.delete(db, "clients", gone)
    found = {r["id"] for r in clients.candidates_like(db, "Jo", "Pascall", "1990-03-14")}
    assert found == {same_dob, same_name}
    assert other not in found
    assert clients.candidates_like(db, "", "", None) == []
    assert clients.candidates_like(db, "J", "P", None) == []  # too little to go on


def test_count_leaves_out_deleted_people(db, place):
    assert clients.count(db) == 2
    changelog.delete(db, "clients", place["sam"])
    assert clients.count(db) == 1


@pytest.mark.parametrize(
    ("row", "shown"),
    [
        ({"given_name": "Jo", "family_name": "Pascoe"}, "Jo Pascoe"),
        (
            {"given_name": "Joanna", "family_name": "Pascoe", "preferred_name": "Jo"},
            "Joanna Pascoe (Jo)",
        ),
        ({"given_name": "Jo", "family_name": "Pascoe", "preferred_name": "Jo"}, "Jo Pascoe"),
        ({"given_name": None, "family_name": "Pascoe"}, "Pascoe"),
        ({"given_name": "Jo", "family_name": None, "preferred_name": None}, "Jo"),
        ({}, ""),
    ],
)
def test_display_name(row, shown):
    assert clients.display_name(row) == shown


# --- sites and workers ------------------------------------------------------------------------


def test_sites_are_listed_by_name_and_found_by_name_or_code(db, place):
    bodmin = sites.create_site(db, {"name": "bodmin Magistrates' Court", "code": "BOD"})
    assert [s["name"] for s in sites.list_sites(db)] == [
        "bodmin Magistrates' Court",
        "Plymouth Magistrates' Court",
        "Truro Magistrates' Court",
    ]
    assert sites.find_site(db, "  plymouth magistrates' court ")["id"] == place["ply"]
    assert sites.find_site(db, "tru")["id"] == place["tru"]
    assert sites.find_site(db, "Exeter") is None
    assert sites.get_site(db, bodmin)["kind"] == "court"  # the default
    changelog.delete(db, "sites", bodmin)
    assert sites.find_site(db, "BOD") is None
    assert len(sites.list_sites(db)) == 2
    assert sites.get_site(db, bodmin)["deleted"] == 1


def test_find_site_prefers_the_oldest_of_two_alike(db):
    first = sites.create_site(db, {"name": "Drop-in", "code": "DRP"})
    sites.create_site(db, {"name": "drop-in", "code": "DRP"})
    assert sites.find_site(db, "DROP-IN")["id"] == first


def test_workers_are_listed_by_site_and_name(db, place):
    ann = sites.create_worker(db, {"name": "ann Jones", "site_id": place["ply"]})
    gone = sites.create_worker(db, {"name": "Gone Away", "site_id": place["ply"]})
    changelog.delete(db, "workers", gone)
    assert [w["name"] for w in sites.list_workers(db, place["ply"])] == ["Alex Carter", "ann Jones"]
    assert [w["name"] for w in sites.list_workers(db)] == ["Alex Carter", "ann Jones", "Kim Rowe"]
    assert sites.get_worker(db, ann)["site_id"] == place["ply"]
    assert sites.get_worker(db, "nobody") is None


# --- consents ---------------------------------------------------------------------------------


def test_consents_are_records_newest_decision_first(db, place):
    shelter = agencies.create(db, {"name": "Shelter"})
    held = consents.record(
        db,
        {
            "client_id": place["jo"],
            "scope": "hold",
            "decision": "given",
            "decided_on": "2026-11-02",
            "how_recorded": "verbal",
            "recorded_by": place["alex"],
        },
    )
    shared = consents.record(
        db,
        {
            "client_id": place["jo"],
            "scope": "share",
            "agency_id": shelter,
            "decision": "given",
            "decided_on": "2026-11-03",
        },
    )
    withdrawn = consents.record(
        db,
        {
            "client_id": place["jo"],
            "scope": "share",
            "agency_id": shelter,
            "decision": "withdrawn",
            "decided_on": "2026-11-20",
        },
    )
    consents.record(db, {"client_id": place["sam"], "scope": "hold", "decision": "refused"})
    rows = consents.for_client(db, place["jo"])
    assert [r["id"] for r in rows] == [withdrawn, shared, held]
    assert rows[0]["agency_name"] == "Shelter"
    assert rows[2]["recorded_by_name"] == "Alex Carter"
    changelog.delete(db, "consents", shared)
    assert [r["id"] for r in consents.for_client(db, place["jo"])] == [withdrawn, held]


# --- contacts ---------------------------------------------------------------------------------


def test_contacts_make_a_timeline_newest_first(db, place):
    first = contacts.create(
        db,
        {"client_id": place["jo"], "kind": "court", "at": "2026-11-02T10:15", "summary": "Met"},
    )
    second = contacts.create(
        db, {"client_id": place["jo"], "kind": "phone", "at": "2026-11-09T14:00"}
    )
    contacts.update(db, first, {"summary": "Met before hearing", "worker_id": place["alex"]})
    rows = contacts.for_client(db, place["jo"])
    assert [r["id"] for r in rows] == [second, first]
    assert rows[1]["summary"] == "Met before hearing"
    assert rows[1]["worker_name"] == "Alex Carter"
    assert contacts.for_client(db, place["sam"]) == []


def test_seen_on_lists_one_days_contacts_earliest_first(db, place):
    late = contacts.create(
        db, {"client_id": place["jo"], "at": "2026-11-27T15:30", "worker_id": place["alex"]}
    )
    early = contacts.create(
        db, {"client_id": place["sam"], "at": "2026-11-27T09:05", "worker_id": place["kim"]}
    )
    nobody = contacts.create(db, {"client_id": place["sam"], "at": "2026-11-27T12:00"})
    contacts.create(db, {"client_id": place["jo"], "at": "2026-11-27"[:10] + "T23:59"})
    contacts.create(db, {"client_id": place["jo"], "at": "2026-11-28T00:00"})  # next day
    contacts.create(db, {"client_id": place["jo"], "at": "2026-11-26T23:59"})  # day before
    deleted = contacts.create(db, {"client_id": place["jo"], "at": "2026-11-27T11:00"})
    changelog.delete(db, "contacts", deleted)

    day = contacts.seen_on(db, "2026-11-27")
    assert [r["at"] for r in day] == [
        "2026-11-27T09:05",
        "2026-11-27T12:00",
        "2026-11-27T15:30",
        "2026-11-27T23:59",
    ]
    assert day[0]["given_name"] == "Sam" and day[0]["worker_name"] == "Kim Rowe"
    assert day[0]["reference"].startswith("TRU-")
    # at one site: its workers' contacts, and those recorded with no worker
    ids = [r["id"] for r in contacts.seen_on(db, "2026-11-27", site_id=place["ply"])]
    assert late in ids and nobody in ids and early not in ids
    # a deleted person's contacts are not listed
    changelog.delete(db, "clients", place["sam"])
    assert early not in [r["id"] for r in contacts.seen_on(db, "2026-11-27")]


# --- needs ------------------------------------------------------------------------------------


def test_needs_per_person_in_the_order_found(db, place):
    housing = needs.create(db, {"client_id": place["jo"], "domain": "housing", "level": "high"})
    money = needs.create(db, {"client_id": place["jo"], "domain": "money"})
    needs.create(db, {"client_id": place["sam"], "domain": "substances"})
    needs.update(db, housing, {"status": "being_met", "notes": "Referred to Shelter"})
    rows = needs.for_client(db, place["jo"])
    assert [r["id"] for r in rows] == [housing, money]
    assert rows[0]["status"] == "being_met" and rows[1]["status"] == "identified"
    changelog.delete(db, "needs", money)
    assert [r["id"] for r in needs.for_client(db, place["jo"])] == [housing]


# --- follow-ups -------------------------------------------------------------------------------


def test_followups_due_include_overdue_soonest_first(db, place):
    overdue = followups.create(
        db, {"client_id": place["jo"], "due_on": "2026-11-20", "what": "Chase Shelter"}
    )
    today = followups.create(
        db,
        {
            "client_id": place["sam"],
            "due_on": "2026-11-27",
            "what": "Ring",
            "worker_id": place["kim"],
        },
    )
    followups.create(db, {"client_id": place["jo"], "due_on": "2026-11-28", "what": "Later"})
    done = followups.create(db, {"client_id": place["jo"], "due_on": "2026-11-21", "what": "Done"})
    followups.mark_done(db, done, "2026-11-22")
    gone = followups.create(db, {"client_id": place["jo"], "due_on": "2026-11-01", "what": "x"})
    changelog.delete(db, "followups", gone)

    due = followups.due(db, "2026-11-27")
    assert [f["id"] for f in due] == [overdue, today]
    assert due[0]["given_name"] == "Jo" and due[0]["reference"]
    # mine: assigned to me, or to nobody
    assert [f["id"] for f in followups.due(db, "2026-11-27", place["alex"])] == [overdue]
    assert [f["id"] for f in followups.due(db, "2026-11-27", place["kim"])] == [overdue, today]
    # a deleted person's follow-ups are not due
    changelog.delete(db, "clients", place["sam"])
    assert [f["id"] for f in followups.due(db, "2026-11-27")] == [overdue]


def test_mark_done_and_for_client_lists_open_ones_first(db, place):
    a = followups.create(db, {"client_id": place["jo"], "due_on": "2026-11-20", "what": "a"})
    b = followups.create(db, {"client_id": place["jo"], "due_on": "2026-11-25", "what": "b"})
    c = followups.create(db, {"client_id": place["jo"], "due_on": "2026-11-30", "what": "c"})
    followups.mark_done(db, a, "2026-11-21")
    row = changelog.get(db, "followups", a)
    assert (row["done"], row["done_on"]) == (1, "2026-11-21")
    assert [f["id"] for f in followups.for_client(db, place["jo"])] == [b, c, a]
    count = changelog.count_ops(db)
    followups.mark_done(db, a, "2026-11-21")  # ticked again: nothing new
    assert changelog.count_ops(db) == count


# --- hearings ---------------------------------------------------------------------------------


def _hearing(db, place, **values):
    base = {
        "client_id": place["jo"],
        "court_id": place["ply"],
        "starts_at": "2026-11-27T10:00",
        "courtroom": "2",
        "case_number": "PL/123/26",
        "hearing_type": "first_appearance",
        "charge_summary": "Theft from shop",
        "solicitor": "Jane Trewin",
    }
    return hearings.create(db, {**base, **values})


def test_hearing_get_and_update(db, place):
    hearing_id = _hearing(db, place)
    hearings.update(db, hearing_id, {"courtroom": "3"})
    row = hearings.get(db, hearing_id)
    assert row["courtroom"] == "3"
    assert row["court_name"] == "Plymouth Magistrates' Court"
    assert row["given_name"] == "Jo" and row["reference"]
    assert hearings.get(db, "nope") is None


def test_record_outcome_books_the_next_hearing_once(db, place):
    first = _hearing(db, place)
    booked = hearings.record_outcome(db, first, "adjourned", "2026-12-11T10:00")
    assert booked and booked != first
    row = hearings.get(db, first)
    assert (row["outcome"], row["next_hearing_at"]) == ("adjourned", "2026-12-11T10:00")
    nxt = hearings.get(db, booked)
    assert nxt["starts_at"] == "2026-12-11T10:00"
    assert nxt["hearing_type"] == "adjournment"
    for kept in (
        "client_id",
        "court_id",
        "courtroom",
        "case_number",
        "charge_summary",
        "solicitor",
    ):
        assert nxt[kept] == row[kept]
    assert nxt["outcome"] is None

    count = changelog.count_ops(db)
    assert hearings.record_outcome(db, first, "adjourned", "2026-12-11T10:00") == booked
    assert changelog.count_ops(db) == count  # nothing booked or logged twice
    assert len(hearings.for_client(db, place["jo"])) == 2


def test_record_outcome_without_a_next_date_books_nothing(db, place):
    first = _hearing(db, place)
    assert hearings.record_outcome(db, first, "sentenced") is None
    assert hearings.get(db, first)["outcome"] == "sentenced"
    assert len(hearings.for_client(db, place["jo"])) == 1


def test_record_outcome_with_a_given_type_and_for_a_missing_hearing(db, place):
    first = _hearing(db, place)
    booked = hearings.record_outcome(db, first, "conditional_bail", "2027-01-08T14:00", "trial")
    assert hearings.get(db, booked)["hearing_type"] == "trial"
    with pytest.raises(ValueError):
        hearings.record_outcome(db, "missing", "adjourned", "2027-01-08T14:00")


def test_record_outcome_is_all_or_nothing(db, place, monkeypatch):
    first = _hearing(db, place)
    count = changelog.count_ops(db)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(hearings, "create", fail)
    with pytest.raises(RuntimeError):
        hearings.record_outcome(db, first, "adjourned", "2026-12-11T10:00")
    assert hearings.get(db, first)["outcome"] is None
    assert changelog.count_ops(db) == count


def test_hearings_for_a_person_newest_first_and_on_a_day_in_time_order(db, place):
    a = _hearing(db, place, starts_at="2026-11-27T14:00")
    b = _hearing(db, place, client_id=place["sam"], starts_at="2026-11-27T10:00", courtroom="1")
    c = _hearing(db, place, starts_at="2026-10-01T10:00")
    d = _hearing(
        db, place, client_id=place["sam"], starts_at="2026-11-27T10:00", court_id=place["tru"]
    )
    gone = _hearing(db, place, starts_at="2026-11-27T11:00")
    changelog.delete(db, "hearings", gone)
    _hearing(db, place, starts_at="2026-11-28T00:00")

    assert [h["id"] for h in hearings.for_client(db, place["jo"])][1:] == [a, c]
    assert [h["id"] for h in hearings.on_day(db, "2026-11-27", place["ply"])] == [b, a]
    assert set(h["id"] for h in hearings.on_day(db, "2026-11-27")) == {a, b, d}
    assert [h["id"] for h in hearings.on_day(db, "2026-11-27", place["tru"])] == [d]
    assert hearings.on_day(db, "2026-11-27")[0]["court_name"]
    changelog.delete(db, "clients", place["sam"])
    assert [h["id"] for h in hearings.on_day(db, "2026-11-27")] == [a]


# --- agencies ---------------------------------------------------------------------------------


@pytest.fixture
def directory(db):
    made = {}
    for values in [
        {"name": "Shelter Plymouth", "domains": "housing,money", "areas": "Plymouth, South Hams"},
        {"name": "Citizens Advice Cornwall", "domains": "money,benefits", "areas": "Cornwall"},
        {"name": "Harbour Centre", "domains": "substances", "areas": "Plymouth"},
        {"name": "Old Project", "domains": "housing", "areas": "Plymouth", "active": 0},
        {"name": "Mental Health Matters", "domains": "mental_health", "areas": "Truro, Bodmin"},
    ]:
        made[values["name"]] = agencies.create(db, values)
    gone = agencies.create(db, {"name": "Gone", "domains": "housing", "areas": "Plymouth"})
    changelog.delete(db, "agencies", gone)
    return made


def _names(rows):
    return [r["name"] for r in rows]


def test_agency_search_by_domain(db, directory):
    assert _names(agencies.search(db, domain="housing")) == ["Shelter Plymouth"]
    assert _names(agencies.search(db, domain="money")) == [
        "Citizens Advice Cornwall",
        "Shelter Plymouth",
    ]
    assert _names(agencies.search(db, domain="housing", include_inactive=True)) == [
        "Old Project",
        "Shelter Plymouth",
    ]
    # a key is matched whole: "health" is not "mental_health"
    assert agencies.search(db, domain="health") == []


def test_agency_search_by_area_and_words(db, directory):
    assert _names(agencies.search(db, area="Plymouth")) == ["Harbour Centre", "Shelter Plymouth"]
    assert _names(agencies.search(db, area="bodmin")) == ["Mental Health Matters"]
    assert _names(agencies.search(db, "harb")) == ["Harbour Centre"]
    assert _names(agencies.search(db, "money")) == ["Citizens Advice Cornwall", "Shelter Plymouth"]
    assert _names(agencies.search(db, "shel", domain="money", area="Plymouth")) == [
        "Shelter Plymouth"
    ]
    assert _names(agencies.search(db, "shel", area="Cornwall")) == []
    assert len(agencies.search(db)) == 4
    assert len(agencies.search(db, limit=2)) == 2
    assert agencies.search(db, "!!!") == []


def test_agency_get_update_and_find_by_name(db, directory):
    shelter = directory["Shelter Plymouth"]
    agencies.update(db, shelter, {"phone": "0300 330 1234", "contact_name": "Morwenna"})
    assert agencies.get(db, shelter)["phone"] == "0300 330 1234"
    assert _names(agencies.search(db, "morw")) == ["Shelter Plymouth"]
    assert agencies.find_by_name(db, "  shelter plymouth ")["id"] == shelter
    assert agencies.find_by_name(db, "Gone") is None
    assert agencies.find_by_name(db, "Nobody") is None


def test_agency_areas_are_listed_once_each(db, directory):
    assert agencies.areas(db) == ["Bodmin", "Cornwall", "Plymouth", "South Hams", "Truro"]


# --- local settings ---------------------------------------------------------------------------


def test_local_settings_round_trip_any_json_value(db):
    assert local.get(db, "site_id") is None
    assert local.get(db, "site_id", "none") == "none"
    local.put(db, "site_id", "abc")
    local.put(db, "organisation", {"name": "CASS Kernow", "phones": ["01752 000000"]})
    local.put(db, "letters_printed", 0)
    assert local.get(db, "site_id") == "abc"
    assert local.get(db, "organisation") == {"name": "CASS Kernow", "phones": ["01752 000000"]}
    assert local.get(db, "letters_printed") == 0
    local.put(db, "site_id", "def")
    assert local.get(db, "site_id") == "def"
    assert changelog.count_ops(db) == 0  # settings are not synced


def test_local_settings_do_not_clash_with_the_store_own_state(db):
    device = changelog.device_id(db)
    local.put(db, "device_id", "mine")
    assert changelog.device_id(db) == device
    assert local.get(db, "device_id") == "mine"


def test_unexported_count_is_changes_since_the_last_export(db):
    assert local.unexported_count(db) == 0
    row = needs.create(db, {"domain": "money", "level": "low"})
    needs.update(db, row, {"level": "high"})
    assert local.unexported_count(db) == 3
    local.put(db, "exported_seq", 2)
    assert local.unexported_count(db) == 1
