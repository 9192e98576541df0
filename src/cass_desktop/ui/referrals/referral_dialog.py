"""Making or changing a supported referral: the agency, the reason, what is shared and on what
authority, the support given, the appointment, and how it turned out.

The consent rule is the domain's (`sharing_block`): while the chosen status means
information has gone to the agency and nothing recorded allows that, the dialog says why in
plain words, offers to record the person's consent there and then, and will not save. A
draft can always be saved.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.data import agencies, clients
from cass_desktop.data import referrals as referral_data
from cass_desktop.records import vocab
from cass_desktop.records.dates import parse_time, show_date, today
from cass_desktop.referrals.consent import SharingBlocked, covering_consents, sharing_block
from cass_desktop.referrals.saving import FOLLOW_UP_AFTER, ReferralInvalid, save_referral
from cass_desktop.ui.people.record_dialogs import (
    ConsentDialog,
    date_problem,
    select_data,
)
from cass_desktop.ui.referrals.referral_sections import ReferralSections
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.dialogs import DialogShell

_ID = Qt.ItemDataRole.UserRole
BLOCK_STYLE = style.BLOCK_STYLE
OK_STYLE = style.DONE_STYLE
HINT_STYLE = style.NOTE_STYLE


def _tr(text: str) -> str:
    return QCoreApplication.translate("Referrals", text)


def consent_words(consent: Mapping[str, Any]) -> str:
    """'Agreed to share with Shelter Plymouth on 3 Nov 2026 (signed form)'."""
    if consent.get("agency_id"):
        target = consent.get("agency_name") or _tr("this agency")
    else:
        kind = vocab.label(vocab.NEED_DOMAINS, consent.get("agency_kind")).lower()
        target = _tr("any %1 service").replace("%1", kind)
    decision = {
        "given": _tr("Agreed to share with %1"),
        "refused": _tr("Refused sharing with %1"),
        "withdrawn": _tr("Withdrew consent to share with %1"),
    }.get(consent.get("decision") or "", "%1")
    text = decision.replace("%1", target)
    if consent.get("decided_on"):
        text += " " + _tr("on %1").replace("%1", show_date(consent["decided_on"]))
    how = vocab.label(vocab.CONSENT_HOW, consent.get("how_recorded"))
    if how:
        text += f" ({how.lower()})"
    return text


def agency_words(agency: Mapping[str, Any]) -> str:
    """What a worker needs when phoning: the named contact, the number, how to refer."""
    parts = []
    if agency.get("contact_name"):
        parts.append(_tr("Named contact: %1").replace("%1", agency["contact_name"]))
    if agency.get("phone"):
        parts.append(_tr("Phone: %1").replace("%1", agency["phone"]))
    if agency.get("email"):
        parts.append(_tr("Email: %1").replace("%1", agency["email"]))
    if agency.get("referral_method"):
        parts.append(_tr("How to refer: %1").replace("%1", agency["referral_method"]))
    if agency.get("referral_criteria"):
        parts.append(_tr("Who they take: %1").replace("%1", agency["referral_criteria"]))
    if agency.get("opening_hours"):
        parts.append(_tr("Open: %1").replace("%1", agency["opening_hours"]))
    if not agency.get("active", 1):
        parts.append(_tr("Marked as no longer active in the directory."))
    return "\n".join(parts) or _tr("No contact details recorded for this agency.")


class ReferralDialog(ReferralSections, DialogShell):
    """A new referral (for `client_id`, or a person picked here) or one being changed.

    After saving, `referral_id` holds the referral's id and `context.notify_changed()` has
    been called. Open with open(): it does not block.
    """

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        client_id: str | None = None,
        referral_id: str | None = None,
        agency_id: str | None = None,
    ):
        super().__init__(parent)
        self.context = context
        self.discard_question = "Discard the changes to this referral?"
        db = context.db
        self.existing = referral_data.row(db, referral_id) if referral_id else None
        if referral_id and self.existing is None:
            raise ValueError("no such referral")
        self.referral_id = referral_id
        self.client_id = self.existing["client_id"] if self.existing else client_id
        self.made_on: str | None = self.existing["made_on"] if self.existing else None
        self.consent_dialog: ConsentDialog | None = None
        self._domains_touched = bool(self.existing)
        self._contact_touched = bool(self.existing)
        self._place_touched = bool(self.existing)

        self.setWindowTitle(self.tr("Referral") if self.existing else self.tr("New referral"))
        self.resize(1040, 760)

        left = QVBoxLayout()
        left.addWidget(self._build_person())
        left.addWidget(self._build_agency())
        left.addWidget(self._build_reason())
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self._build_sharing())
        right.addWidget(self._build_progress())
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        body = QWidget()
        body.setLayout(columns)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self._load(agency_id)
        self._connect()
        self._agency_changed()
        self._status_changed()
        if self.client_id is None:
            self.client_search.setFocus()
        elif self.selected_agency() is None:
            self.agency_search.setFocus()
        else:
            self.reason.setFocus()

    # -- filling in -------------------------------------------------------------------------

    def _load(self, agency_id: str | None) -> None:
        existing = self.existing
        self._show_client()
        if existing is None:
            self.with_consent.setChecked(True)
            self.followup_due.set_date(today() + FOLLOW_UP_AFTER)
            self._search_agencies("", keep=agency_id)
            return
        self._search_agencies("", keep=existing["agency_id"])
        keys = set((existing["domains"] or "").split(","))
        for key, check in self.domain_checks.items():
            check.setChecked(key in keys)
        self.reason.setPlainText(existing["reason"] or "")
        select_data(self.urgency, existing["urgency"] or "routine")
        self.info_shared.setPlainText(existing["info_shared"] or "")
        if existing["lawful_basis"]:
            self.without_consent.setChecked(True)
            select_data(self.lawful_basis, existing["lawful_basis"])
            self.lawful_reason.setPlainText(existing["lawful_reason"] or "")
        else:
            self.with_consent.setChecked(True)
        support = set((existing["support"] or "").split(","))
        for key, check in self.support_checks.items():
            check.setChecked(key in support)
        self.contact_name.setText(existing["contact_name"] or "")
        appointment = existing["appointment_at"] or ""
        if appointment:
            try:
                self.appointment_date.set_date(dt.date.fromisoformat(appointment[:10]))
            except ValueError:
                self.appointment_date.edit.setText(appointment[:10])
            self.appointment_time.setText(appointment[11:16])
        self.appointment_place.setText(existing["appointment_place"] or "")
        select_data(self.status, existing["status"] or "draft")
        self.followup_due.set_date(
            dt.date.fromisoformat(existing["followup_due"]) if existing["followup_due"] else None
        )
        self.outcome.setPlainText(existing["outcome"] or "")
        self.notes.setPlainText(existing["notes"] or "")

    def _connect(self) -> None:
        self.client_search.textChanged.connect(self._search_clients)
        self.client_list.currentItemChanged.connect(lambda *_: self._client_chosen())
        self.agency_picker.changed.connect(self._agency_changed)
        for check in self.domain_checks.values():
            check.clicked.connect(self._touch_domains)
        self.contact_name.textEdited.connect(lambda _t: setattr(self, "_contact_touched", True))
        self.appointment_place.textEdited.connect(lambda _t: setattr(self, "_place_touched", True))
        self.with_consent.toggled.connect(lambda _on: self._sharing_changed())
        self.consent.currentIndexChanged.connect(lambda _i: self._sharing_changed())
        self.lawful_basis.activated.connect(lambda _i: self.without_consent.setChecked(True))
        self.lawful_basis.currentIndexChanged.connect(lambda _i: self._sharing_changed())
        self.lawful_reason.textChanged.connect(self._sharing_changed)
        self.status.currentIndexChanged.connect(lambda _i: self._status_changed())
        self.record_consent_button.clicked.connect(self.record_consent)

    def _touch_domains(self) -> None:
        self._domains_touched = True

    def _show_client(self) -> None:
        if self.client_id is None:
            self.client_label.setText(self.tr("Choose who is being referred:"))
            return
        row = clients.get(self.context.db, self.client_id) or {}
        self.client_label.setText(
            f"<b>{html.escape(clients.display_name(row))}</b>  "
            f"{html.escape(row.get('reference') or '')}"
        )
        title = self.tr("Referral for %1") if self.existing else self.tr("New referral for %1")
        self.setWindowTitle(title.replace("%1", clients.display_name(row)))

    def _search_clients(self, text: str) -> None:
        self.client_list.clear()
        for row in clients.search(self.context.db, text, limit=20) if text.strip() else []:
            words = clients.display_name(row)
            if row.get("date_of_birth"):
                words += "  ·  " + self.tr("born %1").replace("%1", show_date(row["date_of_birth"]))
            words += f"  ·  {row['reference']}"
            item = QListWidgetItem(words, self.client_list)
            item.setData(_ID, row["id"])
        if self.client_list.count():
            self.client_list.setCurrentRow(0)

    def _client_chosen(self) -> None:
        item = self.client_list.currentItem()
        if item is None:
            return
        self.client_id = item.data(_ID)
        self._show_client()
        self._load_consents()
        self._check_sharing()

    def _search_agencies(self, text: str, keep: str | None = None) -> None:
        """Show the agencies matching `text`; `keep` becomes the choice (typing never does)."""
        if keep:
            self.agency_picker.choose(keep)
        self.agency_search.setText(text)

    def selected_agency(self) -> str | None:
        return self.agency_picker.chosen_id()

    def _agency_changed(self) -> None:
        agency_id = self.selected_agency()
        agency = agencies.get(self.context.db, agency_id) if agency_id else None
        if agency is None:
            # With no agencies at all, the picker says what to do instead.
            self.agency_info.setText(
                ""
                if self.agency_picker.directory_empty
                else self.tr("Choose the agency from the list.")
            )
        else:
            self.agency_info.setText(agency_words(agency))
            if not self._domains_touched:
                served = set((agency["domains"] or "").split(","))
                for key, check in self.domain_checks.items():
                    check.setChecked(key in served)
            if not self._contact_touched:
                self.contact_name.setText(agency["contact_name"] or "")
            if not self._place_touched:
                self.appointment_place.setText(agency["address"] or "")
        self._load_consents()
        self._check_sharing()

    def _load_consents(self) -> None:
        chosen = self.consent.currentData()
        if self.existing and chosen is None:
            chosen = self.existing["consent_id"]
        self.consent.blockSignals(True)
        self.consent.clear()
        agency_id = self.selected_agency()
        agency = agencies.get(self.context.db, agency_id) if agency_id else None
        found = (
            covering_consents(self.context.db, self.client_id, agency)
            if agency and self.client_id
            else []
        )
        names = {agency["id"]: agency["name"]} if agency else {}
        for consent in found:
            shown = {**consent, "agency_name": names.get(consent.get("agency_id") or "")}
            self.consent.addItem(consent_words(shown), consent["id"])
        if not found:
            self.consent.addItem(
                self.tr("No consent to share with this agency is recorded")
                if agency
                else self.tr("Choose the agency first"),
                None,
            )
        index = self.consent.findData(chosen) if chosen else -1
        self.consent.setCurrentIndex(max(index, 0))
        self.consent.setEnabled(bool(found))
        self.consent.blockSignals(False)
        self.record_consent_button.setEnabled(bool(agency and self.client_id))

    def add_info(self, text: str) -> None:
        """Add a line to the information shared, unless it is there already."""
        lines = [line for line in self.info_shared.toPlainText().splitlines() if line.strip()]
        if text not in lines:
            lines.append(text)
        self.info_shared.setPlainText("\n".join(lines))

    def _status_changed(self) -> None:
        status = self.status.currentData()
        if status in vocab.REFERRAL_STATUSES_SHARED or status == "closed":
            made = self.made_on or today().isoformat()
            word = self.tr("today") if made == today().isoformat() else show_date(made)
            self.made_label.setText(self.tr("Made %1").replace("%1", word))
        else:
            self.made_label.setText(self.tr("Not made yet"))
        self._check_sharing()

    def _sharing_changed(self) -> None:
        lawful = self.without_consent.isChecked()
        self.lawful_basis.setEnabled(lawful)
        self.lawful_reason.setEnabled(lawful)
        self.consent.setEnabled(not lawful and self.consent.currentData() is not None)
        self._check_sharing()

    # -- the consent rule -------------------------------------------------------------------

    def _sharing_values(self) -> dict[str, Any]:
        lawful = self.without_consent.isChecked()
        return {
            "client_id": self.client_id,
            "agency_id": self.selected_agency(),
            "consent_id": None if lawful else self.consent.currentData(),
            "lawful_basis": self.lawful_basis.currentData() if lawful else None,
            "lawful_reason": self.lawful_reason.toPlainText().strip() if lawful else None,
        }

    def sharing_problem(self) -> str | None:
        """Why information may not go to the agency as things stand (None when it may)."""
        if not self.client_id:
            return self.tr("Choose the person this referral is for.")
        return sharing_block(self.context.db, self._sharing_values())

    def _check_sharing(self) -> None:
        """Say whether sharing is covered; the block shows while the status needs it."""
        if not hasattr(self, "status"):
            return
        problem = self.sharing_problem()
        needs_it = self.status.currentData() in vocab.REFERRAL_STATUSES_SHARED
        if problem is None:
            self.sharing_status.setText("✓ " + self.tr("Sharing with this agency is covered."))
            self.sharing_status.setStyleSheet(OK_STYLE)
        elif needs_it:
            self.sharing_status.setText("")
        else:
            self.sharing_status.setText(
                self.tr(
                    "Not covered yet. You can save a draft, but not mark the referral as made "
                    "until it is."
                )
            )
            self.sharing_status.setStyleSheet(HINT_STYLE)
        self.sharing_status.setVisible(bool(self.sharing_status.text()))
        self.show_block(problem if needs_it else None)

    def show_block(self, message: str | None) -> None:
        self.block_message.setText("⚠ " + message if message else "")
        self.block_message.setVisible(bool(message))

    def record_consent(self) -> ConsentDialog | None:
        """Record the person's decision about sharing with this agency, then check again."""
        if not self.client_id or self.consent_dialog is not None:
            return None
        dialog = ConsentDialog(
            self.context,
            self,
            client_id=self.client_id,
            scope="share",
            agency_id=self.selected_agency(),
        )
        self.consent_dialog = dialog

        def done(result: int) -> None:
            self.consent_dialog = None
            if result and dialog.record_id:
                self._load_consents()
                index = self.consent.findData(dialog.record_id)
                if index >= 0:
                    self.with_consent.setChecked(True)
                    self.consent.setCurrentIndex(index)
                self._sharing_changed()
            dialog.deleteLater()

        dialog.finished.connect(done)
        dialog.open()
        return dialog

    # -- saving -----------------------------------------------------------------------------

    def _appointment(self, found: list[str]) -> str | None:
        typed_date = self.appointment_date.edit.text().strip()
        typed_time = self.appointment_time.text().strip()
        if not typed_date and not typed_time:
            return None
        try:
            day = self.appointment_date.date()
        except ValueError as exc:
            found.append(date_problem(self.tr("Appointment date"), exc))
            return None
        if not typed_time:
            return day.isoformat()
        try:
            return f"{day.isoformat()}T{parse_time(typed_time)}"
        except ValueError as exc:
            found.append(date_problem(self.tr("Appointment time"), exc))
            return None

    def values(self, found: list[str]) -> dict[str, Any]:
        """The referral as filled in; what cannot be read is added to `found`."""
        followup = None
        if self.followup_due.edit.text().strip():
            try:
                followup = self.followup_due.date().isoformat()
            except ValueError as exc:
                found.append(date_problem(self.tr("Follow-up date"), exc))
        values = {
            **self._sharing_values(),
            "domains": [k for k, c in self.domain_checks.items() if c.isChecked()],
            "reason": self.reason.toPlainText(),
            "urgency": self.urgency.currentData(),
            "info_shared": self.info_shared.toPlainText(),
            "support": [k for k, c in self.support_checks.items() if c.isChecked()],
            "contact_name": self.contact_name.text(),
            "appointment_at": self._appointment(found),
            "appointment_place": self.appointment_place.text(),
            "status": self.status.currentData(),
            "followup_due": followup,
            "outcome": self.outcome.toPlainText(),
            "notes": self.notes.toPlainText(),
        }
        if not values["lawful_basis"]:
            values["lawful_reason"] = None
        return values

    def submit(self) -> None:
        found: list[str] = []
        values = self.values(found)
        if found:
            self.show_problems(found)
            return
        try:
            saved = save_referral(self.context.db, values, self.referral_id)
        except ReferralInvalid as exc:
            self.show_problems([message for _field, message in exc.problems])
            return
        except SharingBlocked as exc:
            self.show_problems([])
            self.show_block(exc.message)
            return
        self.show_problems([])
        self.referral_id = saved
        self.context.notify_changed()
        self.accept()
