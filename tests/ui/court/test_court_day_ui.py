"""The court day driven as a worker would: importing a list with a column fixed, confirming a
match, the day's list with an outcome and a next date, and the printed sheet."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from cass_desktop.data import court_day, hearings
from cass_desktop.ui.court.day_list_view import DayListWindow
from cass_desktop.ui.court.list_import import REJECT, CourtListImport
from tests.helpers.people import add_person
from tests.helpers.qt import type_into

DAY = dt.date(2026, 12, 2)
CSV = (
    "Who,Born,Hearing room,Time,Ref\n"
    '"OKAFOR, Ngozi",14/03/1990,2,10:00,50CW1234524\n'
    '"SMITH, Zed",01/01/1980,3,11:00,50CW9999924\n'
)


@pytest.fixture
def okafor(context) -> str:
    return add_person(
        context.db, "Ngozi", "Okafor", date_of_birth="14/03/1990", interpreter_language="Igbo"
    )


def _import(qtbot, context) -> CourtListImport:
    dialog = CourtListImport(context, day=DAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_import_a_csv_with_a_column_fixed_and_confirm_a_match(qtbot, context, okafor, tmp_path):
    path = tmp_path / "tomorrow.csv"
    path.write_text(CSV, encoding="utf-8")
    dialog = _import(qtbot, context)
    dialog.load_file(path)
    # "Who" is not a heading the app knows: it says so, and nothing can be saved yet.
    assert "name" in dialog.message.text()
    assert not dialog.save_button.isEnabled()
    assert dialog.mapping_box.isVisible()
    combo = dialog.mapping_table.cellWidget(1, 0)  # under the heading "Who"
    combo.setFocus()
    combo.setCurrentIndex(combo.findText("Name (whole)"))  # the worker picks the field
    assert dialog.preview.rowCount() == 2
    assert dialog.preview.item(0, dialog.NAME).text() == "OKAFOR, Ngozi"
    assert "Date of birth: 1990-03-14" in dialog.preview.item(0, dialog.RECOGNISED).text() or (
        "Date of birth" in dialog.preview.item(0, dialog.RECOGNISED).text()
    )
    person = dialog.combos[0]
    assert person.currentData() == okafor  # the likely match, for the worker to confirm
    assert person.currentText() == "Likely 100%: Ngozi Okafor, 14/03/1990"
    assert 1 not in dialog.combos  # no one held fits Zed Smith
    assert "stays on the day's list" in dialog.preview.item(1, dialog.PERSON).text()
    assert hearings.for_client(context.db, okafor) == []  # nothing written yet
    assert court_day.entries_on(context.db, DAY.isoformat()) == []
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [hearing] = hearings.for_client(context.db, okafor)
    assert hearing["starts_at"] == "2026-12-02T10:00" and hearing["courtroom"] == "2"
    assert len(court_day.entries_on(context.db, DAY.isoformat())) == 2


def test_rejected_candidate_is_not_offered_again(qtbot, context, okafor):
    dialog = _import(qtbot, context)
    dialog.source.setCurrentIndex(1)
    type_into(qtbot, dialog.paste, "10:00 Court 2 OKAFOR, Ngozi 14/03/1990 50CW1234524 CPS Theft")
    qtbot.mouseClick(dialog.read_pasted, Qt.MouseButton.LeftButton)
    dialog.choose(0, None)
    assert dialog.combos[0].currentData() == REJECT
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert hearings.for_client(context.db, okafor) == []
    again = _import(qtbot, context)
    again.paste.setPlainText("10:00 Court 2 OKAFOR, Ngozi 14/03/1990 50CW1234524 CPS Theft")
    qtbot.mouseClick(again.read_pasted, Qt.MouseButton.LeftButton)
    assert 0 not in again.combos


def test_a_malformed_file_is_refused_in_a_sentence(qtbot, context, tmp_path):
    path = tmp_path / "list.json"
    path.write_bytes(b"{ this is not json")
    dialog = _import(qtbot, context)
    dialog.load_file(path)
    assert dialog.message.text().endswith("Nothing was saved.")
    assert "JSON" in dialog.message.text() or "HMCTS" in dialog.message.text()
    assert not dialog.save_button.isEnabled()


def _answer_outcome_details(qtbot, date_text: str) -> None:
    """When the outcome's details dialog opens: type the next date and press Enter."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(50, answer)
            return
        edit = dialog.next_date
        edit.setFocus()
        edit.setDate(QDate.fromString(date_text, "dd/MM/yyyy"))
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)


def test_day_list_outcome_with_a_next_date_books_the_next_hearing(qtbot, context, okafor):
    first = hearings.create(
        context.db,
        {
            "client_id": okafor,
            "starts_at": "2026-12-02T10:00",
            "courtroom": "2",
            "court_id": context.site_id,
        },
    )
    window = DayListWindow(context, day=DAY)
    qtbot.addWidget(window)
    window.show()
    assert window.table.rowCount() == 1
    assert "interpreter: Igbo" in window.table.item(0, window.KNOWN).text()
    assert window.table.item(0, window.OUTCOME).text() == "No outcome yet"
    window.select_row(0)
    qtbot.mouseClick(window.outcome_button, Qt.MouseButton.LeftButton)  # click one
    menu = window.menu
    qtbot.waitUntil(menu.isVisible)
    [adjourned] = [a for a in menu.actions() if a.text() == "Adjourned…"]
    _answer_outcome_details(qtbot, "06/01/2027")
    menu.setActiveAction(adjourned)
    qtbot.keyClick(menu, Qt.Key.Key_Return)  # click two (and the date)
    qtbot.waitUntil(lambda: hearings.get(context.db, first)["outcome"] == "adjourned")
    later = [h for h in hearings.for_client(context.db, okafor) if h["id"] != first]
    assert [h["starts_at"] for h in later] == ["2027-01-06T10:00"]
    assert window.table.item(0, window.OUTCOME).text() == "Adjourned · 6 Jan 2027"


def test_added_by_hand_and_printed_with_initials(qtbot, context, tmp_path):
    from tests.helpers.pdf import pdf_text

    window = DayListWindow(context, day=DAY)
    qtbot.addWidget(window)
    window.show()

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, answer)
            return
        type_into(qtbot, dialog.name, "Kyle Rowe")
        type_into(qtbot, dialog.time, "09:30")
        dialog.youth.setChecked(True)
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(window.add_button, Qt.MouseButton.LeftButton)
    assert window.table.item(0, window.NAME).text() == "Kyle Rowe"
    assert window.table.item(0, window.FLAGS).text() == "Youth"
    out = window.print_sheet(tmp_path / "sheet.pdf")
    text = pdf_text(out)
    assert "CONFIDENTIAL" in text and "K. R." in text and "Kyle" not in text


def test_someone_not_matched_is_confirmed_later_from_the_day_list(qtbot, context, okafor):
    from cass_desktop.court import day_list as dl

    dl.add_by_hand(context.db, day=DAY.isoformat(), court_id=context.site_id, name="N. OKAFOR")
    window = DayListWindow(context, day=DAY)
    qtbot.addWidget(window)
    window.select_row(0)
    assert window.this_is_button.isEnabled() and not window.outcome_button.isEnabled()

    def ask(chooser) -> bool:
        chooser.search.clear()
        type_into(qtbot, chooser.search, "okafor")
        assert chooser.chosen() == okafor
        return True

    assert window.this_is(ask) == okafor
    [hearing] = hearings.for_client(context.db, okafor)
    assert hearing["starts_at"].startswith(DAY.isoformat())
    assert window.rows[0].known and window.table.item(0, window.NAME).text() == "Ngozi Okafor"
