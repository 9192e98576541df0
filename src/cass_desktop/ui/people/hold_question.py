"""The consent-to-hold question of the New person dialog, mixed into ClientDialog (before
its QDialog): Yes, No or Not yet asked for a new person; for someone held, the answer in force.
Choosing No says, there and then, that only the minimum is kept (the rule: people/hold.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QRadioButton, QVBoxLayout

from cass_desktop.people import hold
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.dialogs import FieldProblem

_HINT_STYLE = style.NOTE_STYLE


class HoldQuestion:
    """Needs `_creating`, `_loading`, `client_id`, `context`, `errors` and `_revalidate`."""

    def _hold_box(self) -> QGroupBox:
        """Consent to hold: asked of a new person; for someone held, the answer in force."""
        box = QGroupBox(self.tr("Consent to hold their information"))
        box.setObjectName("holdBox")
        column = QVBoxLayout(box)
        self.hold_buttons: dict[str, QRadioButton] = {}
        if self._creating:
            row = QHBoxLayout()
            for key, words, name in (
                (hold.YES, "Yes, they agree", "holdYes"),
                (hold.NO, "No", "holdNo"),
                (hold.NOT_ASKED, "Not yet asked", "holdNotAsked"),
            ):
                button = QRadioButton(self.tr(words))
                button.setObjectName(name)
                button.toggled.connect(self._hold_changed)
                self.hold_buttons[key] = button
                row.addWidget(button)
            row.addStretch(1)
            column.addLayout(row)
        self.hold_note = QLabel()
        self.hold_note.setObjectName("holdNote")
        self.hold_note.setWordWrap(True)
        column.addWidget(self.hold_note)
        error = FieldProblem("error_hold_consent")
        column.addWidget(error)
        self.errors["hold_consent"] = error
        return box

    def _hold_answer(self) -> str | None:
        if not self._creating:
            return hold.answer(self.context.db, self.client_id)
        return next((k for k, b in self.hold_buttons.items() if b.isChecked()), None)

    def _hold_changed(self, *_args: Any) -> None:
        answer = self._hold_answer()
        if answer == hold.NO:
            self.hold_note.setText(
                self.tr("Only the minimum is kept: %1.").replace("%1", self.tr(hold.MINIMUM_WORDS))
            )
            self.hold_note.setStyleSheet(style.STRONG_WARNING_STYLE)
        elif answer == hold.NOT_ASKED:
            self.hold_note.setText(
                self.tr("Ask them when you can, and record their answer on their page.")
            )
            self.hold_note.setStyleSheet(_HINT_STYLE)
        elif answer == hold.YES and not self._creating:
            self.hold_note.setText(self.tr("Given: their information may be held."))
            self.hold_note.setStyleSheet(_HINT_STYLE)
        else:
            self.hold_note.setText("")
        self.hold_note.setVisible(bool(self.hold_note.text()))
        if not self._loading:
            self._revalidate()
