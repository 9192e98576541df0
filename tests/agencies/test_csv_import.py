"""Reading agency CSV files into a preview, and applying it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cass_desktop.agencies import csv_import as ai
from cass_desktop.agencies import csv_rows
from cass_desktop.app.resources import resource
from cass_desktop.data import agencies, changelog

HEADER = "Name,Needs,Areas,Phone,Email\n"


def write(tmp_path: Path, text: str | bytes, name: str = "agencies.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return path


def by_row(preview: ai.Preview) -> dict[int, ai.RowPlan]:
    return {r.number: r for r in preview.rows}


# -- reading ---------------------------------------------------------------------------------


def test_example_file_reads_cleanly_and_adds_every_agency(device_db):
    preview = ai.preview(device_db, resource("agencies-example.csv"))
    assert preview.counts == {"added": 11, "updated": 0, "unchanged": 0, "rejected": 0}
    tamar = by_row(preview)[2]
    assert tamar.name == "Tamar Housing Advice"
    assert tamar.values["domains"] == "housing,benefits"
    assert tamar.values["areas"] == "Plymouth, South Hams"
    # A quoted cell keeps its line break, with Windows line ends made plain.
    assert tamar.values["opening_hours"] == (
        "Mon–Fri 9:00–17:00\nDuty line until 19:00 on Thursdays"
    )
    assert by_row(preview)[8].values["domains"] == "work_education"
    assert by_row(preview)[12].values["active"] == 0


def test_utf8_with_bom_and_header_variants(tmp_path):
    text = (
        "\ufeffAgency,Need domains,Areas covered,Phone number,E-mail,Contact person,Hours\n"
        "Siân's Place,Mental health,Truro,01632 960200,sian@place.example,Siân Ní Bhriain,"
        "Mon 9-5\n"
    )
    parsed = csv_rows.read_csv(write(tmp_path, text.encode("utf-8")))
    assert parsed.encoding == "UTF-8"
    assert set(parsed.columns) == {
        "name",
        "domains",
        "areas",
        "phone",
        "email",
        "contact_name",
        "opening_hours",
    }
    assert parsed.columns["name"] == "Agency"  # the BOM is not part of the heading
    (row,) = parsed.rows
    assert row.values == {
        "name": "Siân's Place",
        "domains": "mental_health",
        "areas": "Truro",
        "phone": "01632 960200",
        "email": "sian@place.example",
        "contact_name": "Siân Ní Bhriain",
        "opening_hours": "Mon 9-5",
    }


def test_windows_1252_from_excel_with_semicolons(tmp_path):
    text = (
        "Name;Needs;Areas;Opening hours;Notes\r\n"
        "Café Kernow;Money & debt;Bodmin;Mon–Fri;“Ask for Zoë” – £5 fares refunded\r\n"
    )
    parsed = csv_rows.read_csv(write(tmp_path, text.encode("cp1252")))
    assert parsed.encoding == "Windows (Excel)"
    assert parsed.delimiter == ";"
    (row,) = parsed.rows
    assert row.name == "Café Kernow"
    assert row.values["domains"] == "money"
    assert row.values["opening_hours"] == "Mon–Fri"
    assert row.values["notes"] == "“Ask for Zoë” – £5 fares refunded"


def test_utf16_text_export(tmp_path):
    text = "Name\tNeeds\tAreas\r\nTruro Street Outreach\tHousing\tTruro\r\n"
    parsed = csv_rows.read_csv(write(tmp_path, text.encode("utf-16")))
    assert parsed.delimiter == "\t"
    assert parsed.rows[0].values == {
        "name": "Truro Street Outreach",
        "domains": "housing",
        "areas": "Truro",
    }


def test_quoted_fields_with_newlines_keep_spreadsheet_row_numbers(tmp_path):
    text = (
        "Name,Address,Needs\n"
        '"Harbour Hub","1 Quay Road\nPlymouth\nPL1 2AA",Housing\n'
        "Second Agency,,Benefits\n"
        ",,Housing\n"
    )
    preview_rows = csv_rows.read_csv(write(tmp_path, text)).rows
    assert [r.number for r in preview_rows] == [2, 3, 4]
    assert preview_rows[0].values["address"] == "1 Quay Road\nPlymouth\nPL1 2AA"
    assert preview_rows[2].problems == ("no agency name",)


def test_blank_rows_and_unknown_columns_are_skipped(tmp_path):
    text = "Name,Favourite colour,Needs\nOne,blue,Housing\n,,\n  ,\n\nTwo,,\n,,\n"
    parsed = csv_rows.read_csv(write(tmp_path, text))
    assert [r.name for r in parsed.rows] == ["One", "Two"]
    assert parsed.ignored == ("Favourite colour",)
    assert "domains" not in parsed.rows[1].values  # an empty cell gives nothing


def test_need_domains_by_key_or_words_with_any_separator():
    assert csv_rows.parse_domains("housing/MONEY; Mental Health, learning_disability") == (
        ["housing", "money", "mental_health", "learning_disability"],
        [],
    )
    assert csv_rows.parse_domains("Work, training and education; Drugs & alcohol") == (
        ["substances", "work_education"],
        [],
    )
    # Alcohol on its own is the alcohol domain (issue 10); "drugs and alcohol" stays one.
    assert csv_rows.parse_domains("Debt / Alcohol / Abuse") == (["money", "trauma", "alcohol"], [])
    assert csv_rows.parse_domains("Housing & debt, money") == (["money"], ["Housing & debt"])


def test_bad_rows_each_say_why_in_plain_words(tmp_path, device_db):
    text = (
        "Name,Needs,Email,Active\n"
        "Good One,Housing,good@one.example,yes\n"  # row 2
        "Good Two,Benefits,,\n"  # row 3
        "good  one,Money,,\n"  # row 4: same as row 2, whatever the spacing and case
        "Hearth,Housing & debt,,\n"  # row 5
        "Bob's Advice,Money,bob@,\n"  # row 6
        ",Housing,x@y.example,\n"  # row 7
        "Maybe Service,Legal,,maybe\n"  # row 8
        "Both Wrong,Bingo,bob@,\n"  # row 9
    )
    preview = ai.preview(device_db, write(tmp_path, text))
    rows = by_row(preview)
    assert [rows[n].status for n in (2, 3)] == ["added", "added"]
    assert rows[4].message == "row 4: same agency as row 2"
    assert rows[5].message.startswith(
        "row 5: 'Housing & debt' is not a need we know; use one of Housing and homelessness, "
        "Money and debt,"
    )
    assert rows[6].message == "row 6: the email 'bob@' is not an email address"
    assert rows[7].message == "row 7: no agency name"
    assert rows[8].message == "row 8: 'maybe' under Active is not yes or no"
    assert rows[9].status == "rejected"
    assert "'bob@' is not an email address" in rows[9].reason
    assert "'Bingo' is not a need we know" in rows[9].reason
    assert preview.counts == {"added": 2, "updated": 0, "unchanged": 0, "rejected": 6}
    assert preview.will_change


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"  \r\n\r\n", "The file is empty."),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "is a PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "spreadsheet workbook"),
        (bytes(range(256)) * 4, "not a CSV file"),
        (b"Phone,Email\n01632 960000,a@b.example\n", "no column for the agency name"),
        (b"Name,Needs\n", "lists no agencies"),
        (b"Name,Phone,Telephone\nA,1,2\n", "Two columns both give the phone"),
    ],
)
def test_files_that_cannot_be_used_get_one_message_and_change_nothing(
    tmp_path, device_db, content, message
):
    before = changelog.count_ops(device_db)
    with pytest.raises(csv_rows.ImportFileError, match=message):
        ai.preview(device_db, write(tmp_path, content))
    assert changelog.count_ops(device_db) == before
    assert agencies.list_all(device_db) == []


def test_a_pdf_renamed_csv_is_refused(tmp_path, device_db):
    pdf = b"%PDF-1.4\n" + bytes(range(256)) * 20 + b"\n%%EOF\n"
    with pytest.raises(csv_rows.ImportFileError) as caught:
        ai.preview(device_db, write(tmp_path, pdf, "agencies.csv"))
    assert str(caught.value).startswith("This file is a PDF, not a CSV file.")


def test_missing_file_and_folder(tmp_path, device_db):
    with pytest.raises(csv_rows.ImportFileError, match="There is no file"):
        ai.preview(device_db, tmp_path / "nope.csv")
    with pytest.raises(csv_rows.ImportFileError, match="is a folder"):
        ai.preview(device_db, tmp_path)


# -- comparing and applying ------------------------------------------------------------------


def test_updates_list_the_fields_that_change_and_blank_cells_keep_values(tmp_path, device_db):
    tamar = agencies.create(
        device_db,
        {
            "name": "Tamar Housing Advice",
            "domains": "benefits,housing",
            "areas": "Plymouth,South Hams",
            "phone": "01632 960101",
            "email": "old@tamar.example",
            "active": 1,
        },
    )
    same = agencies.create(
        device_db, {"name": "Kernow Recovery", "domains": "substances", "areas": "Cornwall"}
    )
    text = (
        "Name,Needs,Areas,Phone,Email\n"
        # Same needs and areas in another order and spacing; new phone; empty email.
        'TAMAR housing advice,Housing; Benefits,"Plymouth; South Hams",01632 960999,\n'
        "Kernow Recovery,Drugs and alcohol,Cornwall,,\n"
        "New Place,Legal,Exeter,,\n"
    )
    preview = ai.preview(device_db, write(tmp_path, text))
    rows = by_row(preview)
    assert rows[2].status == "updated"
    assert rows[2].agency_id == tamar
    assert rows[2].values == {"phone": "01632 960999"}
    assert rows[2].details == "changes phone"
    assert rows[3].status == "unchanged"
    assert rows[3].agency_id == same
    assert rows[4].status == "added"

    result = ai.apply(device_db, preview)
    assert (result.added, result.updated, result.unchanged, result.rejected) == (1, 1, 1, 0)
    held = agencies.get(device_db, tamar)
    assert held["phone"] == "01632 960999"
    assert held["email"] == "old@tamar.example"
    assert held["name"] == "Tamar Housing Advice"  # the name as first written is kept
    (new,) = result.added_ids
    assert agencies.get(device_db, new)["domains"] == "legal"
    assert agencies.get(device_db, new)["active"] == 1
    # Found by the directory's own search, as the page will look for it.
    assert [a["name"] for a in agencies.search(device_db, "new pla")] == ["New Place"]

    # Importing the same file again changes nothing.
    again = ai.preview(device_db, write(tmp_path, text))
    assert again.counts == {"added": 0, "updated": 0, "unchanged": 3, "rejected": 0}
    assert not again.will_change


def test_apply_writes_through_the_change_log_in_one_go(tmp_path, device_db):
    before = changelog.count_ops(device_db)
    preview = ai.preview(device_db, resource("agencies-example.csv"))
    assert changelog.count_ops(device_db) == before  # the preview writes nothing
    result = ai.apply(device_db, preview)
    assert result.added == 11
    names = {a["name"] for a in agencies.list_all(device_db)}
    assert "Penwith Safe Haven" in names
    ops = list(changelog.iter_ops(device_db))[before:]
    assert {op.tbl for op in ops} == {"agencies"}
    assert {op.row_id for op in ops} == set(result.added_ids)
    # Inactive agencies are held but left out of the directory unless asked for.
    assert "St Austell Night Shelter" not in {a["name"] for a in agencies.search(device_db)}
    assert "St Austell Night Shelter" in {
        a["name"] for a in agencies.search(device_db, include_inactive=True)
    }


def test_apply_compares_again_so_an_agency_added_since_the_preview_is_not_doubled(
    tmp_path, device_db
):
    preview = ai.preview(device_db, write(tmp_path, "Name,Phone\nLate Arrival,01632 960300\n"))
    assert preview.rows[0].status == "added"
    agencies.create(device_db, {"name": "Late Arrival", "phone": "01632 960000"})
    result = ai.apply(device_db, preview)
    assert (result.added, result.updated) == (0, 1)
    (held,) = agencies.list_all(device_db)
    assert held["phone"] == "01632 960300"


def test_an_inactive_agency_can_be_made_active_again(tmp_path, device_db):
    shelter = agencies.create(device_db, {"name": "Night Shelter", "active": 0})
    preview = ai.preview(device_db, write(tmp_path, "Name,Active\nNight Shelter,Yes\n"))
    assert preview.rows[0].values == {"active": 1}
    ai.apply(device_db, preview)
    assert agencies.get(device_db, shelter)["active"] == 1


def test_email_check():
    from cass_desktop.records.formats import is_email

    assert is_email("duty@court.example.org.uk")
    for bad in ("bob@", "bob", "@place.org", "a b@c.org", "a@b", "a@b.c, d@e.f", "x@y.z"):
        assert not is_email(bad), bad
