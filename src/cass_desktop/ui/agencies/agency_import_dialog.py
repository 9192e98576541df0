"""Importing agencies from a CSV file: choose it, see what would happen to each row, confirm."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import (
    Qt,
)
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

from cass_desktop.agencies import csv_import
from cass_desktop.agencies.csv_import import (
    ADDED,
    REJECTED,
    UNCHANGED,
    UPDATED,
    ImportResult,
    Preview,
    RowPlan,
)
from cass_desktop.agencies.csv_rows import FIELD_LABELS, ImportFileError
from cass_desktop.app.resources import resource
from cass_desktop.records.vocab import domain_labels
from cass_desktop.ui.shell import file_dialogs, style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.tables import Column, RecordsModel, records_view
from cass_desktop.ui.shell.tasks import Progress, TaskHandle, run_in_background

_ORDER = {REJECTED: 0, ADDED: 1, UPDATED: 2, UNCHANGED: 3}


class PreviewModel(RecordsModel):
    """One row per row of the file: what importing it would do, and why."""

    ROW, AGENCY, STATUS, DETAILS = range(4)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._status = {
            ADDED: self.tr("Add"),
            UPDATED: self.tr("Update"),
            UNCHANGED: self.tr("No change"),
            REJECTED: self.tr("Not imported"),
        }
        self._done = False
        self._status_done = {
            ADDED: self.tr("Added"),
            UPDATED: self.tr("Updated"),
            UNCHANGED: self.tr("No change"),
            REJECTED: self.tr("Not imported"),
        }
        rejected = lambda row: QColor("#fde7e9") if row.status == REJECTED else None  # noqa: E731
        self.columns = [
            Column(
                self.tr("Row"),
                lambda row: str(row.number),
                sort=lambda row: row.number,
                background=rejected,
            ),
            Column(
                self.tr("Agency"),
                lambda row: row.name or self.tr("(no name)"),
                background=rejected,
            ),
            Column(
                self.tr("What happens"),
                lambda row: (self._status_done if self._done else self._status)[row.status],
                sort=lambda row: (_ORDER[row.status], row.number),
                background=rejected,
                colour=lambda row: {
                    REJECTED: style.ERROR_COLOUR,
                    ADDED: QColor("#1b6e20"),
                    UPDATED: QColor("#0b4f8a"),
                }.get(row.status),
            ),
            Column(self.tr("Details"), self.details, background=rejected),
        ]

    def set_rows(self, rows: list[RowPlan], *, done: bool = False) -> None:
        """Rows of a preview; `done` once they have been imported (Added, not Add)."""
        self._done = done
        super().set_rows(rows)

    def details(self, row: RowPlan) -> str:
        if row.status == REJECTED:
            return row.reason
        if row.status == UPDATED:
            fields = ", ".join(self.tr(FIELD_LABELS[f]).lower() for f in row.changed_fields)
            if self._done:
                return self.tr("Changed: %1").replace("%1", fields)
            return self.tr("Will change: %1").replace("%1", fields)
        if row.status == UNCHANGED:
            return self.tr("Already in the directory with these details")
        parts = []
        if row.values.get("domains"):
            parts.append(self.tr("Needs: %1").replace("%1", domain_labels(row.values["domains"])))
        if row.values.get("areas"):
            parts.append(self.tr("Areas: %1").replace("%1", row.values["areas"]))
        if not row.values.get("active", 1):
            parts.append(self.tr("not active"))
        return " · ".join(parts) or self.tr("New agency")


class AgencyImportDialog(QDialog):
    """Choose a CSV file, check the preview, then import it (or not)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.preview: Preview | None = None
        self.result: ImportResult | None = None
        self._task: TaskHandle | None = None
        self._importing = False
        self.setWindowTitle(self.tr("Import agencies from a CSV file"))
        self.resize(900, 560)

        intro = QLabel(
            self.tr(
                "Choose a CSV file saved from a spreadsheet. Its first row names the columns: "
                "Name (needed), Needs, Areas, Address, Phone, Email, How to refer, Referral "
                "criteria, Opening hours, Named contact, Notes, Active. Agencies already in the "
                "directory are updated by name. Nothing is saved until you press Import."
            )
        )
        intro.setWordWrap(True)

        self.path = QLineEdit()
        self.path.setObjectName("csvPath")
        self.path.setPlaceholderText(
            self.tr("Type or paste where the file is and press Enter, or choose it")
        )
        self.choose_button = QPushButton(self.tr("&Choose file…"))
        self.choose_button.setObjectName("chooseFile")
        self.example_button = QPushButton(self.tr("Save an &example file…"))
        self.example_button.setObjectName("saveExample")
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.example_button)

        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.model = PreviewModel(self)
        self.proxy, self.table = records_view(
            self, self.model, PreviewModel.SORT_ROLE, "previewTable"
        )
        self.table.sortByColumn(PreviewModel.ROW, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(True)  # a rejected row's reason can run to two lines
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(PreviewModel.ROW, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(PreviewModel.AGENCY, 240)
        self.table.setColumnWidth(PreviewModel.STATUS, 110)

        self.import_button = QPushButton(self.tr("&Import"))
        self.import_button.setObjectName("import")
        self.import_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("close")
        # No default button: Enter in the file box reads the file, it never imports it.
        for button in (
            self.choose_button,
            self.example_button,
            self.import_button,
            self.close_button,
        ):
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
        self.example_button.clicked.connect(self.save_example)
        self.import_button.clicked.connect(self.import_now)
        self.close_button.clicked.connect(self.reject)
        self._show_message(self.tr("No file chosen yet."))

    # -- state ----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._task is not None

    def _set_busy(
        self, task: TaskHandle | None, message: str = "", *, importing: bool = False
    ) -> None:
        self._task = task
        self._importing = importing
        working = task is not None
        self.close_button.setEnabled(not importing)
        for widget in (self.path, self.choose_button, self.example_button):
            widget.setEnabled(not working)
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
            return  # an import is written in one transaction that is nearly done: let it finish
        if self._task is not None:
            self._task.cancel()
        super().reject()

    # -- reading --------------------------------------------------------------------------

    def choose_file(self) -> None:
        typed = Path(self.path.text().strip()).expanduser() if self.path.text().strip() else None
        path = file_dialogs.open_file(
            self,
            self.context.db,
            self.tr("Choose the agency CSV file"),
            self.tr("CSV files (*.csv *.txt);;All files (*)"),
            start=typed.parent if typed and typed.parent.is_dir() else None,
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
        self.result = None
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
        if counts[UPDATED]:
            parts.append(self.tr("%1 to update").replace("%1", str(counts[UPDATED])))
        if counts[UNCHANGED]:
            parts.append(self.tr("%1 already up to date").replace("%1", str(counts[UNCHANGED])))
        if counts[REJECTED]:
            parts.append(
                self.tr("%1 not imported (the reasons are in the list)").replace(
                    "%1", str(counts[REJECTED])
                )
            )
        total = len(preview.rows)
        lines = [
            (
                self.tr("1 row in the file: ")
                if total == 1
                else self.tr("%1 rows in the file: ").replace("%1", str(total))
            )
            + ", ".join(parts)
            + "."
        ]
        if preview.parsed.ignored:
            lines.append(
                self.tr("Columns not used: %1.").replace("%1", ", ".join(preview.parsed.ignored))
            )
        if preview.will_change:
            lines.append(self.tr("Press Import to save these changes."))
        else:
            lines.append(self.tr("Nothing to import: the directory already has all of this."))
            if counts[REJECTED]:
                lines[-1] = self.tr(
                    "Nothing can be imported yet: fix the rows in the spreadsheet and choose "
                    "the file again."
                )
        self._show_message("\n".join(lines))

    # -- importing ------------------------------------------------------------------------

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

        # No Cancel: the import is one short transaction, and once written it stays written.
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
            self.tr("1 agency added")
            if result.added == 1
            else self.tr("%1 agencies added").replace("%1", str(result.added))
        )
        updated = (
            self.tr("1 updated")
            if result.updated == 1
            else self.tr("%1 updated").replace("%1", str(result.updated))
        )
        text = self.tr("Imported: %1 and %2.").replace("%1", added).replace("%2", updated)
        if result.rejected == 1:
            text += " " + self.tr(
                "1 row was not imported: fix it in the spreadsheet and import the file again."
            )
        elif result.rejected:
            text += " " + self.tr(
                "%1 rows were not imported: fix them in the spreadsheet and import the file again."
            ).replace("%1", str(result.rejected))
        self._show_message(text)
        self.close_button.setFocus()

    def _import_failed(self, exc: BaseException) -> None:
        self._show_message(
            self.tr("Nothing was imported: %1").replace("%1", str(exc)), problem=True
        )

    # -- example --------------------------------------------------------------------------

    def save_example(self) -> None:
        target = file_dialogs.save_file(
            self,
            self.context.db,
            self.tr("Save an example agency file"),
            "agencies-example.csv",
            self.tr("CSV files (*.csv)"),
        )
        if target:
            self.write_example(Path(target))

    def write_example(self, target: Path) -> None:
        try:
            shutil.copyfile(resource("agencies-example.csv"), target)
        except OSError as exc:
            self._show_message(
                self.tr("The example could not be saved: %1").replace(
                    "%1", exc.strerror or str(exc)
                ),
                problem=True,
            )
            return
        self.path.setText(str(target))
        self._show_message(
            self.tr(
                "Example saved as %1. Open it in a spreadsheet to see the columns, replace the "
                "rows with your agencies, save it as CSV, then choose it here."
            ).replace("%1", str(target))
        )
