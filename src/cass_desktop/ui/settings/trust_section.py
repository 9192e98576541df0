"""Trusting cards: a laptop trusts head office's card, and head office enrols each laptop's
card (on its Devices page), each only once the fingerprint read out by phone matches."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.data import changelog, peers
from cass_desktop.maintenance import recovery
from cass_desktop.records.dates import show_date
from cass_desktop.sites.setup import courts
from cass_desktop.sync import identity
from cass_desktop.sync.keys import Card, CardError, read_card
from cass_desktop.ui.headoffice.sync_status import WARNING_STYLE, counted
from cass_desktop.ui.shell import file_dialogs, style
from cass_desktop.ui.shell.context import AppContext

ERROR_STYLE = style.ERROR_STYLE
DONE_STYLE = style.DONE_STYLE
CARD_FILTER = "CASS Desktop cards (*.card *.json);;All files (*)"


def fingerprint_font() -> QFont:
    font = QFont("monospace")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(16)
    font.setBold(True)
    return font


def say(label: QLabel, text: str, message_style: str) -> None:
    """Show a message under a section; an empty one takes no room."""
    label.setStyleSheet(message_style)
    label.setText(text)
    label.setVisible(bool(text))


class TrustBox(QGroupBox):
    """Head office's card, trusted (on a laptop), or the laptops enrolled (at head office)."""

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, *, list_devices: bool = True
    ):
        super().__init__(parent)
        self.context = context
        # Head office's Devices page lists the laptops in its own table: there this box only
        # enrols a card.
        self.list_devices = list_devices
        self._offered: tuple[Card, Path] | None = None
        trust_layout = QVBoxLayout(self)
        self.trust_status = QLabel()
        self.trust_status.setObjectName("trustStatus")
        self.trust_status.setWordWrap(True)
        self.trust_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.devices_list = QListWidget()
        self.devices_list.setObjectName("enrolledDevices")
        self.devices_list.setMaximumHeight(140)
        self.choose_card_button = QPushButton()
        self.choose_card_button.clicked.connect(self.choose_card)
        self.trust_message = QLabel()
        self.trust_message.setObjectName("trustMessage")
        self.trust_message.setWordWrap(True)

        self.check_panel = QFrame()
        self.check_panel.setObjectName("cardCheck")
        self.check_panel.setFrameShape(QFrame.Shape.StyledPanel)
        self.check_panel.setStyleSheet(f"QFrame#cardCheck {{ {style.NOTICE_FRAME_STYLE} }}")
        check_layout = QVBoxLayout(self.check_panel)
        self.offered_who = QLabel()
        self.offered_who.setObjectName("offeredWho")
        self.offered_who.setWordWrap(True)
        self.offered_fingerprint = QLabel()
        self.offered_fingerprint.setObjectName("offeredFingerprint")
        self.offered_fingerprint.setFont(fingerprint_font())
        self.offered_fingerprint.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.offered_advice = QLabel()
        self.offered_advice.setWordWrap(True)
        # Head office assigns a laptop's court from its own list, never from the card.
        self.court_row = QWidget()
        court_layout = QHBoxLayout(self.court_row)
        court_layout.setContentsMargins(0, 0, 0, 0)
        self.enrol_court = QComboBox()
        self.enrol_court.setObjectName("enrolCourt")
        self.enrol_court.currentIndexChanged.connect(self._court_chosen)
        court_layout.addWidget(QLabel(self.tr("Court:")))
        court_layout.addWidget(self.enrol_court, 1)
        self.court_note = QLabel()
        self.court_note.setObjectName("enrolCourtNote")
        self.court_note.setWordWrap(True)
        self.court_note.setStyleSheet(WARNING_STYLE)
        self.accept_button = QPushButton()
        self.accept_button.clicked.connect(self.accept_card)
        self.reject_button = QPushButton(self.tr("It does not match: do not accept"))
        self.reject_button.clicked.connect(self.reject_card)
        check_buttons = QHBoxLayout()
        check_buttons.addWidget(self.accept_button)
        check_buttons.addWidget(self.reject_button)
        check_buttons.addStretch(1)
        check_layout.addWidget(self.offered_who)
        check_layout.addWidget(self.offered_fingerprint)
        check_layout.addWidget(self.offered_advice)
        check_layout.addWidget(self.court_row)
        check_layout.addWidget(self.court_note)
        check_layout.addLayout(check_buttons)
        self.check_panel.hide()

        choose_row = QHBoxLayout()
        choose_row.addWidget(self.choose_card_button)
        choose_row.addStretch(1)
        trust_layout.addWidget(self.trust_status)
        trust_layout.addWidget(self.devices_list)
        trust_layout.addLayout(choose_row)
        trust_layout.addWidget(self.check_panel)
        trust_layout.addWidget(self.trust_message)
        self.trust_message.hide()
        if not list_devices:  # on the Devices page: its button row has Enrol a device card…
            self.setFlat(True)
            self.setStyleSheet("QGroupBox { border: none; margin: 0; padding: 0; }")
            trust_layout.setContentsMargins(0, 0, 0, 0)
            self.choose_card_button.hide()
            self.trust_status.hide()
            # ... and the box takes no room until there is a card to check or a message.
            for part in (self.check_panel, self.trust_message):
                part.installEventFilter(self)
            self.hide()
        context.changed.connect(self.refresh)
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
            self.setVisible(not self.check_panel.isHidden() or not self.trust_message.isHidden())
        return False

    @property
    def is_head_office(self) -> bool:
        return identity.role(self.context.db) == "head-office"

    def refresh(self) -> None:
        if self.is_head_office:
            self._show_devices()
        else:
            self._show_head_office()

    def _show_head_office(self) -> None:
        self.setTitle(self.tr("Head office"))
        self.choose_card_button.setText(self.tr("Trust head office card…"))
        self.devices_list.hide()
        office = peers.head_office(self.context.db)
        if office is None:
            self.trust_status.setStyleSheet(WARNING_STYLE)
            self.trust_status.setText(
                self.tr(
                    "No head office card is trusted yet, so nothing can be exported. Ask head "
                    "office for its card (a small .card file), choose it here, and check the "
                    "fingerprint with them by phone."
                )
            )
            return
        self.trust_status.setStyleSheet("")
        card = identity.card_of(office)
        self.trust_status.setText(
            self.tr("Exports go to %1 (fingerprint %2), trusted since %3.")
            .replace("%1", office["name"] or self.tr("head office"))
            .replace("%2", card.fingerprint())
            .replace("%3", show_date(office["enrolled_at"]))
        )

    def _show_devices(self) -> None:
        if self.list_devices:
            self.setTitle(self.tr("Devices"))
        self.choose_card_button.setText(self.tr("Enrol a device card…"))
        self.devices_list.show()
        self.devices_list.clear()
        enrolled = [
            p for p in peers.all_peers(self.context.db, "device") if p["status"] == "enrolled"
        ]
        for peer in enrolled:
            who = " — ".join(x for x in (peer["name"], peer["worker"]) if x)
            self.devices_list.addItem(
                self.tr("%1 (fingerprint %2)")
                .replace("%1", who or peer["device_id"][:8])
                .replace("%2", identity.card_of(peer).fingerprint())
            )
        self.trust_status.setStyleSheet("")
        self.trust_status.setText(
            counted(
                len(enrolled),
                self.tr("%n device enrolled: its exports are accepted."),
                self.tr("%n devices enrolled: their exports are accepted."),
            )
            if enrolled
            else self.tr(
                "No devices enrolled yet. Ask each worker for their laptop's card, choose it "
                "here, and check the fingerprint with them by phone."
            )
        )
        self.devices_list.setVisible(bool(enrolled) and self.list_devices)
        self.trust_status.setVisible(self.list_devices)

    # Cards from others -----------------------------------------------------------------
    def choose_card(self) -> None:
        title = (
            self.tr("Choose a device's card")
            if self.is_head_office
            else self.tr("Choose head office's card")
        )
        path = file_dialogs.open_file(self, self.context.db, title, CARD_FILTER)
        if path:
            self.offer_card(Path(path))

    def offer_card(self, path: Path) -> None:
        """Show a chosen card's fingerprint to check before it is accepted."""
        self._offered = None
        self.check_panel.hide()
        try:
            card = read_card(path)
        except CardError as exc:
            say(self.trust_message, str(exc), ERROR_STYLE)
            return
        wanted = "device" if self.is_head_office else "head-office"
        if card.device_id == changelog.device_id(self.context.db):
            say(self.trust_message, self.tr("That is this store's own card."), ERROR_STYLE)
            return
        if card.role != wanted:
            wrong = (
                self.tr("%1 is head office's card, not a device's. Choose the laptop's card.")
                if self.is_head_office
                else self.tr("%1 is a device's card, not head office's. Choose head office's.")
            )
            say(self.trust_message, wrong.replace("%1", path.name), ERROR_STYLE)
            return
        self._offered = (card, path)
        if card.role == "device":
            who = " — ".join(x for x in (card.name, card.worker) if x)
            self.offered_who.setText(self.tr("Card of the laptop: %1").replace("%1", who))
            self.offered_advice.setText(
                self.tr(
                    "Phone the worker on a number you already know and ask them to read the "
                    "fingerprint shown in their Settings. Enrol the laptop only if every "
                    "character matches."
                )
            )
            self.accept_button.setText(self.tr("It matches: enrol this laptop"))
            self.enrol_court.blockSignals(True)
            self.enrol_court.clear()
            self.enrol_court.addItem(self.tr("Choose the laptop's court…"), "")
            for court in courts(self.context.db):
                self.enrol_court.addItem(court["name"], court["id"])
            self.enrol_court.setCurrentIndex(max(self.enrol_court.findData(card.site_id), 0))
            self.enrol_court.blockSignals(False)
            self.court_row.show()
            self._court_chosen()
        else:
            self.court_row.hide()
            self.court_note.hide()
            self.offered_who.setText(self.tr("Card of head office: %1").replace("%1", card.name))
            self.offered_advice.setText(
                self.tr(
                    "Phone head office on a number you already know and ask them to read their "
                    "fingerprint. Trust the card only if every character matches."
                )
            )
            self.accept_button.setText(self.tr("It matches: trust this card"))
            self.accept_button.setEnabled(True)
        self.offered_fingerprint.setText(card.fingerprint())
        say(self.trust_message, "", "")
        self.check_panel.show()
        self.reject_button.setFocus()

    def _court_chosen(self) -> None:
        """Say so plainly when the court chosen is not the one the card names."""
        if self._offered is None or self._offered[0].role != "device":
            return
        card = self._offered[0]
        chosen = self.enrol_court.currentData() or ""
        if not chosen:
            text = self.tr(
                "Head office's list does not hold the court this laptop was set up for (%1): "
                "choose its court, or add the court first."
            ).replace("%1", card.name or self.tr("none named"))
        elif chosen != card.site_id:
            text = (
                self.tr("The card says the laptop is at %1; it will be assigned to %2.")
                .replace("%1", card.name or self.tr("no court"))
                .replace("%2", self.enrol_court.currentText())
            )
        else:
            text = ""
        self.court_note.setText(text)
        self.court_note.setVisible(bool(text))
        self.accept_button.setEnabled(bool(chosen))

    def accept_card(self) -> None:
        if self._offered is None:
            return
        card, path = self._offered
        db = self.context.db
        try:
            if card.role == "device":
                court = self.enrol_court.currentData() or ""
                if not court:
                    say(self.trust_message, self.tr("Choose the laptop's court."), ERROR_STYLE)
                    return
                enrolment = identity.enrol_device(db, card, court)
                done = (
                    self.tr("Enrolled %1 at %2: its exports will be accepted.")
                    .replace("%1", " — ".join(x for x in (card.name, card.worker) if x))
                    .replace("%2", enrolment.court["name"])
                )
            else:
                identity.trust_head_office(db, path)
                recovery.ensure_recovery(db, self.context.store_file)  # issue 13
                done = self.tr(
                    "Head office's card is trusted: exports from this laptop go to %1."
                ).replace("%1", card.name)
        except CardError as exc:
            say(self.trust_message, str(exc), ERROR_STYLE)
            return
        self._offered = None
        self.check_panel.hide()
        self.context.notify_changed()
        say(self.trust_message, done, DONE_STYLE)

    def reject_card(self) -> None:
        self._offered = None
        self.check_panel.hide()
        say(
            self.trust_message,
            self.tr(
                "Not accepted. A fingerprint that does not match may mean the card was changed "
                "on its way: ask for it again by another route."
            ),
            WARNING_STYLE,
        )
