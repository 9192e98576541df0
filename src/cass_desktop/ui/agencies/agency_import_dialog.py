"""Importing agencies from a CSV file: choose it, see what would happen to each row, confirm.
The dialog's frame is ui/shell/csv_import_dialog.py, shared with the people import."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import (
    QPushButton,
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
from cass_desktop.agencies.csv_rows import FIELD_LABELS
from cass_desktop.app.resources import resource
from cass_desktop.records.vocab import domain_labels
from cass_desktop.ui.shell import file_dialogs, style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.csv_import_dialog import CsvImportDialog
from cass_desktop.ui.shell.tables import Column, RecordsModel

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
        rejected = lambda row: style.REFUSED_ROW_COLOUR if row.status == REJECTED else None  # noqa: E731
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
                    ADDED: style.DONE_COLOUR,
                    UPDATED: style.CHANGED_COLOUR,
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


class AgencyImportDialog(CsvImportDialog):
    """Choose a CSV file, check the preview, then import it (or not)."""

    MODEL = PreviewModel
    TABLE_NAME = "previewTable"
    read_preview = staticmethod(csv_import.preview)
    apply_preview = staticmethod(csv_import.apply)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.preview: Preview | None
        self.result: ImportResult | None
        self.setWindowTitle(self.tr("Import agencies from a CSV file"))
        self.resize(900, 560)
        self.intro.setText(
            self.tr(
                "Choose a CSV file saved from a spreadsheet. Its first row names the columns: "
                "Name (needed), Needs, Areas, Address, Phone, Email, How to refer, Referral "
                "criteria, Opening hours, Named contact, Notes, Active. Agencies already in the "
                "directory are updated by name. Nothing is saved until you press Import."
            )
        )
        self.example_button = QPushButton(self.tr("Save an &example file…"))
        self.example_button.setObjectName("saveExample")
        self._add_file_button(self.example_button)
        self.example_button.clicked.connect(self.save_example)
        self.table.setColumnWidth(PreviewModel.AGENCY, 240)
        self.table.setColumnWidth(PreviewModel.STATUS, 110)

    def _choose_title(self) -> str:
        return self.tr("Choose the agency CSV file")

    def _start_folder(self) -> Path | None:
        typed = Path(self.path.text().strip()).expanduser() if self.path.text().strip() else None
        return typed.parent if typed and typed.parent.is_dir() else None

    def _summary(self, preview: Preview) -> list[str]:
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
        lines = [
            self._rows_line(len(preview.rows), parts),
            *self._ignored_line(preview.parsed.ignored),
        ]
        if preview.will_change:
            lines.append(self.tr("Press Import to save these changes."))
        else:
            lines.append(self.tr("Nothing to import: the directory already has all of this."))
            if counts[REJECTED]:
                lines[-1] = self.tr(
                    "Nothing can be imported yet: fix the rows in the spreadsheet and choose "
                    "the file again."
                )
        return lines

    def _imported_text(self, result: ImportResult) -> str:
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
        return text

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
