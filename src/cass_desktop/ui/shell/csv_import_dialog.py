"""The frame every CSV import shares (people, agencies): a file box with Choose file…, a summary
line, the preview of each row, then Import and Close.

The file is read, and the import written, in the background, each on its own connection;
nothing is saved until Import is pressed. A subclass gives the capability's `preview` and
`apply`, its preview model, the words of its summaries and the sizes of its columns.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlite_utils
from PySide6.QtCore import QAbstractItemModel, Qt
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

from cass_desktop.records.csv_file import CsvRefused
from cass_desktop.ui.shell import file_dialogs, style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.tables import records_view
from cass_desktop.ui.shell.tasks import Progress, TaskHandle, run_in_background

ReadPreview = Callable[..., Any]
ApplyPreview = Callable[[sqlite_utils.Database, Any], Any]


class CsvImportDialog(QDialog):
    """Choose a CSV file, check the preview, then import it (or not).

    The subclass names its preview model (`MODEL`: a ROW column, a SORT_ROLE and
    `set_rows(rows, done=...)`), the table's object name and the capability's `read_preview`
    and `apply_preview`; it sets the window's title and the words in `intro`, and says what a
    preview and an import come to in `_summary` and `_imported_text`.
    """

    MODEL: type[QAbstractItemModel]
    TABLE_NAME: str
    read_preview: ReadPreview  # (db, path, *, progress) -> the capability's Preview
    apply_preview: ApplyPreview  # (db, preview) -> the capability's ImportResult

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.context = context
        self.preview: Any = None
        self.result: Any = None
        self._task: TaskHandle | None = None
        self._importing = False
        self._extra_buttons: list[QPushButton] = []

        self.intro = QLabel()  # the subclass says what the file holds, and sets the title
        self.intro.setWordWrap(True)

        self.choose_button = QPushButton(self.tr("&Choose file…"))
        self.choose_button.setObjectName("chooseFile")
        self.path = QLineEdit()
        self.path.setObjectName("csvPath")
        self.path.setPlaceholderText(
            self.tr("Type or paste where the file is and press Enter, or choose it")
        )
        self._file_row = file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.choose_button)

        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.model = model = self.MODEL(self)
        self.proxy, self.table = records_view(self, model, model.SORT_ROLE, self.TABLE_NAME)
        self.table.sortByColumn(model.ROW, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(True)  # a rejected row's reason can run to two lines
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(model.ROW, QHeaderView.ResizeMode.ResizeToContents)

        self.import_button = QPushButton(self.tr("&Import"))
        self.import_button.setObjectName("import")
        self.import_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("close")
        # No default button: Enter in the file box reads the file, it never imports it.
        for button in (self.choose_button, self.import_button, self.close_button):
            button.setAutoDefault(False)
            button.setDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(file_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(_at_the_right(self.import_button, self.close_button))

        self.path.returnPressed.connect(lambda: self.load_file(self.path.text()))
        self.choose_button.clicked.connect(self.choose_file)
        self.import_button.clicked.connect(self.import_now)
        self.close_button.clicked.connect(self.reject)
        self._show_message(self.tr("No file chosen yet."))

    # -- what a subclass says ---------------------------------------------------------------

    def _add_file_button(self, button: QPushButton) -> None:
        """A button after Choose file… (never the default; not pressed while a file is read)."""
        self._file_row.addWidget(button)
        button.setAutoDefault(False)
        button.setDefault(False)
        self._extra_buttons.append(button)

    def _choose_title(self) -> str:
        raise NotImplementedError

    def _start_folder(self) -> Path | None:
        """Where Choose file… opens (None: where it opened last)."""
        return None

    def _summary(self, preview: Any) -> list[str]:
        raise NotImplementedError

    def _imported_text(self, result: Any) -> str:
        raise NotImplementedError

    def _rows_line(self, total: int, parts: list[str]) -> str:
        """'3 rows in the file: 2 to add, 1 not imported (...).'"""
        first = (
            self.tr("1 row in the file: ")
            if total == 1
            else self.tr("%1 rows in the file: ").replace("%1", str(total))
        )
        return first + ", ".join(parts) + "."

    def _ignored_line(self, ignored: tuple[str, ...] | list[str]) -> list[str]:
        if not ignored:
            return []
        return [self.tr("Columns not used: %1.").replace("%1", ", ".join(ignored))]

    # -- state ------------------------------------------------------------------------------

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
        for widget in (self.path, self.choose_button, *self._extra_buttons):
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

    # -- reading ----------------------------------------------------------------------------

    def choose_file(self) -> None:
        path = file_dialogs.open_file(
            self,
            self.context.db,
            self._choose_title(),
            self.tr("CSV files (*.csv *.txt);;All files (*)"),
            start=self._start_folder(),
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
        read_preview = type(self).read_preview

        def work(progress: Progress) -> Any:
            db = open_connection()
            try:
                return read_preview(db, file, progress=progress.report)
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
        if isinstance(exc, CsvRefused):
            message = str(exc)
        else:
            message = self.tr("The file could not be read: %1").replace("%1", str(exc))
        self._show_message(message + " " + self.tr("Nothing has been changed."), problem=True)

    def _show_preview(self, preview: Any) -> None:
        self.preview = preview
        self.model.set_rows(list(preview.rows))
        self.table.resizeRowsToContents()
        self._show_message("\n".join(self._summary(preview)))

    # -- importing --------------------------------------------------------------------------

    def import_now(self) -> None:
        preview = self.preview
        if preview is None or not preview.will_change or self.busy:
            return
        open_connection = self.context.open_connection
        apply_preview = type(self).apply_preview

        def work(_progress: Progress) -> Any:
            db = open_connection()
            try:
                return apply_preview(db, preview)
            finally:
                db.close()

        # No Cancel: the import is one short transaction, and once written it stays written.
        task = run_in_background(self, work, self._imported, on_error=self._import_failed)
        task.finished.connect(lambda: self._task_finished(task))
        self._set_busy(task, self.tr("Importing…"), importing=True)

    def _imported(self, result: Any) -> None:
        self.result = result
        if self.preview is not None:
            self.model.set_rows(list(self.preview.rows), done=True)
        self.preview = None
        self.context.notify_changed()
        self._show_message(self._imported_text(result))
        self.close_button.setFocus()

    def _import_failed(self, exc: BaseException) -> None:
        self._show_message(
            self.tr("Nothing was imported: %1").replace("%1", str(exc)), problem=True
        )


def _at_the_right(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row
