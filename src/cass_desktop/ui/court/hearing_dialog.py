"""Adding a court date for a person, or editing one and recording its outcome."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.court import hearings as court_hearings
from cass_desktop.data import clients, hearings, sites
from cass_desktop.records import vocab
from cass_desktop.records.dates import parse_time, show_date, show_datetime, today
from cass_desktop.ui.people.record_dialogs import (
    DateField,
    ListSearchKeys,
    RecordDialog,
    date_problem,
    select_data,
    vocab_combo,
)
from cass_desktop.ui.shell.context import AppContext

_ID = Qt.ItemDataRole.UserRole


class ClientPicker(QWidget):
    """Search as you type over people, and pick one from the matches."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.client_id: str | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            self.tr("Type a name, reference or date of birth (14/03/1990)")
        )
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setMaximumHeight(130)
        self.chosen = QLabel(self.tr("Nobody chosen yet."))
        self.chosen.setWordWrap(True)
        self.new_person = QPushButton(self.tr("New person…"))
        self.new_person.setAutoDefault(False)
        self.new_person.setToolTip(self.tr("Add someone who is not on the system yet"))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.chosen, 1)
        row.addWidget(self.new_person)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        layout.addLayout(row)
        self.search.textChanged.connect(self._search)
        self.keys = ListSearchKeys(self.search, self.results)
        self.results.currentItemChanged.connect(self._picked)
        self.new_person.clicked.connect(self._add_person)

    def _search(self, text: str) -> None:
        self.results.clear()
        for row in clients.search(self.context.db, text, limit=20) if text.strip() else []:
            label = f"{clients.display_name(row)}  ·  {row['reference']}"
            if row["date_of_birth"]:
                label += "  ·  " + self.tr("born %1").replace("%1", show_date(row["date_of_birth"]))
            item = QListWidgetItem(label, self.results)
            item.setData(_ID, row["id"])
        if self.results.count() == 1:
            self.results.setCurrentRow(0)

    def _picked(self, item: QListWidgetItem | None, _old: Any = None) -> None:
        if item is None:
            return
        self.set_client(item.data(_ID))

    def set_client(self, client_id: str) -> None:
        row = clients.get(self.context.db, client_id)
        if row is None:
            return
        self.client_id = client_id
        self.chosen.setText(
            self.tr("For: %1").replace(
                "%1", f"<b>{html.escape(clients.display_name(row))}</b> {row['reference']}"
            )
        )

    def _add_person(self) -> None:
        from cass_desktop.ui.people.client_dialog import ClientDialog

        # Choosing a look-alike person picks them for this hearing rather than leaving the dialog.
        dialog = ClientDialog(self.context, self, open_existing=False)
        accepted = dialog.exec()
        chosen = dialog.opened_existing_id or (dialog.client_id if accepted else None)
        if chosen:
            self.set_client(chosen)


class HearingDialog(RecordDialog):
    """Add a hearing (choosing the person when none is given), or edit one and its outcome.

    An outcome after which the case comes back to court takes a next hearing date; saving it
    books that hearing (`court.hearings.save_hearing`, which holds the rules). `.hearing_id`
    holds the hearing saved and `.next_hearing_id` the one booked, if any.
    """

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        hearing_id: str | None = None,
        client_id: str | None = None,
        default_day: dt.date | None = None,
    ):
        super().__init__(context, parent)
        existing = hearings.get(context.db, hearing_id) if hearing_id else None
        if hearing_id and existing is None:
            raise ValueError("no such hearing")
        self.existing = existing
        self.hearing_id = hearing_id
        self.next_hearing_id: str | None = None
        self.record_id = hearing_id
        self.client_id = existing["client_id"] if existing else client_id
        self.setWindowTitle(self.tr("Court date") if existing else self.tr("Add a court date"))
        self.resize(580, 700)

        self.picker: ClientPicker | None = None
        if self.client_id:
            self.form.addRow(self.tr("Person:"), self.client_heading(self.client_id))
        else:
            self.picker = ClientPicker(context)
            self.form.addRow(self.tr("Person:"), self.picker)

        self.court = QComboBox()
        for site in sites.list_sites(context.db):
            self.court.addItem(site["name"], site["id"])
        self.court.setCurrentIndex(max(self.court.findData(context.site_id), 0))
        self.date = DateField(default_day or today())
        self.time = QLineEdit("10:00")
        self.time.setFixedWidth(70)
        when = QHBoxLayout()
        when.addWidget(self.date)
        when.addWidget(QLabel(self.tr("at")))
        when.addWidget(self.time)
        when.addStretch(1)
        self.courtroom = QLineEdit()
        self.courtroom.setPlaceholderText(self.tr("For example: 3"))
        self.case_number = QLineEdit()
        self.hearing_type = vocab_combo(vocab.HEARING_TYPES, self.tr("Not known"))
        self.charge = QLineEdit()
        self.charge.setPlaceholderText(self.tr("In brief, as on the court list"))
        self.solicitor = QLineEdit()
        self.solicitor.setPlaceholderText(self.tr("Name and firm, or duty solicitor"))
        self.notes = QPlainTextEdit()
        self.notes.setMinimumHeight(50)

        self.form.addRow(self.tr("Court:"), self.court)
        self.form.addRow(self.tr("Date and time:"), when)
        self.form.addRow(self.tr("Courtroom:"), self.courtroom)
        self.form.addRow(self.tr("Case number:"), self.case_number)
        self.form.addRow(self.tr("Hearing:"), self.hearing_type)
        self.form.addRow(self.tr("Charge:"), self.charge)
        self.form.addRow(self.tr("Solicitor:"), self.solicitor)
        self.form.addRow(self.tr("Notes:"), self.notes)

        self.outcome_box = QGroupBox(self.tr("Outcome"))
        self.outcome = vocab_combo(vocab.OUTCOMES, self.tr("Not known yet"))
        self.next_date = DateField()
        self.next_time = QLineEdit()
        self.next_time.setPlaceholderText("10:00")
        self.next_time.setFixedWidth(70)
        self.next_type = vocab_combo(vocab.HEARING_TYPES)
        select_data(self.next_type, "adjournment")
        # The sentence or the bail conditions, for the outcomes that have one.
        self.detail_label = QLabel()
        self.detail = QPlainTextEdit()
        self.detail.setMaximumHeight(60)
        self.next_label = QLabel(self.tr("Next hearing:"))
        self.next_type_label = QLabel(self.tr("Next hearing is for:"))
        next_when = QHBoxLayout()
        next_when.addWidget(self.next_date)
        next_when.addWidget(QLabel(self.tr("at")))
        next_when.addWidget(self.next_time)
        next_when.addStretch(1)
        outcome_form = QVBoxLayout(self.outcome_box)
        outcome_form.addWidget(self.outcome)
        outcome_form.addWidget(self.detail_label)
        outcome_form.addWidget(self.detail)
        outcome_form.addWidget(self.next_label)
        outcome_form.addLayout(next_when)
        outcome_form.addWidget(self.next_type_label)
        outcome_form.addWidget(self.next_type)
        self.booked = QLabel()
        self.booked.setWordWrap(True)
        outcome_form.addWidget(self.booked)
        outcome_form.addStretch(1)
        self.form.addRow(self.outcome_box)
        self.outcome.currentIndexChanged.connect(self._outcome_changed)

        if existing:
            self._fill(existing)
        self._outcome_changed()

    def _fill(self, row: dict[str, Any]) -> None:
        if row["court_id"]:
            select_data(self.court, row["court_id"])
        if row["starts_at"]:
            self.date.set_date(dt.date.fromisoformat(row["starts_at"][:10]))
            self.time.setText(row["starts_at"][11:16])
        self.courtroom.setText(row["courtroom"] or "")
        self.case_number.setText(row["case_number"] or "")
        select_data(self.hearing_type, row["hearing_type"])
        self.charge.setText(row["charge_summary"] or "")
        self.solicitor.setText(row["solicitor"] or "")
        self.notes.setPlainText(row["notes"] or "")
        select_data(self.outcome, row["outcome"])
        self.detail.setPlainText(row.get("outcome_detail") or "")
        if row["next_hearing_at"]:
            self.next_date.set_date(dt.date.fromisoformat(row["next_hearing_at"][:10]))
            self.next_time.setText(row["next_hearing_at"][11:16])
            self.booked.setText(
                self.tr("Next hearing booked for %1.").replace(
                    "%1", show_datetime(row["next_hearing_at"])
                )
            )

    def _outcome_changed(self, *_args: Any) -> None:
        has_next = self.outcome.currentData() in vocab.OUTCOMES_WITH_NEXT_DATE
        for widget in (
            self.next_label,
            self.next_date,
            self.next_time,
            self.next_type_label,
            self.next_type,
        ):
            widget.setEnabled(has_next)
        detail = vocab.OUTCOMES_WITH_DETAIL.get(self.outcome.currentData())
        self.detail_label.setText(self.tr(detail) + ":" if detail else "")
        for widget in (self.detail_label, self.detail):
            widget.setVisible(detail is not None)
        if has_next and not self.next_time.text():
            self.next_time.setText(self.time.text() or "10:00")

    def chosen_client(self) -> str | None:
        return self.picker.client_id if self.picker is not None else self.client_id

    def _starts_at(self) -> str:
        return f"{self.date.date().isoformat()}T{parse_time(self.time.text())}"

    def _next_at(self) -> str | None:
        if self.outcome.currentData() not in vocab.OUTCOMES_WITH_NEXT_DATE:
            return None
        if not self.next_date.edit.text().strip():
            return None
        return f"{self.next_date.date().isoformat()}T{parse_time(self.next_time.text())}"

    def values(self, *, readable: bool = True) -> dict[str, Any]:
        """The hearing as it is stored (`starts_at` None when the date or time could not be
        read)."""
        return {
            "client_id": self.chosen_client(),
            "court_id": self.court.currentData(),
            "starts_at": self._starts_at() if readable else None,
            "courtroom": self.courtroom.text().strip() or None,
            "case_number": self.case_number.text().strip() or None,
            "hearing_type": self.hearing_type.currentData(),
            "charge_summary": self.charge.text().strip() or None,
            "solicitor": self.solicitor.text().strip() or None,
            "notes": self.notes.toPlainText().strip() or None,
            "outcome_detail": (
                " ".join(self.detail.toPlainText().split()) or None
                if self.outcome.currentData() in vocab.OUTCOMES_WITH_DETAIL
                else None
            ),
        }

    def problems(self) -> list[str]:
        unread = []
        try:
            self.date.date()
        except ValueError as exc:
            unread.append(date_problem(self.tr("Hearing date"), exc))
        try:
            parse_time(self.time.text())
        except ValueError as exc:
            unread.append(date_problem(self.tr("Hearing time"), exc))
        readable = not unread
        next_at = None
        if self.outcome.currentData() in vocab.OUTCOMES_WITH_NEXT_DATE:
            try:
                next_at = self._next_at()
            except ValueError as exc:
                unread.append(date_problem(self.tr("Next hearing"), exc))
        rules = court_hearings.hearing_problems(
            self.context.db,
            self.values(readable=readable),
            self.hearing_id,
            outcome=self.outcome.currentData(),
            next_at=next_at,
        )
        return [self.tr(problem) for problem in rules] + unread

    def save(self) -> str:
        self.hearing_id, self.next_hearing_id = court_hearings.save_hearing(
            self.context.db,
            self.values(),
            self.hearing_id,
            outcome=self.outcome.currentData(),
            next_at=self._next_at(),
            next_type=self.next_type.currentData() or "adjournment",
        )
        return self.hearing_id
