"""The one dialog shell every record dialog is built on: a person's details, a contact note,
a need, a follow-up, a consent, a court date, an agency and a referral.

What it gives each of them, so they all behave alike (issue 9, items 1, 7, 10 and 15):

- a Save (the default button) and a Cancel button, and a line for what needs putting right,
  whose space is kept while it is empty, so a message appearing never moves the fields;
- Enter saves, wherever the cursor is (in a field of several lines Enter starts a new line
  and Ctrl+Enter saves); a search box above a list of matches may take Enter to pick one;
- Escape, Cancel or closing the window with changes not saved asks first ("Discard the
  changes to this person?"); closing from code (`reject()`) never asks;
- it opens with the cursor in its first field (or the one the dialog chose) and Tab goes
  through the fields in the order they are shown, ending at Save and Cancel.

A dialog says how to save by overriding `submit()`: check, save, and `accept()` when saved.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QWidget,
)

from cass_desktop.ui.shell import style

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def problem_line(name: str = "validationError", lines: int = 2) -> QLabel:
    """A red line for what needs putting right; hidden while empty, its space kept."""
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(style.ERROR_STYLE)
    label.setWordWrap(True)
    reserve_space(label, lines)
    label.hide()
    return label


def reserve_space(label: QLabel, lines: int = 1) -> None:
    """Keep the room for `lines` of text while `label` is hidden, so nothing moves."""
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    policy.setVerticalPolicy(QSizePolicy.Policy.Fixed)
    label.setSizePolicy(policy)
    label.setFixedHeight(label.fontMetrics().lineSpacing() * lines + 2)


class FieldProblem(QLabel):
    """What is wrong with one field, on the one line kept for it under the field.

    The line's height is kept while it is empty or hidden, so a message appearing never moves
    the fields below (issue 9, item 10). A message longer than the line is cut short with an
    ellipsis; `text()` and the tooltip hold all of it.
    """

    def __init__(self, name: str):
        super().__init__()
        self.setObjectName(name)
        self.setStyleSheet(style.ERROR_STYLE)
        self.setWordWrap(False)
        reserve_space(self, 1)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, self.sizePolicy().verticalPolicy())
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.hide()

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.height())

    def sizeHint(self) -> QSize:
        return QSize(0, self.height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(QColor(style.ERROR))
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, self.width()
        )
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, shown)


def focus_chain(layout: QLayout) -> Iterator[QWidget]:
    """The widgets that take keyboard focus, in the order the layout shows them."""
    for index in range(layout.count()):
        item = layout.itemAt(index)
        widget = item.widget()
        if widget is not None:
            if isinstance(widget, QComboBox | QAbstractSpinBox) or widget.layout() is None:
                if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                    yield widget
            else:
                yield from focus_chain(widget.layout())
        elif item.layout() is not None:
            yield from focus_chain(item.layout())


class _EnterInTextBoxes(QObject):
    """Ctrl+Enter in a box of several lines saves the dialog (plain Enter starts a line)."""

    def __init__(self, dialog: DialogShell):
        super().__init__(dialog)
        self.dialog = dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _ENTER
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.dialog.submit()
            return True
        return False


class DialogShell(QDialog):
    """A dialog with Save and Cancel, a problem line, and the keyboard behaviour above."""

    # Asked before throwing away what was typed; a dialog names its record.
    discard_question = "Discard the changes?"

    def __init__(self, parent: QWidget | None = None, *, save_text: str | None = None):
        super().__init__(parent)
        self.error = problem_line()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton(save_text or self.tr("Save"))
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.cancel)
        self.first_field: QWidget | None = None
        self._shown_once = False
        self._opened_state: list[object] | None = None
        self._text_keys = _EnterInTextBoxes(self)

    # What a dialog overrides ----------------------------------------------------------------

    def submit(self) -> None:
        """Check and save what was typed; `accept()` once saved. Enter and Save call this."""
        self.accept()

    # Problems ---------------------------------------------------------------------------------

    def show_problems(self, problems: list[str]) -> None:
        self.error.setText("\n".join(problems))
        self.error.setVisible(bool(problems))
        if problems:
            self.error.setToolTip("\n".join(problems))

    # Changes not saved ------------------------------------------------------------------------

    def _state(self) -> list[object]:
        state: list[object] = []
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QLineEdit):
                state.append(widget.text())
            elif isinstance(widget, QPlainTextEdit | QTextEdit):
                state.append(widget.toPlainText())
            elif isinstance(widget, QComboBox):
                state.append((widget.currentIndex(), widget.currentText()))
            elif isinstance(widget, QAbstractSpinBox):
                state.append(widget.text())
            elif isinstance(widget, QAbstractButton) and widget.isCheckable():
                state.append(widget.isChecked())
        return state

    def mark_unchanged(self) -> None:
        """What is shown now counts as nothing changed (after loading a record)."""
        self._opened_state = self._state()

    def has_changes(self) -> bool:
        return self._opened_state is not None and self._state() != self._opened_state

    def cancel(self) -> None:
        """Cancel, Escape or the window's close button: ask first if anything was changed."""
        if self.has_changes() and not self.confirm_discard():
            return
        self.reject()

    def confirm_discard(self) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.windowTitle())
        box.setText(self.tr(self.discard_question))
        discard = box.addButton(self.tr("Discard changes"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is discard

    def _fit_on_screen(self) -> None:
        """Never larger than the screen (1024x700 upward), and wholly on it."""
        screen = self.screen()
        if screen is None:
            return
        room = screen.availableGeometry()
        width = min(self.width(), room.width())
        height = min(self.height(), room.height() - 30)  # the window's title bar
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
            frame = self.frameGeometry()
            frame.moveCenter(room.center())
            frame.moveTop(max(room.top(), frame.top()))
            self.move(frame.topLeft())

    # Keys and focus --------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER:
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused is not self.save_button:
                focused.click()  # Enter on a button the person moved to presses it
            else:
                self.submit()
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.Cancel):
            event.accept()
            self.cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if event.spontaneous() and self.has_changes() and not self.confirm_discard():
            event.ignore()
            return
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._shown_once:
            return
        self._shown_once = True
        self._fit_on_screen()
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self.save_button.setDefault(True)
        for box in self.findChildren(QPlainTextEdit) + self.findChildren(QTextEdit):
            box.installEventFilter(self._text_keys)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.submit)
        chain = list(focus_chain(self.layout())) if self.layout() is not None else []
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        first = self.first_field
        if first is None:
            chosen = self.focusWidget()
            if chosen is not None and not isinstance(chosen, QAbstractButton):
                first = chosen
        if first is None:
            first = next(
                (w for w in chain if w.isEnabled() and not isinstance(w, QPushButton)), None
            )
        if first is not None:
            first.setFocus(Qt.FocusReason.TabFocusReason)
        if self._opened_state is None:
            self.mark_unchanged()
