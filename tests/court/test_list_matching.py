"""Listed people matched against people held: the cases issue 11 names, in a real store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlite_utils

from cass_desktop.court.hmcts import read_hmcts
from cass_desktop.court.list_matching import (
    MATCH_THRESHOLD,
    ListedMatch,
    describe,
    match_case,
    match_list,
)
from cass_desktop.court.list_text import read_text
from cass_desktop.court.listing import ListedCase
from cass_desktop.data import clients, court_lists, hearings
from cass_desktop.people.names import Name, parse_name

DAY = dt.date(2026, 12, 2)
PEOPLE = {
    "kaminska": ("Katarzyna", "Kamińska", None, "1979-04-08"),
    "alrashid": ("Mohammed", "Al-Rashid", None, "1990-02-03"),
    "smith_1990": ("James", "Smith", None, "1990-03-14"),
    "smith_1985": ("James", "Smith", None, "1985-07-22"),
    "turner": ("Bill", "Turner", None, "1975-11-06"),
    "ward": ("Elizabeth", "Ward", "Liz", "1988-01-30"),
    "sian": ("Sian", "Ní Bhriain", None, "1992-06-01"),
    "lukasz": ("Lukasz", "Kowalski", None, "1985-02-12"),
    "oneill": ("Mary Jane", "ONeill", None, "2001-09-09"),
    "nguyen": ("An", "Nguyễn", None, "1985-02-01"),
    "okafor": ("Ngozi", "Okafor", None, None),
    "pascoe_a": ("Jayden", "Pascoe", None, "1996-05-01"),
    "pascoe_b": ("Jayden", "Pascoe", None, "1996-08-20"),
}


@pytest.fixture
def held(db: sqlite_utils.Database) -> dict[str, str]:
    ids = {}
    for key, (given, family, preferred, born) in PEOPLE.items():
        values = {"given_name": given, "family_name": family, "date_of_birth": born}
        if preferred:
            values["preferred_name"] = preferred
        ids[key] = clients.create(db, values, "PLY")
    hearings.create(
        db,
        {"client_id": ids["okafor"], "starts_at": "2026-10-01T10:00", "case_number": "50CW1234524"},
    )
    return ids


def _listed(text: str, dob: str | None = None, **more: object) -> ListedCase:
    case = ListedCase(name=parse_name(text), name_as_listed=text, date_of_birth=dob)
    case.hearing_date = DAY.isoformat()
    for key, value in more.items():
        setattr(case, key, value)
    return case


def _match(db: sqlite_utils.Database, case: ListedCase) -> ListedMatch:
    return match_list(db, [case], on=DAY)[0]


def _best_is(match: ListedMatch, person_id: str) -> None:
    assert match.best is not None, [describe(c) for c in match.candidates]
    assert match.best.person_id == person_id, [describe(c) for c in match.candidates]


def test_year_typo_and_missing_accent(db, held) -> None:
    match = _match(db, _listed("KAMINSKA, Katarzyna", "1997-04-08"))
    _best_is(match, held["kaminska"])
    assert "two digits swapped" in match.best.reason_text


def test_transliteration_and_hyphen(db, held) -> None:
    match = _match(db, _listed("Muhammad ALRASHID", "1990-02-03"))
    _best_is(match, held["alrashid"])
    assert match.best.confidence >= 0.95


def test_same_name_told_apart_by_date_of_birth(db, held) -> None:
    match = _match(db, _listed("SMITH, James", "1985-07-22"))
    _best_is(match, held["smith_1985"])
    assert all(not c.likely for c in match.candidates if c.person_id == held["smith_1990"])


def test_swapped_order_capitals_initials_and_middle_names(db, held) -> None:
    for text in ("James SMITH", "SMITH James", "J SMITH", "SMITH, James Robert", "james smith"):
        _best_is(_match(db, _listed(text, "1990-03-14")), held["smith_1990"])


def test_legal_name_against_the_name_they_go_by(db, held) -> None:
    turner = _match(db, _listed("William TURNER", "1975-11-06"))
    _best_is(turner, held["turner"])  # recorded as Bill
    assert "short form (Bill for William)" in turner.best.reason_text
    ward = _match(db, _listed("WARD, Elizabeth", "1988-01-30"))
    _best_is(ward, held["ward"])


def test_accents_apostrophes_hyphens_and_spaces(db, held) -> None:
    _best_is(_match(db, _listed("Siân NÍ BHRIAIN", "1992-06-01")), held["sian"])
    _best_is(_match(db, _listed("Łukasz KOWALSKI", "1985-02-12")), held["lukasz"])
    _best_is(_match(db, _listed("Mary-Jane O'NEILL", "2001-09-09")), held["oneill"])
    _best_is(_match(db, _listed("O NEILL, Maryjane", "2001-09-09")), held["oneill"])


def test_family_name_first(db, held) -> None:
    _best_is(_match(db, _listed("NGUYEN Van An", "1985-02-01")), held["nguyen"])
    _best_is(_match(db, _listed("Nguyen An", "1985-02-01")), held["nguyen"])


def test_day_and_month_swapped(db, held) -> None:
    match = _match(db, _listed("Katarzyna KAMIŃSKA", "1979-08-04"))
    _best_is(match, held["kaminska"])
    assert "day and month swapped" in match.best.reason_text


def test_a_name_alone_is_shown_but_never_likely(db, held) -> None:
    match = _match(db, _listed("Katarzyna KAMIŃSKA"))
    assert match.candidates and match.candidates[0].person_id == held["kaminska"]
    assert match.best is None
    assert match.candidates[0].confidence < MATCH_THRESHOLD
    assert "no date of birth or age on the list" in match.candidates[0].reason_text


def test_age_when_there_is_no_date_of_birth(db, held) -> None:
    match = _match(db, _listed("Katarzyna KAMIŃSKA", age=47))
    _best_is(match, held["kaminska"])
    assert "same age (47)" in match.best.reason_text
    # Two people of that name and age: neither is offered as likely.
    both = _match(db, _listed("Jayden PASCOE", age=30))
    assert len(both.candidates) == 2 and both.best is None
    assert "another person held fits as well" in both.candidates[0].reason_text
    wrong_age = _match(db, _listed("Katarzyna KAMIŃSKA", age=25))
    assert wrong_age.best is None


def test_a_past_case_number_confirms_a_name(db, held) -> None:
    match = _match(db, _listed("Ngozi OKAFOR", case_number="50CW 1234524"))
    _best_is(match, held["okafor"])
    assert "case number 50CW 1234524 is on a past hearing of theirs" in match.best.reason_text


def test_a_different_date_of_birth_rules_out_a_namesake(db, held) -> None:
    match = _match(db, _listed("Katarzyna KAMIŃSKA", "1960-01-01"))
    assert match.best is None
    assert all(c.confidence < MATCH_THRESHOLD for c in match.candidates)


def test_unknown_people_have_no_candidates(db, held) -> None:
    for text, born in (("Zebedee QUAYLE", "1970-01-01"), ("Priya PATEL", "1999-12-31")):
        assert _match(db, _listed(text, born)).candidates == []


def test_a_rejected_candidate_is_not_offered_again(db, held) -> None:
    case = _listed("SMITH, James", "1990-03-14")
    first = match_list(db, [case], on=DAY)[0]
    assert first.best is not None
    again = match_list(db, [case], on=DAY, rejected={case.key: {first.best.person_id}})[0]
    assert first.best.person_id not in {c.person_id for c in again.candidates}


def test_deleted_and_merged_people_are_not_offered(db, held) -> None:
    clients.update(db, held["turner"], {"deleted": 1})
    clients.update(db, held["kaminska"], {"merged_into": held["alrashid"]})
    assert _match(db, _listed("Bill TURNER", "1975-11-06")).candidates == []
    assert _match(db, _listed("Katarzyna KAMIŃSKA", "1979-04-08")).candidates == []


def test_a_whole_list_from_hmcts(db, held) -> None:
    examples = Path(__file__).parent / "examples"
    court_list = read_hmcts((examples / "magistrates_public_list.json").read_bytes())
    matches = match_list(db, court_list.cases, on=DAY)
    assert [m.case.name_as_listed for m in matches] == [c.name_as_listed for c in court_list.cases]
    first = matches[0]
    assert first.candidates[0].person_id == held["kaminska"]
    assert first.best is None  # the public list has no dates of birth


def test_pasted_text_end_to_end(db, held) -> None:
    court_list = read_text(
        "Court 1\n10:00  SMITH, James  14/03/1990  CPS  Theft\n10:30  QUAYLE, Zeb  01/01/1970\n",
        on=DAY,
    )
    smith, quayle = match_list(db, court_list.cases, on=DAY)
    _best_is(smith, held["smith_1990"])
    assert quayle.candidates == []


def test_match_case_without_a_store() -> None:
    people = [
        {"id": "a", "given_name": "James", "family_name": "Smith", "date_of_birth": "1990-03-14"},
        {"id": "b", "given_name": "James", "family_name": "Smith", "date_of_birth": "1985-07-22"},
    ]
    found = match_case(_listed("SMITH, James", "14/03/1990"), people)
    assert found.best is not None and found.best.person_id == "a"
    numbered = match_case(
        _listed("SMITH, James", case_number="50PL1"), people, case_numbers={"b": ["50pl1"]}
    )
    assert numbered.best is not None and numbered.best.person_id == "b"


def test_hostile_names_never_break_the_search(db, held) -> None:
    for text in (
        '"SMITH" AND *',
        "NEAR(a b) OR",
        "{name}: x",
        "' OR 1=1 --",
        "(((",
        "ﬀ ＳＭＩＴＨ",
    ):
        _match(db, _listed(text, "1990-03-14"))  # no error
    assert court_lists.name_match_expression(['"', "*"], ["AND"], "(", ")") is None
    expression = court_lists.name_match_expression(['smith" OR x'], ["AND"], "sm", "j*")
    assert expression == 'name : ((("smithorx") AND ("and" OR "j"*)) OR (("and") AND "sm"*))'
    assert court_lists.rowids_matching_names(db, expression) == []


def test_many_dates_of_birth_at_once(db, held) -> None:
    dates = [(dt.date(1950, 1, 1) + dt.timedelta(days=n)).isoformat() for n in range(20_000)]
    found = court_lists.people_born_on(db, dates)
    assert {p["id"] for p in found} >= {held["smith_1990"], held["kaminska"]}


def test_names_parsed_from_a_list_compare_both_ways() -> None:
    assert parse_name("SMITH, John") == Name(given="John", family="SMITH")
