"""Court lists pasted as text: each line's parts recognised, or said not to be."""

from __future__ import annotations

import datetime as dt

import pytest

from cass_desktop.court.list_text import read_lines, read_text
from cass_desktop.court.listing import ListRefused

PASTED = """Plymouth Magistrates' Court - Wednesday 2 December 2026
Court 1
10:00  SMITH, John Paul (34)  50PL1234526  CPS  Theft from a shop
10:00 Katarzyna KAMINSKA DOB 08/04/1997 01AA1234567 Devon and Cornwall Police Assault by beating
10am  O'NEILL Mary-Jane  aged 19  TV Licensing  Use a television without a licence
Court 3 - 2pm
NGUYEN Van An 01/02/85 50PL7654321 Possession of a controlled drug
AL-RASHID, Muhammad | 50PL7654325 | CPS | Criminal damage | Reporting restriction s.45
YOUTH  J PASCOE (16) 50CW4444424 Criminal damage
Page 2 of 5
"""


def _cases():
    return read_text(PASTED, on=dt.date(2026, 12, 2)).cases


def test_surname_comma_forenames_with_age_time_urn_prosecutor_offence() -> None:
    smith = _cases()[0]
    assert (smith.name.given, smith.name.middle, smith.name.family) == ("John", "Paul", "SMITH")
    assert (smith.age, smith.time, smith.courtroom) == (34, "10:00", "Court 1")
    assert (smith.case_number, smith.prosecutor) == ("50PL1234526", "CPS")
    assert smith.offences == ["Theft from a shop"]
    assert smith.hearing_date == "2026-12-02"
    assert smith.not_recognised == []


def test_forenames_surname_with_date_of_birth() -> None:
    kaminska = _cases()[1]
    assert (kaminska.name.given, kaminska.name.family) == ("Katarzyna", "KAMINSKA")
    assert kaminska.date_of_birth == "1997-04-08"
    assert kaminska.case_number == "01AA1234567"
    assert kaminska.prosecutor == "Devon and Cornwall Police"
    assert kaminska.offences == ["Assault by beating"]


def test_am_pm_times_and_headings() -> None:
    cases = _cases()
    assert cases[2].time == "10:00" and cases[2].age == 19
    assert cases[2].name.family == "O'NEILL"
    nguyen = cases[3]
    assert (nguyen.courtroom, nguyen.time) == ("Court 3", "14:00")  # from the heading
    assert (nguyen.name.family, nguyen.name.given, nguyen.name.middle) == ("NGUYEN", "Van", "An")
    assert nguyen.date_of_birth == "1985-02-01"


def test_restrictions_and_youth_are_flagged() -> None:
    cases = _cases()
    rashid, pascoe = cases[4], cases[5]
    assert rashid.reporting_restriction and not rashid.youth
    assert rashid.name.family == "AL-RASHID"
    assert pascoe.youth and pascoe.age == 16 and pascoe.name.given == "J"
    assert not cases[0].reporting_restriction and not cases[0].youth


def test_each_line_says_what_was_and_was_not_recognised() -> None:
    lines = read_lines(PASTED)
    court, heading = lines[0], lines[1]
    assert court.case is None and court.note == "a heading: the court and the day of the list"
    assert court.recognised == [
        ("Court", "Plymouth Magistrates' Court"),
        ("Hearing date", "2026-12-02"),
    ]
    assert heading.case is None and ("Courtroom", "Court 1") in heading.recognised
    assert "heading" in heading.note
    smith = lines[2]
    assert [what for what, _ in smith.recognised] == [
        "Name",
        "Case number",
        "Age",
        "Time",
        "Prosecutor",
        "Offence",
    ]
    assert lines[-1].case is None and lines[-1].not_recognised == ["Page 2 of 5"]


def test_unrecognised_parts_of_a_case_line_are_kept() -> None:
    line = read_lines("10:00  SMITH, John  Theft  ~~~~  42kg")[0]
    assert line.case is not None and line.case.name.family == "SMITH"
    assert line.case.offences == ["Theft"]
    assert line.not_recognised == ["~~~~", "42kg"]


def test_problems_name_the_lines_left_out() -> None:
    court_list = read_text(PASTED)
    assert court_list.problems == ["Line 10: no name found on this line"]
    assert court_list.court == "Plymouth Magistrates' Court"
    assert court_list.date == "2026-12-02"
    assert {c.hearing_date for c in court_list.cases} == {"2026-12-02"}
    assert not any(p.startswith("Line 2:") for p in court_list.problems)  # a heading


@pytest.mark.parametrize("text", ["", "\n\n", "Page 1 of 3\n12345\n", "Adjourned"])
def test_text_with_no_names_is_refused(text: str) -> None:
    with pytest.raises(ListRefused, match="No line of this text has a name"):
        read_text(text)


def test_too_much_text_is_refused() -> None:
    with pytest.raises(ListRefused, match="far more text"):
        read_text("SMITH, John\n" * 300_000)


def test_hostile_lines_are_cut_and_read_in_time() -> None:
    text = ("SMITH, John " + "a" * 100_000 + "\n") * 5 + "(" * 50_000
    court_list = read_text(text)
    assert all(len(c.name_as_listed) <= 200 for c in court_list.cases)
