"""The banner at the top of a person's page while their consent to hold is not given: what
that means (only the minimum is kept) and the button that records their answer."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from cass_desktop.people import hold
from cass_desktop.records.dates import show_date
from cass_desktop.ui.shell import style


class HoldBanner(QFrame):
    """Hidden when consent to hold is given; otherwise says so, with Record consent to hold…"""

    record_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("holdBanner")
        self.text = QLabel()
        self.text.setObjectName("holdBannerText")
        self.text.setWordWrap(True)
        self.button = QPushButton(self.tr("Record consent to hold…"))
        self.button.setObjectName("recordHoldConsent")
        self.button.clicked.connect(self.record_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        self.setStyleSheet(
            f"QFrame#holdBanner {{ background: {style.CAUTION_BACKGROUND};"
            f" border: 1px solid {style.WARNING}; }}"
            f"QLabel#holdBannerText {{ color: {style.WARNING}; font-weight: bold; }}"
        )
        self.hide()

    def show_state(self, state: hold.HoldState, beyond: Sequence[str] = ()) -> None:
        """`beyond`: what the record holds past the minimum (`hold.held_beyond`), said when
        the answer is no."""
        if state.answer == hold.YES:
            self.hide()
            return
        if state.answer == hold.NO:
            said = self.tr("They have not agreed to their information being held")
            when = " · ".join(p for p in (show_date(state.decided_on), state.recorded_by) if p)
            if when:
                said += f" ({when})"
            text = (
                said
                + ". "
                + self.tr("Only the minimum is kept: %1.").replace(
                    "%1", self.tr(hold.MINIMUM_WORDS)
                )
            )
            if beyond:
                text += " " + self.tr(
                    "Their record still holds more than that (%1): clear it, or erase the "
                    "record if they ask."
                ).replace("%1", ", ".join(beyond))
        else:
            text = self.tr(
                "Consent to hold their information has not been asked yet: ask them, and "
                "record their answer."
            )
        self.text.setText(text)
        self.show()
