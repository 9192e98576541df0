"""File ▸ Import people from CSV…, as a worker would: open it from the menu, type where the
file is, read the preview, import, and find the people on Clients."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from cass_desktop.data import changelog, clients
from cass_desktop.ui.people.people_import_dialog import PeopleImportDialog
from cass_desktop.ui.shell.main_window import MainWindow
from tests.helpers.people import add_person

CSV = (
    "First name,Surname,DOB,Mobile,Keyworker notes\n"
    "Muhammad,Alrashid,15/06/1988,,x\n"
    "Jo,Bloggs,14/03/1990,07700 900123,\n"
    "Ann,Smith,01/01/2090,,\n"
    "Joe,Bloggs,14/03/1990,,\n"
)


def preview_rows(dialog: PeopleImportDialog) -> list[list[str]]:
    proxy = dialog.proxy
    return [
        [proxy.index(r, c).data() for c in range(proxy.columnCount())]
        for r in range(proxy.rowCount())
    ]


def read_file(qtbot, dialog: PeopleImportDialog, path: Path) -> None:
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(path))
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=60_000)


def names(db) -> list[str]:
    return sorted(clients.display_name(r) for r in db["clients"].rows)


def test_import_people_from_the_file_menu(qtbot, context, tmp_path):
    add_person(
        context.db, "Mohammed", "Al-Rashid", date_of_birth="15/06/1988", opened_on="01/01/2026"
    )
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    action = next(a for a in window.file_menu.actions() if a.text() == "Import people from CSV…")
    assert action.isVisible()
    action.trigger()
    dialog = window.people_import_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.import_button.isEnabled()

    path = tmp_path / "caseload.csv"
    path.write_text(CSV, encoding="utf-8")
    read_file(qtbot, dialog, path)
    rows = preview_rows(dialog)
    assert [r[:4] for r in rows] == [
        ["2", "Muhammad Alrashid", "15 Jun 1988", "Possible duplicate"],
        ["3", "Jo Bloggs", "14 Mar 1990", "Add"],
        ["4", "Ann Smith", "1 Jan 2090", "Not imported"],
        ["5", "Joe Bloggs", "14 Mar 1990", "Possible duplicate"],
    ]
    assert rows[0][4].startswith("Possible duplicate of Mohammed Al-Rashid (PLY")
    assert "already held" in rows[0][4]
    assert rows[2][4] == "The date of birth is in the future: check the year"
    assert rows[3][4].startswith("Possible duplicate of row 3, earlier in this file")
    summary = dialog.summary.text()
    assert "4 rows in the file: 1 to add, 2 possible duplicates left out, 1 not imported" in summary
    assert "Columns not used: Keyworker notes." in summary
    assert names(context.db) == ["Mohammed Al-Rashid"]  # nothing saved yet

    before = changelog.count_ops(context.db)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=60_000)
    assert names(context.db) == ["Jo Bloggs", "Mohammed Al-Rashid"]
    assert changelog.count_ops(context.db) > before
    assert dialog.summary.text().startswith("Imported: 1 person added. 3 left out")
    assert preview_rows(dialog)[1][3] == "Added"
    assert not dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_a_file_with_a_formula_is_refused_in_one_sentence(qtbot, context, tmp_path):
    dialog = PeopleImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    path = tmp_path / "evil.csv"
    path.write_text('First name,Surname\nJo,"=HYPERLINK(""http://x"")"\n', encoding="utf-8")
    before = changelog.count_ops(context.db)
    read_file(qtbot, dialog, path)
    assert dialog.summary.text().startswith("Row 2 holds a spreadsheet formula")
    assert dialog.summary.text().endswith("Nothing has been changed.")
    assert preview_rows(dialog) == []
    assert not dialog.import_button.isEnabled()
    assert changelog.count_ops(context.db) == before
