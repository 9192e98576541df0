"""The form screen: an assessment built from its definition, saved as the worker types.

Questions appear only while their show-if holds. For a scored form the panel beside the
questions shows the running score, its band and every flag raised (a flag is shown plainly
whatever the total, as the PHQ-9's item 9 must be). Complete checks that every question shown
that needs an answer has one; then the results (proposed needs to confirm, and the package of
support) replace the questions. A completed assessment opens read-only, with a button to
correct it (a new assessment, starting from its answers).

The draft is saved a moment after each change and whenever the window closes, so closing it,
a crash or a locked screen loses nothing; it is resumed from the person's Assessments tab.

The module stays whole though it is a little over 500 lines: it is one window, and each part of
it (laying the questions out, showing what applies, saving the draft, completing) works on the
same questions and score panel; a question's widgets are in questions.py, the results in
results.py.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cass_desktop import assessments, forms
from cass_desktop.data import clients
from cass_desktop.forms import model
from cass_desktop.records.dates import show_datetime, show_time
from cass_desktop.ui.assessments.questions import Question, role
from cass_desktop.ui.assessments.results import ResultsPanel, flag_label, score_lines
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext

SAVE_AFTER_MS = 700  # a pause in typing this long saves the draft
_MOVE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class AssessmentWindow(QDialog):
    """One assessment: a draft to fill in, or a completed one to read (`assessment_id`)."""

    completed = Signal(str)

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        draft_id: str | None = None,
        assessment_id: str | None = None,
        held: forms.Registry | None = None,
    ):
        super().__init__(parent)
        self.context = context
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setModal(False)
        self.held = held or assessments.registry(context.db)
        self.draft: assessments.Draft | None = None
        self.completed_record: assessments.Completed | None = None
        if draft_id is not None:
            self.draft = assessments.draft(context.db, draft_id, held=self.held)
            if self.draft is None:
                raise ValueError("no such draft")
            self.definition = self.draft.definition
            self.client_id = self.draft.client_id
            answers: dict[str, Any] = dict(self.draft.answers)
        else:
            if assessment_id is None:
                raise ValueError("a draft or an assessment is needed")
            found = assessments.core.completed(context.db, assessment_id, held=self.held)
            if found is None or found.definition is None:
                raise forms.FormError(
                    "This assessment's form version is not held here, so it cannot be opened."
                )
            self.completed_record = found
            self.definition = found.definition
            self.client_id = found.row["client_id"]
            answers = dict(found.record.answers)
        self.read_only = self.completed_record is not None
        self._saving = QTimer(self)
        self._saving.setSingleShot(True)
        self._saving.setInterval(SAVE_AFTER_MS)
        self._saving.timeout.connect(self.save_draft)
        self._filling = True

        person = clients.get(context.db, self.client_id) or {}
        self.setWindowTitle(
            self.tr("%1: %2")
            .replace("%1", self.definition.title)
            .replace("%2", clients.display_name(person))
        )
        self._fit_screen(1100, 760)

        self.heading = QLabel()
        self.heading.setObjectName("assessmentHeading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        self.heading.setText(self._heading(person))

        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_questions())
        self.results = ResultsPanel(context, self.client_id, self)
        results_page = QWidget()
        results_layout = QVBoxLayout(results_page)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addWidget(self.results, 1)
        self.answers_button = QPushButton(self.tr("See the answers"))
        self.answers_button.setAutoDefault(False)
        self.answers_button.clicked.connect(lambda: self.stack.setCurrentIndex(0))
        self.results_close = QPushButton(self.tr("Close"))
        self.results_close.setObjectName("resultsClose")
        self.results_close.setAutoDefault(False)
        self.results_close.clicked.connect(self.close)
        bar = QHBoxLayout()
        bar.addWidget(self.answers_button)
        bar.addStretch(1)
        bar.addWidget(self.results_close)
        results_layout.addLayout(bar)
        self.results_page = results_page
        self.stack.addWidget(results_page)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)

        for question in self.questions.values():
            question.set_value(answers.get(question.field.id))
            question.set_read_only(self.read_only)
        self._filling = False
        self.refresh()
        if self.read_only:
            self.complete_button.hide()
            self.close_button.setText(self.tr("Close"))
            self.correct_button.show()
            self.results_button.show()
            self.draft_note.setText(self._completed_words())
        first = self.first_question()
        if first is not None and not self.read_only:
            first.focus_target().setFocus()

    # -- building ------------------------------------------------------------------------------

    def _fit_screen(self, width: int, height: int) -> None:
        """The size asked for, or the screen's room if that is less (a 1024x700 laptop)."""
        screen = self.screen() if self.parentWidget() is None else self.parentWidget().screen()
        room = screen.availableGeometry() if screen is not None else None
        if room is not None:
            width, height = min(width, room.width() - 20), min(height, room.height() - 40)
        self.resize(width, height)

    def _heading(self, person: dict[str, Any]) -> str:
        title = html.escape(self.definition.title)
        who = html.escape(clients.display_name(person))
        purpose = html.escape(self.definition.purpose)
        licence = html.escape(self.definition.licence.describe())
        return (
            f"<span style='font-size:15pt; font-weight:bold'>{title}</span>"
            f"&nbsp;&nbsp;<span style='font-size:12pt'>{who}</span><br>"
            f"<span style='color:{style.NOTE}'>{purpose}</span>"
            f"<br><span style='color:{style.MUTED}; font-size:9pt'>{licence}</span>"
        )

    def _build_questions(self) -> QWidget:
        self.questions: dict[str, Question] = {}
        self.section_boxes: dict[str, QFrame] = {}
        body = QWidget()
        column = QVBoxLayout(body)
        number = 0
        for section in self.definition.sections:
            box = QFrame()
            box.setObjectName(f"section_{section.id}")
            box.setFrameShape(QFrame.Shape.StyledPanel)
            inner = QVBoxLayout(box)
            if section.title:
                heading = QLabel(section.title)  # wraps, as a group box's title cannot
                heading.setWordWrap(True)
                role(heading, "heading")
                inner.addWidget(heading)
            if section.help:
                hint = QLabel(section.help)
                hint.setWordWrap(True)
                role(hint, "help")
                inner.addWidget(hint)
            for field_id in section.fields:
                number += 1
                question = Question(self.definition.field(field_id), number)
                question.changed.connect(self._answer_changed)
                question.focus_target().installEventFilter(self)
                if question.field.kind in model.CHOICE_KINDS or hasattr(question, "choices"):
                    question.editor.installEventFilter(self)
                self.questions[field_id] = question
                inner.addWidget(question)
            self.section_boxes[section.id] = box
            column.addWidget(box)
        column.addStretch(1)
        body.setMaximumWidth(980)  # lines of questions no longer than the eye can follow
        self.scroll = QScrollArea()
        self.scroll.setWidget(body)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        side = QFrame()
        side.setObjectName("scorePanel")
        side.setFrameShape(QFrame.Shape.StyledPanel)
        side.setMinimumWidth(260)
        side.setMaximumWidth(340)
        panel = QVBoxLayout(side)
        self.score_title = QLabel(
            self.tr("Score so far") if self.definition.scored else self.tr("Progress")
        )
        role(self.score_title, "heading")
        self.score = QLabel()
        self.score.setObjectName("runningScore")
        self.score.setWordWrap(True)
        self.score.setTextFormat(Qt.TextFormat.RichText)
        self.flags = QLabel()
        self.flags.setObjectName("runningFlags")
        self.flags.setWordWrap(True)
        self.flags.setTextFormat(Qt.TextFormat.RichText)
        self.progress = QLabel()
        self.progress.setObjectName("progress")
        self.progress.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setObjectName("completeProblems")
        self.problems.setWordWrap(True)
        role(self.problems, "problem")
        self.problems.hide()
        self.draft_note = QLabel()
        self.draft_note.setObjectName("draftNote")
        self.draft_note.setWordWrap(True)
        role(self.draft_note, "help")
        keys = QLabel(
            self.tr(
                "Keys: Tab to the next question, Enter to move on, a number (or Y / N) to "
                "choose, arrows to move between options, Space to tick."
            )
        )
        keys.setWordWrap(True)
        role(keys, "small")
        self.complete_button = QPushButton(self.tr("Complete"))
        self.complete_button.setObjectName("completeButton")
        self.complete_button.setAutoDefault(False)
        self.complete_button.clicked.connect(self.complete)
        self.close_button = QPushButton(self.tr("Close (the draft is kept)"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.close)
        self.correct_button = QPushButton(self.tr("Correct this assessment…"))
        self.correct_button.setObjectName("correctButton")
        self.correct_button.setAutoDefault(False)
        self.correct_button.clicked.connect(self.correct)
        self.correct_button.hide()
        self.results_button = QPushButton(self.tr("Results, needs and support…"))
        self.results_button.setObjectName("resultsButton")
        self.results_button.setAutoDefault(False)
        self.results_button.clicked.connect(self.show_results)
        self.results_button.hide()
        panel.addWidget(self.score_title)
        panel.addWidget(self.score)
        panel.addWidget(self.flags)
        panel.addWidget(self.progress)
        panel.addStretch(1)
        panel.addWidget(self.problems)
        panel.addWidget(self.draft_note)
        panel.addWidget(keys)
        panel.addWidget(self.complete_button)
        panel.addWidget(self.results_button)
        panel.addWidget(self.correct_button)
        panel.addWidget(self.close_button)

        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.scroll, 1)
        row.addWidget(side)
        return page

    # -- answers -------------------------------------------------------------------------------

    def answers(self) -> dict[str, Any]:
        """Every answer given, shown or not (a hidden one is left out when completed)."""
        found = {}
        for field_id, question in self.questions.items():
            value = question.value()
            if forms.answers.is_answered(value):
                found[field_id] = value
        return found

    def visible(self) -> list[Question]:
        return [q for q in self.questions.values() if not q.isHidden()]

    def first_question(self) -> Question | None:
        shown = self.visible()
        return shown[0] if shown else None

    def _answer_changed(self) -> None:
        if self._filling:
            return
        self.refresh()
        if self.draft is not None:
            self._saving.start()

    def refresh(self) -> None:
        """Show the questions whose show-if holds, and the running score, band and flags."""
        answers = self.answers()
        shown = {f.id for f in forms.visible_fields(self.definition, answers)}
        for field_id, question in self.questions.items():
            question.setVisible(field_id in shown)
        for section in self.definition.sections:
            box = self.section_boxes[section.id]
            box.setVisible(any(f in shown for f in section.fields))
        problems = forms.check_answers(self.definition, answers, partial=True)
        wrong = {p.path[0] for p in problems if p.path}
        for field_id, question in self.questions.items():
            if field_id in wrong:
                problem = next(p for p in problems if p.path and p.path[0] == field_id)
                question.show_problem(_sentence(problem.message))
            elif not (question.missing and field_id not in answers):
                question.show_problem(None)
        usable = {k: v for k, v in answers.items() if k not in wrong}
        result = forms.score_answers(self.definition, usable, partial=True)
        self.score.setText("<br>".join(score_lines(self.definition, result.scores, result.bands)))
        self.score.setVisible(self.definition.scored)
        self.flags.setText(
            "".join(flag_label(f.label, f.severity) for f in result.flags) if result.flags else ""
        )
        needed = [
            q
            for q in self.questions.values()
            if q.field.id in shown and q.field.required and q.field.id not in usable
        ]
        answered = sum(1 for f in shown if f in usable)
        words = self.tr("%1 of %2 questions answered").replace("%1", str(answered))
        words = words.replace("%2", str(len(shown)))
        if needed:
            words += "; " + (
                self.tr("1 still needs an answer")
                if len(needed) == 1
                else self.tr("%1 still need an answer").replace("%1", str(len(needed)))
            )
        self.progress.setText(words)

    # -- keys ----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _MOVE_KEYS
        ):
            question = self._question_of(watched)
            if question is not None:
                long_text = question.field.kind == model.LONG_TEXT
                ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
                if not long_text or ctrl:
                    self.move_on(question)
                    return True
        return super().eventFilter(watched, event)

    def _question_of(self, widget: QObject) -> Question | None:
        for question in self.questions.values():
            if widget is question.focus_target() or widget is question.editor:
                return question
        return None

    def move_on(self, question: Question) -> None:
        """Focus the next question shown, or Complete after the last."""
        shown = self.visible()
        try:
            n = shown.index(question)
        except ValueError:
            return
        if n + 1 < len(shown):
            target = shown[n + 1]
            target.focus_target().setFocus(Qt.FocusReason.TabFocusReason)
            self.scroll.ensureWidgetVisible(target)
        elif not self.read_only:
            self.complete_button.setFocus(Qt.FocusReason.TabFocusReason)

    # -- saving --------------------------------------------------------------------------------

    def save_draft(self, *, notify: bool = False) -> None:
        """Keep the answers so far. Saving as the worker types tells no other view (the
        person's page would refresh at every pause); closing does (`notify`)."""
        self._saving.stop()
        if self.draft is None or self.read_only:
            return
        if not assessments.core.draft_held(self.context.db, self.draft.id):
            return  # completed meanwhile
        assessments.save_answers(self.context.db, self.draft.id, self.answers())
        self.draft_note.setText(
            self.tr("Draft saved %1; close at any time and resume from the person's page.").replace(
                "%1", show_time(dt.datetime.now().isoformat(timespec="minutes"))
            )
        )
        if notify:
            self.context.notify_changed()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_draft(notify=True)
        super().closeEvent(event)

    def done(self, result: int) -> None:  # Escape, or closing the window
        self.save_draft(notify=True)
        super().done(result)

    # -- completing ----------------------------------------------------------------------------

    def complete(self) -> str | None:
        if self.draft is None:
            return None
        answers = self.answers()
        self.save_draft()
        try:
            assessment_id = assessments.complete(
                self.context.db, self.draft.id, answers, worker_id=self.context.worker_id
            )
        except forms.AnswersError as error:
            self._show_missing(error)
            return None
        except forms.FormError as error:
            self.problems.setText(str(error))
            self.problems.show()
            return None
        self.draft = None
        self.read_only = True
        self.context.notify_changed()
        self.completed.emit(assessment_id)
        found = assessments.core.completed(self.context.db, assessment_id, held=self.held)
        if found is not None:
            self.completed_record = found
            self.results.show_assessment(found)
            self.stack.setCurrentWidget(self.results_page)
            self._completed_now()
        return assessment_id

    def _completed_now(self) -> None:
        """Just completed: the answers stay to read, no longer to change."""
        for question in self.questions.values():
            question.set_read_only(True)
        self.complete_button.hide()
        self.close_button.setText(self.tr("Close"))
        self.results_button.show()
        self.draft_note.setText(self._completed_words())

    def show_results(self) -> None:
        if self.completed_record is not None:
            self.results.show_assessment(self.completed_record)
            self.stack.setCurrentWidget(self.results_page)

    def _show_missing(self, error: forms.AnswersError) -> None:
        first: Question | None = None
        count = 0
        for problem in error.problems:
            question = self.questions.get(problem.path[0]) if problem.path else None
            if question is None:
                continue
            count += 1
            if "needs an answer" in problem.message:
                question.show_problem(self.tr("Answer this before completing."), missing=True)
            else:
                question.show_problem(_sentence(problem.message))
            first = first or question
        self.problems.setText(
            self.tr("1 question needs an answer before this can be completed.")
            if count == 1
            else self.tr("%1 questions need an answer before this can be completed.").replace(
                "%1", str(count)
            )
        )
        self.problems.show()
        if first is not None:
            self.scroll.ensureWidgetVisible(first)
            first.focus_target().setFocus()

    def correct(self) -> AssessmentWindow | None:
        """Start a correction: a new assessment from these answers, this one kept as it is."""
        if self.completed_record is None:
            return None
        draft = assessments.start(
            self.context.db,
            self.client_id,
            self.completed_record.record.form_id,
            worker_id=self.context.worker_id,
            corrects=self.completed_record.id,
            held=self.held,
        )
        self.context.notify_changed()
        window = AssessmentWindow(self.context, self.parentWidget(), draft_id=draft.id)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        self.close()
        return window

    def _completed_words(self) -> str:
        assert self.completed_record is not None
        who = self.completed_record.row.get("completed_by_name") or self.tr("a worker")
        words = (
            self.tr("Completed %1 by %2. A completed assessment is not changed: to put it right, ")
            .replace("%1", show_datetime(self.completed_record.record.completed_at))
            .replace("%2", who)
        )
        return words + self.tr("correct it (a new assessment that says what it corrects).")


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] + "."
