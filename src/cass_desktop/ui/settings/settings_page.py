"""Settings: who this store is, its card, the cards it trusts, and where exports are sent."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.data import local
from cass_desktop.sync import identity, outbox
from cass_desktop.sync.keys import CardError
from cass_desktop.ui.headoffice.sync_status import WARNING_STYLE, counted, data_dir_of, local_moment
from cass_desktop.ui.letters.letterhead_box import LetterheadBox
from cass_desktop.ui.settings.backups_section import BackupsBox
from cass_desktop.ui.settings.people_section import PeopleBox
from cass_desktop.ui.settings.retention_section import RetentionBox
from cass_desktop.ui.settings.trust_section import CARD_FILTER, TrustBox, fingerprint_font, say
from cass_desktop.ui.shell import file_dialogs, style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.passphrase import PassphraseBox
from cass_desktop.ui.shell.tasks import run_with_store

ERROR_STYLE = style.ERROR_STYLE
DONE_STYLE = style.DONE_STYLE


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "store"


class SettingsPage(QWidget):
    """This store's role and card, trusting head office (a device) or enrolling devices (head
    office), and the destination folder exports are copied to."""

    check_finished = Signal(object)  # the outbox.DeliveryResult of "Check now"

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self._checking = False

        heading = QLabel(self.tr("Settings"))
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")

        # This store ---------------------------------------------------------------
        self.store_box = QGroupBox(self.tr("This store"))
        self.store_form = QFormLayout(self.store_box)
        self.role_label = QLabel()
        self.role_label.setObjectName("role")
        self.name_label = QLabel()
        self.name_label.setObjectName("storeName")
        self.worker_row_label = QLabel(self.tr("Worker:"))
        self.worker_label = QLabel()
        self.worker_label.setObjectName("storeWorker")
        self.name_row_label = QLabel()
        self.store_form.addRow(self.tr("Role:"), self.role_label)
        self.store_form.addRow(self.name_row_label, self.name_label)
        self.store_form.addRow(self.worker_row_label, self.worker_label)

        # My card ------------------------------------------------------------------
        card_box = QGroupBox(self.tr("This store's card"))
        card_layout = QVBoxLayout(card_box)
        self.card_intro = QLabel()
        self.card_intro.setWordWrap(True)
        self.my_fingerprint = QLabel()
        self.my_fingerprint.setObjectName("myFingerprint")
        self.my_fingerprint.setFont(fingerprint_font())
        self.my_fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_card_button = QPushButton(self.tr("Save my card…"))
        self.save_card_button.clicked.connect(self.save_card)
        self.card_message = QLabel()
        self.card_message.setObjectName("cardMessage")
        self.card_message.setWordWrap(True)
        card_row = QHBoxLayout()
        card_row.addWidget(QLabel(self.tr("Fingerprint:")))
        card_row.addWidget(self.my_fingerprint)
        card_row.addStretch(1)
        card_row.addWidget(self.save_card_button)
        card_layout.addWidget(self.card_intro)
        card_layout.addLayout(card_row)
        card_layout.addWidget(self.card_message)

        # Trust: head office (a laptop); at head office, enrolling is on the Devices page
        self.trust_box = TrustBox(context)

        # Where exports go (devices) -------------------------------------------------
        self.sending_box = QGroupBox(self.tr("Sending exports to head office"))
        sending_layout = QVBoxLayout(self.sending_box)
        sending_intro = QLabel(
            self.tr(
                "Exports are written to the outbox on this laptop. Choose a destination folder "
                "head office collects from (a network share, or a folder synced to head office) "
                "and CASS Desktop copies each export there, checks the copy, and marks it "
                "delivered. When the folder cannot be reached, exports wait in the outbox; it "
                "is checked at each export and every %1 minutes."
            ).replace("%1", str(outbox.CHECK_EVERY_MINUTES))
        )
        sending_intro.setWordWrap(True)
        self.destination_label = QLabel()
        self.destination_label.setObjectName("destination")
        self.destination_label.setWordWrap(True)
        self.destination_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_folder_button = QPushButton(self.tr("Choose folder…"))
        self.choose_folder_button.clicked.connect(self.choose_destination)
        self.clear_folder_button = QPushButton(self.tr("Stop copying"))
        self.clear_folder_button.clicked.connect(self.clear_destination)
        self.check_button = QPushButton(self.tr("Check now"))
        self.check_button.clicked.connect(self.check_now)
        self.outbox_label = QLabel()
        self.outbox_label.setObjectName("outboxState")
        self.outbox_label.setWordWrap(True)
        self.outbox_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_outbox_button = QPushButton(self.tr("Show outbox folder"))
        self.show_outbox_button.clicked.connect(self._show_outbox)
        self.sending_message = QLabel()
        self.sending_message.setObjectName("sendingMessage")
        self.sending_message.setWordWrap(True)
        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel(self.tr("Destination folder:")))
        folder_row.addWidget(self.destination_label, 1)
        folder_buttons = QHBoxLayout()
        folder_buttons.addWidget(self.choose_folder_button)
        folder_buttons.addWidget(self.clear_folder_button)
        folder_buttons.addWidget(self.check_button)
        folder_buttons.addStretch(1)
        folder_buttons.addWidget(self.show_outbox_button)
        sending_layout.addWidget(sending_intro)
        sending_layout.addLayout(folder_row)
        sending_layout.addLayout(folder_buttons)
        sending_layout.addWidget(self.outbox_label)
        sending_layout.addWidget(self.sending_message)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(24, 16, 24, 16)
        body_layout.addWidget(heading)
        body_layout.addWidget(self.store_box)
        body_layout.addWidget(card_box)
        body_layout.addWidget(self.trust_box)
        body_layout.addWidget(self.sending_box)
        self.letters_box = LetterheadBox(context)  # organisation, address, phone, logo
        body_layout.addWidget(self.letters_box)
        self.passphrase_box = PassphraseBox(context)  # locking the store with a passphrase
        body_layout.addWidget(self.passphrase_box)
        self.people_box = PeopleBox(context)  # people on this laptop, locking when idle
        body_layout.addWidget(self.people_box)
        self.backups_box = BackupsBox(context)  # backups: folder, how many, now, restore
        body_layout.addWidget(self.backups_box)
        self.retention_box = RetentionBox(context)  # years kept: head office's, sent to laptops
        body_layout.addWidget(self.retention_box)
        body_layout.addStretch(1)
        body.setMaximumWidth(900)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        for message in (self.card_message, self.sending_message):
            message.hide()
        context.changed.connect(self.refresh)
        self.refresh()

    @property
    def is_head_office(self) -> bool:
        return identity.role(self.context.db) == "head-office"

    # Showing ------------------------------------------------------------------------
    def refresh(self) -> None:
        db = self.context.db
        role = identity.role(db)
        head_office = role == "head-office"
        if head_office:
            self.role_label.setText(self.tr("Head office"))
            self.name_row_label.setText(self.tr("Organisation:"))
            self.name_label.setText(local.get(db, "organisation", ""))
        else:
            self.role_label.setText(self.tr("A worker's laptop (device)"))
            self.name_row_label.setText(self.tr("Court or drop-in:"))
            site = self.context.site
            worker = self.context.worker
            self.name_label.setText(site["name"] if site else self.tr("Not set up"))
            self.worker_label.setText(worker["name"] if worker else "")
        self.worker_row_label.setVisible(not head_office)
        self.worker_label.setVisible(not head_office)

        try:
            self.my_fingerprint.setText(identity.my_card(db).fingerprint())
            self.save_card_button.setEnabled(True)
        except CardError as exc:
            self.my_fingerprint.setText("")
            say(self.card_message, str(exc), ERROR_STYLE)
            self.save_card_button.setEnabled(False)
        if head_office:
            self.card_intro.setText(
                self.tr(
                    "Each laptop needs this card to lock its exports so that only head office "
                    "can read them. It holds no secret: it is safe to email or copy to a USB "
                    "stick. When a worker takes it, read them the fingerprint by phone."
                )
            )
        else:
            self.card_intro.setText(
                self.tr(
                    "Head office needs this card to accept this laptop's exports and to send it "
                    "updates. It holds no secret: it is safe to email or copy to a USB stick. "
                    "Head office will phone to check the fingerprint."
                )
            )

        # A laptop trusts head office here; head office enrols laptops on its Devices page.
        self.trust_box.setVisible(not head_office)
        self.sending_box.setVisible(not head_office and not self.context.is_demo)
        if not head_office:
            self._show_sending()
        self.letters_box.setVisible(not head_office)  # letters are made on the laptops
        self.letters_box.refresh()
        self.passphrase_box.refresh()
        self.retention_box.refresh()

    def _show_sending(self) -> None:
        state = outbox.state(self.context.db, data_dir_of(self.context))
        self.destination_label.setText(state.destination or self.tr("None chosen"))
        self.clear_folder_button.setEnabled(bool(state.destination))
        self.check_button.setEnabled(bool(state.destination) and not self._checking)
        lines = [self.tr("Outbox: %1").replace("%1", str(state.outbox))]
        if state.waiting:
            lines.append(
                counted(
                    state.waiting,
                    self.tr("%n export waiting to be copied."),
                    self.tr("%n exports waiting to be copied."),
                )
            )
        else:
            lines.append(self.tr("Nothing waiting in the outbox."))
        if state.last_delivered_at:
            lines.append(
                self.tr("Last delivered %1.").replace(
                    "%1", local_moment(state.last_delivered_at, always_date=True)
                )
            )
        if state.last_checked_at and state.last_problem and state.waiting:
            lines.append(
                self.tr("Last tried %1: %2")
                .replace("%1", local_moment(state.last_checked_at, always_date=True))
                .replace("%2", state.last_problem)
            )
        self.outbox_label.setText("\n".join(lines))

    # My card ------------------------------------------------------------------------
    def save_card(self) -> None:
        db = self.context.db
        card = identity.my_card(db)
        name = card.name + (f" {card.worker}" if card.worker else "")
        path = file_dialogs.save_file(
            self,
            db,
            self.tr("Save this store's card"),
            f"cass-card-{_slug(name)}.card",
            CARD_FILTER,
        )
        if not path:
            return
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(".card")
        try:
            identity.write_card(db, target)
        except OSError as exc:
            say(
                self.card_message,
                self.tr("The card could not be saved to %1: %2.")
                .replace("%1", str(target))
                .replace("%2", exc.strerror or str(exc)),
                ERROR_STYLE,
            )
            return
        other = self.tr("the worker") if self.is_head_office else self.tr("head office")
        say(
            self.card_message,
            self.tr("Saved as %1. Send it to %2, and read them the fingerprint %3 by phone.")
            .replace("%1", str(target))
            .replace("%2", other)
            .replace("%3", card.fingerprint()),
            DONE_STYLE,
        )

    # Destination folder ------------------------------------------------------------------
    def choose_destination(self) -> None:
        folder = file_dialogs.choose_folder(
            self,
            self.context.db,
            self.tr("Choose the folder head office collects exports from"),
            start=outbox.get_destination(self.context.db),
        )
        if not folder:
            return
        outbox.set_destination(self.context.db, folder)
        self.refresh()
        self.check_now()

    def clear_destination(self) -> None:
        outbox.set_destination(self.context.db, None)
        say(
            self.sending_message,
            self.tr("Exports will stay in the outbox until a destination folder is chosen."),
            "",
        )
        self.context.notify_changed()

    def check_now(self) -> None:
        if self._checking:
            return
        self._checking = True
        self.check_button.setEnabled(False)
        say(self.sending_message, self.tr("Checking the destination folder…"), "")
        context = self.context
        data_dir = data_dir_of(context)
        outcome: list[outbox.DeliveryResult] = []

        def work(db, _progress) -> outbox.DeliveryResult:
            return outbox.check_now(db, data_dir)

        def done(result: outbox.DeliveryResult) -> None:
            if result.problem:
                say(self.sending_message, result.problem, WARNING_STYLE)
            elif result.delivered:
                say(
                    self.sending_message,
                    counted(
                        len(result.delivered),
                        self.tr("The folder can be reached. %n export copied there and checked."),
                        self.tr("The folder can be reached. %n exports copied there and checked."),
                    ),
                    DONE_STYLE,
                )
            else:
                say(
                    self.sending_message,
                    self.tr("The folder can be reached and written to. Nothing was waiting."),
                    DONE_STYLE,
                )
            outcome.append(result)

        def failed(exc: BaseException) -> None:
            say(
                self.sending_message,
                self.tr("The folder could not be checked: %1").replace("%1", str(exc)),
                ERROR_STYLE,
            )

        def finished() -> None:
            self._checking = False
            self.context.notify_changed()
            self._show_sending()
            # Announced once the whole page shows the outcome (the outbox line too).
            self.check_finished.emit(outcome[0] if outcome else None)

        handle = run_with_store(self, context, work, done, on_error=failed)
        handle.finished.connect(finished)

    def _show_outbox(self) -> None:
        folder = outbox.make_outbox(data_dir_of(self.context))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
