"""Erase…: the confirmation before a person's record is erased for good.

It names the person, asks why (the reasons privacy/erasure.py offers, or other words), and
erases only once the worker has typed ERASE: Cancel is the default button, so Enter or Escape
changes nothing. The erasure itself is privacy.erasure.erase_person, run in the background
on its own store connection (ui/shell/tasks.run_with_store: at head office, with every search
index optimised, it can take seconds); meanwhile the dialog says "Erasing…" and nothing in it
can be pressed, and it closes once the tombstone is left (`self.tombstone`).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.privacy import erasure
from cass_desktop.records.dates import show_date
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.tasks import TaskHandle, run_with_store

CONFIRM_WORD = "ERASE"


def tombstone_words(widget: QWidget, gone: erasure.Tombstone) -> str:
    """'Erased on 1 Dec 2026: retention period ended' (the reason where this store holds it)."""
    day = show_date(gone.erased_on)
    if gone.reason:
        return widget.tr("Erased on %1: %2").replace("%1", day).replace("%2", gone.reason)
    return widget.tr("Erased on %1").replace("%1", day)


class EraseDialog(QDialog):
    """Ask for the reason and a typed confirmation; on Erase, erase and keep the tombstone
    (`self.tombstone`) for the caller to show."""

    def __init__(self, context, person_id: str, name: str, reference: str, parent: QWidget | None):
        super().__init__(parent)
        self.context = context
        self.person_id = person_id
        self.tombstone: erasure.Tombstone | None = None
        self.task: TaskHandle | None = None  # the erasure, while it runs
        self.setWindowTitle(self.tr("Erase a record"))
        who = f"{name} ({reference})" if reference else name
        heading = QLabel(self.tr("Erase %1's record for good?").replace("%1", who))
        heading.setObjectName("eraseHeading")
        heading.setStyleSheet(style.STRONG_WARNING_STYLE)
        heading.setWordWrap(True)
        explain = QLabel(
            self.tr(
                "Their details and every record of theirs (court dates, notes, needs, "
                "referrals, letters, assessments) are removed from this computer, and from head "
                "office and every laptop with the next export. Only the fact that a record was "
                "erased, and when, is kept. This cannot be undone. Backups already made and "
                "letters already printed are not reached: backups are replaced as they rotate."
            )
        )
        explain.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addWidget(QLabel(self.tr("Why is it being erased?")))
        self.reasons = QButtonGroup(self)
        self.reason_buttons: dict[str, QRadioButton] = {}
        choices = {
            "retention": self.tr("The retention period has ended"),
            "asked": self.tr("The person asked for it to be erased (right to erasure)"),
            "error": self.tr("It was recorded in error"),
            erasure.OTHER: self.tr("Another reason:"),
        }
        for key, words in choices.items():
            button = QRadioButton(words)
            button.setObjectName(f"eraseReason_{key}")
            self.reasons.addButton(button)
            self.reason_buttons[key] = button
            layout.addWidget(button)
        self.other = QLineEdit()
        self.other.setObjectName("eraseOther")
        self.other.setMaxLength(erasure.MAX_REASON)
        self.other.setPlaceholderText(self.tr("Why, in a few words (not the person's name)"))
        self.other.setEnabled(False)
        layout.addWidget(self.other)
        layout.addWidget(QLabel(self.tr("Type %1 to confirm:").replace("%1", CONFIRM_WORD)))
        self.confirm = QLineEdit()
        self.confirm.setObjectName("eraseConfirm")
        layout.addWidget(self.confirm)
        self.problem = QLabel()
        self.problem.setObjectName("eraseProblem")
        self.problem.setStyleSheet(style.ERROR_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.working = QLabel(self.tr("Erasing…"))
        self.working.setObjectName("eraseWorking")
        keep_room = self.working.sizePolicy()
        keep_room.setRetainSizeWhenHidden(True)  # shown, it squeezes nothing else
        self.working.setSizePolicy(keep_room)
        self.working.hide()
        layout.addWidget(self.working)
        buttons = QDialogButtonBox()
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button = QPushButton(self.tr("Erase"))
        self.erase_button.setObjectName("eraseButton")
        buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.erase_button.setAutoDefault(False)
        self.cancel_button.setDefault(True)
        buttons.rejected.connect(self.reject)
        self.erase_button.clicked.connect(self.erase)
        layout.addWidget(buttons)
        self.reasons.buttonToggled.connect(self._update)
        self.other.textChanged.connect(self._update)
        self.confirm.textChanged.connect(self._update)
        self._update()

    def reason(self) -> str:
        for key, button in self.reason_buttons.items():
            if button.isChecked():
                return self.other.text().strip() if key == erasure.OTHER else key
        return ""

    def _update(self, *_args) -> None:
        other = self.reason_buttons[erasure.OTHER].isChecked()
        self.other.setEnabled(other and self.task is None)
        ready = bool(self.reason()) and self.confirm.text().strip().upper() == CONFIRM_WORD
        self.erase_button.setEnabled(ready and self.task is None)

    def erase(self) -> None:
        if not self.erase_button.isEnabled():
            return
        person_id, reason = self.person_id, self.reason()
        self.problem.hide()
        self.working.show()
        for button in (*self.reason_buttons.values(), self.cancel_button):
            button.setEnabled(False)
        self.confirm.setEnabled(False)
        self.task = run_with_store(
            self,
            self.context,
            lambda db, _progress: erasure.erase_person(db, person_id, reason),
            self._erased,
            on_error=self._refused,
            changes=True,
        )
        self._update()

    def _erased(self, tombstone: erasure.Tombstone) -> None:
        self.task = None
        self.tombstone = tombstone
        self.working.hide()
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        """Refused (one plain sentence, nothing changed) or failed: the dialog as it was."""
        self.task = None
        self.working.hide()
        for button in (*self.reason_buttons.values(), self.cancel_button):
            button.setEnabled(True)
        self.confirm.setEnabled(True)
        self._update()
        if not isinstance(exc, erasure.ErasureError):
            raise exc  # a fault, not a refusal: the crash handler logs it and says so
        self.problem.setText(self.tr(str(exc)))
        self.problem.show()
        self.adjustSize()  # room for the sentence, the explanation above it unsqueezed

    def reject(self) -> None:
        if self.task is None:  # never closed while the erasure runs (Escape included)
            super().reject()
