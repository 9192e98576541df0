"""People brought in from a spreadsheet: columns by name, every value checked, look-alikes
against everyone held and within the file, hostile files refused, nothing saved until apply."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cass_desktop.data import changelog, clients
from cass_desktop.people import csv_import as pi
from cass_desktop.people import saving


def write(tmp_path, content: bytes | str, name: str = "people.csv"):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def held(db) -> list[dict]:
    return list(db["clients"].rows_where("deleted = 0 or deleted is null"))


def test_columns_are_recognised_by_the_words_spreadsheets_use(tmp_path, device_db):
    path = write(
        tmp_path,
        "Forename,SURNAME,D.O.B.,Mobile,E-mail,Post code,Interpreter,Notes\n"
        "Siân,O'Brien,14/03/1990,07700 900123,sian@example.com,pl1 2ab,Welsh,likes tea\n",
    )
    preview = pi.preview(device_db, path)
    assert preview.columns == {
        "given_name": "Forename",
        "family_name": "SURNAME",
        "date_of_birth": "D.O.B.",
        "phone": "Mobile",
        "email": "E-mail",
        "postcode": "Post code",
        "interpreter_language": "Interpreter",
    }
    assert preview.ignored == ("Notes",)
    [row] = preview.rows
    assert (row.status, row.name) == (pi.ADDED, "Siân O'Brien")
    assert held(device_db) == []  # a preview writes nothing

    result = pi.apply(device_db, preview)
    assert result.added == 1
    [person] = held(device_db)
    assert person["given_name"] == "Siân" and person["family_name"] == "O'Brien"
    assert person["date_of_birth"] == "1990-03-14"
    assert person["postcode"] == "PL1 2AB"
    assert person["interpreter_language"] == "Welsh"
    assert person["reference"].startswith("PLY")  # through save_client, as New person saves


def test_one_name_column_is_read_either_way_round(tmp_path, device_db):
    path = write(tmp_path, 'Name,DOB\n"SMITH, John Paul",01/02/1980\nMary JONES,\n')
    preview = pi.preview(device_db, path)
    assert [r.name for r in preview.rows] == ["John Paul SMITH", "Mary JONES"]
    assert [r.form["family_name"] for r in preview.rows] == ["SMITH", "JONES"]


def test_values_are_checked_as_the_new_person_form_checks_them(tmp_path, device_db):
    long_address = "x" * 1001
    path = write(
        tmp_path,
        "First name,Surname,Date of birth,Phone,Email,Best way to contact,Address,Status\n"
        "Ann,Ok,01/01/1990,,,,,Open\n"
        "Bob,Future,01/01/2090,,,,,\n"
        "Cat,Phone,,12,,,,\n"
        "Dan,Mail,,,not-an-email,,,\n"
        "Eve,Pigeon,,,,Carrier pigeon,,\n"
        f"Fay,Long,,,,,{long_address},\n"
        ",Nofirst,,,,,,\n"
        "Gus,Status,,,,,,Maybe\n",
    )
    rows = {r.number: r for r in pi.preview(device_db, path).rows}
    assert rows[2].status == pi.ADDED
    reasons = {n: rows[n].reason for n in range(3, 10)}
    assert all(rows[n].status == pi.REJECTED for n in reasons)
    assert "date of birth is in the future" in reasons[3]
    assert "phone" in reasons[4]
    assert "not an email address" in reasons[5]
    assert "'Carrier pigeon' is not a way to contact someone" in reasons[6]
    assert "the address is longer than 1,000 characters" in reasons[7]
    assert "enter their first name" in reasons[8]
    assert "'Maybe' under Status is not Open or Closed" in reasons[9]
    result = pi.apply(device_db, pi.preview(device_db, path))
    assert (result.added, result.rejected) == (1, 7)


def test_a_look_alike_of_someone_held_is_a_possible_duplicate(tmp_path, device_db):
    saving.save_client(
        device_db,
        {
            "given_name": "Katarzyna",
            "family_name": "Kamińska",
            "date_of_birth": "08/04/1979",
            "opened_on": "01/01/2026",
        },
        site_code="PLY",
    )
    path = write(
        tmp_path,
        "First name,Surname,Date of birth\n"
        "Katarzyna,Kaminska,08/04/1997\n"
        "Mohammed,Al-Rashid,02/02/1985\n"
        "Muhammad,Alrashid,02/02/1985\n"
        "Tom,Jones,03/03/1970\n",
    )
    before = changelog.count_ops(device_db)
    rows = pi.preview(device_db, path).rows
    assert changelog.count_ops(device_db) == before
    assert [r.status for r in rows] == [pi.DUPLICATE, pi.ADDED, pi.DUPLICATE, pi.ADDED]
    assert rows[0].reason.startswith("possible duplicate of Katarzyna Kamińska (PLY")
    assert "already held" in rows[0].reason
    assert rows[2].reason.startswith("possible duplicate of row 3, earlier in this file")
    assert rows[2].like_row == 3

    result = pi.apply(device_db, pi.preview(device_db, path))
    assert (result.added, result.duplicates) == (2, 2)
    names = sorted(clients.display_name(p) for p in held(device_db))
    assert names == ["Katarzyna Kamińska", "Mohammed Al-Rashid", "Tom Jones"]
    # Importing the same file again adds no one twice.
    again = pi.preview(device_db, path)
    assert {r.status for r in again.rows} == {pi.DUPLICATE}
    assert not again.will_change


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"%PDF-1.4\n" + bytes(range(256)), "This file is a PDF"),
        (b"PK\x03\x04rest", "spreadsheet workbook"),
        (bytes(range(256)) * 4, "not a CSV file"),
        (b'First name,Surname\nJo,"Bloggs\nAnn,Smith\n', 'Line 2 opens a quote (")'),
        (b'First name,Surname\nJo,=HYPERLINK("http://x")\n', "spreadsheet formula"),
        (b"First name,Surname\nJo,@SUM(A1)\n", "spreadsheet formula"),
        (b"First name,Surname\nJo,+cmd|calc\n", "spreadsheet formula"),
        (b"a," * 150 + b"\n", "columns, more than a list of people has"),
        (b"Phone,Email\n07700 900123,a@b.example\n", "no columns for people's names"),
        (b"First name,Surname\n", "lists no people"),
        (b"First name,Forename,Surname\nA,B,C\n", "Two columns both give the first name"),
    ],
)
def test_hostile_files_are_refused_in_one_sentence_changing_nothing(
    tmp_path, device_db, content, message
):
    before = changelog.count_ops(device_db)
    with pytest.raises(pi.ImportFileError) as caught:
        pi.preview(device_db, write(tmp_path, content))
    text = str(caught.value)
    assert message in text
    assert text.count(". ") <= 2 and "Error" not in text
    assert changelog.count_ops(device_db) == before


def test_too_many_rows_and_too_large_files_are_refused(tmp_path, device_db, monkeypatch):
    rows = "First name,Surname\n" + "Jo,Bloggs\n" * (pi.LIMITS.max_rows + 1)
    with pytest.raises(pi.ImportFileError, match="more than 10,000 rows"):
        pi.preview(device_db, write(tmp_path, rows))
    big = write(tmp_path, b"First name,Surname\n" + b"x" * (pi.LIMITS.max_bytes + 1), "big.csv")
    with pytest.raises(pi.ImportFileError, match="too large for a list of people"):
        pi.preview(device_db, big)
    with pytest.raises(pi.ImportFileError, match="There is no file"):
        pi.preview(device_db, tmp_path / "nope.csv")


def test_a_phone_number_with_a_plus_is_not_a_formula(tmp_path, device_db):
    path = write(tmp_path, "First name,Surname,Phone\nJo,Bloggs,+44 7700 900123\n")
    [row] = pi.preview(device_db, path).rows
    assert row.status == pi.ADDED


def test_excel_windows_and_semicolon_files_are_read(tmp_path, device_db):
    path = write(tmp_path, "Vorname;Surname;First name\n;Müller;Jörg\n".encode("cp1252"))
    preview = pi.preview(device_db, path)
    assert preview.encoding == "Windows (Excel)"
    assert preview.rows[0].name == "Jörg Müller"


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_are_read_or_refused_in_a_sentence(data):
    try:
        parsed = pi.parse_bytes(b"First name,Surname\n" + data)
    except pi.ImportFileError as refused:
        assert str(refused).endswith(".")
    else:
        assert all(isinstance(problems, tuple) for _n, _form, problems in parsed.rows)


def test_an_optional_consent_to_hold_column(tmp_path, device_db):
    # Issue 13: Yes, No or empty (not yet asked); No keeps only the minimum, so a row that
    # says No and gives a phone number is not imported, with the reason.
    from cass_desktop.audit import history
    from cass_desktop.people import hold

    path = write(
        tmp_path,
        "First name,Surname,Date of birth,Phone,Consent to hold\n"
        "Siân,O'Brien,14/03/1990,,Yes\n"
        "Tom,Hocking,01/02/1985,,no\n"
        "Jade,Pascoe,,,\n"
        "Kyle,Rowe,,07700 900123,No\n"
        "Megan,Jones,,,perhaps\n",
    )
    preview = pi.preview(device_db, path)
    assert preview.columns["hold_consent"] == "Consent to hold"
    statuses = [row.status for row in preview.rows]
    assert statuses == [pi.ADDED, pi.ADDED, pi.ADDED, pi.REJECTED, pi.REJECTED]
    assert "not agreed to their information being held" in preview.rows[3].reason
    assert "not Yes, No or Not asked" in preview.rows[4].reason
    result = pi.apply(device_db, preview)
    answers = [hold.answer(device_db, cid) for cid in result.added_ids]
    assert answers == [hold.YES, hold.NO, hold.NOT_ASKED]
    [decision] = [c for c in device_db["consents"].rows if c["client_id"] == result.added_ids[0]]
    assert decision["notes"] == "From a spreadsheet import"
    whats = [line.what for line in history.for_person(device_db, result.added_ids[2])]
    assert whats == ["Imported from a spreadsheet"]  # not "Added details"
