"""The court day's rules in a real store: a list read from any file, saved only as the worker
decided, rejections remembered, the day's list, outcomes, and the court-list command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import sqlite_utils

from cass_desktop import cli
from cass_desktop.court import day_list as dl
from cass_desktop.court import hearings as court_hearings
from cass_desktop.court.list_matching import match_list
from cass_desktop.court.listing import ListRefused
from cass_desktop.data import clients, consents, contacts, court_day, court_lists, hearings
from cass_desktop.people import hold, merging

EXAMPLES = Path(__file__).parent / "examples"
DAY = "2026-12-02"


def _count(db: sqlite_utils.Database, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def okafor(db: sqlite_utils.Database) -> str:
    return clients.create(
        db,
        {
            "given_name": "Ngozi",
            "family_name": "Okafor",
            "date_of_birth": "1990-03-14",
            "risk_flags": "Do not see alone",
            "interpreter_language": "Igbo",
        },
        "PLY",
    )


@pytest.mark.parametrize(
    "name, kind",
    [
        ("magistrates_public_list.json", "hmcts_public"),
        ("magistrates_standard_list.json", "hmcts_standard"),
        ("magistrates_adult_court_list.json", "hmcts_adult"),
    ],
)
def test_all_three_hmcts_shapes_read_from_a_file(name: str, kind: str) -> None:
    read = dl.read_file((EXAMPLES / name).read_bytes(), name, on=dt.date(2026, 12, 2))
    assert read.court_list.kind == kind
    assert read.court_list.cases
    assert read.table is None


def test_csv_read_with_a_column_fixed() -> None:
    data = b"Defendant,Born,Hearing room,Ref\nSMITH, John,14/03/1990,2,50PL1234526\n"
    data = b'Who,Born,Hearing room,Ref\n"SMITH, John",14/03/1990,2,50PL1234526\n'
    read = dl.read_file(data, "list.csv")
    assert read.mapping is not None and read.mapping.problem  # no name column recognised
    assert read.court_list.cases == []
    fixed = read.remap(read.mapping.with_field(0, "name"))
    [case] = fixed.court_list.cases
    assert (case.name.family, case.name.given) == ("SMITH", "John")
    assert case.date_of_birth == "1990-03-14"


def test_pasted_text() -> None:
    read = dl.read_pasted("Court 2\n10:00 SMITH, John (34) 50PL1234526 CPS Theft\n")
    [case] = read.court_list.cases
    assert case.courtroom and case.time == "10:00" and case.age == 34


@pytest.mark.parametrize(
    "data, name, words",
    [
        (b"\x00\x01\x02 not a list", "list.json", "not"),
        (b'{"document": {}}', "list.json", "HMCTS"),
        (json.dumps({"courtLists": []}).encode(), "list.json", ""),
        (b"%PDF-1.4 junk", "list.pdf", "paste"),
        (b"x" * (20 * 1024 * 1024), "list.csv", "too large"),
        (b"[" * 100 + b"]" * 100, "list.json", ""),
    ],
)
def test_malformed_files_refused_in_a_sentence(data: bytes, name: str, words: str) -> None:
    with pytest.raises(ListRefused) as refused:
        dl.read_file(data, name)
    message = str(refused.value)
    assert words in message
    assert message.endswith(".") and "Error" not in message and "\n" not in message


def test_saving_writes_only_what_was_confirmed(db, okafor) -> None:
    read = dl.read_file((EXAMPLES / "magistrates_standard_list.json").read_bytes(), "x.json")
    cases = read.court_list.cases
    matches = match_list(db, cases)
    assert matches[0].best is not None and matches[0].best.person_id == okafor
    before = _count(db, "ops")
    assert _count(db, "hearings") == 0  # reading and matching wrote nothing
    saved = dl.save_import(db, cases, {0: dl.Decision(okafor)}, day=DAY, court_id=None)
    assert (saved.cases, saved.confirmed, saved.booked) == (3, 1, 1)
    assert _count(db, "ops") > before
    [hearing] = hearings.for_client(db, okafor)
    assert hearing["starts_at"] == f"{DAY}T10:00"
    assert hearing["case_number"] == cases[0].case_number
    rows = dl.day_list(db, DAY)
    assert len(rows) == 3  # the two not matched stay on the day's list
    known = [r for r in rows if r.known]
    assert [r.name for r in known] == ["Ngozi Okafor"]
    notes = dl.before_approaching(known[0].person)
    assert "open case" in notes and "interpreter: Igbo" in notes
    assert any(n.startswith("RISK: Do not see alone") for n in notes)
    assert "consent to hold: not yet asked" in notes


def test_confirming_updates_the_hearing_already_booked(db, okafor) -> None:
    booked = hearings.create(db, {"client_id": okafor, "starts_at": f"{DAY}T09:30"})
    read = dl.read_file((EXAMPLES / "magistrates_standard_list.json").read_bytes(), "x.json")
    saved = dl.save_import(
        db, read.court_list.cases[:1], {0: dl.Decision(okafor)}, day=DAY, court_id=None
    )
    assert saved.booked == 0
    [hearing] = hearings.for_client(db, okafor)
    assert hearing["id"] == booked and hearing["courtroom"] == "Court 1"
    # Importing the same list again adds nothing.
    dl.save_import(db, read.court_list.cases[:1], {0: dl.Decision(okafor)}, day=DAY, court_id=None)
    assert len(hearings.for_client(db, okafor)) == 1
    assert len(court_day.entries_on(db, DAY)) == 1


def test_a_rejected_candidate_is_not_offered_again_for_that_list(db, okafor) -> None:
    read = dl.read_file((EXAMPLES / "magistrates_standard_list.json").read_bytes(), "x.json")
    cases = read.court_list.cases
    dl.save_import(db, cases, {0: dl.Decision(rejected=[okafor])}, day=DAY, court_id=None)
    rejected = court_day.rejected_for(db, None, DAY)
    assert match_list(db, cases, rejected=rejected)[0].candidates == []
    # Another day's list offers them again.
    assert match_list(db, cases, rejected=court_day.rejected_for(db, None, "2026-12-03"))[0].best
    assert not hearings.for_client(db, okafor)


def test_restricted_and_youth_cases_print_initials_only(db) -> None:
    read = dl.read_file((EXAMPLES / "magistrates_standard_list.json").read_bytes(), "x.json")
    dl.save_import(db, read.court_list.cases, {}, day=DAY, court_id=None)
    youth = next(r for r in dl.day_list(db, DAY) if r.youth)
    assert youth.name == "Jayden Pascoe" and youth.sheet_name == "J. P."
    assert dl.initials("SMITH, John Paul") == "J. P. S."


def test_added_by_hand_for_custody_and_youth_cases(db, okafor) -> None:
    dl.add_by_hand(db, day=DAY, court_id=None, name="Kyle Rowe", time="09:00", youth=True)
    dl.add_by_hand(db, day=DAY, court_id=None, name="", person_id=okafor, time="11:00")
    rows = dl.day_list(db, DAY)
    assert [r.time for r in rows] == ["09:00", "11:00"]
    assert rows[0].sheet_name == "K. R." and rows[1].known
    with pytest.raises(ListRefused):
        dl.add_by_hand(db, day=DAY, court_id=None, name="  ")


def test_seen_today_and_consent_on_the_day_list(db, okafor) -> None:
    dl.add_by_hand(db, day=DAY, court_id=None, name="", person_id=okafor, time="11:00")
    contacts.create(db, {"client_id": okafor, "kind": "court", "at": f"{DAY}T09:00"})
    consents.record(
        db, {"client_id": okafor, "scope": "hold", "decision": "given", "decided_on": DAY}
    )
    [row] = dl.day_list(db, DAY)
    assert row.seen_today and row.outcome_missing
    assert "consent to hold: given" in dl.before_approaching(row.person)


@pytest.mark.parametrize(
    ("kept_says", "duplicate_says"), [("given", "refused"), ("refused", "given")]
)
def test_the_day_list_shows_the_latest_decision_to_hold_across_everyone_merged(
    db, okafor, kept_says, duplicate_says
) -> None:
    """The duplicate's newer answer, merged in, is the one in force: the day's list says what
    a save would be refused by (people/hold.py), not the kept record's own older answer."""
    duplicate = clients.create(db, {"given_name": "Ngozi", "family_name": "Okafor-Eze"}, "PLY")
    for person, decision, on in [
        (okafor, kept_says, "2026-01-10"),
        (duplicate, duplicate_says, "2026-11-20"),
    ]:
        consents.record(
            db, {"client_id": person, "scope": "hold", "decision": decision, "decided_on": on}
        )
    merging.merge_people(db, duplicate, okafor)
    dl.add_by_hand(db, day=DAY, court_id=None, name="", person_id=okafor, time="11:00")
    [row] = dl.day_list(db, DAY)
    shown = [n for n in dl.before_approaching(row.person) if n.startswith("consent to hold")]
    if duplicate_says == "refused":
        assert hold.answer(db, okafor) == hold.NO
        assert shown == ["consent to hold: refused (only the minimum is kept)"]
    else:
        assert hold.answer(db, okafor) == hold.YES
        assert shown == ["consent to hold: given"]


def test_outcome_with_a_next_date_books_the_next_hearing(db, okafor) -> None:
    first = hearings.create(
        db, {"client_id": okafor, "starts_at": f"{DAY}T10:00", "restricted": 1, "courtroom": "2"}
    )
    booked = court_hearings.record_outcome(db, first, "adjourned", next_at="2026-12-16")
    assert booked is not None
    nxt = hearings.get(db, booked)
    assert nxt["starts_at"] == "2026-12-16T10:00" and nxt["courtroom"] == "2"
    assert nxt["restricted"] == 1
    assert hearings.get(db, first)["outcome"] == "adjourned"


@pytest.mark.parametrize(
    "outcome, kwargs, words",
    [
        ("adjourned", {}, "date the case comes back"),
        ("sentenced", {}, "sentence"),
        ("adjourned", {"next_at": "2026-12-01"}, "after this one"),
        ("made_up", {}, "Choose"),
    ],
)
def test_outcomes_refused_in_a_sentence(db, okafor, outcome, kwargs, words) -> None:
    first = hearings.create(db, {"client_id": okafor, "starts_at": f"{DAY}T10:00"})
    with pytest.raises(court_hearings.OutcomeRefused, match=words):
        court_hearings.record_outcome(db, first, outcome, **kwargs)
    assert hearings.get(db, first)["outcome"] is None


@pytest.mark.parametrize("outcome", ["sent_crown_court", "warrant", "dismissed"])
def test_outcomes_without_a_next_date(db, okafor, outcome) -> None:
    first = hearings.create(db, {"client_id": okafor, "starts_at": f"{DAY}T10:00"})
    assert court_hearings.record_outcome(db, first, outcome) is None
    assert hearings.get(db, first)["outcome"] == outcome


def test_sentence_kept_with_the_outcome(db, okafor) -> None:
    first = hearings.create(db, {"client_id": okafor, "starts_at": f"{DAY}T10:00"})
    court_hearings.record_outcome(db, first, "sentenced", detail="Community order, 12 months")
    assert hearings.get(db, first)["outcome_detail"] == "Community order, 12 months"


def test_case_number_is_indexed(db) -> None:
    assert court_lists.has_case_number_index(db)


def test_court_list_command_writes_nothing(tmp_path, cass_passphrase, capsys) -> None:
    from tests.helpers.stores import new_store

    store = new_store(tmp_path / "cass.db")
    try:
        clients.create(
            store,
            {"given_name": "Ngozi", "family_name": "Okafor", "date_of_birth": "1990-03-14"},
            "PLY",
        )
        ops = _count(store, "ops")
    finally:
        store.close()
    argv = [
        "--data-dir",
        str(tmp_path),
        "court-list",
        str(EXAMPLES / "magistrates_standard_list.json"),
    ]
    assert cli.main([*argv, "--court", "Bodmin", "--date", DAY, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    first = out["listed"][0]
    assert first["name"] == "Ngozi Okafor" and first["candidates"][0]["likely"]
    assert out["listed"][1]["restricted"] is True
    assert cli.main([*argv, "--court", "Bodmin", "--date", DAY]) == 0
    text = capsys.readouterr().out
    assert "likely: Ngozi Okafor" in text and "do not publish" in text
    store = new_store(tmp_path / "cass.db")
    try:
        assert _count(store, "ops") == ops and _count(store, "court_list_entries") == 0
    finally:
        store.close()
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    assert cli.main([*argv[:3], str(bad), "--court", "Bodmin", "--date", DAY]) == 1
    assert "broken" in capsys.readouterr().err
