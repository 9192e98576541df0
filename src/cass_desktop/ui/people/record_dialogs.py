"""Dialogs for the records kept about a person: contact notes, needs, follow-ups and consents.

Each dialog checks what was typed, says in plain words what is wrong, saves through the data
modules and calls `context.notify_changed()`; `.record_id` then holds the saved record's id.
The small field helpers here (typed dates and times, vocabulary combo boxes) are shared with
the hearing dialog.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.data import agencies, clients, consents, contacts, followups, needs, sites
from cass_desktop.records import schema, vocab
from cass_desktop.records.dates import (
    add_months,
    parse_date,
    parse_time,
    show_date,
    show_date_short,
    today,
)
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.dialogs import DialogShell


def vocab_combo(words: Mapping[str, str], blank: str | None = None) -> QComboBox:
    """A combo box of a vocabulary's words holding the stored keys; `blank` offers no choice."""
    combo = QComboBox()
    if blank is not None:
        combo.addItem(blank, None)
    for key, label in words.items():
        combo.addItem(label, key)
    return combo


def select_data(combo: QComboBox, key: Any) -> None:
    """Choose the entry holding `key`; a key from a newer version is added as it is."""
    index = combo.findData(key)
    if index < 0 and key is not None:
        combo.addItem(str(key), key)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))


def worker_combo(context: AppContext, selected: str | None) -> QComboBox:
    combo = QComboBox()
    for worker in sites.list_workers(context.db):
        combo.addItem(worker["name"], worker["id"])
    if selected and combo.findData(selected) < 0:
        worker = sites.get_worker(context.db, selected)
        combo.addItem(worker["name"] if worker else selected, selected)
    if selected:
        combo.setCurrentIndex(combo.findData(selected))
    return combo


class ListSearchKeys(QObject):
    """In a search box above a list of matches: Up and Down move through the matches, and
    Enter picks the highlighted one (the first if none is) instead of saving the dialog."""

    def __init__(self, edit: QLineEdit, results: QListWidget):
        super().__init__(edit)
        self.results = results
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()
        results = self.results
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and results.count():
            step = 1 if key == Qt.Key.Key_Down else -1
            results.setCurrentRow(max(0, min(results.count() - 1, results.currentRow() + step)))
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if results.count() and results.currentItem() is None:
                results.setCurrentRow(0)
            return True
        return False


class DateField(QWidget):
    """A date typed as dd/mm/yyyy, with the date it was read as shown beside it."""

    def __init__(self, value: dt.date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("dd/mm/yyyy"))
        self.edit.setMaxLength(10)
        self.edit.setFixedWidth(110)
        self.shown = QLabel()
        self.shown.setStyleSheet("color: palette(mid);")
        self.shown.setMinimumWidth(170)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.shown, 1)
        self.edit.textChanged.connect(self._show)
        if value is not None:
            self.set_date(value)

    def set_date(self, value: dt.date | None) -> None:
        self.edit.setText(show_date_short(value.isoformat()) if value else "")

    def date(self) -> dt.date:
        """The typed date; ValueError in plain words if it is missing or not a date."""
        return parse_date(self.edit.text())

    def _show(self, text: str) -> None:
        try:
            day = parse_date(text)
        except ValueError:
            self.shown.setText("")
            return
        self.shown.setText(f"{day:%A} {show_date(day.isoformat())}")


class RecordDialog(DialogShell):
    """A form on the one dialog shell (`ui/shell/dialogs.py`): Save, Cancel, a problem line."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.record_id: str | None = None
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    # The table whose fields the dialog edits, declared in records/schema.py.
    table = ""

    def field_row(self, name: str, widget: QWidget | QLayout) -> None:
        """A row for the field `name`, labelled as the schema declares it, with its hint and
        its longest length."""
        field = schema.fields(self.table)[name]
        if isinstance(widget, QLineEdit | QPlainTextEdit) and field.help:
            widget.setPlaceholderText(self.tr(field.help))
        if isinstance(widget, QLineEdit) and field.max_chars:
            widget.setMaxLength(field.max_chars)
        self.form.addRow(self.tr(field.label) + ":", widget)

    def submit(self) -> None:
        problems = self.problems()
        self.show_problems(problems)
        if problems:
            return
        self.record_id = self.save()
        self.context.notify_changed()
        self.accept()

    def problems(self) -> list[str]:
        raise NotImplementedError

    def save(self) -> str:
        raise NotImplementedError

    def client_heading(self, client_id: str) -> QLabel:
        row = clients.get(self.context.db, client_id) or {}
        label = QLabel(
            f"<b>{html.escape(clients.display_name(row))}</b>  "
            f"{html.escape(row.get('reference') or '')}"
        )
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        return label


def date_problem(label: str, error: ValueError) -> str:
    text = str(error)
    if text.startswith("no "):
        return f"Enter the {label.lower()}."
    return f"{label}: {text[0].upper()}{text[1:]}."


class ContactDialog(RecordDialog):
    """A note of one time the service saw or spoke to the person."""

    table = "contacts"
    discard_question = "Discard this contact note?"

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        client_id: str | None = None,
        contact_id: str | None = None,
    ):
        super().__init__(context, parent)
        existing = contacts.get(context.db, contact_id) if contact_id else None
        self.contact_id = contact_id
        self.client_id = existing["client_id"] if existing else client_id
        if not self.client_id:
            raise ValueError("a contact note needs a client")
        self.record_id = contact_id
        self.setWindowTitle(self.tr("Edit contact note") if existing else self.tr("Contact note"))
        self.resize(520, 460)

        site = context.site or {}
        self.kind = vocab_combo(vocab.CONTACT_KINDS)
        now = dt.datetime.now()
        self.date = DateField(now.date())
        self.time = QLineEdit(now.strftime("%H:%M"))
        self.time.setFixedWidth(70)
        self.place = QLineEdit(site.get("name") or "")
        self.duration = QSpinBox()
        self.duration.setRange(0, 600)
        self.duration.setSingleStep(5)
        self.duration.setSuffix(self.tr(" minutes"))
        self.duration.setSpecialValueText(self.tr("Not recorded"))
        self.duration.setMaximumWidth(160)
        self.summary = QPlainTextEdit()
        self.worker = worker_combo(context, context.worker_id)
        select_data(self.kind, "court" if site.get("kind") == "court" else "drop_in")

        when = QHBoxLayout()
        when.addWidget(self.date)
        when.addWidget(QLabel(self.tr("at")))
        when.addWidget(self.time)
        when.addStretch(1)
        self.form.addRow(self.client_heading(self.client_id))
        self.field_row("kind", self.kind)
        self.field_row("at", when)
        self.field_row("place", self.place)
        self.field_row("duration_minutes", self.duration)
        self.field_row("summary", self.summary)
        self.field_row("worker_id", self.worker)

        if existing:
            select_data(self.kind, existing["kind"])
            if existing["at"]:
                self.date.set_date(dt.date.fromisoformat(existing["at"][:10]))
                self.time.setText(existing["at"][11:16])
            self.place.setText(existing["place"] or "")
            self.duration.setValue(existing["duration_minutes"] or 0)
            self.summary.setPlainText(existing["summary"] or "")
            self.summary.moveCursor(QTextCursor.MoveOperation.End)
            if existing["worker_id"]:
                select_data(self.worker, existing["worker_id"])
        self.summary.setFocus()

    def problems(self) -> list[str]:
        found = []
        try:
            if self.date.date() > today():
                found.append(
                    self.tr(
                        "The date is in the future: a contact note records something that "
                        "has already happened."
                    )
                )
        except ValueError as exc:
            found.append(date_problem(self.tr("Date"), exc))
        try:
            parse_time(self.time.text())
        except ValueError as exc:
            found.append(date_problem(self.tr("Time"), exc))
        if not self.summary.toPlainText().strip():
            found.append(self.tr("Write a short summary of what happened or what was agreed."))
        return found

    def values(self) -> dict[str, Any]:
        return {
            "client_id": self.client_id,
            "kind": self.kind.currentData(),
            "at": f"{self.date.date().isoformat()}T{parse_time(self.time.text())}",
            "place": self.place.text().strip() or None,
            "duration_minutes": self.duration.value() or None,
            "summary": self.summary.toPlainText().strip(),
            "worker_id": self.worker.currentData(),
        }

    def save(self) -> str:
        if self.contact_id:
            contacts.update(self.context.db, self.contact_id, self.values())
            return self.contact_id
        return contacts.create(self.context.db, self.values())


class NeedDialog(RecordDialog):
    """A need the person has help with, in one domain, and how far it is being met."""

    table = "needs"
    discard_question = "Discard this need?"

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        client_id: str | None = None,
        need_id: str | None = None,
        domain: str | None = None,
    ):
        super().__init__(context, parent)
        existing = needs.get(context.db, need_id) if need_id else None
        self.need_id = need_id
        self.client_id = existing["client_id"] if existing else client_id
        if not self.client_id:
            raise ValueError("a need needs a client")
        self.record_id = need_id
        self.setWindowTitle(self.tr("Edit need") if existing else self.tr("Add a need"))
        self.resize(460, 340)

        self.domain = vocab_combo(vocab.NEED_DOMAINS, self.tr("Choose the area of need…"))
        self.level = vocab_combo(vocab.NEED_LEVELS, self.tr("Not assessed"))
        self.status = vocab_combo(vocab.NEED_STATUSES)
        self.notes = QPlainTextEdit()
        self.form.addRow(self.client_heading(self.client_id))
        self.field_row("domain", self.domain)
        self.field_row("level", self.level)
        self.field_row("status", self.status)
        self.field_row("notes", self.notes)
        if existing:
            select_data(self.domain, existing["domain"])
            select_data(self.level, existing["level"])
            select_data(self.status, existing["status"])
            self.notes.setPlainText(existing["notes"] or "")
        elif domain:
            select_data(self.domain, domain)

    def problems(self) -> list[str]:
        domain = self.domain.currentData()
        if not domain:
            return [self.tr("Choose the area of need (housing, money, mental health…).")]
        same = needs.open_in_domain(self.context.db, self.client_id, domain)
        if same and same["id"] != self.need_id:
            return [
                self.tr(
                    "This person already has a need for %1 that is not yet met. "
                    "Change that one instead of adding another."
                ).replace("%1", vocab.label(vocab.NEED_DOMAINS, domain).lower())
            ]
        return []

    def save(self) -> str:
        values = {
            "client_id": self.client_id,
            "domain": self.domain.currentData(),
            "level": self.level.currentData(),
            "status": self.status.currentData(),
            "notes": self.notes.toPlainText().strip() or None,
        }
        if self.need_id:
            needs.update(self.context.db, self.need_id, values)
            return self.need_id
        return needs.create(self.context.db, values)


class FollowupDialog(RecordDialog):
    """Something to do for the person by a date."""

    QUICK = (("Tomorrow", 1, 0), ("In a week", 7, 0), ("In 2 weeks", 14, 0), ("In a month", 0, 1))

    table = "followups"
    discard_question = "Discard this follow-up?"

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        client_id: str | None = None,
        followup_id: str | None = None,
    ):
        super().__init__(context, parent)
        existing = followups.get(context.db, followup_id) if followup_id else None
        self.followup_id = followup_id
        self.client_id = existing["client_id"] if existing else client_id
        if not self.client_id:
            raise ValueError("a follow-up needs a client")
        self.record_id = followup_id
        self.original_due = existing["due_on"] if existing else None
        self.setWindowTitle(self.tr("Edit follow-up") if existing else self.tr("Add a follow-up"))
        self.resize(480, 260)

        self.due = DateField()
        quick = QHBoxLayout()
        quick.setContentsMargins(0, 0, 0, 0)
        self.quick_buttons: dict[str, QPushButton] = {}
        for text, days, months in self.QUICK:
            button = QPushButton(self.tr(text))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, d=days, m=months: self._due_in(d, m))
            quick.addWidget(button)
            self.quick_buttons[text] = button
        quick.addStretch(1)
        self.what = QLineEdit()
        self.worker = worker_combo(context, context.worker_id)
        self.form.addRow(self.client_heading(self.client_id))
        self.field_row("what", self.what)
        self.field_row("due_on", self.due)
        self.form.addRow("", quick)
        self.field_row("worker_id", self.worker)
        if existing:
            self.what.setText(existing["what"] or "")
            if existing["due_on"]:
                self.due.set_date(dt.date.fromisoformat(existing["due_on"]))
            if existing["worker_id"]:
                select_data(self.worker, existing["worker_id"])
        else:
            self._due_in(7, 0)
        self.what.setFocus()

    def _due_in(self, days: int, months: int) -> None:
        self.due.set_date(add_months(today(), months) + dt.timedelta(days=days))

    def problems(self) -> list[str]:
        found = []
        if not self.what.text().strip():
            found.append(self.tr("Say what needs doing."))
        try:
            due = self.due.date()
            if due < today() and due.isoformat() != self.original_due:
                found.append(
                    self.tr("That due date has already passed; choose today or a later day.")
                )
        except ValueError as exc:
            found.append(date_problem(self.tr("Due date"), exc))
        return found

    def save(self) -> str:
        values = {
            "client_id": self.client_id,
            "what": self.what.text().strip(),
            "due_on": self.due.date().isoformat(),
            "worker_id": self.worker.currentData(),
        }
        if self.followup_id:
            followups.update(self.context.db, self.followup_id, values)
            return self.followup_id
        return followups.create(self.context.db, values)


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
        self.agency_search = QLineEdit()
        self.agency_search.setPlaceholderText(self.tr("Type part of the agency's name"))
        self.agency_search.setClearButtonEnabled(True)
        self.agency_list = QListWidget()
        self.agency_list.setMaximumHeight(140)
        self.kind = vocab_combo(vocab.NEED_DOMAINS, self.tr("Choose the kind of agency…"))
        share = QVBoxLayout(self.share_box)
        share.addWidget(self.with_agency)
        share.addWidget(self.agency_search)
        share.addWidget(self.agency_list)
        share.addWidget(self.with_kind)
        share.addWidget(self.kind)
        self.agency_search.textChanged.connect(self._search_agencies)
        self.agency_keys = ListSearchKeys(self.agency_search, self.agency_list)
        self.agency_search.textEdited.connect(lambda _t: self.with_agency.setChecked(True))
        self.agency_list.currentItemChanged.connect(
            lambda item, _old: item is not None and self.with_agency.setChecked(True)
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

        self._search_agencies("")
        self.scope_buttons[scope or "hold"].setChecked(True)
        if agency_id:
            agency = agencies.get(context.db, agency_id)
            if agency:
                self._add_agency(agency)
                self.agency_list.setCurrentRow(self.agency_list.count() - 1)
        elif agency_kind:
            select_data(self.kind, agency_kind)
            self.with_kind.setChecked(True)
        self._scope_changed()

    def _scope(self) -> str:
        return next(k for k, b in self.scope_buttons.items() if b.isChecked())

    def _scope_changed(self, *_args: Any) -> None:
        self.share_box.setEnabled(self.scope_buttons["share"].isChecked())

    def _add_agency(self, row: Mapping[str, Any]) -> None:
        label = row["name"]
        if row.get("domains"):
            label += f"  ·  {vocab.domain_labels(row['domains'])}"
        item = QListWidgetItem(label, self.agency_list)
        item.setData(Qt.ItemDataRole.UserRole, row["id"])

    def _search_agencies(self, text: str) -> None:
        self.agency_list.clear()
        for row in agencies.search(self.context.db, text, limit=50):
            self._add_agency(row)
        if text.strip() and self.agency_list.count():
            self.agency_list.setCurrentRow(0)

    def selected_agency(self) -> str | None:
        item = self.agency_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _decision(self) -> str | None:
        return next((k for k, b in self.decision_buttons.items() if b.isChecked()), None)

    def problems(self) -> list[str]:
        found = []
        if self._scope() == "share":
            if self.with_agency.isChecked():
                if not self.selected_agency():
                    found.append(self.tr("Choose the agency from the list, or search for it."))
            elif self.with_kind.isChecked():
                if not self.kind.currentData():
                    found.append(self.tr("Choose the kind of agency the information may go to."))
            else:
                found.append(
                    self.tr("Say who the information may be shared with: an agency or a kind.")
                )
        if self._decision() is None:
            found.append(self.tr("Say whether consent was given, refused or withdrawn."))
        try:
            if self.decided_on.date() > today():
                found.append(self.tr("The date is in the future; give the day they decided."))
        except ValueError as exc:
            found.append(date_problem(self.tr("Date"), exc))
        return found

    def save(self) -> str:
        scope = self._scope()
        agency_id = agency_kind = None
        if scope == "share":
            if self.with_agency.isChecked():
                agency_id = self.selected_agency()
            else:
                agency_kind = self.kind.currentData()
        return consents.record(
            self.context.db,
            {
                "client_id": self.client_id,
                "scope": scope,
                "agency_id": agency_id,
                "agency_kind": agency_kind,
                "decision": self._decision(),
                "decided_on": self.decided_on.date().isoformat(),
                "how_recorded": self.how.currentData(),
                "recorded_by": self.context.worker_id,
                "notes": self.notes.toPlainText().strip() or None,
            },
        )
