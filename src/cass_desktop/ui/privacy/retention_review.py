"""File ▸ Records due for review…: the retention schedule and the people due under it.

Records are kept a number of years (default 6) after the person's case closed or they were
last seen; after that they are listed here for review. The number of years is head office's
setting, sent to every laptop (read-only there: ui/settings/retention_section.py). Erase… erases the
chosen person's record (ui/privacy/erase_dialog.py asks why and for a typed confirmation);
the row then shows what is left, "Erased on 1 Dec 2026: retention period ended", never the
old values.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.privacy import erasure, retention
from cass_desktop.records.dates import show_date
from cass_desktop.ui.privacy.erase_dialog import EraseDialog, tombstone_words
from cass_desktop.ui.settings.retention_section import RetentionRow
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.tables import records_table

COLUMNS = ("Reference", "Name", "Status", "Last worked with", "Due for review")


class RetentionDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Records due for review"))
        self.resize(820, 480)
        self.schedule = RetentionRow(context, self)
        self.schedule.changed.connect(self.refresh)
        self.years = self.schedule.years
        self.save_years = self.schedule.save_years
        note = QLabel(
            self.tr(
                "The last work is the latest of: the day their case closed, their last contact "
                "note, their last court date, the day it opened. Erase… removes a person's "
                "record here, at head office and on every laptop."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet(style.NOTE_STYLE)
        self.table = records_table([self.tr(c) for c in COLUMNS], stretch=1)
        self.table.setObjectName("retentionTable")
        self.table.doubleClicked.connect(self.open_person)
        self.summary = QLabel()
        self.summary.setObjectName("retentionSummary")
        self.erased: list[erasure.Tombstone] = []  # erased from this list while it is open
        self.erase_dialog: EraseDialog | None = None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.erase_button = QPushButton(self.tr("Erase…"))
        self.erase_button.setObjectName("retentionErase")
        self.erase_button.setAutoDefault(False)
        self.erase_button.clicked.connect(self.ask_erase)
        buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.schedule)
        layout.addWidget(note)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.due = retention.due(self.context.db)
        self.table.setRowCount(len(self.due) + len(self.erased))
        for r, person in enumerate(self.due):
            last = show_date(person.last_activity) if person.last_activity else self.tr("—")
            cells = (
                person.reference,
                person.name,
                self.tr("Closed") if person.status == "closed" else self.tr("Open"),
                last,
                show_date(person.due_on) if person.due_on else self.tr("—"),
            )
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        for r, gone in enumerate(self.erased, start=len(self.due)):
            cells = ("—", tombstone_words(self, gone), self.tr("Erased"), "—", "—")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setForeground(style.MUTED_COLOUR)
                self.table.setItem(r, c, item)
        self._update_buttons()
        kept = retention.years(self.context.db)
        if self.due:
            self.summary.setText(
                self.tr("%1 due for review (records are kept %2 years).")
                .replace("%1", str(len(self.due)))
                .replace("%2", str(kept))
            )
        else:
            self.summary.setText(
                self.tr("No one is due for review (records are kept %1 years).").replace(
                    "%1", str(kept)
                )
            )

    def _update_buttons(self) -> None:
        row = self.table.currentRow()
        chosen = bool(self.table.selectedItems()) and 0 <= row < len(self.due)
        self.erase_button.setEnabled(chosen)

    def ask_erase(self) -> None:
        """Erase…: ask for the reason and a typed confirmation, then show the tombstone."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.due):
            return
        person = self.due[row]
        dialog = EraseDialog(self.context, person.client_id, person.name, person.reference, self)
        self.erase_dialog = dialog  # kept, so tests can find it
        dialog.finished.connect(lambda _result: self._erased(dialog))
        dialog.open()

    def _erased(self, dialog: EraseDialog) -> None:
        self.erase_dialog = None
        if dialog.tombstone is not None:
            self.erased.append(dialog.tombstone)
            self.refresh()
            self.context.notify_changed()

    def open_person(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.due):
            self.context.open_client(self.due[row].client_id)
