"""Dialogs for the records kept about a person: contact notes, needs and follow-ups (the
consent dialog is in consent_dialog.py), each a RecordDialog (record_form.py) on the one
dialog shell.

Each dialog reads what was typed, shows in plain words what is wrong (the rules are
people/casework.py's), saves through people/casework.py and calls `context.notify_changed()`;
`.record_id` then holds the saved record's id.
The field helpers (typed dates, vocabulary combo boxes) are in ui/shell/fields.py; they and
ConsentDialog are named here too, for the modules that import them from here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from cass_desktop.data import contacts, followups, needs
from cass_desktop.people import casework
from cass_desktop.records import vocab
from cass_desktop.records.dates import (
    add_months,
    parse_time,
    today,
)
from cass_desktop.ui.people.consent_dialog import ConsentDialog
from cass_desktop.ui.people.record_form import RecordDialog
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.fields import (
    DateField,
    ListSearchKeys,
    date_problem,
    select_data,
    vocab_combo,
    worker_combo,
)

__all__ = [
    "ConsentDialog",
    "ContactDialog",
    "DateField",
    "FollowupDialog",
    "ListSearchKeys",
    "NeedDialog",
    "RecordDialog",
    "date_problem",
    "select_data",
    "vocab_combo",
    "worker_combo",
]


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
            self.date.date()
        except ValueError as exc:
            found.append(date_problem(self.tr("Date"), exc))
        try:
            parse_time(self.time.text())
        except ValueError as exc:
            found.append(date_problem(self.tr("Time"), exc))
        rules = casework.contact_problems(self.values(readable=not found))
        return found + [self.tr(problem) for problem in rules]

    def values(self, *, readable: bool = True) -> dict[str, Any]:
        """The note as it is stored (`at` None when the date or time could not be read)."""
        at = None
        if readable:
            at = f"{self.date.date().isoformat()}T{parse_time(self.time.text())}"
        return {
            "client_id": self.client_id,
            "kind": self.kind.currentData(),
            "at": at,
            "place": self.place.text().strip() or None,
            "duration_minutes": self.duration.value() or None,
            "summary": self.summary.toPlainText().strip(),
            "worker_id": self.worker.currentData(),
        }

    def save(self) -> str:
        return casework.save_contact(self.context.db, self.values(), self.contact_id)


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

    def values(self) -> dict[str, Any]:
        return {
            "client_id": self.client_id,
            "domain": self.domain.currentData(),
            "level": self.level.currentData(),
            "status": self.status.currentData(),
            "notes": self.notes.toPlainText().strip() or None,
        }

    def problems(self) -> list[str]:
        return casework.need_problems(self.context.db, self.values(), self.need_id)

    def save(self) -> str:
        return casework.save_need(self.context.db, self.values(), self.need_id)


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

    def values(self, *, readable: bool = True) -> dict[str, Any]:
        """The follow-up as it is stored (`due_on` None when the date could not be read)."""
        return {
            "client_id": self.client_id,
            "what": self.what.text().strip(),
            "due_on": self.due.date().isoformat() if readable else None,
            "worker_id": self.worker.currentData(),
        }

    def problems(self) -> list[str]:
        found = []
        try:
            self.due.date()
        except ValueError as exc:
            found.append(date_problem(self.tr("Due date"), exc))
        rules = casework.followup_problems(
            self.context.db, self.values(readable=not found), self.followup_id
        )
        return [self.tr(problem) for problem in rules] + found

    def save(self) -> str:
        return casework.save_followup(self.context.db, self.values(), self.followup_id)
