"""Erase…: the confirmation before a person's record is erased for good.

It names the person, asks why (the reasons privacy/erasure.py offers, or other words), and
erases only once the worker has typed ERASE: Cancel is the default button, so Enter or Escape
changes nothing. The erasure itself is privacy.erasure.erase_person.
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

    def __init__(self, db, person_id: str, name: str, reference: str, parent: QWidget | None):
        super().__init__(parent)
        self.db = db
        self.person_id = person_id
        self.tombstone: erasure.Tombstone | None = None
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
        self.other.setEnabled(other)
        ready = bool(self.reason()) and self.confirm.text().strip().upper() == CONFIRM_WORD
        self.erase_button.setEnabled(ready)

    def erase(self) -> None:
        if not self.erase_button.isEnabled():
            return
        try:
            self.tombstone = erasure.erase_person(self.db, self.person_id, self.reason())
        except erasure.ErasureError as exc:
            self.problem.setText(self.tr(str(exc)))
            self.problem.show()
            return
        self.accept()
