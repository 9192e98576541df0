"""A hearing's outcome in two clicks: a menu of outcomes (the first click opens it, the second
records one). An outcome that needs more (the next date, the sentence, bail conditions) asks
for just that, with the cursor in it, and Enter records it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QDate, QPoint
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QWidget,
)

from cass_desktop.court import hearings as court_hearings
from cass_desktop.records.vocab import OUTCOMES, OUTCOMES_WITH_DETAIL, OUTCOMES_WITH_NEXT_DATE
from cass_desktop.ui.court.date_box import DateBox
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.style import ERROR_STYLE


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize a window to `width` x `height`, or to the screen it is on when that is smaller
    (1024x700 at the least the app is used at)."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is not None:
        free = screen.availableGeometry()
        width, height = min(width, free.width() - 20), min(height, free.height() - 40)
    window.resize(width, height)


# A next hearing is most often about four weeks on: the date offered, to change.
NEXT_IN_DAYS = 28


class OutcomeDetails(QDialog):
    """The next date (and the sentence or bail conditions) for an outcome that needs them."""

    def __init__(self, outcome: str, held_on: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr(OUTCOMES[outcome]))
        self.setObjectName("outcomeDetails")
        form = QFormLayout(self)
        self.next_date: DateBox | None = None
        self.detail: QLineEdit | None = None
        if outcome in OUTCOMES_WITH_NEXT_DATE:
            self.next_date = DateBox()
            self.next_date.setObjectName("nextDate")
            nxt = held_on + dt.timedelta(days=NEXT_IN_DAYS)
            self.next_date.setDate(QDate(nxt.year, nxt.month, nxt.day))
            label = (
                self.tr("Date at the Crown Court (if known):")
                if outcome == "sent_crown_court"
                else self.tr("&Back at court on:")
            )
            form.addRow(label, self.next_date)
        if outcome in OUTCOMES_WITH_DETAIL:
            self.detail = QLineEdit()
            self.detail.setObjectName("outcomeDetail")
            self.detail.setMaxLength(2000)
            form.addRow(self.tr(OUTCOMES_WITH_DETAIL[outcome]) + ":", self.detail)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        first = self.detail if outcome == "sentenced" else (self.next_date or self.detail)
        if first is not None:
            first.setFocus()

    def next_at(self) -> str | None:
        if self.next_date is None:
            return None
        self.next_date.interpretText()  # what was typed, even before Enter or Tab
        return self.next_date.date().toString("yyyy-MM-dd")

    def detail_text(self) -> str | None:
        return self.detail.text() if self.detail is not None else None


def record(
    context: AppContext,
    hearing: Mapping[str, Any],
    outcome: str,
    parent: QWidget,
    ask: Callable[[OutcomeDetails], bool] | None = None,
) -> bool:
    """Record `outcome` on `hearing`, asking for the next date or detail when it needs them.
    `ask` shows the details dialog (exec by default; tests pass their own). True when saved."""
    next_at = detail = None
    if outcome in OUTCOMES_WITH_NEXT_DATE or outcome in OUTCOMES_WITH_DETAIL:
        held = dt.date.fromisoformat(
            (hearing.get("starts_at") or "")[:10] or dt.date.today().isoformat()
        )
        dialog = OutcomeDetails(outcome, held, parent)
        while True:
            shown = ask(dialog) if ask else dialog.exec() == QDialog.DialogCode.Accepted
            if not shown:
                dialog.deleteLater()
                return False
            next_at, detail = dialog.next_at(), dialog.detail_text()
            try:
                court_hearings.record_outcome(
                    context.db, hearing["id"], outcome, next_at=next_at, detail=detail
                )
            except court_hearings.OutcomeRefused as refused:
                dialog.error.setText(str(refused))
                if ask:  # a test's answer that was refused: say so and stop
                    return False
                continue
            dialog.deleteLater()
            break
    else:
        try:
            court_hearings.record_outcome(context.db, hearing["id"], outcome)
        except court_hearings.OutcomeRefused as refused:
            QMessageBox.warning(parent, parent.tr("Outcome not recorded"), str(refused))
            return False
    context.notify_changed()
    return True


def outcome_menu(
    context: AppContext,
    hearing: Mapping[str, Any],
    parent: QWidget,
    done: Callable[[], None] | None = None,
) -> QMenu:
    """The outcomes as a menu: choosing one records it."""
    menu = QMenu(parent)
    menu.setObjectName("outcomeMenu")
    for key, words in OUTCOMES.items():
        action = menu.addAction(parent.tr(words) + ("…" if _asks(key) else ""))
        action.setData(key)
        action.setCheckable(True)
        action.setChecked(hearing.get("outcome") == key)

        def chosen(_checked=False, key=key) -> None:
            if record(context, hearing, key, parent) and done:
                done()

        action.triggered.connect(chosen)
    return menu


def _asks(outcome: str) -> bool:
    return outcome in OUTCOMES_WITH_NEXT_DATE or outcome in OUTCOMES_WITH_DETAIL


def pop_up(
    context: AppContext,
    hearing: Mapping[str, Any],
    parent: QWidget,
    at: QPoint,
    done: Callable[[], None] | None = None,
) -> QMenu:
    menu = outcome_menu(context, hearing, parent, done)
    menu.popup(at)
    return menu
