"""Adding and changing a person through the dialog, as a worker would type it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from cass_desktop.data import changelog, clients
from cass_desktop.records import dates
from cass_desktop.ui.people.client_dialog import ClientDialog
from tests.helpers.people import add_person
from tests.helpers.qt import type_into


def open_dialog(qtbot, context, client_id=None) -> ClientDialog:
    dialog = ClientDialog(context, client_id=client_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_new_person_is_saved_exactly_as_typed(qtbot, context):
    dialog = open_dialog(qtbot, context)
    type_into(qtbot, dialog.given_name, "Zoë")
    type_into(qtbot, dialog.family_name, "Ní Bhriain-O'Brien")
    type_into(qtbot, dialog.preferred_name, "Nguyễn")
    type_into(qtbot, dialog.date_of_birth, "14/03/1990")
    type_into(qtbot, dialog.phone, "07700 900123")
    type_into(qtbot, dialog.email, "zoe@example.org")
    type_into(qtbot, dialog.postcode, "pl1 2ab")
    type_into(qtbot, dialog.interpreter_language, "Irish")
    type_into(qtbot, dialog.risk_flags, "Finds waiting rooms hard.")
    dialog.preferred_contact.setCurrentIndex(dialog.preferred_contact.findData("text"))
    assert "14 Mar 1990" in dialog.dob_hint.text()
    dialog.hold_buttons["yes"].click()

    with qtbot.waitSignal(context.changed, timeout=30_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == ClientDialog.DialogCode.Accepted
    saved = clients.get(context.db, dialog.client_id)
    assert saved["given_name"] == "Zoë"
    assert saved["family_name"] == "Ní Bhriain-O'Brien"
    assert saved["preferred_name"] == "Nguyễn"
    assert saved["date_of_birth"] == "1990-03-14"
    assert saved["postcode"] == "PL1 2AB"
    assert saved["preferred_contact"] == "text"
    assert saved["interpreter_language"] == "Irish"
    assert saved["risk_flags"] == "Finds waiting rooms hard."
    assert saved["status"] == "open"
    assert saved["opened_on"] == dates.today().isoformat()
    assert saved["closed_on"] is None
    assert saved["site_id"] == context.site_id
    assert saved["keyworker_id"] == context.worker_id
    assert saved["reference"].startswith("PLY-")


def test_bad_input_is_refused_with_the_message_beside_the_field(qtbot, context):
    dialog = open_dialog(qtbot, context)
    type_into(qtbot, dialog.family_name, "Kowalski")
    type_into(qtbot, dialog.date_of_birth, "31/02/1990")
    type_into(qtbot, dialog.email, "lukasz@")
    type_into(qtbot, dialog.phone, "0770 12")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()  # not saved, not closed
    assert clients.count(context.db) == 0
    assert dialog.errors["given_name"].isVisible()
    assert dialog.errors["given_name"].text() == "Enter their first name."
    assert "is not a date" in dialog.errors["date_of_birth"].text()
    assert dialog.errors["date_of_birth"].isVisible()
    assert "is not an email address" in dialog.errors["email"].text()
    assert "has only 6" in dialog.errors["phone"].text()
    assert not dialog.errors["family_name"].isVisible()
    # Consent to hold is asked of everyone new (issue 13): not answered yet is one more thing.
    assert dialog.errors["hold_consent"].isVisible()
    assert "agree to their information being held" in dialog.errors["hold_consent"].text()
    assert dialog.summary.text() == "Put right the 5 things marked in red before saving."
    assert dialog.focusWidget() is dialog.given_name  # taken to the first thing to put right

    # Putting each right clears its message as it is typed.
    type_into(qtbot, dialog.given_name, "Łukasz")
    assert not dialog.errors["given_name"].isVisible()
    dialog.date_of_birth.clear()
    type_into(qtbot, dialog.date_of_birth, "28/02/1990")
    dialog.email.clear()
    type_into(qtbot, dialog.email, "lukasz@example.com")
    type_into(qtbot, dialog.phone, "34567")
    dialog.hold_buttons["yes"].click()
    assert dialog.summary.text() == ""
    with qtbot.waitSignal(context.changed, timeout=30_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert clients.get(context.db, dialog.client_id)["given_name"] == "Łukasz"


def test_a_mistake_is_shown_once_the_field_is_left(qtbot, context):
    dialog = open_dialog(qtbot, context)
    type_into(qtbot, dialog.date_of_birth, "01/01/2099")
    assert not dialog.errors["date_of_birth"].isVisible()  # still typing
    type_into(qtbot, dialog.email, "x")  # moving on to another field
    dialog.date_of_birth.editingFinished.emit()
    assert dialog.errors["date_of_birth"].isVisible()
    assert "in the future" in dialog.errors["date_of_birth"].text()
    assert not dialog.errors["given_name"].isVisible()  # not visited yet


def test_closing_a_case_sets_the_closed_date_and_checks_it(qtbot, context):
    dialog = open_dialog(qtbot, context)
    assert not dialog.closed_on.isEnabled()
    dialog.status.setCurrentIndex(dialog.status.findData("closed"))
    assert dialog.closed_on.isEnabled()
    assert dialog.closed_on.text() == dates.today().strftime("%d/%m/%Y")
    dialog.opened_on.clear()
    type_into(qtbot, dialog.opened_on, dates.today().strftime("%d/%m/%Y"))
    dialog.closed_on.clear()
    type_into(qtbot, dialog.closed_on, "01/01/2020")
    type_into(qtbot, dialog.given_name, "Tom")
    type_into(qtbot, dialog.family_name, "Penrose")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "before it opened" in dialog.errors["closed_on"].text()
    assert clients.count(context.db) == 0


def add_sian(context) -> str:
    return add_person(
        context.db, "Siân", "O'Brien", date_of_birth="14/03/1990", opened_on="05/01/2026"
    )


def test_people_who_may_be_the_same_person_are_shown_while_typing(qtbot, context):
    sian = add_sian(context)
    changelog.save_new_many(
        context.db,
        "clients",
        [
            {
                "reference": "PLY-OTHER",
                "given_name": "Margaret",
                "family_name": "Trelawney",
                "date_of_birth": "1990-03-14",
            },
        ],
    )
    dialog = open_dialog(qtbot, context)
    assert dialog.matches.count() == 0
    type_into(qtbot, dialog.given_name, "Sian")
    type_into(qtbot, dialog.family_name, "OBrian")
    type_into(qtbot, dialog.date_of_birth, "14/03/1990")
    qtbot.waitUntil(lambda: dialog.matches.count() == 1, timeout=30_000)

    assert dialog.matches_title.text() == "People who may be the same person (1)"
    shown = dialog.matches.item(0).text()
    assert "Siân O'Brien" in shown
    assert "born 14 Mar 1990" in shown
    assert "same date of birth" in shown
    assert "family name a letter or two different (OBrian and O'Brien)" in shown

    dialog.matches.setCurrentRow(0)
    with qtbot.waitSignal(context.client_requested, timeout=30_000) as opened:
        qtbot.mouseClick(dialog.open_match_button, Qt.MouseButton.LeftButton)
    assert opened.args == [sian]
    assert dialog.result() == ClientDialog.DialogCode.Rejected
    assert dialog.opened_existing_id == sian
    assert clients.count(context.db) == 2  # nobody new was added


def test_the_worker_can_carry_on_creating_despite_a_possible_match(qtbot, context):
    add_sian(context)
    dialog = open_dialog(qtbot, context)
    type_into(qtbot, dialog.given_name, "Siân")
    type_into(qtbot, dialog.family_name, "O'Brien")
    type_into(qtbot, dialog.date_of_birth, "04/03/1990")  # one digit different
    qtbot.waitUntil(lambda: dialog.matches.count() == 1, timeout=30_000)
    assert "date of birth one digit different" in dialog.matches.item(0).text()
    dialog.hold_buttons["yes"].click()
    with qtbot.waitSignal(context.changed, timeout=30_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert clients.count(context.db) == 2


def test_editing_loads_every_field_and_saves_only_what_changed(qtbot, context):
    client_id = add_sian(context)
    clients.update(
        context.db,
        client_id,
        {"phone": "07700 900123", "address": "1 Quay Road\nPlymouth", "gender": "Female"},
    )
    dialog = open_dialog(qtbot, context, client_id)
    assert dialog.windowTitle() == "Details of Siân O'Brien"
    assert not dialog.matches_panel.isVisible()
    assert dialog.given_name.text() == "Siân"
    assert dialog.family_name.text() == "O'Brien"
    assert dialog.date_of_birth.text() == "14/03/1990"
    assert dialog.opened_on.text() == "05/01/2026"
    assert dialog.address.toPlainText() == "1 Quay Road\nPlymouth"
    assert dialog.gender.currentText() == "Female"
    ops_before = changelog.count_ops(context.db)

    dialog.status.setCurrentIndex(dialog.status.findData("closed"))
    with qtbot.waitSignal(context.changed, timeout=30_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    saved = clients.get(context.db, client_id)
    assert saved["status"] == "closed"
    assert saved["closed_on"] == dates.today().isoformat()
    assert saved["given_name"] == "Siân"
    assert saved["address"] == "1 Quay Road\nPlymouth"
    assert changelog.count_ops(context.db) == ops_before + 2  # status and closed date


def test_editing_a_closed_case_shows_the_dates_held(qtbot, context):
    client_id = add_sian(context)
    clients.update(context.db, client_id, {"status": "closed", "closed_on": "2026-02-01"})
    dialog = open_dialog(qtbot, context, client_id)
    assert dialog.status.currentData() == "closed"
    assert dialog.closed_on.isEnabled()
    assert dialog.closed_on.text() == "01/02/2026"

    clients.update(context.db, client_id, {"closed_on": None})
    dialog = open_dialog(qtbot, context, client_id)
    assert dialog.closed_on.text() == ""  # nothing invented
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors["closed_on"].text() == "Enter the date their case was closed."

    # Reopening clears the closed date.
    dialog.status.setCurrentIndex(dialog.status.findData("open"))
    with qtbot.waitSignal(context.changed, timeout=30_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert clients.get(context.db, client_id)["status"] == "open"


def test_a_picker_can_take_the_existing_person_without_opening_them(qtbot, context):
    sian = add_sian(context)
    dialog = ClientDialog(context, open_existing=False)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.given_name, "Siân")
    type_into(qtbot, dialog.family_name, "O'Brien")
    qtbot.waitUntil(lambda: dialog.matches.count() == 1, timeout=30_000)
    assert dialog.open_match_button.text() == "Use this person instead"
    dialog.matches.setCurrentRow(0)
    with qtbot.assertNotEmitted(context.client_requested):
        qtbot.mouseClick(dialog.open_match_button, Qt.MouseButton.LeftButton)
    assert dialog.opened_existing_id == sian
    assert dialog.result() == ClientDialog.DialogCode.Rejected


@pytest.mark.parametrize(
    ("given", "family", "born", "words"),
    [
        ("Katarzyna", "Kaminska", "08/04/1997", "two digits swapped"),  # 1979 typed as 1997
        ("Katarzyna", "Kaminska", "08/04/2079", "the year out"),  # a future date of birth
        ("Katarzyna", "Kaminska", "02/11/1990", "Same name, but born on another day"),
    ],
)
def test_a_typed_date_of_birth_never_hides_a_same_name_match(
    qtbot, context, given, family, born, words
):
    # Issue 9 #3: typing the (mistyped) date of birth removed the warning that was showing.
    clients.create(
        context.db,
        {"given_name": "Katarzyna", "family_name": "Kamińska", "date_of_birth": "1979-04-08"},
        "PLY",
    )
    dialog = open_dialog(qtbot, context)
    type_into(qtbot, dialog.given_name, given)
    type_into(qtbot, dialog.family_name, family)
    qtbot.waitUntil(lambda: dialog.matches.count() == 1, timeout=30_000)
    type_into(qtbot, dialog.date_of_birth, born)
    qtbot.waitUntil(lambda: words in (dialog.matches.item(0) or _NO).text(), timeout=30_000)
    assert "Katarzyna Kamińska" in dialog.matches.item(0).text()


def test_a_joined_particle_and_another_spelling_are_flagged(qtbot, context):
    clients.create(
        context.db,
        {"given_name": "Mohammed", "family_name": "Al-Rashid", "date_of_birth": "1988-06-15"},
        "PLY",
    )
    dialog = open_dialog(qtbot, context)
    type_into(qtbot, dialog.given_name, "Muhammad")
    type_into(qtbot, dialog.family_name, "Alrashid")
    type_into(qtbot, dialog.date_of_birth, "15/06/1988")
    qtbot.waitUntil(lambda: dialog.matches.count() == 1, timeout=30_000)
    shown = dialog.matches.item(0).text()
    assert "same family name (Alrashid and Al-Rashid)" in shown
    assert "Muhammad for Mohammed" in shown


class _Blank:
    def text(self) -> str:
        return ""


_NO = _Blank()
