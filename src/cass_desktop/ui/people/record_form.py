"""The form every record dialog about a person is: the one dialog shell with a form of
fields, each labelled as records/schema.py declares it, and the person's name at the top.
For someone who has not agreed to their information being held, a dialog whose record is not
kept says so as it opens, and the capability's refusal is shown if Save is pressed anyway."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.data import clients
from cass_desktop.people import hold
from cass_desktop.records import schema
from cass_desktop.records.problems import RecordInvalid
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.dialogs import DialogShell


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
        try:
            self.record_id = self.save()
        except RecordInvalid as refused:  # the capability's rule (consent to hold, ...)
            self.show_problems([self.tr(problem) for problem in refused.problems])
            return
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
        if self.table in ("contacts", "needs", "followups") and (
            hold.answer(self.context.db, client_id) == hold.NO
        ):
            self.show_problems([self.tr(hold.refusal(self.table))])
        return label
