"""The one dialog shell, driven as a person would (issue 9, items 1, 7, 10 and 15): Enter
saves wherever the cursor is, Escape with changes asks first, every dialog opens with the
cursor in its first field and Tab goes on from there, messages never move the fields, focus
is plain to see, and Ctrl+N adds a person from any page where it means nothing else."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton

from cass_desktop.data import agencies, clients, contacts, followups, hearings, needs
from cass_desktop.ui.agencies.agency_dialog import AgencyDialog
from cass_desktop.ui.court.hearing_dialog import HearingDialog
from cass_desktop.ui.people.client_dialog import ClientDialog
from cass_desktop.ui.people.record_dialogs import (
    ContactDialog,
    FollowupDialog,
    NeedDialog,
)
from cass_desktop.ui.shell import style
from tests.helpers.people import add_person
from tests.helpers.qt import type_into

ENTER = Qt.Key.Key_Return
CTRL = Qt.KeyboardModifier.ControlModifier


def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def answer_question(qtbot, button_text: str, asked: list[str]) -> None:
    """When a question pops up, note what it asks and press the button named."""
    tries = [0]

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            tries[0] += 1
            if tries[0] < 200:
                QTimer.singleShot(10, press)
            return
        asked.append(box.text())
        button = next(b for b in box.buttons() if b.text() == button_text)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press)


# Enter saves -----------------------------------------------------------------------------------


def test_enter_in_known_as_adds_the_new_person(qtbot, context):
    dialog = shown(qtbot, ClientDialog(context))
    type_into(qtbot, dialog.given_name, "Tamsin")
    type_into(qtbot, dialog.family_name, "Trelawney")
    dialog.hold_buttons["yes"].click()  # consent to hold is asked of everyone new (issue 13)
    type_into(qtbot, dialog.preferred_name, "Tam")
    with qtbot.waitSignal(context.changed, timeout=10_000):
        qtbot.keyClick(dialog.preferred_name, ENTER)
    assert dialog.result() == ClientDialog.DialogCode.Accepted
    saved = clients.get(context.db, dialog.client_id)
    assert saved["preferred_name"] == "Tam"


def test_save_not_cancel_is_the_default_button_in_new_person_and_edit_details(qtbot, context):
    for dialog in (ClientDialog(context), ClientDialog(context, client_id=add_person(context.db))):
        shown(qtbot, dialog)
        assert dialog.save_button.isDefault()
        cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
        assert not cancel.isDefault() and not cancel.autoDefault()


def test_enter_in_edit_details_saves_the_change(qtbot, context):
    person = add_person(context.db)
    dialog = shown(qtbot, ClientDialog(context, client_id=person))
    type_into(qtbot, dialog.phone, "07700 900123")
    with qtbot.waitSignal(context.changed, timeout=10_000):
        qtbot.keyClick(dialog.phone, ENTER)
    assert clients.get(context.db, person)["phone"] == "07700 900123"


def test_enter_saves_a_follow_up_a_need_and_an_agency(qtbot, context):
    person = add_person(context.db)
    followup = shown(qtbot, FollowupDialog(context, client_id=person))
    type_into(qtbot, followup.what, "Ring Shelter")
    qtbot.keyClick(followup.what, ENTER)
    assert followups.get(context.db, followup.record_id)["what"] == "Ring Shelter"

    need = shown(qtbot, NeedDialog(context, client_id=person, domain="housing"))
    qtbot.keyClick(need.domain, ENTER)
    assert needs.get(context.db, need.record_id)["domain"] == "housing"

    agency = shown(qtbot, AgencyDialog(context))
    type_into(qtbot, agency.inputs["name"], "Tamar Debt Advice")
    qtbot.keyClick(agency.inputs["phone"], ENTER)
    assert agencies.get(context.db, agency.agency_id)["name"] == "Tamar Debt Advice"


def test_enter_starts_a_line_in_a_summary_and_ctrl_enter_saves_the_contact_note(qtbot, context):
    dialog = shown(qtbot, ContactDialog(context, client_id=add_person(context.db)))
    type_into(qtbot, dialog.summary, "Saw them in court.")
    qtbot.keyClick(dialog.summary, ENTER)
    type_into(qtbot, dialog.summary, "Agreed to ring Shelter.")
    assert dialog.isVisible()
    qtbot.keyClick(dialog.summary, ENTER, CTRL)
    assert dialog.result() == ContactDialog.DialogCode.Accepted
    saved = contacts.get(context.db, dialog.record_id)
    assert saved["summary"] == "Saw them in court.\nAgreed to ring Shelter."


def test_enter_with_something_to_put_right_keeps_the_dialog_open_and_says_what(qtbot, context):
    dialog = shown(qtbot, FollowupDialog(context, client_id=add_person(context.db)))
    qtbot.keyClick(dialog.what, ENTER)
    assert dialog.isVisible()
    assert dialog.error.text() == "Say what needs doing."


def test_enter_in_add_a_court_date_saves_it(qtbot, context):
    person = add_person(context.db)
    dialog = shown(qtbot, HearingDialog(context, client_id=person))
    type_into(qtbot, dialog.courtroom, "3")
    qtbot.keyClick(dialog.courtroom, ENTER)
    assert hearings.get(context.db, dialog.record_id)["courtroom"] == "3"


# Escape asks first -------------------------------------------------------------------------------


def test_escape_on_a_filled_new_person_asks_and_keep_editing_keeps_it(qtbot, context):
    dialog = shown(qtbot, ClientDialog(context))
    type_into(qtbot, dialog.given_name, "Tamsin")
    asked: list[str] = []
    answer_question(qtbot, "Keep editing", asked)
    qtbot.keyClick(dialog.given_name, Qt.Key.Key_Escape)
    assert asked == ["Discard this new person?"]
    assert dialog.isVisible()
    assert dialog.given_name.text() == "Tamsin"


def test_escape_on_changed_details_asks_and_discard_closes_saving_nothing(qtbot, context):
    person = add_person(context.db)
    dialog = shown(qtbot, ClientDialog(context, client_id=person))
    type_into(qtbot, dialog.phone, "07700 900123")
    asked: list[str] = []
    answer_question(qtbot, "Discard changes", asked)
    qtbot.keyClick(dialog.phone, Qt.Key.Key_Escape)
    assert asked == ["Discard the changes to this person?"]
    assert not dialog.isVisible()
    assert dialog.result() == ClientDialog.DialogCode.Rejected
    assert clients.get(context.db, person)["phone"] is None


def test_cancel_on_a_filled_follow_up_asks_first(qtbot, context):
    dialog = shown(qtbot, FollowupDialog(context, client_id=add_person(context.db)))
    type_into(qtbot, dialog.what, "Ring Shelter")
    asked: list[str] = []
    answer_question(qtbot, "Keep editing", asked)
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert asked == ["Discard this follow-up?"]
    assert dialog.isVisible()


def test_escape_with_nothing_changed_closes_without_asking(qtbot, context):
    dialog = shown(qtbot, ClientDialog(context, client_id=add_person(context.db)))
    qtbot.keyClick(dialog.phone, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


# Where the cursor starts, and Tab --------------------------------------------------------------


def test_add_a_court_date_opens_with_the_cursor_in_person(qtbot, context):
    dialog = shown(qtbot, HearingDialog(context))
    assert dialog.focusWidget() is dialog.picker.search


def test_the_court_date_dialog_starts_in_its_first_field_and_tab_goes_on_from_there(qtbot, context):
    dialog = shown(qtbot, HearingDialog(context, client_id=add_person(context.db)))
    assert dialog.focusWidget() is dialog.court
    order = [dialog.court]
    for _ in range(8):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        order.append(dialog.focusWidget())
    assert order[1] is dialog.date.edit
    assert order[2] is dialog.time
    assert order[3] is dialog.courtroom
    assert dialog.save_button not in order


def test_every_record_dialog_opens_in_a_field(qtbot, context):
    person = add_person(context.db)
    for dialog in (
        ClientDialog(context),
        FollowupDialog(context, client_id=person),
        NeedDialog(context, client_id=person),
        AgencyDialog(context),
    ):
        shown(qtbot, dialog)
        focused = dialog.focusWidget()
        assert focused is not None and not isinstance(focused, QPushButton), dialog
    assert isinstance(shown(qtbot, AgencyDialog(context)).focusWidget(), QLineEdit)


# Messages do not move fields ----------------------------------------------------------------------


def test_a_message_under_a_field_does_not_move_the_fields_below(qtbot, context):
    dialog = shown(qtbot, ClientDialog(context))
    below = [dialog.preferred_name, dialog.date_of_birth, dialog.gender, dialog.ethnicity]
    before = [w.mapTo(dialog, w.rect().topLeft()) for w in below]
    type_into(qtbot, dialog.given_name, "Tams1n")
    dialog.given_name.editingFinished.emit()
    type_into(qtbot, dialog.date_of_birth, "31/02/1990")
    dialog.date_of_birth.editingFinished.emit()
    assert dialog.errors["given_name"].isVisible()
    assert dialog.errors["date_of_birth"].isVisible()
    qtbot.wait(10)
    after = [w.mapTo(dialog, w.rect().topLeft()) for w in below]
    assert after == before
    assert "is not a date" in dialog.errors["date_of_birth"].toolTip()
    # The whole message for the field just left shows beside the buttons.
    assert dialog.summary.text().endswith("like 14/03/1990.")


def test_the_problem_line_of_a_record_dialog_keeps_its_space(qtbot, context):
    dialog = shown(qtbot, FollowupDialog(context, client_id=add_person(context.db)))
    save_at = dialog.save_button.mapTo(dialog, dialog.save_button.rect().topLeft())
    qtbot.keyClick(dialog.what, ENTER)
    assert dialog.error.isVisible()
    qtbot.wait(10)
    assert dialog.save_button.mapTo(dialog, dialog.save_button.rect().topLeft()) == save_at


# Focus is plain to see ----------------------------------------------------------------------------


def _focus_pixels(widget) -> int:
    image = widget.grab().toImage()
    blue = QColor(style.FOCUS).rgb()
    return sum(
        1
        for x in range(image.width())
        for y in (0, 1, image.height() - 2, image.height() - 1)
        if image.pixel(x, y) == blue
    )


def test_keyboard_focus_is_drawn_in_a_strong_frame(qtbot, context):
    from cass_desktop.ui.shell.app import application

    application()
    dialog = shown(qtbot, FollowupDialog(context, client_id=add_person(context.db)))
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.what.hasFocus(), timeout=5_000)
    width = dialog.what.width()
    assert _focus_pixels(dialog.what) >= 3 * width  # a frame two pixels deep, top and bottom
    dialog.save_button.setFocus()
    qtbot.waitUntil(lambda: dialog.save_button.hasFocus(), timeout=5_000)
    assert _focus_pixels(dialog.what) == 0
    assert _focus_pixels(dialog.save_button) >= dialog.save_button.width()


# Ctrl+N -------------------------------------------------------------------------------------------


def test_ctrl_n_adds_a_person_from_today_and_still_adds_a_hearing_in_the_diary(qtbot, context):
    from cass_desktop.ui.court.diary_view import DiaryPage
    from cass_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(window.nav, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: isinstance(window.new_person_dialog, ClientDialog), timeout=5_000)
    dialog = window.new_person_dialog
    assert dialog.isVisible() and dialog.windowTitle() == "New person"
    type_into(qtbot, dialog.given_name, "Tamsin")
    dialog.hold_buttons["yes"].click()  # consent to hold is asked of everyone new (issue 13)
    type_into(qtbot, dialog.family_name, "Trelawney")
    qtbot.keyClick(dialog.family_name, ENTER)
    assert window.stack.currentWidget() is window.client_page

    window.show_section(2)
    diary = window.diary
    assert isinstance(diary, DiaryPage)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(diary, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: getattr(diary, "dialog", None) is not None, timeout=5_000)
    assert isinstance(diary.dialog, HearingDialog)
