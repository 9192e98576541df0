"""File ▸ Import people from CSV…: choose a spreadsheet saved as CSV, see what would happen to
each row (Add, Possible duplicate of…, Not imported and why), then import the people to add.
The dialog's frame is ui/shell/csv_import_dialog.py, shared with the agency import."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QWidget,
)

from cass_desktop.people import csv_import
from cass_desktop.people.csv_import import (
    ADDED,
    DUPLICATE,
    REJECTED,
    ImportResult,
    PersonRow,
    Preview,
)
from cass_desktop.records.dates import parse_date, show_date
from cass_desktop.ui.headoffice.sync_status import counted
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.csv_import_dialog import CsvImportDialog

_Index = QModelIndex | QPersistentModelIndex
_ORDER = {REJECTED: 0, DUPLICATE: 1, ADDED: 2}


class PeoplePreviewModel(QAbstractTableModel):
    """One row per row of the file: the person, what importing would do, and why."""

    ROW, PERSON, BORN, STATUS, DETAILS = range(5)
    SORT_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[PersonRow] = []
        self._done = False
        self._headers = [
            self.tr("Row"),
            self.tr("Person"),
            self.tr("Date of birth"),
            self.tr("What happens"),
            self.tr("Details"),
        ]

    def set_rows(self, rows: list[PersonRow], *, done: bool = False) -> None:
        self.beginResetModel()
        self._rows, self._done = list(rows), done
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def _status(self, row: PersonRow) -> str:
        if row.status == ADDED:
            return self.tr("Added") if self._done else self.tr("Add")
        if row.status == DUPLICATE:
            return self.tr("Possible duplicate")
        return self.tr("Not imported")

    def _details(self, row: PersonRow) -> str:
        if row.status == ADDED:
            return self.tr("New person")
        reason = row.reason[:1].upper() + row.reason[1:]
        if row.status == DUPLICATE:
            return reason + self.tr(
                ". Not imported: if they are someone else, add them with New person."
            )
        return reason

    def _text(self, row: PersonRow, column: int) -> str:
        if column == self.ROW:
            return str(row.number)
        if column == self.PERSON:
            return row.name
        if column == self.BORN:
            born = row.form.get("date_of_birth", "")
            try:
                return show_date(parse_date(born).isoformat()) if born else ""
            except ValueError:
                return born
        if column == self.STATUS:
            return self._status(row)
        return self._details(row)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column)
        if role == self.SORT_ROLE:
            if column == self.ROW:
                return row.number
            if column == self.STATUS:
                return (_ORDER[row.status], row.number)
            return self._text(row, column).casefold()
        if role == Qt.ItemDataRole.BackgroundRole and row.status != ADDED:
            return style.REFUSED_ROW_COLOUR if row.status == REJECTED else style.NOTICE_ROW_COLOUR
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            return {REJECTED: style.ERROR_COLOUR, ADDED: style.DONE_COLOUR}.get(row.status)
        return None


class PeopleImportDialog(CsvImportDialog):
    """Choose a CSV file of people, check the preview, then import it (or not)."""

    MODEL = PeoplePreviewModel
    TABLE_NAME = "peoplePreview"
    read_preview = staticmethod(csv_import.preview)
    apply_preview = staticmethod(csv_import.apply)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.setWindowTitle(self.tr("Import people from a CSV file"))
        self.intro.setText(
            self.tr(
                "Choose a CSV file saved from a spreadsheet of the people you support. Its "
                "first row names the columns: First name and Surname (or one Name column) are "
                "needed; Known as, Date of birth, Phone, Email, Address, Postcode and the other "
                "details of New person are read when present. Anyone who may already be held, "
                "or who appears twice in the file, is shown and left out. Nothing is saved "
                "until you press Import."
            )
        )
        self.preview: Preview | None
        self.result: ImportResult | None
        self.resize(960, 580)
        self.table.setColumnWidth(PeoplePreviewModel.PERSON, 200)
        self.table.setColumnWidth(PeoplePreviewModel.BORN, 110)
        self.table.setColumnWidth(PeoplePreviewModel.STATUS, 140)
        self.path.setFocus()

    def _choose_title(self) -> str:
        return self.tr("Choose the CSV file of people")

    def _summary(self, preview: Preview) -> list[str]:
        counts = preview.counts
        parts = []
        if counts[ADDED]:
            parts.append(self.tr("%1 to add").replace("%1", str(counts[ADDED])))
        if counts[DUPLICATE]:
            parts.append(
                counted(
                    counts[DUPLICATE],
                    self.tr("%n possible duplicate left out"),
                    self.tr("%n possible duplicates left out"),
                )
            )
        if counts[REJECTED]:
            parts.append(
                self.tr("%1 not imported (the reasons are in the list)").replace(
                    "%1", str(counts[REJECTED])
                )
            )
        lines = [self._rows_line(len(preview.rows), parts), *self._ignored_line(preview.ignored)]
        if preview.will_change:
            lines.append(self.tr("Press Import to add them."))
        else:
            lines.append(self.tr("Nothing to import: no one in the file can be added."))
        return lines

    def _imported_text(self, result: ImportResult) -> str:
        added = (
            self.tr("1 person added")
            if result.added == 1
            else self.tr("%1 people added").replace("%1", str(result.added))
        )
        text = self.tr("Imported: %1.").replace("%1", added)
        left = result.duplicates + result.rejected
        if left:
            text += " " + self.tr(
                "%1 left out: add a possible duplicate with New person if they are someone "
                "else, or fix a row in the spreadsheet and import it again."
            ).replace("%1", str(left))
        return text
