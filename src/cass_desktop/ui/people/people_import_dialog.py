"""File ▸ Import people from CSV…: choose a spreadsheet saved as CSV, see what would happen to
each row (Add, Possible duplicate of…, Not imported and why), then import the people to add."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.people import csv_import
from cass_desktop.people.csv_import import (
    ADDED,
    DUPLICATE,
    REJECTED,
    ImportFileError,
    ImportResult,
    PersonRow,
    Preview,
)
from cass_desktop.records.dates import parse_date, show_date
from cass_desktop.ui.headoffice.sync_status import counted
from cass_desktop.ui.shell import file_dialogs, style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.tables import records_view
from cass_desktop.ui.shell.tasks import Progress, TaskHandle, run_in_background

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
            return QColor("#fde7e9") if row.status == REJECTED else QColor("#fff4d6")
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            return {REJECTED: style.ERROR_COLOUR, ADDED: QColor("#1b6e20")}.get(row.status)
        return None


class PeopleImportDialog(QDialog):
    """Choose a CSV file of people, check the preview, then import it (or not)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.preview: Preview | None = None
        self.result: ImportResult | None = None
        self._task: TaskHandle | None = None
        self._importing = False
        self.setWindowTitle(self.tr("Import people from a CSV file"))
        self.resize(960, 580)

        intro = QLabel(
            self.tr(
                "Choose a CSV file saved from a spreadsheet of the people you support. Its "
                "first row names the columns: First name and Surname (or one Name column) are "
                "needed; Known as, Date of birth, Phone, Email, Address, Postcode and the other "
                "details of New person are read when present. Anyone who may already be held, "
                "or who appears twice in the file, is shown and left out. Nothing is saved "
                "until you press Import."
            )
        )
        intro.setWordWrap(True)

        self.path = QLineEdit()
        self.path.setObjectName("csvPath")
        self.path.setPlaceholderText(
            self.tr("Type or paste where the file is and press Enter, or choose it")
        )
        self.choose_button = QPushButton(self.tr("&Choose file…"))
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.choose_button)

        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.model = PeoplePreviewModel(self)
        self.proxy, self.table = records_view(
            self, self.model, PeoplePreviewModel.SORT_ROLE, "peoplePreview"
        )
        self.table.sortByColumn(PeoplePreviewModel.ROW, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(PeoplePreviewModel.ROW, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(PeoplePreviewModel.PERSON, 200)
        self.table.setColumnWidth(PeoplePreviewModel.BORN, 110)
        self.table.setColumnWidth(PeoplePreviewModel.STATUS, 140)

        self.import_button = QPushButton(self.tr("&Import"))
        self.import_button.setObjectName("import")
        self.import_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("Close"))
        # No default button: Enter in the file box reads the file, it never imports it.
        for button in (self.choose_button, self.import_button, self.close_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.path.returnPressed.connect(lambda: self.load_file(self.path.text()))
        self.choose_button.clicked.connect(self.choose_file)
        self.import_button.clicked.connect(self.import_now)
        self.close_button.clicked.connect(self.reject)
        self._show_message(self.tr("No file chosen yet."))
        self.path.setFocus()

    @property
    def busy(self) -> bool:
        return self._task is not None

    def _set_busy(self, task: TaskHandle | None, message: str = "", *, importing=False) -> None:
        self._task, self._importing = task, importing
        working = task is not None
        self.close_button.setEnabled(not importing)
        self.path.setEnabled(not working)
        self.choose_button.setEnabled(not working)
        self.import_button.setEnabled(
            not working and self.preview is not None and self.preview.will_change
        )
        if message:
            self._show_message(message)

    def _show_message(self, text: str, *, problem: bool = False) -> None:
        self.summary.setText(text)
        self.summary.setStyleSheet(style.ERROR_STYLE + " font-weight: bold;" if problem else "")

    def reject(self) -> None:
        if self._importing:
            return  # one transaction, nearly done: let it finish
        if self._task is not None:
            self._task.cancel()
        super().reject()

    def choose_file(self) -> None:
        path = file_dialogs.open_file(
            self,
            self.context.db,
            self.tr("Choose the CSV file of people"),
            self.tr("CSV files (*.csv *.txt);;All files (*)"),
        )
        if path:
            self.path.setText(path)
            self.load_file(path)

    def load_file(self, path: str | Path) -> None:
        """Read the file in the background and show what importing it would do."""
        text = str(path).strip().strip('"')
        if self.busy:
            return
        if not text:
            self._show_message(self.tr("Choose a file first."), problem=True)
            return
        self.preview = None
        self.model.set_rows([])
        file = Path(text).expanduser()
        open_connection = self.context.open_connection

        def work(progress: Progress) -> Preview:
            db = open_connection()
            try:
                return csv_import.preview(db, file, progress=progress.report)
            finally:
                db.close()

        task = run_in_background(
            self,
            work,
            self._show_preview,
            on_error=self._read_failed,
            title=self.tr("Reading the file…"),
        )
        task.finished.connect(lambda: self._task_finished(task))
        self._set_busy(task, self.tr("Reading %1…").replace("%1", file.name))

    def _task_finished(self, task: TaskHandle) -> None:
        if self._task is task:
            self._set_busy(None)
            if task.progress.cancelled:
                self._show_message(self.tr("Stopped. Nothing has been changed."))

    def _read_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ImportFileError):
            message = str(exc)
        else:
            message = self.tr("The file could not be read: %1").replace("%1", str(exc))
        self._show_message(message + " " + self.tr("Nothing has been changed."), problem=True)

    def _show_preview(self, preview: Preview) -> None:
        self.preview = preview
        self.model.set_rows(list(preview.rows))
        self.table.resizeRowsToContents()
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
        total = len(preview.rows)
        first = (
            self.tr("1 row in the file: ")
            if total == 1
            else self.tr("%1 rows in the file: ").replace("%1", str(total))
        )
        lines = [first + ", ".join(parts) + "."]
        if preview.ignored:
            lines.append(self.tr("Columns not used: %1.").replace("%1", ", ".join(preview.ignored)))
        if preview.will_change:
            lines.append(self.tr("Press Import to add them."))
        else:
            lines.append(self.tr("Nothing to import: no one in the file can be added."))
        self._show_message("\n".join(lines))

    def import_now(self) -> None:
        preview = self.preview
        if preview is None or not preview.will_change or self.busy:
            return
        open_connection = self.context.open_connection

        def work(_progress: Progress) -> ImportResult:
            db = open_connection()
            try:
                return csv_import.apply(db, preview)
            finally:
                db.close()

        task = run_in_background(self, work, self._imported, on_error=self._import_failed)
        task.finished.connect(lambda: self._task_finished(task))
        self._set_busy(task, self.tr("Importing…"), importing=True)

    def _imported(self, result: ImportResult) -> None:
        self.result = result
        if self.preview is not None:
            self.model.set_rows(list(self.preview.rows), done=True)
        self.preview = None
        self.context.notify_changed()
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
        self._show_message(text)
        self.close_button.setFocus()

    def _import_failed(self, exc: BaseException) -> None:
        self._show_message(
            self.tr("Nothing was imported: %1").replace("%1", str(exc)), problem=True
        )
