"""The form screen and the person's Assessments tab, driven as a worker would: by keyboard."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from cass_desktop import assessments
from cass_desktop.data import agencies, needs
from cass_desktop.data import assessments as assessment_data
from cass_desktop.ui.assessments.form_screen import AssessmentWindow
from cass_desktop.ui.assessments.tab import AssessmentsTab
from cass_desktop.ui.people.client_page import ClientPage
from cass_desktop.ui.referrals.referral_dialog import ReferralDialog
from tests.helpers.people import add_person


@pytest.fixture
def person(context) -> str:
    return add_person(context.db, "Morwenna", "Trewin", postcode="PL1 2AB")


@pytest.fixture(autouse=True)
def _close_windows_before_the_store(qapp, context):
    """Close the assessment windows a test leaves open while their store is still open (each
    saves its draft as it closes)."""
    yield
    for widget in qapp.topLevelWidgets():
        if isinstance(widget, AssessmentWindow | ReferralDialog) and widget.isVisible():
            widget.close()


@pytest.fixture
def tab(qtbot, context, person) -> AssessmentsTab:
    widget = AssessmentsTab(context)
    qtbot.addWidget(widget)
    widget.load(person)
    return widget


def press(qtbot, window: AssessmentWindow, key) -> None:
    """A key to whatever has the focus in the window (as a person typing)."""
    target = window.focusWidget() or window
    qtbot.keyClick(target, key)


def focused_question(window: AssessmentWindow):
    focus = window.focusWidget()
    return window._question_of(focus) if focus is not None else None


def test_phq9_by_keyboard_shows_score_band_and_item9_flag(qtbot, tab, context, person):
    window = tab.start("phq-9")
    window.activateWindow()
    qtbot.waitUntil(lambda: focused_question(window) is not None)
    assert focused_question(window).field.id == "q1"
    # Items 1-8 answered 1 ("Several days"), item 9 answered 1: total 9, mild, and the flag.
    for n in range(1, 10):
        assert focused_question(window).field.id == f"q{n}"
        press(qtbot, window, Qt.Key.Key_1)
        press(qtbot, window, Qt.Key.Key_Return)
    assert "9 of 27" in window.score.text() and "Mild" in window.score.text()
    assert "Question 9 was answered above 0" in window.flags.text()
    # The item-9 flag stands whatever the total: with every other item at 0 it is still shown.
    for n in range(1, 9):
        window.questions[f"q{n}"].focus_target().setFocus()
        press(qtbot, window, Qt.Key.Key_0)
    assert "1 of 27" in window.score.text() and "Minimal" in window.score.text()
    assert "Question 9 was answered above 0" in window.flags.text()
    # Difficulty (not required) is where Enter after item 9 went; Enter again reaches Complete.
    assert focused_question(window) is not None
    window.questions["difficulty"].focus_target().setFocus()
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.focusWidget() is window.complete_button
    press(qtbot, window, Qt.Key.Key_Space)
    [done] = assessments.history(context.db, person)
    assert done.record.scores["total"] == 1
    assert [f["id"] for f in done.record.flags] == ["item9"]
    assert window.stack.currentWidget() is window.results_page
    assert "Question 9 was answered above 0" in window.results.summary.text()


def test_required_answers_are_checked_before_complete(qtbot, tab, context, person):
    window = tab.start("phq-9")
    window.questions["q1"].focus_target().setFocus()
    press(qtbot, window, Qt.Key.Key_2)
    qtbot.mouseClick(window.complete_button, Qt.MouseButton.LeftButton)
    assert assessments.history(context.db, person) == []
    assert "8 questions need an answer" in window.problems.text()
    assert window.questions["q2"].problem.isVisibleTo(window)
    assert focused_question(window).field.id == "q2"
    press(qtbot, window, Qt.Key.Key_0)
    assert not window.questions["q2"].problem.isVisibleTo(window)
    assert window.questions["q3"].problem.isVisibleTo(window)  # still unanswered


def test_show_if_hides_and_shows_questions(qtbot, tab):
    window = tab.start("ld-screen")
    urgency = window.questions["housing_urgency"]
    assert not urgency.isVisibleTo(window)
    window.questions["consent"].focus_target().setFocus()
    press(qtbot, window, Qt.Key.Key_Y)
    window.questions["housing_level"].focus_target().setFocus()
    press(qtbot, window, Qt.Key.Key_4)  # high
    assert urgency.isVisibleTo(window)
    press(qtbot, window, Qt.Key.Key_1)  # no need found
    assert not urgency.isVisibleTo(window)


def test_a_draft_survives_closing_the_window_and_resumes(qtbot, tab, context, person):
    window = tab.start("gad-7")
    window.questions["q1"].focus_target().setFocus()
    press(qtbot, window, Qt.Key.Key_3)
    press(qtbot, window, Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_2)
    window.close()  # saved at once on closing, without waiting for the pause
    [draft] = assessments.drafts(context.db, person)
    assert assessments.draft(context.db, draft["id"]).answers == {"q1": 3, "q2": 2}
    tab.refresh()
    assert tab.drafts_table.rowCount() == 1 and tab.drafts_table.isVisibleTo(tab)
    again = tab.resume()
    assert again.questions["q1"].value() == 3 and again.questions["q2"].value() == 2
    assert "3 of 21" not in again.score.text()  # incomplete: 5 so far, not a total
    assert "not complete yet" in again.score.text()


def test_a_draft_is_saved_after_a_pause_in_typing(qtbot, tab, context, person):
    window = tab.start("gad-7")
    window.questions["q1"].focus_target().setFocus()
    press(qtbot, window, Qt.Key.Key_1)
    [draft] = assessments.drafts(context.db, person)
    qtbot.waitUntil(lambda: assessments.draft(context.db, draft["id"]).answers == {"q1": 1})


def test_a_completed_assessment_cannot_be_edited(qtbot, tab, context, person):
    draft = assessments.start(context.db, person, "gad-7", worker_id=context.worker_id)
    done = assessments.complete(
        context.db, draft.id, {f"q{n}": 1 for n in range(1, 8)}, worker_id=context.worker_id
    )
    before = assessment_data.get(context.db, done)
    tab.refresh()
    assert tab.done_table.item(0, 2).text() == "7 / 21"
    assert tab.done_table.item(0, 3).text() == "Mild"
    window = tab.open_completed(done)
    assert window.read_only and not window.complete_button.isVisibleTo(window)
    choices = window.questions["q1"].focus_target()
    assert not choices.isEnabled()
    qtbot.keyClick(choices, Qt.Key.Key_3)
    assert window.questions["q1"].value() == 1
    window.close()
    assert assessment_data.get(context.db, done) == before
    # Correcting it starts a new draft from its answers; the first is kept as it was.
    window = tab.open_completed(done)
    fix = window.correct()
    assert fix.questions["q1"].value() == 1 and fix.draft.corrects == done
    assert assessment_data.get(context.db, done) == before


def test_ld_screen_proposes_needs_then_support_and_a_referral(qtbot, tab, context, person):
    db = context.db
    shelter = agencies.create(
        db,
        {
            "name": "Shelter Plymouth",
            "domains": "housing",
            "areas": "Plymouth, PL1",
            "phone": "01752 000111",
        },
    )
    agencies.create(db, {"name": "Leeds Housing", "domains": "housing", "areas": "Leeds"})
    window = tab.start("ld-screen")
    keys = {"consent": Qt.Key.Key_Y, "housing_level": Qt.Key.Key_4, "housing_urgency": Qt.Key.Key_2}
    window.questions["consent"].focus_target().setFocus()
    seen = set()
    while True:
        question = focused_question(window)
        if question is None or question.field.id in seen:
            break
        seen.add(question.field.id)
        field = question.field
        if field.id in keys:
            press(qtbot, window, keys[field.id])
        elif field.id.endswith("_level"):
            press(qtbot, window, Qt.Key.Key_1)  # no need found
        elif field.kind == "yes_no":
            press(qtbot, window, Qt.Key.Key_N if field.id != "housing_help_now" else Qt.Key.Key_Y)
        if field.kind == "long_text":
            qtbot.keyClick(
                window.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
            )
        else:
            press(qtbot, window, Qt.Key.Key_Return)
    assert window.focusWidget() is window.complete_button
    qtbot.mouseClick(window.complete_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.results_page
    [row] = window.results.rows
    assert row.domain.currentData() == "housing"
    assert (row.level.currentData(), row.urgency.currentData()) == ("high", "soon")
    qtbot.mouseClick(window.results.record_button, Qt.MouseButton.LeftButton)
    [need] = needs.for_client(db, person)
    assert (need["domain"], need["level"], need["urgency"]) == ("housing", "high", "soon")
    support = window.results.support
    offered = [agency for _need, agency, _button in support.refer_buttons]
    assert len(offered) == 2 and offered[0] == shelter  # in their area first
    qtbot.mouseClick(support.refer_buttons[0][2], Qt.MouseButton.LeftButton)
    dialog = support.dialog
    assert isinstance(dialog, ReferralDialog)
    qtbot.addWidget(dialog)
    assert dialog.selected_agency() == shelter
    assert [k for k, c in dialog.domain_checks.items() if c.isChecked()] == ["housing"]
    assert dialog.reason.toPlainText().startswith("Housing and homelessness, high need")
    assert dialog.urgency.currentData() == "soon"


def test_the_person_page_has_the_tab_and_the_start_action(qtbot, context, person):
    page = ClientPage(context)
    qtbot.addWidget(page)
    page.load(person)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "Assessments" in titles
    assert page.assessments.start_button.isVisibleTo(page)
    page.assessments.start_button.menu().aboutToShow.emit()
    actions = [a.text() for a in page.assessments.start_menu.actions()]
    assert any("PHQ-9" in a for a in actions) and len(actions) >= 8


def test_the_tab_draws_each_scored_tool_over_time(qtbot, tab, context, person):
    me = context.worker_id
    for n, value in enumerate((3, 2, 1)):
        draft = assessments.start(context.db, person, "phq-9", worker_id=me)
        answers = {f"q{i}": value for i in range(1, 10)}
        assessments.complete(
            context.db, draft.id, answers, worker_id=me, completed_at=f"2026-0{n + 1}-10T10:00:00"
        )
    tab.refresh()
    [chart] = tab.chart_widgets
    assert [p[1] for p in chart.line.points] == [27, 18, 9]
    image = chart.grab().toImage()
    assert not image.isNull() and image.width() >= 240
    assert "9 (Mild)" in chart.toolTip()


def test_a_revised_form_still_opens_old_assessments_with_their_version(qtbot, tab, context, person):
    from pathlib import Path

    me = context.worker_id
    draft = assessments.start(context.db, person, "gad-7", worker_id=me)
    old = assessments.complete(
        context.db, draft.id, {f"q{n}": 1 for n in range(1, 8)}, worker_id=me
    )
    text = (Path(__file__).resolve().parents[3] / "resources" / "forms" / "gad-7.json").read_text()
    revised = json.loads(text)
    revised["version"] += 1
    revised["title"] = "GAD-7 (revised)"
    assessment_data.save_form_document(context.db, "gad-7", json.dumps(revised), revised["version"])
    tab.refresh()
    assert tab.done_table.item(0, 1).text() != "GAD-7 (revised)"
    assert tab.done_table.item(0, 2).text() == "7 / 21"
    window = tab.open_completed(old)
    assert window.definition.version == revised["version"] - 1
    assert "GAD-7 (revised)" in [
        tab.form_choice.itemText(i) for i in range(tab.form_choice.count())
    ]
