"""One person's page: who they are (the header, alerts and Profile: person_header.py), their
record tabs built from record_tabs.TABS (what each shows: client_tabs.py), and the buttons
that record what happens next. Showing a person is `ClientPage.load`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cass_desktop import audit
from cass_desktop.data import clients, consents, contacts, followups, hearings, needs
from cass_desktop.data import referrals as referral_data
from cass_desktop.people import casework, hold
from cass_desktop.privacy import erasure
from cass_desktop.records import vocab
from cass_desktop.records.dates import today
from cass_desktop.ui.assessments.tab import AssessmentsTab
from cass_desktop.ui.court.hearing_dialog import HearingDialog
from cass_desktop.ui.letters.letter_button import LetterButton
from cass_desktop.ui.people.client_tabs import RecordTabsShown
from cass_desktop.ui.people.hold_banner import HoldBanner
from cass_desktop.ui.people.person_header import PersonHeader
from cass_desktop.ui.people.record_dialogs import (
    ConsentDialog,
    ContactDialog,
    FollowupDialog,
    NeedDialog,
    vocab_combo,
)
from cass_desktop.ui.people.record_tabs import (
    TAB_NAMED,
    TABS,
    build_tab,
    selected_id,
)
from cass_desktop.ui.people.record_tabs import fill_table as fill_table  # for importers
from cass_desktop.ui.privacy.erase_dialog import tombstone_words
from cass_desktop.ui.referrals.referral_dialog import ReferralDialog
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.pages import RefreshWhenShown


def table_texts(table: QTableWidget) -> list[list[str]]:
    """What a table shows, row by row (used by the page's own checks and by tests)."""
    return [
        [table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


class ClientPage(PersonHeader, RecordTabsShown, RefreshWhenShown, QWidget):
    """Everything about one person, with buttons to record what happens next."""

    back_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.client_id: str | None = None
        self.client: dict[str, Any] | None = None
        self.dialog: QDialog | None = None
        self._stale = False

        self.back = QPushButton(self.tr("← Back to clients"))
        self.back.clicked.connect(self.back_requested)
        self.edit = QPushButton(self.tr("Edit details"))
        self.edit.clicked.connect(self.edit_details)
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addStretch(1)
        top.addWidget(self.edit)
        self._build_header()
        self.hold_banner = HoldBanner(self)
        self.hold_banner.record_requested.connect(lambda: self.new_consent("hold"))

        self.add_contact = QPushButton(self.tr("Add contact note"))
        self.add_hearing = QPushButton(self.tr("Add court date"))
        self.add_need = QPushButton(self.tr("Add need"))
        self.add_followup = QPushButton(self.tr("Add follow-up"))
        self.add_consent = QPushButton(self.tr("Record consent"))
        self.add_contact.clicked.connect(lambda: self.new_contact())
        self.add_hearing.clicked.connect(lambda: self.new_hearing())
        self.add_need.clicked.connect(lambda: self.new_need())
        self.add_followup.clicked.connect(lambda: self.new_followup())
        self.add_consent.clicked.connect(lambda: self.new_consent())
        self.assessments = AssessmentsTab(context, self)  # its own tab, and Start assessment…
        actions = QHBoxLayout()
        for button in (
            self.add_contact,
            self.add_hearing,
            self.add_need,
            self.add_followup,
            self.add_consent,
            self.assessments.start_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)

        self.tabs = QTabWidget()
        self._build_profile()
        for tab in TABS:
            if tab.name == "timeline":  # the Assessments tab, a page of its own, comes before
                self.assessments_tab = self.tabs.addTab(self.assessments, self.tr("Assessments"))
            build_tab(self, tab)
        # What each record tab shows when it has nothing yet, by the tab's index attribute.
        self.empty_notes: dict[str, QLabel] = {
            f"{tab.name}_tab": getattr(self, f"{tab.name}_empty") for tab in TABS if not tab.widget
        }
        self._followup_chosen()

        self.missing = QLabel(self.tr("This person's record could not be found."))
        self.missing.hide()
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.name)
        layout.addWidget(self.details)
        layout.addWidget(self.risk)
        layout.addWidget(self.alerts)
        layout.addWidget(self.hold_banner)
        layout.addWidget(self.merged)
        layout.addWidget(rule)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.missing)
        context.changed.connect(self._data_changed)

    # -- building the sections ------------------------------------------------------------

    # The widgets above and under each record tab's table (see record_tabs.TABS).

    def _consents_intro(self) -> list[QWidget]:
        self.consent_summary = QLabel()
        self.consent_summary.setObjectName("consentSummary")
        self.consent_summary.setWordWrap(True)
        self.consent_summary.setTextFormat(Qt.TextFormat.RichText)
        return [self.consent_summary, QLabel(self.tr("Every decision, newest first:"))]

    def _hearings_buttons(self) -> list[QWidget]:
        self.open_hearing_button = QPushButton(self.tr("Open or record outcome…"))
        self.open_hearing_button.clicked.connect(lambda: self.open_hearing())
        return [self.open_hearing_button]

    def _needs_buttons(self) -> list[QWidget]:
        self.edit_need_button = QPushButton(self.tr("Edit need…"))
        self.edit_need_button.clicked.connect(lambda: self.edit_need())
        self.need_status = vocab_combo(vocab.NEED_STATUSES)
        self.need_status.setEnabled(False)
        self.need_status.activated.connect(self._set_need_status)
        status_label = QLabel(self.tr("Change status of the chosen need to:"))
        return [self.edit_need_button, status_label, self.need_status]

    def _followups_buttons(self) -> list[QWidget]:
        self.mark_done_button = QPushButton(self.tr("Mark done"))
        self.mark_done_button.clicked.connect(self.mark_followup_done)
        self.reopen_button = QPushButton(self.tr("Not done after all"))
        self.reopen_button.clicked.connect(self.reopen_followup)
        self.edit_followup_button = QPushButton(self.tr("Edit…"))
        self.edit_followup_button.clicked.connect(lambda: self.edit_followup())
        return [self.mark_done_button, self.reopen_button, self.edit_followup_button]

    def _referrals_buttons(self) -> list[QWidget]:
        self.new_referral_button = QPushButton(self.tr("New referral…"))
        self.new_referral_button.clicked.connect(lambda: self.new_referral())
        self.open_referral_button = QPushButton(self.tr("Open…"))
        self.open_referral_button.clicked.connect(lambda: self.open_referral())
        # Letter…: preview, print or save a letter for the chosen referral
        self.letter_button = LetterButton(
            self.context, lambda: selected_id(self.referrals_table), self
        )
        return [self.new_referral_button, self.open_referral_button, self.letter_button]

    def _timeline_buttons(self) -> list[QWidget]:
        self.edit_contact_button = QPushButton(self.tr("Edit note…"))
        self.edit_contact_button.clicked.connect(lambda: self.edit_contact())
        return [self.edit_contact_button]

    # -- showing a person -----------------------------------------------------------------

    def load(self, client_id: str) -> None:
        if client_id != self.client_id:
            self.tabs.setCurrentIndex(self.timeline_tab)
        self.client_id = client_id
        audit.viewed(self.context.db, client_id)  # each showing of the page, in the audit log
        self.refresh()

    def _data_changed(self) -> None:
        if self.client_id is not None:
            super()._data_changed()

    def refresh(self) -> None:
        self._stale = False
        db = self.context.db
        self.client = clients.get(db, self.client_id) if self.client_id else None
        found = self.client is not None and not self.client["deleted"]
        for widget in (self.tabs, self.edit, self.details, self.alerts):
            widget.setVisible(found)
        for button in (
            self.add_contact,
            self.add_hearing,
            self.add_need,
            self.add_followup,
            self.add_consent,
            self.assessments.start_button,
        ):
            button.setVisible(found)
        self.missing.setVisible(not found)
        if not found:
            self.name.setText(self.tr("Not found"))
            self.missing.setText(self.tr("This person's record could not be found."))
            gone = erasure.tombstone(db, self.client_id) if self.client else None
            if gone is not None:  # erased: what is left, never the old values
                self.name.setText(self.tr("Erased record"))
                self.missing.setText(tombstone_words(self, gone))
            self.risk.hide()
            self.merged.hide()
            self.hold_banner.hide()
            return
        client = self.client
        assert client is not None
        hearing_rows = hearings.for_client(db, client["id"])
        followup_rows = followups.for_client(db, client["id"])
        consent_rows = consents.for_client(db, client["id"])
        self._show_header(client, hearing_rows, followup_rows, consent_rows)
        self._show_merged(client)
        need_rows = needs.for_client(db, client["id"])
        referral_rows = referral_data.for_client(db, client["id"])
        held = {"needs": len(need_rows), "followups": len(followup_rows)}
        self.hold_banner.show_state(hold.state(db, client["id"]), hold.held_beyond(client, held))
        self._show_profile(client)
        self._show_consents(consent_rows)
        self._show_hearings(hearing_rows)
        self._show_needs(need_rows)
        self._show_followups(followup_rows)
        self._show_referrals(referral_rows)
        self._show_timeline(contacts.for_client(db, client["id"]))
        self.assessments.load(client["id"])
        title = self.tr("Assessments")
        self.tabs.setTabText(self.assessments_tab, self._count(title, self.assessments.count()))

    # -- actions ----------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        """Show a dialog without blocking; the page refreshes when it saves (context.changed)."""
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def edit_details(self) -> QDialog:
        from cass_desktop.ui.people.client_dialog import ClientDialog  # engineer A's dialog

        return self._open(ClientDialog(self.context, self, client_id=self.client_id))

    def new_contact(self) -> QDialog:
        return self._open(ContactDialog(self.context, self, client_id=self.client_id))

    def open_chosen(self, name: str) -> QDialog | None:
        """Open the record chosen in the tab `name` in its dialog (record_tabs.TABS)."""
        record_id = selected_id(getattr(self, f"{name}_table"))
        dialog = TAB_NAMED[name].dialog
        if record_id is None or dialog is None:
            return None
        return self._open(dialog(self.context, self, record_id))

    def edit_contact(self) -> QDialog | None:
        return self.open_chosen("timeline")

    def new_hearing(self) -> QDialog:
        return self._open(HearingDialog(self.context, self, client_id=self.client_id))

    def open_hearing(self) -> QDialog | None:
        """The court date chosen, else the first listed."""
        if selected_id(self.hearings_table) is None and self.hearings_table.rowCount():
            self.hearings_table.selectRow(0)
        return self.open_chosen("hearings")

    def new_need(self) -> QDialog:
        return self._open(NeedDialog(self.context, self, client_id=self.client_id))

    def edit_need(self) -> QDialog | None:
        return self.open_chosen("needs")

    def _need_chosen(self) -> None:
        need_id = selected_id(self.needs_table)
        if need_id is not None:
            need = needs.get(self.context.db, need_id)
            if need is not None:
                index = self.need_status.findData(need["status"])
                self.need_status.setCurrentIndex(max(index, 0))

    def _set_need_status(self, _index: int) -> None:
        need_id = selected_id(self.needs_table)
        status = self.need_status.currentData()
        if need_id is None or status is None:
            return
        need = needs.get(self.context.db, need_id)
        if need is None or need["status"] == status:
            return
        casework.set_need_status(self.context.db, need_id, status)
        self.context.notify_changed()

    def new_followup(self) -> QDialog:
        return self._open(FollowupDialog(self.context, self, client_id=self.client_id))

    def edit_followup(self) -> QDialog | None:
        return self.open_chosen("followups")

    def _followup_chosen(self) -> None:
        followup_id = selected_id(self.followups_table)
        row = followups.get(self.context.db, followup_id) if followup_id else None
        self.mark_done_button.setEnabled(row is not None and not row["done"])
        self.reopen_button.setEnabled(row is not None and bool(row["done"]))
        self.edit_followup_button.setEnabled(row is not None)

    def mark_followup_done(self) -> None:
        followup_id = selected_id(self.followups_table)
        if followup_id is None:
            return
        casework.mark_followup_done(self.context.db, followup_id, today().isoformat())
        self.context.notify_changed()

    def reopen_followup(self) -> None:
        followup_id = selected_id(self.followups_table)
        if followup_id is None:
            return
        casework.reopen_followup(self.context.db, followup_id)
        self.context.notify_changed()

    def new_referral(self) -> QDialog:
        return self._open(ReferralDialog(self.context, self, client_id=self.client_id))

    def open_referral(self) -> QDialog | None:
        return self.open_chosen("referrals")

    def new_consent(self, scope: str | None = None) -> QDialog:
        return self._open(ConsentDialog(self.context, self, client_id=self.client_id, scope=scope))
