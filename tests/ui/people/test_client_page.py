"""The client page: one person's details and records, and adding to them from the page."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt

from cass_desktop.data import agencies, consents, contacts, followups, hearings, needs
from cass_desktop.records.dates import show_date, today
from cass_desktop.ui.court.hearing_dialog import HearingDialog
from cass_desktop.ui.people.client_dialog import ClientDialog
from cass_desktop.ui.people.client_page import ClientPage, table_texts
from cass_desktop.ui.people.record_dialogs import (
    ConsentDialog,
    ContactDialog,
    FollowupDialog,
    NeedDialog,
)
from cass_desktop.ui.shell import style
from tests.helpers.people import add_person


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


@pytest.fixture
def person(context) -> str:
    """Siân Pengelly with something in every section."""
    db = context.db
    cid = add_person(
        db,
        "Siân",
        "Pengelly",
        preferred_name="Sia",
        date_of_birth="14/03/1990",
        phone="07700 900123",
        email="sia@example.org",
        address="12 Union Street, Plymouth",
        postcode="PL1 3EX",
        preferred_contact="text",
        communication_needs="Dyslexia: read letters aloud",
        interpreter_language="Welsh",
        keyworker_id=context.worker_id,
        risk_flags="Self-harm\nDo not visit alone; see with a colleague",
        opened_on="05/01/2026",
    )
    shelter = agencies.create(db, {"name": "Shelter Plymouth", "domains": "housing"})
    hearings.create(
        db,
        {
            "client_id": cid,
            "court_id": context.site_id,
            "starts_at": f"{days(9)}T10:00",
            "courtroom": "2",
            "case_number": "PL/26/1234",
            "hearing_type": "sentencing",
            "charge_summary": "Theft from a shop",
        },
    )
    needs.create(db, {"client_id": cid, "domain": "housing", "level": "high", "notes": "Sofa"})
    followups.create(
        db,
        {
            "client_id": cid,
            "due_on": str(days(-3)),
            "what": "Ring Shelter about the appointment",
            "worker_id": context.worker_id,
        },
    )
    consents.record(
        db,
        {
            "client_id": cid,
            "scope": "hold",
            "decision": "given",
            "decided_on": str(days(-20)),
            "how_recorded": "verbal",
            "recorded_by": context.worker_id,
        },
    )
    consents.record(
        db,
        {
            "client_id": cid,
            "scope": "share",
            "agency_id": shelter,
            "decision": "given",
            "decided_on": str(days(-20)),
            "how_recorded": "signed",
            "recorded_by": context.worker_id,
        },
    )
    contacts.create(
        db,
        {
            "client_id": cid,
            "kind": "court",
            "at": f"{days(-20)}T09:40",
            "place": "Plymouth Magistrates' Court",
            "duration_minutes": 25,
            "summary": "Met before her first hearing; sleeping on a friend's sofa.",
            "worker_id": context.worker_id,
        },
    )
    contacts.create(
        db,
        {
            "client_id": cid,
            "kind": "phone",
            "at": f"{days(-5)}T14:10",
            "summary": "Rang to check in.",
            "worker_id": context.worker_id,
        },
    )
    return cid


@pytest.fixture
def page(qtbot, context, person) -> ClientPage:
    widget = ClientPage(context)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.load(person)
    widget.show()
    return widget


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose(qtbot, radio) -> None:
    """Click a radio button on its circle, as a person would."""
    assert radio.isVisible() and radio.isEnabled(), radio.text()
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()


def click_row(qtbot, table, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.currentRow() == row


def test_every_section_is_filled_from_the_store(page, context):
    age = today().year - 1990 - ((today().month, today().day) < (3, 14))
    assert page.name.text() == "Siân Pengelly (Sia)"
    details = page.details.text()
    assert "PLY-" in details
    assert f"Born 14 Mar 1990 (age {age})" in details
    assert "Open" in details
    assert "Keyworker: Alex Carter" in details
    assert page.risk.isVisible()
    assert page.risk.text() == (
        "⚠ Risks to know about: Self-harm · Do not visit alone; see with a colleague"
    )
    assert "Next in court: " + show_date(str(days(9))) + " 10:00" in page.alerts.text()
    assert "1 follow-up overdue" in page.alerts.text()

    # Profile
    assert page.profile["phone"].text() == "07700 900123"
    assert page.profile["preferred_contact"].text() == "Text message"
    assert page.profile["communication_needs"].text() == "Dyslexia: read letters aloud"
    assert page.profile["interpreter_language"].text() == "Welsh"
    assert page.profile["gender"].text() == "Not recorded"

    # Consents: what is in force, then every decision
    summary = page.consent_summary.text()
    assert f"Consent to hold information: given {show_date(str(days(-20)))}" in summary
    assert "Consent to share with Shelter Plymouth: given" in summary
    assert [r[1:5] for r in table_texts(page.consents_table)] == [
        ["Share", "Shelter Plymouth", "Given", "Signed form"],
        ["Hold", "", "Given", "Verbally, in person"],
    ]

    # Court dates
    assert table_texts(page.hearings_table) == [
        [
            show_date(str(days(9))),
            "10:00",
            "Plymouth Magistrates' Court",
            "2",
            "PL/26/1234",
            "Sentencing",
            "Theft from a shop",
            "",
            "",
        ]
    ]
    assert page.hearings_table.item(0, 0).font().bold()  # still to come

    # Needs
    assert table_texts(page.needs_table) == [
        ["Housing and homelessness", "High", "Identified", "Sofa"]
    ]

    # Follow-ups: the overdue one is marked
    rows = table_texts(page.followups_table)
    assert rows == [
        [
            show_date(str(days(-3))) + " (overdue)",
            "Ring Shelter about the appointment",
            "Alex Carter",
            "",
        ]
    ]
    assert page.followups_table.item(0, 1).background().color().name() == style.BLOCK_BACKGROUND

    # Timeline, newest first
    timeline = table_texts(page.timeline_table)
    assert [r[1] for r in timeline] == ["Phone", "At court"]
    assert timeline[1][2:6] == [
        "Plymouth Magistrates' Court",
        "25 min",
        "Met before her first hearing; sleeping on a friend's sofa.",
        "Alex Carter",
    ]
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles == [
        "Profile",
        "Consents (2)",  # in force now, counted as every other tab is (finding 21)
        "Court dates (1)",
        "Needs (1)",
        "Follow-ups (1)",
        "Referrals",
        "Assessments",
        "Timeline (2)",
        "History",
    ]


def test_back_button_asks_to_go_back(qtbot, page):
    with qtbot.waitSignal(page.back_requested, timeout=30_000):
        click(qtbot, page.back)


def test_add_a_contact_note_and_see_it_at_the_top_of_the_timeline(qtbot, page, context, person):
    click(qtbot, page.add_contact)
    dialog = page.dialog
    assert isinstance(dialog, ContactDialog)
    assert dialog.worker.currentText() == "Alex Carter"
    assert dialog.place.text() == "Plymouth Magistrates' Court"
    assert dialog.kind.currentText() == "At court"
    qtbot.keyClicks(dialog.summary, "Saw her after the hearing; referral to Shelter made.")
    dialog.duration.setValue(20)
    click(qtbot, dialog.save_button)

    top = table_texts(page.timeline_table)[0]
    assert top[1] == "At court"
    assert top[3] == "20 min"
    assert top[4] == "Saw her after the hearing; referral to Shelter made."
    assert top[0].startswith(show_date(str(today())))
    assert page.tabs.tabText(page.timeline_tab) == "Timeline (3)"
    assert len(contacts.for_client(context.db, person)) == 3


def test_contact_note_without_a_summary_is_refused(qtbot, page, context, person):
    click(qtbot, page.add_contact)
    dialog = page.dialog
    dialog.time.setText("")
    qtbot.keyClicks(dialog.time, "25:70")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert "Write a short summary of what happened or what was agreed." in dialog.error.text()
    assert "“25:70” is not a time" in dialog.error.text()
    assert len(contacts.for_client(context.db, person)) == 2


def test_add_a_need_and_change_its_status(qtbot, page, context, person):
    click(qtbot, page.add_need)
    dialog = page.dialog
    assert isinstance(dialog, NeedDialog)
    dialog.domain.setCurrentIndex(dialog.domain.findData("mental_health"))
    dialog.level.setCurrentIndex(dialog.level.findData("medium"))
    qtbot.keyClicks(dialog.notes, "Low mood; not registered with a GP")
    click(qtbot, dialog.save_button)

    rows = table_texts(page.needs_table)
    assert rows[1] == [
        "Mental health",
        "Medium",
        "Identified",
        "Low mood; not registered with a GP",
    ]
    assert page.tabs.tabText(page.needs_tab) == "Needs (2)"

    page.tabs.setCurrentIndex(page.needs_tab)
    assert not page.need_status.isEnabled()
    click_row(qtbot, page.needs_table, 1)
    assert page.need_status.isEnabled()
    page.need_status.setCurrentIndex(page.need_status.findData("being_met"))
    page.need_status.activated.emit(page.need_status.currentIndex())
    assert table_texts(page.needs_table)[1][2] == "Being met"
    assert {n["domain"]: n["status"] for n in needs.for_client(context.db, person)} == {
        "housing": "identified",
        "mental_health": "being_met",
    }


def test_a_second_open_need_in_the_same_area_is_refused(qtbot, page):
    click(qtbot, page.add_need)
    dialog = page.dialog
    click(qtbot, dialog.save_button)
    assert "Choose the area of need" in dialog.error.text()
    dialog.domain.setCurrentIndex(dialog.domain.findData("housing"))
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert "already has a need for housing and homelessness" in dialog.error.text()
    assert len(table_texts(page.needs_table)) == 1


def test_add_a_follow_up_and_mark_it_done(qtbot, page, context, person):
    click(qtbot, page.add_followup)
    dialog = page.dialog
    assert isinstance(dialog, FollowupDialog)
    qtbot.keyClicks(dialog.what, "Check she got to the CAB appointment")
    click(qtbot, dialog.quick_buttons["Tomorrow"])
    assert dialog.due.edit.text() == days(1).strftime("%d/%m/%Y")
    click(qtbot, dialog.save_button)

    rows = table_texts(page.followups_table)
    assert rows[1][:2] == [show_date(str(days(1))), "Check she got to the CAB appointment"]
    assert page.tabs.tabText(page.followups_tab) == "Follow-ups (2)"

    page.tabs.setCurrentIndex(page.followups_tab)
    click_row(qtbot, page.followups_table, 1)
    assert not page.reopen_button.isEnabled()
    click(qtbot, page.mark_done_button)
    rows = table_texts(page.followups_table)
    # Done ones go to the bottom, greyed, with the day they were done.
    assert rows[-1][1] == "Check she got to the CAB appointment"
    assert rows[-1][3] == "Done " + show_date(str(today()))
    assert page.tabs.tabText(page.followups_tab) == "Follow-ups (1)"
    done = [f for f in followups.for_client(context.db, person) if f["done"]]
    assert [f["done_on"] for f in done] == [str(today())]

    click_row(qtbot, page.followups_table, 1)
    click(qtbot, page.reopen_button)
    assert table_texts(page.followups_table)[1][3] == ""


def test_marking_the_overdue_follow_up_done_clears_the_warning(qtbot, page):
    page.tabs.setCurrentIndex(page.followups_tab)
    click_row(qtbot, page.followups_table, 0)
    click(qtbot, page.mark_done_button)
    assert "overdue" not in page.alerts.text()
    assert "overdue" not in table_texts(page.followups_table)[0][0]


def test_record_a_withdrawal_of_consent_to_share(qtbot, page, context, person):
    click(qtbot, page.add_consent)
    dialog = page.dialog
    assert isinstance(dialog, ConsentDialog)
    choose(qtbot, dialog.scope_buttons["share"])
    qtbot.keyClicks(dialog.agency_search, "shel")
    qtbot.keyClick(dialog.agency_search, Qt.Key.Key_Return)  # the worker picks it
    assert dialog.agency_list.currentItem().text().startswith("Shelter Plymouth")
    choose(qtbot, dialog.decision_buttons["withdrawn"])
    dialog.how.setCurrentIndex(dialog.how.findData("phone"))
    click(qtbot, dialog.save_button)

    summary = page.consent_summary.text()
    assert f"Consent to share with Shelter Plymouth: withdrawn {show_date(str(today()))}" in summary
    assert "Shelter Plymouth: given" not in summary
    assert table_texts(page.consents_table)[0][1:6] == [
        "Share",
        "Shelter Plymouth",
        "Withdrawn",
        "Verbally, by phone",
        "Alex Carter",
    ]


def test_add_a_court_date_from_the_page(qtbot, page, context, person):
    click(qtbot, page.add_hearing)
    dialog = page.dialog
    assert isinstance(dialog, HearingDialog)
    assert dialog.picker is None  # the person is already known
    dialog.date.edit.clear()
    qtbot.keyClicks(dialog.date.edit, days(30).strftime("%d/%m/%Y"))
    qtbot.keyClicks(dialog.courtroom, "1")
    click(qtbot, dialog.save_button)
    assert [r[0] for r in table_texts(page.hearings_table)] == [
        show_date(str(days(30))),
        show_date(str(days(9))),
    ]
    assert page.tabs.tabText(page.hearings_tab) == "Court dates (2)"


def test_a_person_with_no_records_shows_empty_sections_and_the_consent_gap(qtbot, context):
    cid = add_person(context.db, "Tom", "Hocking")
    page = ClientPage(context)
    qtbot.addWidget(page)
    page.load(cid)
    page.show()
    assert page.name.text() == "Tom Hocking"
    assert "Date of birth not known" in page.details.text()
    assert "No keyworker" in page.details.text()
    assert not page.risk.isVisible()
    assert page.hold_banner.isVisible()
    assert "has not been asked yet" in page.hold_banner.text.text()
    assert "Consent to hold information: not recorded yet" in page.consent_summary.text()
    for table in (page.timeline_table, page.hearings_table, page.needs_table):
        assert table.rowCount() == 0
    assert not page.open_hearing_button.isEnabled()


def test_changes_made_elsewhere_show_when_the_page_is_next_shown(qtbot, page, context, person):
    page.hide()
    needs.create(context.db, {"client_id": person, "domain": "money", "level": "low"})
    context.notify_changed()
    page.show()
    assert [r[0] for r in table_texts(page.needs_table)] == [
        "Housing and homelessness",
        "Money and debt",
    ]


def test_edit_details_opens_the_client_dialog_for_this_person(qtbot, page, person):
    click(qtbot, page.edit)
    dialog = page.dialog
    assert isinstance(dialog, ClientDialog)
    assert dialog.client_id == person
    assert dialog.phone.text() == "07700 900123"
    dialog.phone.clear()
    qtbot.keyClicks(dialog.phone, "01752 000111")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert page.profile["phone"].text() == "01752 000111"
    assert page.name.text() == "Siân Pengelly (Sia)"


def test_every_empty_tab_says_so_and_the_words_go_once_there_is_a_record(qtbot, context):
    # Issue 9 #14: the Timeline, Referrals and Court dates tabs were blank tables.
    bare = add_person(context.db, "Jago", "Trelawny")
    widget = ClientPage(context)
    qtbot.addWidget(widget)
    widget.resize(1024, 700)
    widget.load(bare)
    widget.show()
    for tab, note in widget.empty_notes.items():
        widget.tabs.setCurrentIndex(getattr(widget, tab))
        assert note.isVisible(), tab
        assert note.text().startswith("No "), tab
    assert widget.empty_notes["hearings_tab"].text() == (
        "No court dates yet. Add court date (above) adds one."
    )
    widget.tabs.setCurrentIndex(widget.timeline_tab)
    contacts.create(context.db, {"client_id": bare, "kind": "court", "at": "2026-11-27T10:30"})
    context.notify_changed()
    qtbot.waitUntil(lambda: not widget.empty_notes["timeline_tab"].isVisible(), timeout=5_000)


def test_a_long_note_on_the_timeline_is_only_as_tall_as_its_wrapped_lines(qtbot, page, context):
    # Rows used to be measured while the tab was hidden and its Summary column narrow, so
    # a four-line note stood in a row taller than the screen.
    page.resize(1024, 700)
    contacts.create(
        context.db,
        {
            "client_id": page.client_id,
            "kind": "outreach",
            "at": f"{days(-1)}T16:30",
            "place": "Outreach: town centre",
            "duration_minutes": 10,
            "summary": "Met at the day centre with the outreach team. " * 4,
            "worker_id": context.worker_id,
        },
    )
    context.notify_changed()
    page.tabs.setCurrentIndex(page.timeline_tab)
    table = page.timeline_table
    qtbot.waitUntil(lambda: table.rowCount() == 3 and table.isVisible(), timeout=5_000)
    line = table.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: table.rowHeight(0) == table.sizeHintForRow(0), timeout=5_000)
    assert line * 2 < table.rowHeight(0) < line * 12
    assert table.rowHeight(1) < line * 3  # a one-line note stays one line
    page.resize(1600, 700)  # wider: the same note takes fewer lines
    qtbot.waitUntil(lambda: table.rowHeight(0) == table.sizeHintForRow(0), timeout=5_000)
