"""HMCTS magistrates' lists in all three shapes, and every refusal in a plain sentence."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from cass_desktop.court.hmcts import MAX_BYTES, read_hmcts, uk_local
from cass_desktop.court.listing import ListRefused

EXAMPLES = Path(__file__).parent / "examples"


def _read(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


def test_public_list() -> None:
    court_list = read_hmcts(_read("magistrates_public_list.json"))
    assert court_list.kind == "hmcts_public"
    assert court_list.court == "Plymouth Magistrates' Court"
    assert court_list.date == "2026-12-02"
    names = [c.name_as_listed for c in court_list.cases]
    assert names == [
        "Katarzyna Kamińska",
        "Muhammad Alrashid",
        "William John Turner",
        "Siân Ní Bhriain",
        "Seán D'Arcy",
    ]
    first = court_list.cases[0]
    assert (first.time, first.courtroom, first.case_number) == (
        "10:00",
        "Courtroom 1",
        "50PL1234526",
    )
    assert first.prosecutor == "Crown Prosecution Service"
    assert first.date_of_birth is None and first.age is None
    turner = court_list.cases[2]
    assert (turner.name.given, turner.name.middle, turner.name.family) == (
        "William",
        "John",
        "Turner",
    )
    assert turner.prosecutor == "Devon and Cornwall Police"
    assert ("Case number", "50TQ1112223") in turner.recognised


def test_reporting_restriction_is_flagged_but_not_as_youth() -> None:
    cases = read_hmcts(_read("magistrates_public_list.json")).cases
    restricted = cases[1]
    assert restricted.reporting_restriction
    assert "Section 45" in restricted.restriction_details[0]
    assert not restricted.youth  # the restriction protects a witness
    assert not cases[0].reporting_restriction


def test_two_defendants_on_one_case() -> None:
    cases = read_hmcts(_read("magistrates_public_list.json")).cases
    assert cases[3].case_number == cases[4].case_number == "50CW9998887"


def test_standard_list() -> None:
    court_list = read_hmcts(_read("magistrates_standard_list.json"))
    assert court_list.kind == "hmcts_standard"
    okafor, pascoe, nguyen = court_list.cases
    assert okafor.date_of_birth == "1990-03-14" and okafor.age == 36
    assert okafor.address == "12 Fore Street, Bodmin, PL31 2HQ"
    assert okafor.in_custody is False
    assert okafor.offences == ["Theft from a shop"]
    assert "£23.50" in okafor.offence_wording[0]
    assert okafor.plea == "NOT_GUILTY"
    assert okafor.case_number == "50CW1234524"
    assert not okafor.youth and not okafor.reporting_restriction
    assert pascoe.youth and pascoe.reporting_restriction
    assert nguyen.date_of_birth == "1985-02-01"  # listed as 01-02-1985
    assert nguyen.in_custody is True


def test_adult_court_list() -> None:
    court_list = read_hmcts(_read("magistrates_adult_court_list.json"))
    assert court_list.kind == "hmcts_adult"
    assert court_list.court == "Truro Magistrates' Court"
    turner, smith_jones, kowalski = court_list.cases
    assert (turner.name.given, turner.name.family) == ("Bill", "TURNER")  # "Mr Bill TURNER"
    assert turner.date_of_birth == "1975-11-06" and turner.age == 51
    assert (turner.time, turner.courtroom) == ("09:30", "Court 1")
    assert turner.prosecutor == "POL01"
    assert turner.address == "1 River Street, Truro, TR1 2AA"
    assert smith_jones.name.family == "SMITH-JONES"
    assert (kowalski.name.given, kowalski.name.family) == ("Łukasz", "KOWALSKI")
    assert kowalski.time == "14:00"


def test_adult_court_list_takes_the_day_given() -> None:
    court_list = read_hmcts(_read("magistrates_adult_court_list.json"), on=dt.date(2026, 12, 2))
    assert court_list.date == "2026-12-02"
    assert {c.hearing_date for c in court_list.cases} == {"2026-12-02"}


def test_adult_list_with_plain_arrays_and_missing_blocks() -> None:
    """The schema has plain arrays where the published examples wrap them in objects."""
    data = {
        "document": {
            "data": {
                "job": {
                    "printdate": "01/12/2026",
                    "sessions": [
                        {"court": "Truro", "room": 3, "sstart": "10:00"},
                        {
                            "court": "Truro",
                            "room": 1,
                            "sstart": "10:00",
                            "blocks": [
                                {"bstart": "10:00", "cases": [{"caseno": "1", "def_name": ""}]},
                                {"bstart": "10:30", "cases": [{"caseno": "2", "def_name": "A B"}]},
                            ],
                        },
                    ],
                }
            }
        }
    }
    court_list = read_hmcts(json.dumps(data))
    assert [c.name_as_listed for c in court_list.cases] == ["A B"]
    assert court_list.problems == ["Case 1 has no defendant's name, so it was left out."]


def test_summer_time() -> None:
    assert uk_local(dt.datetime(2026, 7, 21, 9, 0, tzinfo=dt.UTC)).hour == 10
    assert uk_local(dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)).hour == 10
    assert uk_local(dt.datetime(2026, 3, 29, 0, 59, tzinfo=dt.UTC)).hour == 0
    assert uk_local(dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC)).hour == 2
    assert uk_local(dt.datetime(2026, 10, 25, 0, 59, tzinfo=dt.UTC)).hour == 1
    assert uk_local(dt.datetime(2026, 10, 25, 1, 0, tzinfo=dt.UTC)).hour == 1


def test_summer_sitting_is_shown_in_local_time() -> None:
    data = json.loads(_read("magistrates_public_list.json"))
    sitting = data["courtLists"][0]["courtHouse"]["courtRoom"][0]["session"][0]["sittings"][0]
    sitting["sittingStart"] = "2026-07-21T09:00:00.000Z"
    assert read_hmcts(json.dumps(data)).cases[0].time == "10:00"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("crown_daily_list.json", "This is a Crown Court list"),
        ("civil_daily_cause_list.json", "names no defendants"),
        ("single_justice_procedure_list.json", "Single Justice Procedure"),
    ],
)
def test_other_lists_are_refused(name: str, words: str) -> None:
    with pytest.raises(ListRefused, match=words):
        read_hmcts(_read(name))


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "This file is empty."),
        (b"   \n", "This file is empty."),
        (b"Name,Date of birth\nSmith,1/1/1990", "not in JSON format"),
        (b'{"courtLists": [', "its JSON is broken"),
        (b"\xff\xfe\x00\x01", "it is not text"),
        (b"[1, 2, 3]", "holds no list details"),
        (b'{"hello": "world"}', "none of the parts such a list has"),
        (b'{"courtLists": []}', "has no courts in it"),
        (b'{"courtLists": [{"courtHouse": {"courtRoom": []}}]}', "has no hearings in it"),
        (b'{"document": {"data": {"job": {"sessions": []}}}}', "has no sessions in it"),
    ],
)
def test_refusals_are_one_plain_sentence(data: bytes, words: str) -> None:
    with pytest.raises(ListRefused, match=words) as refused:
        read_hmcts(data)
    message = str(refused.value)
    assert message.endswith(".") and "Error" not in message and "\n" not in message


def test_deep_nesting_is_refused_quickly() -> None:
    started = time.perf_counter()
    with pytest.raises(ListRefused, match="nested far deeper"):
        read_hmcts(b"[" * 5_000_000)
    assert time.perf_counter() - started < 5


def test_twenty_megabytes_of_junk_is_refused() -> None:
    with pytest.raises(ListRefused, match="too large to be a court list"):
        read_hmcts(b"\x00junk" * (4 * 1024 * 1024))


def test_junk_just_under_the_limit_is_refused_in_linear_time() -> None:
    junk = b'{"courtLists": "' + b'a\\"' * ((MAX_BYTES - 100) // 3) + b'"}'
    started = time.perf_counter()
    with pytest.raises(ListRefused, match="no courts in it"):
        read_hmcts(junk)
    assert time.perf_counter() - started < 10


def test_values_from_outside_are_cleaned_and_cut() -> None:
    data = json.loads(_read("magistrates_public_list.json"))
    hearing = data["courtLists"][0]["courtHouse"]["courtRoom"][0]["session"][0]["sittings"][0]
    party = hearing["hearing"][0]["case"][0]["party"][1]["individualDetails"]
    party["individualForenames"] = "Kata\r\nrzyna\x00"
    party["individualSurname"] = "K" * 10_000
    party["age"] = "not an age"
    case = read_hmcts(json.dumps(data)).cases[0]
    assert case.name.given == "Kata"
    assert case.name_as_listed.startswith("Kata rzyna K")
    assert len(case.name.family) == 200
    assert case.age is None


def test_too_many_cases_is_refused() -> None:
    data = json.loads(_read("magistrates_public_list.json"))
    sitting = data["courtLists"][0]["courtHouse"]["courtRoom"][0]["session"][0]["sittings"][0]
    sitting["hearing"] = sitting["hearing"][:1] * 6000
    with pytest.raises(ListRefused, match="more than 5,000 cases"):
        read_hmcts(json.dumps(data))


def test_odd_shapes_from_outside_do_not_confuse_the_reader() -> None:
    data = json.loads(_read("magistrates_public_list.json"))
    sitting = data["courtLists"][0]["courtHouse"]["courtRoom"][0]["session"][0]["sittings"][0]
    case = sitting["hearing"][0]["case"][0]
    case["reportingRestrictionDetail"] = "not a list"
    case["party"].append(case["party"][1])  # a second defendant on the case
    case["party"][2] = {
        "partyRole": "DEFENDANT",
        "individualDetails": {"individualForenames": 7, "individualSurname": ["x"]},
    }
    sitting["hearing"].append("not a hearing")
    cases = read_hmcts(json.dumps(data)).cases
    assert cases[0].restriction_details == ["not a list"]
    assert cases[1].name_as_listed == "7"
