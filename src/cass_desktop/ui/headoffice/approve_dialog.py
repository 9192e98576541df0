"""Approving a laptop waiting for approval, with its fingerprint checked by phone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.headoffice.devices import DeviceStatus
from cass_desktop.ui.headoffice.common import (
    fingerprint_font,
    note,
)
from cass_desktop.ui.shell.style import STRONG_WARNING_STYLE


class ApproveDialog(QDialog):
    """Approve a waiting laptop: who it is, its fingerprint to check by phone (large), and the
    court head office assigns it, chosen from head office's own list (never the card's)."""

    def __init__(self, status: DeviceStatus, court_list: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.status = status
        self.setWindowTitle(self.tr("Approve device"))
        self.who = QLabel(
            self.tr("Approve the laptop of %1 at %2?")
            .replace("%1", status.worker or self.tr("an unnamed worker"))
            .replace("%2", status.site or self.tr("an unnamed site"))
        )
        self.who.setObjectName("approveWho")
        self.who.setWordWrap(True)
        self.who.setStyleSheet("font-weight: bold;")
        advice = note(
            self.tr(
                "Phone the worker on a number you already know and ask them to read out the "
                "fingerprint in Settings on their laptop. Approve only if every character is "
                "exactly:"
            )
        )
        self.fingerprint = QLabel(status.fingerprint)
        self.fingerprint.setObjectName("approveFingerprint")
        self.fingerprint.setFont(fingerprint_font())
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.court = QComboBox()
        self.court.setObjectName("courtChoice")
        self.court.addItem(self.tr("Choose the laptop's court…"), "")
        for court in court_list:
            self.court.addItem(court["name"], court["id"])
        claimed = self.court.findData(status.card_site_id) if status.card_site_id else -1
        self.court.setCurrentIndex(max(claimed, 0))
        self.court.currentIndexChanged.connect(self._court_changed)
        self.court_note = QLabel()
        self.court_note.setObjectName("courtNote")
        self.court_note.setWordWrap(True)
        self.court_note.setStyleSheet(STRONG_WARNING_STYLE)
        court_row = QHBoxLayout()
        court_row.addWidget(QLabel(self.tr("Court:")))
        court_row.addWidget(self.court, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.approve_button = self.buttons.addButton(
            self.tr("Fingerprint matches: approve"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.approve_button.setObjectName("approveButton")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addWidget(advice)
        layout.addWidget(self.fingerprint, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(court_row)
        layout.addWidget(self.court_note)
        layout.addWidget(note(self.tr("Once approved, its bundles are applied.")))
        layout.addWidget(self.buttons)
        self._court_changed()

    def court_id(self) -> str:
        return self.court.currentData() or ""

    def _court_changed(self) -> None:
        chosen = self.court_id()
        self.approve_button.setEnabled(bool(chosen))
        if not chosen:
            self.court_note.setText(
                self.tr(
                    "Head office's list does not hold the court this laptop was set up for "
                    "(%1): choose its court, or add the court first."
                ).replace("%1", self.status.site or self.tr("none named"))
            )
        elif chosen != self.status.card_site_id:
            self.court_note.setText(
                self.tr("The card says the laptop is at %1; it will be assigned to %2.")
                .replace("%1", self.status.site or self.tr("no court"))
                .replace("%2", self.court.currentText())
            )
        else:
            self.court_note.setText("")
        self.court_note.setVisible(bool(self.court_note.text()))
