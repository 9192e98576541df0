"""Adding court dates with the person picker, and recording outcomes that book the next one."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from cass_desktop.data import hearings, sites
from cass_desktop.records.dates import show_date, today
from cass_desktop.ui.court.hearing_dialog import HearingDialog
from cass_desktop.ui.people.client_page import ClientPage, table_texts
from tests.helpers.people import add_person


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


def typed(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def people(context) -> dict[str, str]:
    db = context.db
    return {
        "kerensa": add_person(db, "Kerensa", "Polglase", date_of_birth="02/06/1985"),
        "kenver": add_person(db, "Kenver", "Polglase", date_of_birth="20/01/1979"),
    }


def open_dialog(qtbot, dialog: HearingDialog) -> HearingDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def retype(qtbot, edit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def pick(qtbot, dialog: HearingDialog, search: str, row: int) -> None:
    qtbot.keyClicks(dialog.picker.search, search)
    results = dialog.picker.results
    rect = results.visualItemRect(results.item(row))
    qtbot.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_add_a_hearing_for_today_with_the_person_picker(qtbot, context, people):
    dialog = open_dialog(qtbot, HearingDialog(context))
    assert dialog.court.currentText() == "Plymouth Magistrates' Court"
    assert dialog.date.edit.text() == typed(today())
    qtbot.keyClicks(dialog.picker.search, "polg")
    found = [dialog.picker.results.item(i).text() for i in range(dialog.picker.results.count())]
    assert len(found) == 2
    assert all("Polglase" in text for text in found)
    dialog.picker.search.clear()
    pick(qtbot, dialog, "keren", 0)
    assert "Kerensa Polglase" in dialog.picker.chosen.text()
    retype(qtbot, dialog.time, "14:30")
    qtbot.keyClicks(dialog.courtroom, "3")
    qtbot.keyClicks(dialog.case_number, "PL/26/0042")
    dialog.hearing_type.setCurrentIndex(dialog.hearing_type.findData("first_appearance"))
    qtbot.keyClicks(dialog.charge, "Criminal damage")
    qtbot.keyClicks(dialog.solicitor, "Duty solicitor")
    save(qtbot, dialog)

    assert dialog.result() == HearingDialog.DialogCode.Accepted
    saved = hearings.get(context.db, dialog.hearing_id)
    assert saved["client_id"] == people["kerensa"]
    assert saved["starts_at"] == f"{today().isoformat()}T14:30"
    assert saved["court_id"] == context.site_id
    assert (saved["courtroom"], saved["case_number"]) == ("3", "PL/26/0042")
    assert saved["hearing_type"] == "first_appearance"
    assert [h["id"] for h in hearings.on_day(context.db, today().isoformat())] == [
        dialog.hearing_id
    ]

    page = ClientPage(context)
    qtbot.addWidget(page)
    page.load(people["kerensa"])
    page.show()
    assert table_texts(page.hearings_table) == [
        [
            show_date(today().isoformat()),
            "14:30",
            "Plymouth Magistrates' Court",
            "3",
            "PL/26/0042",
            "First appearance",
            "Criminal damage",
            "",
            "",
        ]
    ]


def test_recording_adjourned_with_a_next_date_books_the_next_hearing(qtbot, context, people):
    cid = people["kenver"]
    hearing_id = hearings.create(
        context.db,
        {
            "client_id": cid,
            "court_id": context.site_id,
            "starts_at": f"{today().isoformat()}T10:00",
            "courtroom": "1",
            "case_number": "PL/26/0077",
            "charge_summary": "Shop theft",
            "hearing_type": "first_appearance",
        },
    )
    page = ClientPage(context)
    qtbot.addWidget(page)
    page.load(cid)
    page.show()
    page.tabs.setCurrentIndex(page.hearings_tab)
    qtbot.mouseClick(page.open_hearing_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, HearingDialog)
    assert dialog.case_number.text() == "PL/26/0077"
    assert not dialog.next_date.isEnabled()

    dialog.outcome.setCurrentIndex(dialog.outcome.findData("adjourned"))
    assert dialog.next_date.isEnabled()
    assert dialog.next_type.currentData() == "adjournment"
    qtbot.keyClicks(dialog.next_date.edit, typed(days(28)))
    retype(qtbot, dialog.next_time, "11:15")
    save(qtbot, dialog)

    assert dialog.next_hearing_id is not None
    booked = hearings.get(context.db, dialog.next_hearing_id)
    assert booked["starts_at"] == f"{days(28).isoformat()}T11:15"
    assert (booked["case_number"], booked["courtroom"]) == ("PL/26/0077", "1")
    assert hearings.get(context.db, hearing_id)["outcome"] == "adjourned"

    rows = table_texts(page.hearings_table)
    assert [r[0] for r in rows] == [show_date(days(28).isoformat()), show_date(str(today()))]
    assert rows[0][1] == "11:15"
    assert rows[0][5] == "Adjournment"
    assert rows[1][7:] == ["Adjourned", f"{show_date(days(28).isoformat())} 11:15"]
    assert f"Next in court: {show_date(days(28).isoformat())} 11:15" in page.alerts.text()


def test_outcome_without_a_next_date_disables_the_next_hearing(qtbot, context, people):
    hearing_id = hearings.create(
        context.db,
        {
            "client_id": people["kenver"],
            "court_id": context.site_id,
            "starts_at": f"{days(-1).isoformat()}T10:00",
        },
    )
    dialog = open_dialog(qtbot, HearingDialog(context, hearing_id=hearing_id))
    assert dialog.picker is None
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("sentenced"))
    assert not dialog.next_date.isEnabled()
    assert dialog.detail.isVisible() and dialog.detail_label.text() == "The sentence:"
    save(qtbot, dialog)
    assert dialog.error.text() == "Say what the sentence was."
    assert hearings.get(context.db, hearing_id)["outcome"] is None
    qtbot.keyClicks(dialog.detail, "Community order, 12 months")
    save(qtbot, dialog)
    assert dialog.next_hearing_id is None
    assert len(hearings.for_client(context.db, people["kenver"])) == 1
    held = hearings.get(context.db, hearing_id)
    assert (held["outcome"], held["outcome_detail"]) == ("sentenced", "Community order, 12 months")


def test_bad_input_is_refused_with_plain_messages(qtbot, context, people):
    dialog = open_dialog(qtbot, HearingDialog(context))
    retype(qtbot, dialog.date.edit, "30/02/2026")
    retype(qtbot, dialog.time, "quarter past")
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert dialog.error.text().split("\n") == [
        "Choose who the hearing is for: type their name and pick them.",
        "Hearing date: “30/02/2026” is not a date; type it as day/month/year, like 27/11/2026.",
        "Hearing time: “quarter past” is not a time; type it like 10:30.",
    ]
    assert hearings.on_day(context.db, today().isoformat()) == []


def test_next_hearing_must_come_after_this_one(qtbot, context, people):
    dialog = open_dialog(qtbot, HearingDialog(context, client_id=people["kerensa"]))
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("conditional_bail"))
    qtbot.keyClicks(dialog.next_date.edit, typed(days(-7)))
    save(qtbot, dialog)
    assert dialog.error.text() == (
        f"The next hearing must be after this one ({show_date(today().isoformat())})."
    )
    assert hearings.for_client(context.db, people["kerensa"]) == []


def test_no_outcome_for_a_hearing_still_to_come(qtbot, context, people):
    dialog = open_dialog(qtbot, HearingDialog(context, client_id=people["kerensa"]))
    retype(qtbot, dialog.date.edit, typed(days(5)))
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("dismissed"))
    save(qtbot, dialog)
    assert "has not happened yet" in dialog.error.text()


def test_the_same_person_cannot_be_listed_twice_at_one_time(qtbot, context, people):
    hearings.create(
        context.db,
        {
            "client_id": people["kerensa"],
            "court_id": context.site_id,
            "starts_at": f"{days(3).isoformat()}T10:00",
        },
    )
    dialog = open_dialog(
        qtbot, HearingDialog(context, client_id=people["kerensa"], default_day=days(3))
    )
    assert dialog.date.edit.text() == typed(days(3))
    save(qtbot, dialog)
    assert dialog.error.text() == (
        f"This person already has a court date at {show_date(days(3).isoformat())} 10:00."
    )


def test_another_court_can_be_chosen(qtbot, context, people):
    truro = sites.create_site(context.db, {"name": "Truro Magistrates' Court", "code": "TRU"})
    dialog = open_dialog(qtbot, HearingDialog(context, client_id=people["kenver"]))
    dialog.court.setCurrentIndex(dialog.court.findData(truro))
    save(qtbot, dialog)
    assert hearings.get(context.db, dialog.hearing_id)["court_name"] == "Truro Magistrates' Court"


def test_enter_in_the_person_search_picks_rather_than_saves(qtbot, context, people):
    dialog = open_dialog(qtbot, HearingDialog(context))
    qtbot.keyClicks(dialog.picker.search, "polglase")
    assert dialog.picker.results.count() == 2
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert not dialog.error.isVisible()
    second = dialog.picker.results.item(1).text().split("  ·  ")[0]
    assert second in dialog.picker.chosen.text()
    assert hearings.on_day(context.db, today().isoformat()) == []


def test_an_adjournment_needs_its_date_as_on_the_days_list(qtbot, context, people):
    dialog = open_dialog(qtbot, HearingDialog(context, client_id=people["kerensa"]))
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("adjourned"))
    assert not dialog.detail.isVisible()
    save(qtbot, dialog)
    assert dialog.error.text() == "Give the date the case comes back to court."
    assert hearings.for_client(context.db, people["kerensa"]) == []


def test_a_court_date_held_without_its_next_date_can_still_be_edited(qtbot, context, people):
    hearing_id = hearings.create(
        context.db,
        {
            "client_id": people["kenver"],
            "court_id": context.site_id,
            "starts_at": f"{days(-1).isoformat()}T10:00",
            "outcome": "adjourned",
        },
    )
    dialog = open_dialog(qtbot, HearingDialog(context, hearing_id=hearing_id))
    qtbot.keyClicks(dialog.courtroom, "4")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    assert hearings.get(context.db, hearing_id)["courtroom"] == "4"
