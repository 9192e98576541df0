"""Quick drop-in capture, driven from the keyboard: found or added, consent, why, help, next
step; closed part way and resumed from Today with nothing lost."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cass_desktop.data import clients, consents, contacts, court_day, followups, needs
from cass_desktop.ui.today.court_day_bar import CourtDayBar
from tests.helpers.qt import type_into


def _enter(qtbot, widget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_interrupted_by_closing_the_window_and_resumed(qtbot, context):
    bar = CourtDayBar(context)
    qtbot.addWidget(bar)
    bar.show()
    assert not bar.resume_button.isVisible()
    capture = bar.start_capture()
    assert capture.search.hasFocus() or capture.focusWidget() is capture.search
    type_into(qtbot, capture.given, "Siân")
    type_into(qtbot, capture.family, "Ní Bhriain")
    type_into(qtbot, capture.born, "01/06/1992")
    _enter(qtbot, capture.born)  # no one alike is held: on to consent
    assert capture.pages.currentIndex() == 1
    capture.hold_yes.setFocus()
    qtbot.keyClick(capture.hold_yes, Qt.Key.Key_Space)
    _enter(qtbot, capture.hold_yes)
    assert capture.pages.currentIndex() == 2
    type_into(qtbot, capture.why, "Eviction notice")
    capture.close()  # the window closed part way: the draft is kept
    assert clients.count(context.db) == 0
    [draft] = court_day.open_drafts(context.db)
    assert draft["draft"]["why"] == "Eviction notice"

    bar.refresh()
    assert bar.resume_button.isVisible()
    qtbot.mouseClick(bar.resume_button, Qt.MouseButton.LeftButton)
    resumed = bar.capture
    assert resumed.pages.currentIndex() == 2
    assert resumed.given.text() == "Siân" and resumed.why.text() == "Eviction notice"
    resumed.need_boxes["housing"].setChecked(True)
    _enter(qtbot, resumed.why)
    type_into(qtbot, resumed.help, "Rang Shelter with them")
    _enter(qtbot, resumed.help)
    resumed.next_buttons["followup"].setChecked(True)
    type_into(qtbot, resumed.next_text, "Check the appointment happened")
    type_into(qtbot, resumed.next_on, "15/12/2026")
    _enter(qtbot, resumed.next_on)  # Save the visit
    [person] = clients.search(context.db, "Ni Bhriain")
    assert person["date_of_birth"] == "1992-06-01"
    [visit] = contacts.for_client(context.db, person["id"])
    assert visit["kind"] == "drop_in" and "Eviction notice" in visit["summary"]
    assert [n["domain"] for n in needs.for_client(context.db, person["id"])] == ["housing"]
    [hold] = consents.for_client(context.db, person["id"])
    assert (hold["scope"], hold["decision"]) == ("hold", "given")
    [due] = followups.for_client(context.db, person["id"])
    assert due["due_on"] == "2026-12-15"
    assert court_day.open_drafts(context.db) == []
    assert bar.capture is None


def test_a_look_alike_is_offered_before_adding_someone_new(qtbot, context):
    held = clients.create(
        context.db,
        {"given_name": "Mohammed", "family_name": "Al-Rashid", "date_of_birth": "1990-02-03"},
        "PLY",
    )
    bar = CourtDayBar(context)
    qtbot.addWidget(bar)
    capture = bar.start_capture()
    type_into(qtbot, capture.given, "Muhammad")
    type_into(qtbot, capture.family, "Alrashid")
    type_into(qtbot, capture.born, "03/02/1990")
    _enter(qtbot, capture.born)
    assert capture.pages.currentIndex() == 0  # stopped to show who it may be
    assert "already held" in capture.error.text()
    assert capture.results.item(0).data(Qt.ItemDataRole.UserRole) == held
    capture.results.setCurrentRow(0)
    _enter(qtbot, capture.results)
    assert capture.pages.currentIndex() == 1
    assert capture.draft()["person_id"] == held
    capture.close()  # kept as a draft, about the person chosen
    [draft] = court_day.open_drafts(context.db)
    assert draft["client_id"] == held


def test_consent_must_be_asked_before_moving_on(qtbot, context):
    bar = CourtDayBar(context)
    qtbot.addWidget(bar)
    capture = bar.start_capture()
    type_into(qtbot, capture.given, "Kit")
    type_into(qtbot, capture.family, "Rowe")
    _enter(qtbot, capture.family)
    _enter(qtbot, capture.hold_yes)
    assert capture.pages.currentIndex() == 1
    assert "agree to their information being held" in capture.error.text()
    capture.close()


def test_caseload_on_today_against_a_capacity_that_can_be_changed(qtbot, context):
    for n in range(3):
        clients.create(
            context.db,
            {
                "given_name": f"P{n}",
                "family_name": "Case",
                "opened_on": "2020-01-01",
                "keyworker_id": context.worker_id,
                "site_id": context.site_id,
            },
            "PLY",
        )
    bar = CourtDayBar(context)
    qtbot.addWidget(bar)
    assert bar.caseload.text() == "Your caseload: 3 of 150 open cases"
    assert bar.review_button.text() == "Due for review (3)…"
    qtbot.mouseClick(bar.review_button, Qt.MouseButton.LeftButton)
    dialog = bar.review_dialog
    assert dialog.list.count() == 3 and "review was due" in dialog.list.item(0).text()
    dialog.capacity.setFocus()
    dialog.capacity.selectAll()
    type_into(qtbot, dialog.capacity, "2")
    bar.refresh()
    assert bar.caseload.text() == "Your caseload: 3 of 2 open cases (over capacity)"
    dialog.reject()


def test_each_need_box_has_an_alt_key_of_its_own(qtbot, context):
    bar = CourtDayBar(context)
    qtbot.addWidget(bar)
    bar.show()
    capture = bar.start_capture()
    type_into(qtbot, capture.given, "Siân")
    type_into(qtbot, capture.family, "Ní Bhriain")
    _enter(qtbot, capture.family)
    capture.hold_yes.setFocus()
    qtbot.keyClick(capture.hold_yes, Qt.Key.Key_Space)
    _enter(qtbot, capture.hold_yes)
    assert capture.pages.currentIndex() == 2
    letters = []
    for box in capture.need_boxes.values():
        text = box.text()
        assert text.count("&") == 1, text
        letters.append(text[text.index("&") + 1].casefold())
    assert len(set(letters)) == len(letters)
    assert not set(letters) & {"w", "b", "n"}  # Why, Back and Next keep theirs
    capture.activateWindow()
    qtbot.waitUntil(capture.isActiveWindow)
    type_into(qtbot, capture.why, "Eviction notice")
    qtbot.keyClick(capture.why, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(capture.need_boxes["housing"].isChecked)  # a button clicks after a moment
    assert capture.focusWidget() is capture.need_boxes["housing"]
    qtbot.keyClick(capture.focusWidget(), Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(capture.need_boxes["money"].isChecked)
    assert not capture.need_boxes["mental_health"].isChecked()
    capture.close()


def test_no_to_holding_refuses_a_need_in_one_sentence_and_keeps_the_minimum(qtbot, context):
    # Issue 13: choose No, try to add a need, see the refusal; nothing more than the minimum.
    from cass_desktop.people import hold

    bar = CourtDayBar(context)
    qtbot.addWidget(bar)
    bar.show()
    capture = bar.start_capture()
    type_into(qtbot, capture.given, "Kit")
    type_into(qtbot, capture.family, "Rowe")
    type_into(qtbot, capture.born, "14/03/1990")
    _enter(qtbot, capture.born)
    assert capture.pages.currentIndex() == 1
    capture.hold_no.setFocus()
    qtbot.keyClick(capture.hold_no, Qt.Key.Key_Space)
    assert capture.minimum_note.isVisible()
    assert "only the minimum is kept" in capture.minimum_note.text()
    _enter(qtbot, capture.hold_no)
    assert capture.pages.currentIndex() == 2
    assert capture.step_notes[0].isVisible()  # said plainly on the page
    capture.need_boxes["housing"].click()
    _enter(qtbot, capture.why)
    assert capture.pages.currentIndex() == 2  # refused: stays on the step
    assert capture.error.text().startswith("Not kept: they have not agreed")
    capture.need_boxes["housing"].click()  # cleared
    _enter(qtbot, capture.why)
    _enter(qtbot, capture.help)
    assert capture.pages.currentIndex() == 4
    with qtbot.waitSignal(capture.finished_capture, timeout=30_000) as done:
        qtbot.mouseClick(capture.next_button, Qt.MouseButton.LeftButton)
    [cid] = done.args
    person = clients.get(context.db, cid)
    assert (person["given_name"], person["date_of_birth"]) == ("Kit", "1990-03-14")
    assert hold.answer(context.db, cid) == hold.NO
    assert needs.for_client(context.db, cid) == []
    assert len(contacts.for_client(context.db, cid)) == 1
