"""Print all of a day's letters in one go: the referral letters and the appointment letters.

For each referral made that day: the letter to the agency and, where an appointment was set,
the easy-read appointment letter for the person. The worker ticks which to print and chooses
the printer once. Each letter is made in the background, printed on the main thread as it
arrives (all in one print job), and logged against its referral once printed. A letter that
cannot be made (no consent recorded, a broken template) is listed with the reason; the rest
still print.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cass_desktop import letters
from cass_desktop.data import clients
from cass_desktop.data import referrals as referral_data
from cass_desktop.records.dates import show_date, show_datetime, today
from cass_desktop.referrals.consent import SharingBlocked
from cass_desktop.ui.letters.printing import PrintError, PrintJob, new_printer
from cass_desktop.ui.people.record_dialogs import DateField
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.tasks import Progress, run_in_background

REFERRAL_LETTER = "referral-to-agency"
APPOINTMENT_LETTER = "appointment-easy-read"
ERROR_COLOUR = style.ERROR_COLOUR
DONE_COLOUR = style.DONE_COLOUR

# Columns of the list
PERSON, LETTER, TO, RESULT = range(4)


@dataclass
class BatchItem:
    """One letter to make and print."""

    referral_id: str
    template: str
    person: str
    reference: str
    letter: str  # what the letter is, in words
    recipient: str  # who it goes to
    result: str = ""
    failed: bool = False
    printed: bool = False
    pages: int = 0


def letters_for_day(db, day: dt.date, titles: dict[str, str] | None = None) -> list[BatchItem]:
    """The letters for the referrals made on `day`, in the order the referrals were made."""
    titles = titles or {}
    items: list[BatchItem] = []
    for row in referral_data.made_on_day(db, day.isoformat()):
        person = clients.display_name(row)
        reference = row.get("reference") or ""
        agency = row.get("agency_name") or ""
        items.append(
            BatchItem(
                referral_id=row["id"],
                template=REFERRAL_LETTER,
                person=person,
                reference=reference,
                letter=titles.get(REFERRAL_LETTER) or "Supported referral letter",
                recipient=agency,
            )
        )
        if row.get("appointment_at"):
            when = show_datetime(row["appointment_at"])
            place = row.get("appointment_place") or agency
            items.append(
                BatchItem(
                    referral_id=row["id"],
                    template=APPOINTMENT_LETTER,
                    person=person,
                    reference=reference,
                    letter=(titles.get(APPOINTMENT_LETTER) or "Appointment letter (easy read)")
                    + f": {when}"
                    + (f", {place}" if place else ""),
                    recipient=person,
                )
            )
    return items


class PrintBatchDialog(QDialog):
    """The day's letters, ticked to print; Print all… asks for the printer once."""

    batch_finished = Signal(int, int)  # letters printed, letters not printed

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, day: dt.date | None = None
    ):
        super().__init__(parent)
        self.context = context
        self.day = day or today()
        self.items: list[BatchItem] = []
        self.printer: QPrinter | None = None
        self.job: PrintJob | None = None
        self._queue: list[int] = []
        self._total = 0
        self._running = False
        self._cancelled = False
        self.progress: QProgressDialog | None = None
        self.setWindowTitle(self.tr("Print the day's letters"))
        self.resize(900, 560)

        self.heading = QLabel()
        self.heading.setObjectName("batchHeading")
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        intro = QLabel(
            self.tr(
                "For each referral made on the day: the letter to the agency and, where an "
                "appointment was made, the easy-read appointment letter for the person. Untick "
                "any you do not want, then Print all. Each letter printed is recorded against "
                "its referral."
            )
        )
        intro.setWordWrap(True)

        self.day_field = DateField(self.day)
        self.day_field.edit.returnPressed.connect(self.show_typed_day)
        self.show_day_button = QPushButton(self.tr("Show that day"))
        self.show_day_button.clicked.connect(self.show_typed_day)
        self.day_message = QLabel()
        self.day_message.setStyleSheet(style.ERROR_STYLE)
        self.day_message.hide()
        day_row = QHBoxLayout()
        day_row.addWidget(QLabel(self.tr("Referrals made on:")))
        day_row.addWidget(self.day_field)
        day_row.addWidget(self.show_day_button)
        day_row.addStretch(1)

        self.table = QTableWidget(0, 4)
        self.table.setObjectName("batchLetters")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Person"), self.tr("Letter"), self.tr("To"), self.tr("Result")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(PERSON, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LETTER, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TO, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RESULT, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(lambda _item: self._show_counts())

        self.empty_label = QLabel()
        self.empty_label.setObjectName("batchEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #555; padding: 24px;")
        self.summary = QLabel()
        self.summary.setObjectName("batchSummary")
        self.summary.setWordWrap(True)

        self.tick_all_button = QPushButton(self.tr("Tick all"))
        self.tick_all_button.clicked.connect(lambda: self.tick_all(True))
        self.untick_all_button = QPushButton(self.tr("Untick all"))
        self.untick_all_button.clicked.connect(lambda: self.tick_all(False))
        self.print_button = QPushButton(self.tr("Print all…"))
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_all_with_dialog)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.tick_all_button)
        buttons.addWidget(self.untick_all_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.print_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(intro)
        layout.addLayout(day_row)
        layout.addWidget(self.day_message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self.refresh()

    # Showing ------------------------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        return self.context.store_file.parent

    def show_typed_day(self) -> None:
        try:
            day = self.day_field.date()
        except ValueError as exc:
            self.day_message.setText(self.tr("The day: %1.").replace("%1", str(exc)))
            self.day_message.show()
            return
        self.day_message.hide()
        self.day = day
        self.refresh()

    def refresh(self) -> None:
        if self._running:
            return
        db = self.context.db
        titles = {info.name: info.title for info in letters.available_templates(db, self.data_dir)}
        self.items = letters_for_day(db, self.day, titles)
        if self.day == today():
            heading = self.tr("Today's letters — %1")
        else:
            heading = self.tr("Letters for %1")
        self.heading.setText(heading.replace("%1", show_date(self.day.isoformat())))
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            person = QTableWidgetItem(
                f"{item.person}  {item.reference}" if item.reference else item.person
            )
            person.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            person.setCheckState(Qt.CheckState.Checked)
            self.table.setItem(row, PERSON, person)
            self.table.setItem(row, LETTER, QTableWidgetItem(item.letter))
            self.table.setItem(row, TO, QTableWidgetItem(item.recipient))
            self.table.setItem(row, RESULT, QTableWidgetItem(""))
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        self.empty_label.setText(
            self.tr(
                "No referrals were marked as made on %1, so there are no letters to print. "
                "Letters for a single referral can be printed from the referral itself."
            ).replace("%1", show_date(self.day.isoformat()))
        )
        self.table.setVisible(bool(self.items))
        self.empty_label.setVisible(not self.items)
        self.summary.setStyleSheet("")
        self._show_counts()

    def is_ticked(self, row: int) -> bool:
        return self.table.item(row, PERSON).checkState() == Qt.CheckState.Checked

    def set_ticked(self, row: int, ticked: bool) -> None:
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        self.table.item(row, PERSON).setCheckState(state)

    def tick_all(self, ticked: bool) -> None:
        for row in range(self.table.rowCount()):
            self.set_ticked(row, ticked)

    def ticked_rows(self) -> list[int]:
        return [row for row in range(self.table.rowCount()) if self.is_ticked(row)]

    def _show_counts(self) -> None:
        if self._running:
            return
        ticked = len(self.ticked_rows())
        self.print_button.setEnabled(ticked > 0)
        self.tick_all_button.setEnabled(bool(self.items))
        self.untick_all_button.setEnabled(bool(self.items))
        if self.items:
            self.summary.setText(
                self.tr("%1 of %2 letters ticked to print.")
                .replace("%1", str(ticked))
                .replace("%2", str(len(self.items)))
            )
        else:
            self.summary.setText("")

    def _show_result(self, row: int) -> None:
        item = self.items[row]
        cell = self.table.item(row, RESULT)
        cell.setText(item.result)
        cell.setForeground(QBrush(ERROR_COLOUR if item.failed else DONE_COLOUR))
        cell.setToolTip(item.result)
        self.table.resizeRowToContents(row)

    # Printing -----------------------------------------------------------------------------
    def print_all_with_dialog(self) -> bool:
        """Print all…: choose the printer once, then print every ticked letter."""
        if self._running or not self.ticked_rows():
            return False
        if self.printer is None:
            self.printer = new_printer()
        self.printer.setDocName(self.heading.text())
        dialog = QPrintDialog(self.printer, self)
        dialog.setWindowTitle(self.tr("Print the day's letters"))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, False)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, False)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.print_all(self.printer)
        return True

    def print_all(self, printer: QPrinter) -> None:
        """Print every ticked letter on a printer already chosen, one after another."""
        if self._running:
            return
        printer.setPrintRange(QPrinter.PrintRange.AllPages)
        self.printer = printer
        self._queue = self.ticked_rows()
        self._total = len(self._queue)
        if not self._total:
            return
        for row in self._queue:
            item = self.items[row]
            item.result, item.failed, item.printed, item.pages = (
                self.tr("Waiting…"),
                False,
                False,
                0,
            )
            self._show_result(row)
        self._running = True
        self._cancelled = False
        self.job = None
        for widget in (
            self.print_button,
            self.tick_all_button,
            self.untick_all_button,
            self.show_day_button,
            self.table,
        ):
            widget.setEnabled(False)
        self.progress = QProgressDialog(
            self.tr("Making the letters…"), self.tr("Stop"), 0, self._total, self
        )
        self.progress.setWindowTitle(self.tr("Printing letters"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self._cancel)
        self._next()

    def _cancel(self) -> None:
        self._cancelled = True

    def _next(self) -> None:
        """Make the next letter in the background; print it when it arrives."""
        if self._cancelled or not self._queue:
            self._finish()
            return
        row = self._queue.pop(0)
        item = self.items[row]
        done = self._total - len(self._queue) - 1
        if self.progress is not None:
            self.progress.setValue(done)
            self.progress.setLabelText(
                self.tr("Letter %1 of %2: %3 — %4")
                .replace("%1", str(done + 1))
                .replace("%2", str(self._total))
                .replace("%3", item.person)
                .replace("%4", item.letter)
            )
        context = self.context
        data_dir = self.data_dir

        def work(_progress: Progress) -> letters.Letter:
            db = context.open_connection()
            try:
                return letters.make_letter(
                    db, item.referral_id, item.template, data_dir=data_dir, log=False
                )
            finally:
                db.close()

        def made(letter: letters.Letter) -> None:
            self._print(row, letter)
            self._next()

        def failed(exc: BaseException) -> None:
            self._fail(row, exc)
            self._next()

        run_in_background(self, work, made, on_error=failed)

    def _print(self, row: int, letter: letters.Letter) -> None:
        item = self.items[row]
        try:
            if self.job is None:  # started at the first letter, so a failed batch prints nothing
                self.job = PrintJob(self.printer)
            item.pages = self.job.add(letter)
        except PrintError as exc:
            self._fail(row, exc)
            return
        # logged once it has gone to the printer
        letters.log_letter(self.context.db, letter, how="printed")
        item.printed = True
        item.failed = False
        item.result = (
            self.tr("Printed (1 page)")
            if item.pages == 1
            else self.tr("Printed (%1 pages)").replace("%1", str(item.pages))
        )
        self._show_result(row)

    def _fail(self, row: int, exc: BaseException) -> None:
        item = self.items[row]
        item.failed = True
        if isinstance(exc, SharingBlocked | letters.LetterError | PrintError):
            reason = str(exc)
        else:
            reason = self.tr("The letter could not be made: %1").replace("%1", str(exc))
        item.result = self.tr("Not printed: %1").replace("%1", reason)
        self._show_result(row)

    def _finish(self) -> None:
        if self.job is not None:
            self.job.finish()
            self.job = None
        for row in self._queue:  # left when the worker pressed Stop
            item = self.items[row]
            item.failed = True
            item.result = self.tr("Not printed: stopped before this letter.")
            self._show_result(row)
        self._queue = []
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self._running = False
        for widget in (
            self.print_button,
            self.tick_all_button,
            self.untick_all_button,
            self.show_day_button,
            self.table,
        ):
            widget.setEnabled(True)
        printed = [i for i in self.items if i.printed]
        not_printed = [i for i in self.items if i.failed]
        pages = sum(i.pages for i in printed)
        text = self.tr("%1 printed (%2).").replace(
            "%1",
            self.tr("1 letter")
            if len(printed) == 1
            else self.tr("%n letters").replace("%n", str(len(printed))),
        )
        text = text.replace(
            "%2", self.tr("1 page") if pages == 1 else self.tr("%n pages").replace("%n", str(pages))
        )
        if not_printed:
            text += " " + self.tr("%1 not printed: the reasons are listed above.").replace(
                "%1", str(len(not_printed))
            )
        self.summary.setStyleSheet(f"color: {ERROR_COLOUR.name()};" if not_printed else "")
        self.summary.setText(text)
        if printed:
            self.context.notify_changed()  # each letter made is logged against its referral
        self.batch_finished.emit(len(printed), len(not_printed))

    @property
    def is_running(self) -> bool:
        return self._running

    def reject(self) -> None:
        if self._running:  # Close while printing stops after the letter being made
            self._cancelled = True
            return
        super().reject()
