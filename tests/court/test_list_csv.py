"""Court lists from CSV: columns recognised, the mapping fixed by the worker, Excel's CSV."""

from __future__ import annotations

import pytest

from cass_desktop.court.list_csv import (
    FIELDS,
    cases_from,
    guess_mapping,
    read_csv,
    read_table,
)
from cass_desktop.court.listing import ListRefused

LIST = (
    "Surname,Forenames,DOB,Age,Time,Court,Case No,Prosecutor,Offence\n"
    "KAMIŃSKA,Katarzyna,08/04/1997,29,10:00,2,50PL1234526,CPS,Theft from a shop\n"
    "O'Neill,Mary Jane,,,2pm,Court 3,50PL7654321,TV Licensing,Use a television without a licence\n"
)


def test_columns_recognised_by_name() -> None:
    court_list, mapping = read_csv(LIST.encode())
    assert [field for _, field in mapping.describe()] == [
        FIELDS["family"],
        FIELDS["given"],
        FIELDS["dob"],
        FIELDS["age"],
        FIELDS["time"],
        FIELDS["courtroom"],  # "Court" holding 2 and Court 3 is the courtroom
        FIELDS["case_number"],
        FIELDS["prosecutor"],
        FIELDS["offence"],
    ]
    first, second = court_list.cases
    assert (first.name.given, first.name.family) == ("Katarzyna", "KAMIŃSKA")
    assert first.date_of_birth == "1997-04-08" and first.age == 29
    assert (first.time, first.courtroom, first.case_number) == ("10:00", "2", "50PL1234526")
    assert first.prosecutor == "CPS" and first.offences == ["Theft from a shop"]
    assert (second.name.given, second.name.middle) == ("Mary", "Jane")
    assert second.time == "14:00"
    assert ("Name", "Katarzyna KAMIŃSKA") in first.recognised
    assert first.source == "row 2"


def test_one_name_column() -> None:
    data = b'Defendant,Date of birth\nSMITH John Paul,14/03/1990\n"Turner, William",\n'
    court_list, mapping = read_csv(data)
    assert mapping.describe() == [("Defendant", "Name (whole)"), ("Date of birth", "Date of birth")]
    smith, turner = court_list.cases
    assert (smith.name.given, smith.name.middle, smith.name.family) == ("John", "Paul", "SMITH")
    assert (turner.name.given, turner.name.family) == ("William", "Turner")


def test_the_worker_fixes_the_mapping() -> None:
    data = b"Who,When born,Notes\nSMITH John,14/03/1990,first time\n"
    table = read_table(data)
    mapping = guess_mapping(table)
    assert mapping.fields == (None, "dob", None)
    assert mapping.problem is not None
    with pytest.raises(ListRefused, match="Choose which column holds the name"):
        cases_from(table, mapping)
    fixed = mapping.with_field(0, "name")
    assert fixed.describe()[0] == ("Who", "Name (whole)")
    assert fixed.why[0] == "chosen by you"
    case = cases_from(table, fixed).cases[0]
    assert case.name.family == "SMITH"
    assert case.not_recognised == ["Notes: first time"]
    # A field is held by one column only.
    moved = fixed.with_field(2, "name")
    assert moved.fields == (None, "dob", "name")
    with pytest.raises(ValueError):
        fixed.with_field(0, "shoe size")


def test_excel_csv_bom_semicolons_and_multi_line_cells() -> None:
    data = (
        "\ufeffSurname;Forenames;Offence\r\n"
        'Nowak;Łukasz;"Theft\r\nfrom a shop"\r\n'
        ";;\r\n"
        'Smith;Jo;"Said ""no"""\r\n'
    ).encode()
    court_list, _ = read_csv(data)
    assert [c.name.given for c in court_list.cases] == ["Łukasz", "Jo"]
    assert court_list.cases[0].offences == ["Theft from a shop"]
    assert court_list.cases[1].offences == ['Said "no"']


def test_windows_code_page() -> None:
    data = "Surname,Forenames\nMüller,Zoë\n".encode("cp1252")
    court_list, _ = read_csv(data)
    assert (court_list.cases[0].name.given, court_list.cases[0].name.family) == ("Zoë", "Müller")


def test_rows_without_a_name_are_left_out_in_words() -> None:
    data = b"Surname,Forenames,DOB\n,,01/01/1990\nSmith,Jo,\n"
    court_list, _ = read_csv(data)
    assert [c.name.family for c in court_list.cases] == ["Smith"]
    assert court_list.problems == ["Row 2 has no name, so it was left out."]


def test_values_that_are_not_what_the_column_says() -> None:
    data = b"Name,DOB,Age,Time\nJo Smith,31/02/1990,old,soon\n"
    case = read_csv(data)[0].cases[0]
    assert case.date_of_birth is None and case.age is None and case.time is None
    assert case.not_recognised == [
        "Date of birth: 31/02/1990",
        "Age: old",
        "Time: soon",
    ]


def test_restrictions_youth_and_custody_columns() -> None:
    data = (
        b"Name,Age,Reporting restriction,Youth,In custody\n"
        b"Jo Smith,16,s.45 YJCEA 1999,Y,Yes\n"
        b"Al Jones,30,No,,No\n"
    )
    young, adult = read_csv(data)[0].cases
    assert young.reporting_restriction and young.restriction_details == ["s.45 YJCEA 1999"]
    assert young.youth and young.in_custody is True
    assert not adult.reporting_restriction and not adult.youth and adult.in_custody is False


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b'Name,Phone\nUnclosed quote agency,"01632 960600\nOther,01632\n', "Line 2 opens a quote"),
        (b"", "This file is empty."),
        (b"\n\n", "This file is empty."),
        (b"Name\x00,x\n", "binary data"),
        (b"Notes\nhello\n", "Choose which column holds the name"),
        (b"Surname,Forenames\n,\n", "No row of this file has a name"),
        (b"a," * 200 + b"\n", "more than 100 columns"),
    ],
)
def test_refusals(data: bytes, words: str) -> None:
    with pytest.raises(ListRefused, match=words) as refused:
        read_csv(data)
    assert "Error" not in str(refused.value)


def test_twenty_megabytes_refused() -> None:
    with pytest.raises(ListRefused, match="too large"):
        read_csv(b"Name\n" + b"x" * (20 * 1024 * 1024))


def test_a_cell_longer_than_any_list_has_is_refused() -> None:
    with pytest.raises(ListRefused, match="far longer than a court list has"):
        read_csv(b'Name,Notes\nJo Smith,"' + b"x" * 200_000 + b'"\n')
