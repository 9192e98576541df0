"""Recording a consent decision: to hold the person's information, or to share it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.records import vocab
from cass_desktop.records.dates import today
from cass_desktop.referrals import consent
from cass_desktop.ui.agencies.agency_picker import AgencyPicker
from cass_desktop.ui.people.record_form import RecordDialog
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.fields import (
    DateField,
    date_problem,
    select_data,
    vocab_combo,
)


class ConsentDialog(RecordDialog):
    """A consent decision: to hold the person's information, or to share it.

    Sharing is with a named agency or with any agency of a kind (a need domain). A later
    decision, such as a withdrawal, is recorded as a new decision, never by editing the old one.
    """

    table = "consents"
    discard_question = "Discard this consent decision?"

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        client_id: str,
        scope: str | None = None,
        agency_id: str | None = None,
        agency_kind: str | None = None,
    ):
        super().__init__(context, parent)
        self.client_id = client_id
        self.setWindowTitle(self.tr("Record consent"))
        self.resize(560, 600)

        self.scope_group = QButtonGroup(self)
        self.scope_buttons: dict[str, QRadioButton] = {}
        scope_row = QVBoxLayout()
        for key, label in vocab.CONSENT_SCOPES.items():
            button = QRadioButton(self.tr(label))
            self.scope_group.addButton(button)
            self.scope_buttons[key] = button
            scope_row.addWidget(button)
            button.toggled.connect(self._scope_changed)

        self.share_box = QGroupBox(self.tr("Share with"))
        self.with_agency = QRadioButton(self.tr("A named agency:"))
        self.with_kind = QRadioButton(self.tr("Any agency that helps with:"))
        self.target_group = QButtonGroup(self)
        self.target_group.addButton(self.with_agency)
        self.target_group.addButton(self.with_kind)
        self.agency_picker = AgencyPicker(
            context.db,
            chosen_words=self.tr("Sharing with: %1"),
            none_words=self.tr("No agency chosen yet: click one in the list."),
            list_height=140,
        )
        self.agency_search = self.agency_picker.search
        self.agency_list = self.agency_picker.results
        self.kind = vocab_combo(vocab.NEED_DOMAINS, self.tr("Choose the kind of agency…"))
        share = QVBoxLayout(self.share_box)
        share.addWidget(self.with_agency)
        share.addWidget(self.agency_picker)
        share.addWidget(self.with_kind)
        share.addWidget(self.kind)
        self.agency_search.textEdited.connect(lambda _t: self.with_agency.setChecked(True))
        self.agency_picker.changed.connect(
            lambda: self.agency_picker.chosen_id() and self.with_agency.setChecked(True)
        )
        self.kind.activated.connect(lambda _i: self.with_kind.setChecked(True))

        self.decision_group = QButtonGroup(self)
        self.decision_buttons: dict[str, QRadioButton] = {}
        decision_row = QHBoxLayout()
        for key, label in vocab.CONSENT_DECISIONS.items():
            button = QRadioButton(self.tr(label))
            self.decision_group.addButton(button)
            self.decision_buttons[key] = button
            decision_row.addWidget(button)
        decision_row.addStretch(1)
        self.decided_on = DateField(today())
        self.how = vocab_combo(vocab.CONSENT_HOW)
        worker = context.worker
        self.recorded_by = QLabel(worker["name"] if worker else self.tr("(no worker set)"))
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(80)

        self.form.addRow(self.client_heading(client_id))
        self.field_row("scope", scope_row)
        self.form.addRow(self.share_box)
        self.field_row("decision", decision_row)
        self.field_row("decided_on", self.decided_on)
        self.field_row("how_recorded", self.how)
        self.field_row("recorded_by", self.recorded_by)
        self.field_row("notes", self.notes)

        self.scope_buttons[scope or "hold"].setChecked(True)
        if agency_id:
            self.agency_picker.choose(agency_id)
        elif agency_kind:
            select_data(self.kind, agency_kind)
            self.with_kind.setChecked(True)
        self._scope_changed()

    def _scope(self) -> str:
        return next(k for k, b in self.scope_buttons.items() if b.isChecked())

    def _scope_changed(self, *_args: Any) -> None:
        self.share_box.setEnabled(self.scope_buttons["share"].isChecked())

    def selected_agency(self) -> str | None:
        return self.agency_picker.chosen_id()

    def _decision(self) -> str | None:
        return next((k for k, b in self.decision_buttons.items() if b.isChecked()), None)

    def values(self, *, readable: bool = True) -> dict[str, Any]:
        """The decision as it is stored (`decided_on` None when the date could not be read)."""
        scope = self._scope()
        agency_id = agency_kind = None
        if scope == "share":
            if self.with_agency.isChecked():
                agency_id = self.selected_agency()
            elif self.with_kind.isChecked():
                agency_kind = self.kind.currentData()
        return {
            "client_id": self.client_id,
            "scope": scope,
            "agency_id": agency_id,
            "agency_kind": agency_kind,
            "decision": self._decision(),
            "decided_on": self.decided_on.date().isoformat() if readable else None,
            "how_recorded": self.how.currentData(),
            "recorded_by": self.context.worker_id,
            "notes": self.notes.toPlainText().strip() or None,
        }

    def problems(self) -> list[str]:
        unread = []
        try:
            self.decided_on.date()
        except ValueError as exc:
            unread.append(date_problem(self.tr("Date"), exc))
        found = []
        for problem in consent.consent_problems(self.values(readable=not unread)):
            if problem == consent.NO_ONE_TO_SHARE_WITH and self.with_agency.isChecked():
                found.append(self.tr("Choose the agency from the list, or search for it."))
            elif problem == consent.NO_ONE_TO_SHARE_WITH and self.with_kind.isChecked():
                found.append(self.tr("Choose the kind of agency the information may go to."))
            else:
                found.append(self.tr(problem))
        return found + unread

    def save(self) -> str:
        return consent.record_consent(self.context.db, self.values())
