"""The Today page: in court today, seen today and follow-ups due, at a glance and a click."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from PySide6.QtCore import Qt

from cass_desktop.data import contacts, followups, hearings, sites
from cass_desktop.records.dates import today
from cass_desktop.ui.court.hearing_dialog import HearingDialog
from cass_desktop.ui.court.hearings_model import long_date
from cass_desktop.ui.today.section import CLIENT_ROLE
from cass_desktop.ui.today.today_view import TodayPage
from tests.helpers.people import add_person


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


def texts(section, column: int) -> list[str]:
    return [item.text(column) for item in section.items()]


def test_header_shows_the_date_and_who_is_working_where(page):
    assert page.date_label.text() == long_date(today())
    assert page.worker_label.text() == "Alex Carter at Plymouth Magistrates' Court"


def test_friendly_messages_when_there_is_nothing_yet(page):
    assert page.court.stack.currentWidget() is page.court.empty
    assert page.court.empty.text().startswith(
        "No hearings listed for today at Plymouth Magistrates' Court."
    )
    assert page.court.title.text() == "In court today at Plymouth Magistrates' Court"
    assert page.seen.empty.text().startswith("Nobody seen yet today.")
    assert page.due.empty.text() == "No follow-ups due today, and none overdue."
    assert not page.done_button.isEnabled()


def test_a_hearing_today_at_my_court_is_listed_with_its_outcome_or_none_yet(
    qtbot, context, truro_hearing
):
    jo = add_person(context.db, "Jo", "Pascoe")
    sam = add_person(context.db, "Sam", "Trelawny")
    first = hearings.create(
        context.db,
        {
            "client_id": jo,
            "court_id": context.site_id,
            "starts_at": f"{today()}T10:00",
            "courtroom": "2",
            "charge_summary": "Theft from a shop",
        },
    )
    sentenced = hearings.create(
        context.db,
        {"client_id": sam, "court_id": context.site_id, "starts_at": f"{today()}T09:30"},
    )
    hearings.record_outcome(context.db, sentenced, "sentenced")
    hearings.create(  # tomorrow: not today
        context.db,
        {"client_id": jo, "court_id": context.site_id, "starts_at": f"{days(1)}T10:00"},
    )

    page = TodayPage(context)
    qtbot.addWidget(page)
    page.show()
    assert texts(page.court, 0) == ["09:30", "10:00"]
    assert texts(page.court, 1) == ["", "2"]
    assert texts(page.court, 2) == ["Sam Trelawny", "Jo Pascoe"]  # not Truro's Lee Hocking
    assert texts(page.court, 3) == ["Sentenced", "no outcome yet"]
    assert page.court.title.text() == (
        "In court today at Plymouth Magistrates' Court (2, 1 waiting for an outcome)"
    )
    jo_item = page.court.items()[1]
    assert "Theft from a shop" in jo_item.toolTip(2)
    assert jo_item.font(3).italic()

    # Recording the outcome from Today: two clicks, the button and the outcome.
    page.court.tree.setCurrentItem(jo_item)
    qtbot.mouseClick(page.outcome_button, Qt.MouseButton.LeftButton)
    menu = page.outcome_popup
    qtbot.waitUntil(menu.isVisible)
    [dismissed] = [a for a in menu.actions() if a.text() == "Dismissed or withdrawn"]
    menu.setActiveAction(dismissed)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    assert hearings.get(context.db, first)["outcome"] == "dismissed"
    assert texts(page.court, 3) == ["Sentenced", "Dismissed or withdrawn"]
    # The whole hearing is still there to edit, from the row's menu.
    page.edit_hearing()
    dialog = page.hearing_dialog
    assert isinstance(dialog, HearingDialog)
    assert dialog.hearing_id == first
    dialog.reject()
    assert page.court.title.text().endswith("(2)")


@pytest.fixture
def truro_hearing(context) -> str:
    truro = sites.create_site(
        context.db, {"name": "Truro Magistrates' Court", "code": "TRU", "kind": "court"}
    )
    lee = add_person(context.db, "Lee", "Hocking")
    return hearings.create(
        context.db, {"client_id": lee, "court_id": truro, "starts_at": f"{today()}T10:00"}
    )


def test_activating_a_person_opens_their_page(qtbot, context):
    jo = add_person(context.db, "Jo", "Pascoe")
    hearings.create(
        context.db,
        {"client_id": jo, "court_id": context.site_id, "starts_at": f"{today()}T10:00"},
    )
    page = TodayPage(context)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    item = page.court.items()[0]
    assert item.data(0, CLIENT_ROLE) == jo
    tree = page.court.tree
    rect = tree.visualItemRect(item)
    with qtbot.waitSignal(context.client_requested, timeout=30_000) as opened:
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [jo]
    # ... and so does Enter on the chosen row.
    with qtbot.waitSignal(context.client_requested, timeout=30_000) as opened:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert opened.args == [jo]


def test_follow_ups_due_show_how_late_and_mark_done_removes_them(qtbot, context, page):
    kit = add_person(context.db, "Kit", "Rowe")
    lee = add_person(context.db, "Lee", "Hocking")
    other_worker = sites.create_worker(context.db, {"name": "Sam Jago", "site_id": context.site_id})
    late = followups.create(
        context.db,
        {
            "client_id": kit,
            "due_on": str(days(-3)),
            "what": "Ring the housing team about the bond",
            "worker_id": context.worker_id,
        },
    )
    followups.create(
        context.db, {"client_id": lee, "due_on": str(today()), "what": "Check benefits claim"}
    )
    followups.create(  # next week: not due yet
        context.db,
        {"client_id": lee, "due_on": str(days(7)), "what": "Letter to GP"},
    )
    followups.create(  # someone else's
        context.db,
        {"client_id": lee, "due_on": str(today()), "what": "Sam's call", "worker_id": other_worker},
    )
    context.notify_changed()

    assert texts(page.due, 0) == ["3 days overdue", "Today"]
    assert texts(page.due, 1) == ["Kit Rowe", "Lee Hocking"]
    assert texts(page.due, 2) == ["Ring the housing team about the bond", "Check benefits claim"]
    assert page.due.title.text() == "Follow-ups due (2, 1 overdue)"
    overdue = page.due.items()[0]
    assert overdue.font(0).bold()
    # The due date in the tooltip, after the cell's own words (in full where they narrow).
    assert overdue.toolTip(0) == f"3 days overdue\nDue {days(-3).day} {days(-3):%b %Y}"

    page.due.tree.setCurrentItem(overdue)
    assert page.done_button.isEnabled()
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    assert texts(page.due, 1) == ["Lee Hocking"]
    assert followups.get(context.db, late)["done_on"] == today().isoformat()
    assert page.done_message.text() == "Done: “Ring the housing team about the bond” for Kit Rowe."

    # Ticked by mistake: Undo puts it back.
    assert page.undo_button.isVisible()
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert texts(page.due, 1) == ["Kit Rowe", "Lee Hocking"]
    assert not page.undo_button.isVisible()


def test_seen_today_lists_contact_notes_made_today_at_this_site(qtbot, context, page):
    jo = add_person(context.db, "Jo", "Pascoe")
    sam = add_person(context.db, "Sam", "Trelawny")
    truro = sites.create_site(context.db, {"name": "Truro Magistrates' Court", "kind": "court"})
    truro_worker = sites.create_worker(context.db, {"name": "Pat Nance", "site_id": truro})
    contacts.create(
        context.db,
        {
            "client_id": jo,
            "kind": "court",
            "at": f"{today()}T09:10",
            "summary": "Met before the hearing; sleeping at a friend's since Tuesday.",
            "worker_id": context.worker_id,
        },
    )
    contacts.create(  # yesterday
        context.db,
        {"client_id": sam, "kind": "phone", "at": f"{days(-1)}T15:00", "summary": "Rang"},
    )
    contacts.create(  # today, but at Truro
        context.db,
        {"client_id": sam, "kind": "court", "at": f"{today()}T11:00", "worker_id": truro_worker},
    )
    context.notify_changed()

    assert texts(page.seen, 0) == ["09:10"]
    assert texts(page.seen, 1) == ["Jo Pascoe"]
    assert texts(page.seen, 2) == ["At court · Alex Carter"]
    assert texts(page.seen, 3) == ["Met before the hearing; sleeping at a friend's since Tuesday."]
    assert page.seen.title.text() == "Seen today (1 person)"


def test_a_hidden_page_catches_up_when_shown(qtbot, context, page):
    page.hide()
    jo = add_person(context.db, "Jo", "Pascoe")
    hearings.create(
        context.db,
        {"client_id": jo, "court_id": context.site_id, "starts_at": f"{today()}T10:00"},
    )
    context.notify_changed()
    assert page.court.items() == []  # not refreshed while nobody can see it
    page.show()
    assert texts(page.court, 2) == ["Jo Pascoe"]


def _shown_in_full(tree, item, column: int) -> bool:
    """Whether a cell's whole text fits its column (nothing elided)."""
    from PySide6.QtGui import QFontMetrics

    needed = QFontMetrics(item.font(column)).horizontalAdvance(item.text(column))
    return tree.header().sectionSize(column) >= needed + 6


def _inside(tree) -> bool:
    """Whether every column starts inside the list's width (nothing off to the side)."""
    header = tree.header()
    return all(
        header.sectionPosition(c) + 20 <= tree.viewport().width() for c in range(tree.columnCount())
    )


@pytest.mark.parametrize("size", [(1024, 700), (1920, 1080)])
def test_outcomes_show_in_full_and_every_column_fits_from_1024x700(qtbot, context, size):
    """Issue 9, item 9: at 1024x700 the outcome was cut ("Adjourned · n…") and the referrals
    to follow up ran off the side; now every column starts on screen, the outcome is whole,
    and what must narrow is elided with its whole text as the tooltip."""
    from cass_desktop.data import agencies, referrals
    from cass_desktop.ui.shell.main_window import MainWindow

    names = [("Shahid", "Chowdhury-Rahman"), ("Morwenna", "Pengelly-Trethewey")]
    for n, (given, family) in enumerate(names):
        client = add_person(context.db, given, family)
        hearing = hearings.create(
            context.db,
            {
                "client_id": client,
                "court_id": context.site_id,
                "starts_at": f"{today()}T1{n}:00",
                "courtroom": "Court 5",
            },
        )
        hearings.record_outcome(
            context.db,
            hearing,
            "sent_crown_court" if n else "adjourned",
            next_hearing_at=f"{days(14)}T10:00",
        )
        agency = agencies.create(
            context.db, {"name": "Liaison and Diversion Nurses, Devon Partnership Trust"}
        )
        referrals.create(
            context.db,
            {
                "client_id": client,
                "agency_id": agency,
                "status": "made",
                "reason": "Housing",
                "followup_due": days(-3).isoformat(),
            },
        )
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    page = window.findChild(TodayPage)
    qtbot.waitUntil(lambda: len(page.court.items()) == 2)
    qtbot.wait(50)  # the layout settles
    if (shots := os.environ.get("CASS_SHOTS")) is not None:
        window.grab().save(f"{shots}/today-{size[0]}.png")
    for item in page.court.items():
        assert "next" in item.text(3)
        assert _shown_in_full(page.court.tree, item, 3), item.text(3)
    for section in (page.court, page.due, page.referral_due, page.seen):
        assert _inside(section.tree), section.tree.objectName()
    referral_tree = page.referral_due.tree
    assert referral_tree.topLevelItemCount() == 2
    for item in page.referral_due.items():  # how late it is, whole ("3 days overdue")
        assert "overdue" in item.text(0) and _shown_in_full(referral_tree, item, 0)
    for item in page.referral_due.items():
        for column in range(referral_tree.columnCount()):
            if not _shown_in_full(referral_tree, item, column):
                assert item.text(column) in item.toolTip(column)  # elided, whole in the tip
