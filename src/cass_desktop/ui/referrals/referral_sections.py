"""The referral dialog's sections, built: the person, the agency, the reason and what is
shared, sharing and its authority, and progress (status, dates, appointment, outcome). Mixed
into ReferralDialog (referral_dialog.py), which fills them in, checks and saves."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.records import vocab
from cass_desktop.ui.agencies.agency_picker import AgencyPicker
from cass_desktop.ui.people.record_dialogs import (
    DateField,
    ListSearchKeys,
    vocab_combo,
)
from cass_desktop.ui.shell import style

BLOCK_STYLE = style.BLOCK_STYLE
HINT_STYLE = style.NOTE_STYLE

# Things commonly shared with an agency, offered as one-click lines: (button, line added).
INFO_ITEMS = (
    ("Name and contact details", "Name, date of birth and how to contact them"),
    ("Address", "Address, or that they have no fixed address"),
    ("Court case", "Court case: the charge and the next hearing date"),
    ("Needs", "The needs we talked about and what they want help with"),
    ("Risks", "Risks the agency's staff should know about"),
    ("Communication", "Communication needs and any interpreter needed"),
)


def _shrinkable(combo: QComboBox) -> None:
    """A combo box of long sentences that may be narrower than its longest entry."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)


class ReferralSections:
    """Mixed into ReferralDialog (before the dialog shell): builds each section's widgets."""

    # -- building ---------------------------------------------------------------------------

    def _build_person(self) -> QWidget:
        box = QGroupBox(self.tr("Person"))
        layout = QVBoxLayout(box)
        self.client_label = QLabel()
        self.client_label.setObjectName("referralClient")
        self.client_label.setTextFormat(Qt.TextFormat.RichText)
        self.client_search = QLineEdit()
        self.client_search.setPlaceholderText(self.tr("Type a name, reference or date of birth"))
        self.client_search.setClearButtonEnabled(True)
        self.client_list = QListWidget()
        self.client_list.setMaximumHeight(96)
        self.client_keys = ListSearchKeys(self.client_search, self.client_list)
        layout.addWidget(self.client_label)
        layout.addWidget(self.client_search)
        layout.addWidget(self.client_list)
        fixed = self.client_id is not None
        self.client_search.setVisible(not fixed)
        self.client_list.setVisible(not fixed)
        return box

    def _build_agency(self) -> QWidget:
        box = QGroupBox(self.tr("Agency"))
        layout = QVBoxLayout(box)
        self.agency_picker = AgencyPicker(
            self.context.db,
            chosen_words=self.tr("Referring to: %1"),
            none_words=self.tr("No agency chosen yet: click one in the list."),
            placeholder=self.tr("Type part of the agency's name, or a need such as housing"),
            list_height=96,
        )
        self.agency_search = self.agency_picker.search
        self.agency_search.setObjectName("referralAgencySearch")
        self.agency_list = self.agency_picker.results
        self.agency_info = QLabel()
        self.agency_info.setObjectName("agencyInfo")
        self.agency_info.setWordWrap(True)
        self.agency_info.setStyleSheet(HINT_STYLE)
        self.agency_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.agency_picker)
        layout.addWidget(self.agency_info)
        return box

    def _build_reason(self) -> QWidget:
        box = QGroupBox(self.tr("What the referral is for"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        needs = QGridLayout()
        needs.setContentsMargins(0, 0, 0, 0)
        self.domain_checks: dict[str, QCheckBox] = {}
        for i, (key, words) in enumerate(vocab.NEED_DOMAINS.items()):
            check = QCheckBox(self.tr(words))
            self.domain_checks[key] = check
            needs.addWidget(check, i // 2, i % 2)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("referralReason")
        self.reason.setPlaceholderText(
            self.tr("In your own words: what is happening and what help they want")
        )
        self.reason.setMinimumHeight(70)
        self.reason.setMaximumHeight(110)
        self.urgency = vocab_combo(vocab.URGENCY)
        self.info_shared = QPlainTextEdit()
        self.info_shared.setPlaceholderText(self.tr("What you will tell the agency about them"))
        self.info_shared.setMinimumHeight(60)
        self.info_shared.setMaximumHeight(110)
        quick = QGridLayout()
        quick.setContentsMargins(0, 0, 0, 0)
        self.info_buttons: list[QPushButton] = []
        for i, (short, text) in enumerate(INFO_ITEMS):
            button = QPushButton("+ " + self.tr(short))
            button.setAutoDefault(False)
            button.setToolTip(self.tr(text))
            button.clicked.connect(lambda _=False, t=text: self.add_info(self.tr(t)))
            quick.addWidget(button, i // 3, i % 3)
            self.info_buttons.append(button)
        form.addRow(QLabel(self.tr("Needs it addresses:")))
        form.addRow(needs)
        form.addRow(self.tr("Reason:"), self.reason)
        form.addRow(self.tr("Urgency:"), self.urgency)
        form.addRow(self.tr("Information shared:"), self.info_shared)
        form.addRow("", quick)
        return box

    def _build_sharing(self) -> QWidget:
        box = QGroupBox(self.tr("Sharing their information"))
        layout = QVBoxLayout(box)
        self.share_group = QButtonGroup(self)
        self.with_consent = QRadioButton(self.tr("Covered by their consent:"))
        self.without_consent = QRadioButton(self.tr("Share without consent, for a lawful reason:"))
        self.share_group.addButton(self.with_consent)
        self.share_group.addButton(self.without_consent)
        self.consent = QComboBox()
        self.consent.setObjectName("referralConsent")
        _shrinkable(self.consent)
        self.record_consent_button = QPushButton(self.tr("Record consent…"))
        self.record_consent_button.setAutoDefault(False)
        consent_row = QHBoxLayout()
        consent_row.addWidget(self.consent, 1)
        consent_row.addWidget(self.record_consent_button)
        self.lawful_basis = vocab_combo(vocab.LAWFUL_BASES, self.tr("Choose the lawful reason…"))
        _shrinkable(self.lawful_basis)
        self.lawful_reason = QPlainTextEdit()
        self.lawful_reason.setPlaceholderText(
            self.tr("Why you are sharing without consent, in your own words (required)")
        )
        self.lawful_reason.setMaximumHeight(60)
        self.sharing_status = QLabel()
        self.sharing_status.setObjectName("sharingStatus")
        self.sharing_status.setWordWrap(True)
        self.block_message = QLabel()
        self.block_message.setObjectName("sharingBlocked")
        self.block_message.setWordWrap(True)
        self.block_message.setStyleSheet(BLOCK_STYLE)
        self.block_message.hide()
        lawful = QVBoxLayout()
        lawful.setContentsMargins(24, 0, 0, 0)
        lawful.addWidget(self.lawful_basis)
        lawful.addWidget(self.lawful_reason)
        consent_indent = QVBoxLayout()
        consent_indent.setContentsMargins(24, 0, 0, 0)
        consent_indent.addLayout(consent_row)
        layout.addWidget(self.with_consent)
        layout.addLayout(consent_indent)
        layout.addWidget(self.without_consent)
        layout.addLayout(lawful)
        layout.addWidget(self.sharing_status)
        layout.addWidget(self.block_message)
        return box

    def _build_progress(self) -> QWidget:
        box = QGroupBox(self.tr("Support, appointment and follow-up"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        support = QGridLayout()
        support.setContentsMargins(0, 0, 0, 0)
        self.support_checks: dict[str, QCheckBox] = {}
        for i, (key, words) in enumerate(vocab.SUPPORT_KINDS.items()):
            check = QCheckBox(self.tr(words))
            self.support_checks[key] = check
            support.addWidget(check, i // 2, i % 2)
        self.contact_name = QLineEdit()
        self.contact_name.setPlaceholderText(self.tr("Who you spoke to, or will see them"))
        self.appointment_date = DateField()
        self.appointment_date.shown.setMinimumWidth(0)
        self.appointment_time = QLineEdit()
        self.appointment_time.setPlaceholderText(self.tr("hh:mm"))
        self.appointment_time.setFixedWidth(70)
        when = QHBoxLayout()
        when.setContentsMargins(0, 0, 0, 0)
        when.addWidget(self.appointment_date)
        when.addWidget(QLabel(self.tr("at")))
        when.addWidget(self.appointment_time)
        when.addStretch(1)
        self.appointment_place = QLineEdit()
        self.appointment_place.setPlaceholderText(self.tr("Where to go"))
        self.status = vocab_combo(vocab.REFERRAL_STATUSES)
        self.status.setObjectName("referralStatus")
        self.made_label = QLabel()
        self.made_label.setStyleSheet(HINT_STYLE)
        status_row = QHBoxLayout()
        status_row.setContentsMargins(0, 0, 0, 0)
        status_row.addWidget(self.status)
        status_row.addWidget(self.made_label, 1)
        self.followup_due = DateField()
        self.followup_due.shown.setMinimumWidth(0)
        self.outcome = QPlainTextEdit()
        self.outcome.setPlaceholderText(self.tr("What happened: did they go, what was agreed"))
        self.outcome.setMaximumHeight(60)
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(60)
        form.addRow(QLabel(self.tr("Support given:")))
        form.addRow(support)
        form.addRow(self.tr("Named contact:"), self.contact_name)
        form.addRow(self.tr("Appointment:"), when)
        form.addRow(self.tr("Where:"), self.appointment_place)
        form.addRow(self.tr("Status:"), status_row)
        form.addRow(self.tr("Follow up by:"), self.followup_due)
        form.addRow(self.tr("Outcome:"), self.outcome)
        form.addRow(self.tr("Notes:"), self.notes)
        return box
