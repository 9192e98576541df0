"""Contact, need, follow-up and consent dialogs: typing, checking, saving."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt

from cass_desktop.data import agencies, consents, contacts, followups, needs
from cass_desktop.records.dates import today
from cass_desktop.ui.people.record_dialogs import (
    ConsentDialog,
    ContactDialog,
    FollowupDialog,
    NeedDialog,
    add_months,
    parse_time,
)
from tests.helpers.people import add_person


@pytest.fixture
def person(context) -> str:
    return add_person(context.db, "Jago", "Trelawny")


def open_dialog(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def choose(qtbot, radio) -> None:
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()


def retype(qtbot, edit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("10:30", "10:30"), ("9.05", "09:05"), ("1415", "14:15"), ("14", "14:00"), ("2pm", "14:00")],
)
def test_times_are_read_as_typed(typed, stored):
    assert parse_time(typed) == stored


@pytest.mark.parametrize("typed", ["25:00", "10:75", "noon", "13pm"])
def test_impossible_times_are_refused_in_words(typed):
    with pytest.raises(ValueError, match="is not a time; type it like 10:30"):
        parse_time(typed)


def test_a_month_on_keeps_the_day_or_takes_the_months_last():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 27), 2) == dt.date(2027, 1, 27)


def test_contact_note_is_saved_with_what_was_typed(qtbot, context, person):
    changed = []
    context.changed.connect(lambda: changed.append(1))
    dialog = open_dialog(qtbot, ContactDialog(context, client_id=person))
    dialog.kind.setCurrentIndex(dialog.kind.findData("phone"))
    yesterday = today() - dt.timedelta(days=1)
    retype(qtbot, dialog.date.edit, yesterday.strftime("%d/%m/%Y"))
    retype(qtbot, dialog.time, "9.15")
    retype(qtbot, dialog.place, "Phone")
    dialog.duration.setValue(15)
    qtbot.keyClicks(dialog.summary, "Confirmed the housing appointment on Monday.")
    save(qtbot, dialog)
    assert dialog.result() == ContactDialog.DialogCode.Accepted
    assert changed == [1]
    saved = contacts.get(context.db, dialog.record_id)
    assert saved["kind"] == "phone"
    assert saved["at"] == f"{yesterday.isoformat()}T09:15"
    assert saved["duration_minutes"] == 15
    assert saved["summary"] == "Confirmed the housing appointment on Monday."
    assert saved["worker_id"] == context.worker_id


def test_contact_note_dated_in_the_future_or_wrongly_is_refused(qtbot, context, person):
    dialog = open_dialog(qtbot, ContactDialog(context, client_id=person))
    qtbot.keyClicks(dialog.summary, "Something")
    retype(qtbot, dialog.date.edit, (today() + dt.timedelta(days=2)).strftime("%d/%m/%Y"))
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert "The date is in the future" in dialog.error.text()
    retype(qtbot, dialog.date.edit, "31/02/2026")
    save(qtbot, dialog)
    assert dialog.error.text() == (
        "Date: “31/02/2026” is not a date; type it as day/month/year, like 27/11/2026."
    )
    retype(qtbot, dialog.date.edit, "")
    save(qtbot, dialog)
    assert dialog.error.text() == "Enter the date."
    assert contacts.for_client(context.db, person) == []


def test_editing_a_contact_note_changes_it_in_place(qtbot, context, person):
    contact_id = contacts.create(
        context.db,
        {"client_id": person, "kind": "court", "at": "2026-01-05T10:00", "summary": "Met"},
    )
    dialog = open_dialog(qtbot, ContactDialog(context, contact_id=contact_id))
    assert dialog.date.edit.text() == "05/01/2026"
    assert dialog.time.text() == "10:00"
    qtbot.keyClicks(dialog.summary, " at court 2")
    save(qtbot, dialog)
    assert [c["summary"] for c in contacts.for_client(context.db, person)] == ["Met at court 2"]


def test_need_is_saved_and_can_be_edited(qtbot, context, person):
    dialog = open_dialog(qtbot, NeedDialog(context, client_id=person))
    assert dialog.status.currentText() == "Identified"
    dialog.domain.setCurrentIndex(dialog.domain.findData("substances"))
    qtbot.keyClicks(dialog.notes, "Drinking daily")
    save(qtbot, dialog)
    need = needs.get(context.db, dialog.record_id)
    assert (need["domain"], need["level"], need["status"]) == ("substances", None, "identified")

    edit = open_dialog(qtbot, NeedDialog(context, need_id=need["id"]))
    assert edit.domain.currentData() == "substances"
    edit.level.setCurrentIndex(edit.level.findData("high"))
    edit.status.setCurrentIndex(edit.status.findData("being_met"))
    save(qtbot, edit)  # the same need, so not refused as a second one
    need = needs.get(context.db, need["id"])
    assert (need["level"], need["status"]) == ("high", "being_met")


def test_follow_up_quick_dates_and_checks(qtbot, context, person):
    dialog = open_dialog(qtbot, FollowupDialog(context, client_id=person))
    assert dialog.due.edit.text() == (today() + dt.timedelta(days=7)).strftime("%d/%m/%Y")
    qtbot.mouseClick(dialog.quick_buttons["In a month"], Qt.MouseButton.LeftButton)
    assert dialog.due.date() == add_months(today(), 1)
    assert dialog.due.shown.text().endswith(f"{dialog.due.date():%b %Y}")

    retype(qtbot, dialog.due.edit, (today() - dt.timedelta(days=1)).strftime("%d/%m/%Y"))
    save(qtbot, dialog)
    assert dialog.error.text() == (
        "Say what needs doing.\nThat due date has already passed; choose today or a later day."
    )
    qtbot.keyClicks(dialog.what, "Chase the PIP form")
    qtbot.mouseClick(dialog.quick_buttons["In a week"], Qt.MouseButton.LeftButton)
    save(qtbot, dialog)
    saved = followups.get(context.db, dialog.record_id)
    assert saved["what"] == "Chase the PIP form"
    assert saved["due_on"] == (today() + dt.timedelta(days=7)).isoformat()
    assert saved["done"] == 0
    assert saved["worker_id"] == context.worker_id


def test_consent_to_hold_is_recorded_by_this_worker(qtbot, context, person):
    dialog = open_dialog(qtbot, ConsentDialog(context, client_id=person))
    assert dialog.scope_buttons["hold"].isChecked()
    assert not dialog.share_box.isEnabled()
    assert dialog.recorded_by.text() == "Alex Carter"
    save(qtbot, dialog)
    assert dialog.error.text() == "Say whether consent was given, refused or withdrawn."
    choose(qtbot, dialog.decision_buttons["given"])
    dialog.how.setCurrentIndex(dialog.how.findData("signed"))
    save(qtbot, dialog)
    [row] = consents.for_client(context.db, person)
    assert row["scope"] == "hold"
    assert row["decision"] == "given"
    assert row["decided_on"] == today().isoformat()
    assert row["how_recorded"] == "signed"
    assert row["recorded_by"] == context.worker_id
    assert row["agency_id"] is None and row["agency_kind"] is None


def test_consent_to_share_needs_an_agency_or_a_kind(qtbot, context, person):
    agencies.create(context.db, {"name": "Harbour Drug and Alcohol Service"})
    dialog = open_dialog(qtbot, ConsentDialog(context, client_id=person, scope="share"))
    assert dialog.share_box.isEnabled()
    choose(qtbot, dialog.decision_buttons["given"])
    save(qtbot, dialog)
    assert "Say who the information may be shared with" in dialog.error.text()
    choose(qtbot, dialog.with_kind)
    save(qtbot, dialog)
    assert dialog.error.text() == "Choose the kind of agency the information may go to."
    dialog.kind.setCurrentIndex(dialog.kind.findData("mental_health"))
    retype(qtbot, dialog.decided_on.edit, (today() + dt.timedelta(days=1)).strftime("%d/%m/%Y"))
    save(qtbot, dialog)
    assert dialog.error.text() == "The date is in the future; give the day they decided."
    retype(qtbot, dialog.decided_on.edit, today().strftime("%d/%m/%Y"))
    save(qtbot, dialog)
    [row] = consents.for_client(context.db, person)
    assert (row["scope"], row["agency_kind"], row["agency_id"]) == ("share", "mental_health", None)


def test_consent_to_share_with_a_named_agency_found_by_typing(qtbot, context, person):
    harbour = agencies.create(context.db, {"name": "Harbour Drug and Alcohol Service"})
    agencies.create(context.db, {"name": "Shelter Plymouth"})
    dialog = open_dialog(qtbot, ConsentDialog(context, client_id=person, scope="share"))
    qtbot.keyClicks(dialog.agency_search, "harb")
    assert dialog.agency_list.count() == 1
    assert dialog.with_agency.isChecked()
    qtbot.keyClick(dialog.agency_search, Qt.Key.Key_Return)  # picks; does not save yet
    assert dialog.isVisible()
    assert consents.for_client(context.db, person) == []
    choose(qtbot, dialog.decision_buttons["refused"])
    save(qtbot, dialog)
    [row] = consents.for_client(context.db, person)
    assert (row["agency_id"], row["decision"]) == (harbour, "refused")


def click_item(qtbot, listing, text: str) -> None:
    """Click the row of `listing` whose words start with `text`."""
    for i in range(listing.count()):
        item = listing.item(i)
        if item.text().startswith(text):
            rect = listing.visualItemRect(item)
            qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            return
    raise AssertionError(f"{text!r} is not in the list")


def test_the_chosen_agency_stays_chosen_while_the_worker_types(qtbot, context, person):
    # Issue 9 #2: typing in the search box moved the choice to the first match, and the wrong
    # consent to share was saved.
    housing = agencies.create(context.db, {"name": "Tamar Housing Advice Centre"})
    agencies.create(context.db, {"name": "Tamar Community Mental Health Team"})
    dialog = open_dialog(qtbot, ConsentDialog(context, client_id=person, scope="share"))
    qtbot.keyClicks(dialog.agency_search, "tamar h")
    assert dialog.selected_agency() is None  # nothing is picked for the worker
    assert "No agency chosen yet" in dialog.agency_picker.chosen_label.text()
    click_item(qtbot, dialog.agency_list, "Tamar Housing Advice Centre")
    assert "Sharing with: <b>Tamar Housing Advice Centre</b>" in (
        dialog.agency_picker.chosen_label.text()
    )
    qtbot.keyClick(dialog.agency_search, Qt.Key.Key_Backspace)
    qtbot.keyClick(dialog.agency_search, Qt.Key.Key_Backspace)
    assert dialog.agency_list.count() == 2
    assert dialog.selected_agency() == housing
    qtbot.keyClicks(dialog.agency_search, "community")  # the chosen one no longer matches
    assert dialog.selected_agency() == housing
    assert "Tamar Housing Advice Centre" in dialog.agency_picker.chosen_label.text()
    choose(qtbot, dialog.decision_buttons["given"])
    save(qtbot, dialog)
    [row] = consents.for_client(context.db, person)
    assert row["agency_id"] == housing


def test_an_agency_given_to_the_consent_dialog_is_listed_once(qtbot, context, person):
    harbour = agencies.create(context.db, {"name": "Harbour Drug and Alcohol Service"})
    agencies.create(context.db, {"name": "Shelter Plymouth"})
    dialog = open_dialog(
        qtbot, ConsentDialog(context, client_id=person, scope="share", agency_id=harbour)
    )
    names = [dialog.agency_list.item(i).text() for i in range(dialog.agency_list.count())]
    assert sum(name.startswith("Harbour") for name in names) == 1
    assert dialog.selected_agency() == harbour
    assert "Sharing with: <b>Harbour Drug and Alcohol Service</b>" in (
        dialog.agency_picker.chosen_label.text()
    )
