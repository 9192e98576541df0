"""Importing agencies from a CSV file through the dialog, as a worker would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from cass_desktop.data import agencies, changelog
from cass_desktop.ui.agencies.agencies_view import AgenciesPage, AgencyTableModel
from cass_desktop.ui.agencies.agency_import_dialog import AgencyImportDialog, PreviewModel

CSV = (
    "Agency,Needs,Areas covered,Phone number,E-mail\n"
    'Tamar Housing Advice,Housing / Benefits,"Plymouth, South Hams",01632 960101,'
    "referrals@tamarhousing.example\n"
    "Hearth Project,Housing & debt,Plymouth,01632 960150,\n"
    "Kernow Recovery Partnership,Drugs and alcohol,Cornwall,01632 960103,\n"
)


def write(tmp_path: Path, content: str | bytes, name: str = "agencies.csv") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def preview_rows(dialog: AgencyImportDialog) -> list[list[str]]:
    proxy = dialog.proxy
    return [
        [proxy.index(r, c).data() for c in range(proxy.columnCount())]
        for r in range(proxy.rowCount())
    ]


def read_file(qtbot, dialog: AgencyImportDialog, path: Path) -> None:
    """Type where the file is and press Enter; wait for the preview (or the refusal)."""
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(path))
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)


def directory_names(page: AgenciesPage) -> list[str]:
    return [
        page.proxy.index(r, 0).data(AgencyTableModel.OBJECT_ROLE)["name"]
        for r in range(page.proxy.rowCount())
    ]


def test_import_a_csv_with_a_bad_row_and_find_the_good_agencies(qtbot, context, tmp_path):
    page = AgenciesPage(context)
    qtbot.addWidget(page)
    page.show()
    assert directory_names(page) == []

    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = page.import_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.import_button.isEnabled()

    read_file(qtbot, dialog, write(tmp_path, CSV))
    rows = preview_rows(dialog)
    assert [r[:3] for r in rows] == [
        ["2", "Tamar Housing Advice", "Add"],
        ["3", "Hearth Project", "Not imported"],
        ["4", "Kernow Recovery Partnership", "Add"],
    ]
    # The reason is there to read, in words.
    assert rows[1][3].startswith(
        "'Housing & debt' is not a need we know; use one of Housing and homelessness"
    )
    assert rows[0][3] == "Needs: Housing and homelessness, Benefits · Areas: Plymouth, South Hams"
    assert "3 rows in the file: 2 to add, 1 not imported" in dialog.summary.text()
    assert agencies.list_all(context.db) == []  # nothing saved yet
    assert dialog.import_button.isEnabled()

    with qtbot.waitSignal(context.changed, timeout=30_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
    assert dialog.summary.text() == (
        "Imported: 2 agencies added and 0 updated. 1 row was not imported: fix it in the "
        "spreadsheet and import the file again."
    )
    assert not dialog.import_button.isEnabled()
    assert [r[2] for r in preview_rows(dialog)] == ["Added", "Not imported", "Added"]
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    assert directory_names(page) == ["Kernow Recovery Partnership", "Tamar Housing Advice"]
    page.table.selectRow(1)
    assert page.detail.values["email"].text() == "referrals@tamarhousing.example"
    assert page.detail.values["areas"].text() == "Plymouth, South Hams"
    page.need.setFocus()
    qtbot.keyClick(page.need, Qt.Key.Key_Down)  # "Housing and homelessness"
    assert directory_names(page) == ["Tamar Housing Advice"]


def test_importing_the_same_file_again_offers_nothing_to_import(qtbot, context, tmp_path):
    path = write(tmp_path, CSV.replace("Housing & debt", "Housing; Money"))
    dialog = AgencyImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    read_file(qtbot, dialog, path)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None and not dialog.busy, timeout=30_000)
    assert dialog.result.added == 3

    # A change made in the spreadsheet since shows as an update of just that detail.
    write(tmp_path, CSV.replace("Housing & debt", "Housing; Money").replace("960150", "960151"))
    read_file(qtbot, dialog, path)
    rows = preview_rows(dialog)
    assert [r[2] for r in rows] == ["No change", "Update", "No change"]
    assert rows[1][3] == "Will change: phone"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None and not dialog.busy, timeout=30_000)
    assert agencies.find_by_name(context.db, "Hearth Project")["phone"] == "01632 960151"

    read_file(qtbot, dialog, path)
    assert {r[2] for r in preview_rows(dialog)} == {"No change"}
    assert "Nothing to import" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()


def test_a_pdf_renamed_csv_is_refused_with_one_message(qtbot, context, tmp_path):
    before = changelog.count_ops(context.db)
    dialog = AgencyImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    pdf = write(tmp_path, b"%PDF-1.7\n" + bytes(range(256)) * 8, "agencies.csv")
    read_file(qtbot, dialog, pdf)
    assert dialog.summary.text() == (
        "This file is a PDF, not a CSV file. Save the agency list from the spreadsheet as CSV "
        "and import that. Nothing has been changed."
    )
    assert dialog.model.rowCount() == 0
    assert not dialog.import_button.isEnabled()
    assert changelog.count_ops(context.db) == before

    read_file(qtbot, dialog, tmp_path / "missing.csv")
    assert dialog.summary.text().startswith("There is no file at")


def test_a_good_file_after_a_bad_one_can_be_imported(qtbot, context, tmp_path):
    dialog = AgencyImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    read_file(qtbot, dialog, write(tmp_path, "Phone,Email\n01632 960000,a@b.example\n", "x.csv"))
    assert "no column for the agency name" in dialog.summary.text()
    read_file(qtbot, dialog, write(tmp_path, "Name\nSolo Agency\n", "y.csv"))
    assert preview_rows(dialog) == [["2", "Solo Agency", "Add", "New agency"]]
    assert dialog.import_button.isEnabled()


def test_the_example_file_can_be_saved_and_previewed(qtbot, context, tmp_path):
    dialog = AgencyImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    target = tmp_path / "my-agencies.csv"
    dialog.write_example(target)
    assert target.read_text(encoding="utf-8").startswith("Name,Needs,Areas,")
    assert dialog.path.text() == str(target)
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
    assert "11 rows in the file: 11 to add." in dialog.summary.text()
    statuses = {dialog.model.index(r, PreviewModel.STATUS).data() for r in range(11)}
    assert statuses == {"Add"}


def test_an_unclosed_quote_is_refused_with_its_line(qtbot, context, tmp_path):
    # Issue 9 #17: the rest of the file became one agency called "Unclosed quote agency,...".
    before = changelog.count_ops(context.db)
    dialog = AgencyImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    bad = write(
        tmp_path,
        "Name,Phone\nHearth Project,01632 960150\n"
        '"Unclosed quote agency,01632 960600\nOther,01632 960601\n',
    )
    read_file(qtbot, dialog, bad)
    assert dialog.summary.text().startswith('Line 3 opens a quote (") that is never closed')
    assert "Nothing has been changed." in dialog.summary.text()
    assert dialog.model.rowCount() == 0
    assert not dialog.import_button.isEnabled()
    assert changelog.count_ops(context.db) == before


def test_phone_numbers_are_checked_and_near_duplicate_names_are_flagged(qtbot, context, tmp_path):
    agencies.create(context.db, {"name": "Tamar Housing Advice Centre", "phone": "01632 960101"})
    dialog = AgencyImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    path = write(
        tmp_path,
        "Name,Phone\n"
        "Tamar Housing Advice,01632 960101\n"
        "Hearth Project,12\n"
        "Kernow Recovery Partnership,01632 960103\n"
        "Kernow Recovery Partnership Truro,01632 960104\n",
    )
    read_file(qtbot, dialog, path)
    rows = {row[1]: row for row in preview_rows(dialog)}
    tamar = rows["Tamar Housing Advice"]
    assert tamar[2] == "Not imported"
    assert tamar[3].startswith(
        "possible duplicate of Tamar Housing Advice Centre, already in the directory"
    )
    hearth = rows["Hearth Project"]
    assert hearth[2] == "Not imported"
    assert "the phone number '12' cannot be right: a UK phone number starts with 0" in hearth[3]
    assert rows["Kernow Recovery Partnership"][2] == "Add"
    truro = rows["Kernow Recovery Partnership Truro"]
    assert truro[2] == "Not imported" and "earlier in this file" in truro[3]
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
    held = sorted(a["name"] for a in agencies.list_all(context.db))
    assert held == ["Kernow Recovery Partnership", "Tamar Housing Advice Centre"]
