"""Settings ▸ Retention: how many years records are kept after a case closes (default 6).

Head office sets it and sends it to every laptop with its updates (sync/settings_section.py);
on a laptop it is shown read-only, "set by head office". The same row heads File ▸ Records
due for review… (ui/privacy/retention_review.py)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.privacy import retention
from cass_desktop.sync import identity
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext


class RetentionRow(QWidget):
    """Keep records for [6] years [Keep for this long] at head office; read-only on a laptop."""

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.years = QSpinBox()
        self.years.setObjectName("retentionYears")
        self.years.setRange(retention.MIN_YEARS, retention.MAX_YEARS)
        self.years.setSuffix(self.tr(" years"))
        self.save_years = QPushButton(self.tr("Keep for this long"))
        self.save_years.setObjectName("retentionSave")
        self.save_years.clicked.connect(self.set_years)
        self.set_by = QLabel()
        self.set_by.setObjectName("retentionSetBy")
        self.set_by.setWordWrap(True)
        self.set_by.setStyleSheet(style.NOTE_STYLE)
        self.message = QLabel()
        self.message.setObjectName("retentionMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Keep records after the last work with a person for")))
        row.addWidget(self.years)
        row.addWidget(self.save_years)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.set_by)
        column.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        db = self.context.db
        self.years.setValue(retention.years(db))
        laptop = retention.set_by_head_office(db)
        self.years.setReadOnly(laptop)
        self.years.setEnabled(not laptop)
        self.save_years.setVisible(not laptop)
        if not laptop:
            self.set_by.setText(
                self.tr("Sent to every laptop with its next update from head office.")
                if identity.role(db) == "head-office"
                else self.tr("This store's own setting.")
            )
        elif retention.heard_from_head_office(db):
            self.set_by.setText(self.tr("Set by head office: it cannot be changed here."))
        else:
            self.set_by.setText(
                self.tr("Set by head office: the default until head office's first update arrives.")
            )

    def set_years(self) -> None:
        try:
            retention.set_years(self.context.db, self.years.value())
        except retention.RetentionError as exc:
            self.message.setText(self.tr(str(exc)))
            self.message.setStyleSheet(style.ERROR_STYLE)
        else:
            self.message.setText(self.tr("Saved."))
            self.message.setStyleSheet(style.DONE_STYLE)
        self.message.show()
        self.refresh()
        self.changed.emit()


class RetentionBox(QGroupBox):
    """Settings ▸ Retention."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(self.tr("Retention"), parent)
        self.setObjectName("retentionBox")
        self.row = RetentionRow(context, self)
        note = QLabel(
            self.tr(
                "After that, a person's records are listed under File ▸ Records due for "
                "review… to be erased. The last work is the latest of: the day their case "
                "closed, their last contact note, their last court date, the day it opened."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet(style.NOTE_STYLE)
        column = QVBoxLayout(self)
        column.addWidget(self.row)
        column.addWidget(note)

    def refresh(self) -> None:
        self.row.refresh()
