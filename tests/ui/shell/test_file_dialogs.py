"""Every file dialog starts in the folder last used (remembered in the store's settings)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from cass_desktop.data import local
from cass_desktop.ui.agencies.agency_import_dialog import AgencyImportDialog
from cass_desktop.ui.people.people_import_dialog import PeopleImportDialog
from cass_desktop.ui.shell import file_dialogs


def test_the_next_dialog_starts_where_the_last_file_was_chosen(
    qtbot, context, tmp_path, monkeypatch
):
    usb = tmp_path / "usb stick"
    usb.mkdir()
    people_csv = usb / "people.csv"
    people_csv.write_text("First name,Surname\nJo,Bloggs\n", encoding="utf-8")
    started_in: list[str] = []

    def choose(chosen):
        def dialog(_parent, _title, start, _filters):
            started_in.append(start)
            return (str(chosen), "")

        return dialog

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose(people_csv))
    people = PeopleImportDialog(context)
    qtbot.addWidget(people)
    people.show()
    qtbot.mouseClick(people.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not people.busy, timeout=30_000)
    assert people.path.text() == str(people_csv)
    assert started_in == [str(Path.home())]  # nothing used before: home

    # The agency import, opened next, starts on the USB stick.
    agencies_csv = usb / "agencies.csv"
    agencies_csv.write_text("Name\nTamar Housing Advice\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose(agencies_csv))
    agency = AgencyImportDialog(context)
    qtbot.addWidget(agency)
    agency.show()
    qtbot.mouseClick(agency.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not agency.busy, timeout=30_000)
    assert started_in[-1] == str(usb)
    assert local.get(context.db, file_dialogs.LAST_FOLDER) == str(usb)

    # A save dialog offers its file name in that folder.
    saved: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda _p, _t, start, _f: saved.append(start) or ("", "")
    )
    qtbot.mouseClick(agency.example_button, Qt.MouseButton.LeftButton)
    assert saved == [str(usb / "agencies-example.csv")]


def test_a_folder_that_has_gone_is_not_started_in(context, tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    file_dialogs.remember_folder(context.db, gone / "a.csv")
    assert file_dialogs.last_folder(context.db) == gone
    gone.rmdir()
    assert file_dialogs.last_folder(context.db, fallback=tmp_path) == tmp_path
    file_dialogs.remember_folder(context.db, tmp_path / "nowhere" / "b.pdf")
    assert local.get(context.db, file_dialogs.LAST_FOLDER) == str(gone)  # not remembered
