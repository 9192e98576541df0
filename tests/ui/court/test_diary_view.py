"""The court diary: hearings by day and court, adding hearings and recording outcomes."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from cass_desktop.data import clients, hearings, sites
from cass_desktop.records.dates import today
from cass_desktop.ui.court.diary_view import DiaryPage
from cass_desktop.ui.court.hearing_dialog import HearingDialog
from cass_desktop.ui.court.hearings_model import HearingsModel, long_date
from cass_desktop.ui.today.today_view import TodayPage
from tests.helpers.people import add_person


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


def column_texts(page: DiaryPage, column: int) -> list[str]:
    proxy = page.proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def row_of(page: DiaryPage, name: str) -> int:
    return column_texts(page, HearingsModel.PERSON).index(name)


@pytest.fixture
def truro(context) -> str:
    return sites.create_site(
        context.db, {"name": "Truro Magistrates' Court", "code": "TRU", "kind": "court"}
    )


@pytest.fixture
def listed(context, truro) -> dict[str, str]:
    """Today at Plymouth: Jo at 10:00 (no outcome) and Sam at 09:30 (bailed);
    tomorrow at Plymouth: Kit; today at Truro: Lee. Returns hearing ids by first name."""
    db = context.db
    people = {
        name: add_person(db, name, family)
        for name, family in (
            ("Jo", "Pascoe"),
            ("Sam", "Trelawny"),
            ("Kit", "Rowe"),
            ("Lee", "Hocking"),
        )
    }
    ids = {
        "Jo": hearings.create(
            db,
            {
                "client_id": people["Jo"],
                "court_id": context.site_id,
                "starts_at": f"{today()}T10:00",
                "courtroom": "2",
                "case_number": "52001234567",
                "hearing_type": "first_appearance",
                "charge_summary": "Theft from a shop",
                "solicitor": "Nash & Co",
            },
        ),
        "Sam": hearings.create(
            db,
            {
                "client_id": people["Sam"],
                "court_id": context.site_id,
                "starts_at": f"{today()}T09:30",
                "courtroom": "1",
                "hearing_type": "remand",
            },
        ),
        "Kit": hearings.create(
            db,
            {
                "client_id": people["Kit"],
                "court_id": context.site_id,
                "starts_at": f"{days(1)}T10:00",
                "courtroom": "3",
            },
        ),
        "Lee": hearings.create(
            db,
            {"client_id": people["Lee"], "court_id": truro, "starts_at": f"{today()}T11:00"},
        ),
    }
    hearings.record_outcome(db, ids["Sam"], "unconditional_bail")
    return ids


@pytest.fixture
def page(qtbot, context, listed) -> DiaryPage:
    diary = DiaryPage(context)
    qtbot.addWidget(diary)
    diary.resize(1100, 600)
    diary.show()
    qtbot.waitExposed(diary)
    return diary


def test_model_names_its_columns_and_sorts_by_native_values(context, listed):
    model = HearingsModel()
    model.set_rows(hearings.on_day(context.db, today().isoformat(), context.site_id))
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "Time",
        "Court",
        "Courtroom",
        "Person",
        "Reference",
        "Case number",
        "Hearing",
        "Charge",
        "Solicitor",
        "Outcome",
    ]
    assert model.rowCount() == 2
    sam, jo = (model.index(r, HearingsModel.PERSON) for r in range(2))
    assert (sam.data(), jo.data()) == ("Sam Trelawny", "Jo Pascoe")
    jo_row = jo.row()
    text = {c: model.index(jo_row, c).data() for c in range(model.columnCount())}
    assert text[HearingsModel.TIME] == "10:00"
    assert text[HearingsModel.COURT] == "Plymouth Magistrates' Court"
    assert text[HearingsModel.REFERENCE].startswith("PLY-")
    assert text[HearingsModel.TYPE] == "First appearance"
    assert text[HearingsModel.CHARGE] == "Theft from a shop"
    assert text[HearingsModel.SOLICITOR] == "Nash & Co"
    assert text[HearingsModel.OUTCOME] == "No outcome yet"
    assert model.index(sam.row(), HearingsModel.OUTCOME).data() == "Unconditional bail"
    # Sorting: by the stored time, by family name, and waiting-for-outcome first.
    assert (
        model.index(jo_row, HearingsModel.TIME)
        .data(HearingsModel.SORT_ROLE)
        .startswith(f"{today()}T10:00")
    )
    assert model.index(jo_row, HearingsModel.PERSON).data(HearingsModel.SORT_ROLE) == ("pascoe\tjo")
    assert model.index(jo_row, HearingsModel.OUTCOME).data(HearingsModel.SORT_ROLE) == ""
    assert model.index(jo_row, 0).data(HearingsModel.ID_ROLE) == listed["Jo"]
    assert model.index(jo_row, 0).data(HearingsModel.ROW_ROLE)["case_number"] == "52001234567"


def test_diary_opens_on_today_at_my_court_with_day_totals(page):
    assert page.court_combo.currentText() == "Plymouth Magistrates' Court"
    assert page.date_edit.date() == QDate(today().year, today().month, today().day)
    assert page.heading.text() == f"{long_date(today())} at Plymouth Magistrates' Court"
    # In time order; Truro's hearing is not listed here; no Court column for one court.
    assert column_texts(page, HearingsModel.PERSON) == ["Sam Trelawny", "Jo Pascoe"]
    assert column_texts(page, HearingsModel.TIME) == ["09:30", "10:00"]
    assert page.table.isColumnHidden(HearingsModel.COURT)
    assert page.totals.text() == "2 hearings, 1 without an outcome"


def test_moving_between_days_with_buttons_keys_and_the_date_picker(qtbot, page):
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert page.day == days(1)
    assert column_texts(page, HearingsModel.PERSON) == ["Kit Rowe"]
    assert page.heading.text().startswith(long_date(days(1)))
    # Future days have no outcomes yet, so the totals do not count them as missing.
    assert page.totals.text() == "1 hearing"

    qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
    assert page.day == today()
    assert column_texts(page, HearingsModel.PERSON) == ["Sam Trelawny", "Jo Pascoe"]

    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=30_000)
    qtbot.keyClick(page.table, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert page.day == days(1)
    qtbot.keyClick(page.table, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(page.table, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert page.day == days(-1)
    qtbot.keyClick(page.table, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert page.day == today()

    tomorrow = days(1)
    page.date_edit.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    assert page.day == tomorrow
    assert column_texts(page, HearingsModel.PERSON) == ["Kit Rowe"]
    qtbot.mouseClick(page.today_button, Qt.MouseButton.LeftButton)
    assert page.day == today()
    assert page.date_edit.date() == QDate(today().year, today().month, today().day)


def test_filtering_by_court(page):
    page.court_combo.setCurrentIndex(page.court_combo.findText("All courts"))
    assert page.court_id is None
    assert column_texts(page, HearingsModel.PERSON) == [
        "Sam Trelawny",
        "Jo Pascoe",
        "Lee Hocking",
    ]
    assert not page.table.isColumnHidden(HearingsModel.COURT)
    assert column_texts(page, HearingsModel.COURT)[2] == "Truro Magistrates' Court"
    assert page.heading.text().endswith("at all courts")
    assert page.totals.text() == "3 hearings, 2 without an outcome"

    page.court_combo.setCurrentIndex(page.court_combo.findText("Truro Magistrates' Court"))
    assert column_texts(page, HearingsModel.PERSON) == ["Lee Hocking"]
    # The filter holds while moving through the days.
    page.go_next()
    assert page.court_combo.currentText() == "Truro Magistrates' Court"
    assert page.proxy.rowCount() == 0


def test_an_empty_day_says_so_and_offers_the_nearest_listed_days(qtbot, page):
    page.set_day(days(4))
    assert page.body.currentIndex() == 1
    assert page.empty.text().startswith(
        f"No hearings listed for {long_date(days(4))} at Plymouth Magistrates' Court."
    )
    assert page.totals.text() == "No hearings"
    assert page.later_button.isHidden()
    assert page.earlier_button.text().startswith("◀ Last listed: ")
    qtbot.mouseClick(page.earlier_button, Qt.MouseButton.LeftButton)
    assert page.day == days(1)
    assert column_texts(page, HearingsModel.PERSON) == ["Kit Rowe"]
    assert page.body.currentIndex() == 0


def test_days_with_hearings_are_bold_in_the_calendar(page):
    calendar = page.date_edit.calendarWidget()
    tomorrow = days(1)
    busy = calendar.dateTextFormat(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    quiet = calendar.dateTextFormat(QDate(days(3).year, days(3).month, days(3).day))
    assert busy.fontWeight() > quiet.fontWeight()


def test_adding_a_hearing_through_the_dialog_shows_it_in_the_diary_and_today(qtbot, context, page):
    today_page = TodayPage(context)
    qtbot.addWidget(today_page)
    today_page.show()
    clients.create(context.db, {"given_name": "Morwenna", "family_name": "Chegwidden"}, "PLY")

    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, HearingDialog)
    assert dialog.date.date() == today()  # the day shown in the diary
    qtbot.keyClicks(dialog.picker.search, "Chegwidden")
    assert dialog.picker.client_id is not None
    dialog.time.clear()
    qtbot.keyClicks(dialog.time, "14:30")
    qtbot.keyClicks(dialog.courtroom, "4")
    qtbot.keyClicks(dialog.case_number, "52009876543")
    qtbot.keyClicks(dialog.charge, "Criminal damage")
    qtbot.keyClicks(dialog.solicitor, "Duty solicitor")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert page.dialog is None

    assert column_texts(page, HearingsModel.PERSON) == [
        "Sam Trelawny",
        "Jo Pascoe",
        "Morwenna Chegwidden",
    ]
    row = row_of(page, "Morwenna Chegwidden")
    assert page.proxy.index(row, HearingsModel.TIME).data() == "14:30"
    assert page.proxy.index(row, HearingsModel.CHARGE).data() == "Criminal damage"
    assert page.selected_hearing()["id"] == dialog.hearing_id  # the new hearing is selected
    assert page.totals.text() == "3 hearings, 2 without an outcome"

    court_rows = [item.text(2) for item in today_page.court.items()]
    assert "Morwenna Chegwidden" in court_rows


def test_adding_a_hearing_for_another_day_goes_to_that_day(qtbot, context, page):
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.keyClicks(dialog.picker.search, "Pascoe")
    dialog.date.edit.clear()
    qtbot.keyClicks(dialog.date.edit, days(7).strftime("%d/%m/%Y"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert page.day == days(7)
    assert column_texts(page, HearingsModel.PERSON) == ["Jo Pascoe"]


def test_enter_on_a_row_opens_the_hearing_to_record_its_outcome(qtbot, context, page, listed):
    page.select_hearing(listed["Jo"])
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, HearingDialog)
    assert dialog.hearing_id == listed["Jo"]
    dialog.outcome.setCurrentIndex(dialog.outcome.findText("Adjourned"))
    dialog.next_date.edit.clear()
    qtbot.keyClicks(dialog.next_date.edit, days(14).strftime("%d/%m/%Y"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    outcome = page.proxy.index(row_of(page, "Jo Pascoe"), HearingsModel.OUTCOME).data()
    assert outcome.startswith("Adjourned · next ")
    assert page.totals.text() == "2 hearings, all with an outcome"
    # The next hearing was booked, and the diary finds it.
    page.set_day(days(14))
    assert column_texts(page, HearingsModel.PERSON) == ["Jo Pascoe"]
    assert column_texts(page, HearingsModel.TYPE) == ["Adjournment"]


def test_double_click_and_the_edit_button_open_the_same_hearing(qtbot, page, listed):
    assert not page.outcome_button.isEnabled()  # nothing chosen yet
    row = row_of(page, "Sam Trelawny")
    rect = page.table.visualRect(page.proxy.index(row, HearingsModel.PERSON))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = page.dialog
    assert dialog.hearing_id == listed["Sam"]
    assert dialog.outcome.currentText() == "Unconditional bail"
    dialog.reject()
    assert page.dialog is None

    assert page.edit_button.isEnabled()
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert page.dialog.hearing_id == listed["Sam"]
    page.dialog.reject()


def test_record_outcome_goes_straight_to_the_outcome_in_two_clicks(qtbot, context, page, listed):
    page.select_hearing(listed["Jo"])
    qtbot.mouseClick(page.outcome_button, Qt.MouseButton.LeftButton)  # one
    menu = page.outcome_popup
    qtbot.waitUntil(menu.isVisible)
    [action] = [a for a in menu.actions() if a.text() == "Warrant issued / failed to appear"]
    menu.setActiveAction(action)
    qtbot.keyClick(menu, Qt.Key.Key_Return)  # two
    assert hearings.get(context.db, listed["Jo"])["outcome"] == "warrant"
    outcome = page.proxy.index(row_of(page, "Jo Pascoe"), HearingsModel.OUTCOME).data()
    assert outcome == "Warrant issued / failed to appear"


def test_open_person_asks_for_their_page(qtbot, context, page, listed):
    page.select_hearing(listed["Jo"])
    jo = hearings.get(context.db, listed["Jo"])["client_id"]
    with qtbot.waitSignal(context.client_requested, timeout=30_000) as opened:
        qtbot.mouseClick(page.open_person_button, Qt.MouseButton.LeftButton)
    assert opened.args == [jo]


def test_the_diary_refreshes_when_data_changes_elsewhere(context, page, listed):
    hearings.record_outcome(context.db, listed["Jo"], "sentenced")
    context.notify_changed()
    outcome = page.proxy.index(row_of(page, "Jo Pascoe"), HearingsModel.OUTCOME).data()
    assert outcome == "Sentenced"
    assert page.totals.text() == "2 hearings, all with an outcome"


def test_a_new_court_appears_in_the_filter_without_losing_the_choice(context, page):
    sites.create_site(context.db, {"name": "Bodmin Magistrates' Court", "kind": "court"})
    sites.create_site(context.db, {"name": "St Austell drop-in", "kind": "drop_in"})
    context.notify_changed()
    names = [page.court_combo.itemText(i) for i in range(page.court_combo.count())]
    assert names == [
        "All courts",
        "Bodmin Magistrates' Court",
        "Plymouth Magistrates' Court",
        "Truro Magistrates' Court",
    ]
    assert page.court_combo.currentText() == "Plymouth Magistrates' Court"


def test_in_the_main_window_the_diary_opens_people_and_adds_hearings_with_ctrl_n(
    qtbot, context, listed
):
    from cass_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=30_000)
    window.show_section(2)
    diary = window.diary
    assert window.stack.currentWidget() is diary
    assert column_texts(diary, HearingsModel.PERSON) == ["Sam Trelawny", "Jo Pascoe"]

    # Ctrl+N belongs to the page on show: here it adds a hearing, not a person.
    qtbot.keyClick(diary.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(diary.dialog, HearingDialog)
    diary.dialog.reject()

    diary.select_hearing(listed["Jo"])
    qtbot.mouseClick(diary.open_person_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.client_page


def test_a_laptop_not_yet_set_up_shows_all_courts(qtbot, db, tmp_path):
    from cass_desktop.data import store_path
    from cass_desktop.ui.shell.context import AppContext

    diary = DiaryPage(AppContext(db, store_path(tmp_path)))
    qtbot.addWidget(diary)
    diary.show()
    assert diary.court_combo.currentText() == "All courts"
    assert diary.heading.text() == f"{long_date(today())} at all courts"
    assert diary.empty.text().startswith(
        f"No hearings listed for {long_date(today())} at all courts."
    )


def test_typing_a_date_into_the_date_box_goes_to_that_date(qtbot, page):
    """Issue 9, 8: 15, Right, 12, Enter went to "Sunday 1 February 2026"."""
    page.set_day(dt.date(2026, 3, 1))
    edit = page.date_edit
    edit.setFocus()
    edit.setSelectedSection(edit.Section.DaySection)
    qtbot.keyClicks(edit, "15")
    qtbot.keyClick(edit, Qt.Key.Key_Right)
    qtbot.keyClicks(edit, "12")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert page.day == dt.date(2026, 12, 15)
    assert page.heading.text().startswith(long_date(dt.date(2026, 12, 15)))
