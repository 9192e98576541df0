"""The day's list: one view of the day at my court. Every listed case by time and courtroom,
known people flagged with what the worker needs before approaching them, people already seen
today, hearings without an outcome; an outcome in two clicks; someone added by hand; the
sheet printed (saved as a PDF) for a clipboard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.app import durable
from cass_desktop.court import day_list as dl
from cass_desktop.court.listing import ListRefused
from cass_desktop.data import clients, sites
from cass_desktop.letters.context import letterhead_settings
from cass_desktop.records.dates import show_date, today
from cass_desktop.records.vocab import OUTCOMES, label
from cass_desktop.ui.court import outcome_menu
from cass_desktop.ui.court.case_rows import MUTED, WARNING, case_table, put_row
from cass_desktop.ui.court.date_box import DateBox
from cass_desktop.ui.court.outcome_menu import fit_to_screen
from cass_desktop.ui.shell import file_dialogs
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.style import ERROR_STYLE


class AddByHand(QDialog):
    """Someone not on the published list (custody and youth cases)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add someone to the day's list"))
        self.name = QLineEdit()
        self.name.setObjectName("handName")
        self.time = QLineEdit()
        self.time.setPlaceholderText("10:00")
        self.courtroom = QLineEdit()
        self.case = QLineEdit()
        self.custody = QCheckBox(self.tr("In custody"))
        self.youth = QCheckBox(self.tr("Youth case (under 18)"))
        self.restricted = QCheckBox(self.tr("Reporting restriction"))
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        form = QFormLayout(self)
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Time:"), self.time)
        form.addRow(self.tr("Court&room:"), self.courtroom)
        form.addRow(self.tr("Case &number:"), self.case)
        for box in (self.custody, self.youth, self.restricted):
            form.addRow(box)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.name.setFocus()


class ChoosePerson(QDialog):
    """Find the person held a listed name is: type, Down, Enter."""

    def __init__(self, context: AppContext, listed_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Who is %1?").replace("%1", listed_name))
        self.search = QLineEdit(" ".join(listed_name.replace(",", " ").split()))
        self.search.setObjectName("chooseSearch")
        self.results = QListWidget()
        self.results.setObjectName("chooseResults")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._find)
        self.results.itemActivated.connect(lambda _i: self.accept())
        self._find(self.search.text())
        self.search.setFocus()
        self.resize(480, 360)

    def _find(self, text: str) -> None:
        self.results.clear()
        for person in clients.search(self.context.db, text, limit=20) if text.strip() else []:
            born = show_date(person.get("date_of_birth"))
            words = clients.display_name(person)
            extra = ", ".join(p for p in (person.get("reference"), born) if p)
            item = QListWidgetItem(f"{words} ({extra})" if extra else words)
            item.setData(Qt.ItemDataRole.UserRole, person["id"])
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def chosen(self) -> str | None:
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


class DayListWindow(QWidget):
    """The day at one court, in one window."""

    TIME, ROOM, NAME, CASE, FLAGS, KNOWN, SEEN, OUTCOME = range(8)

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, day: dt.date | None = None
    ):
        super().__init__(parent, Qt.WindowType.Window)
        self.context = context
        self.setObjectName("dayListWindow")
        self.setWindowTitle(self.tr("The day's list"))
        self.rows: list[dl.DayRow] = []
        self.menu = None

        self.court = QComboBox()
        self.court.setObjectName("dayCourt")
        self.court.addItem(self.tr("All courts"), None)
        for site in sites.list_sites(context.db):
            self.court.addItem(site["name"], site["id"])
        if context.site_id:
            self.court.setCurrentIndex(max(0, self.court.findData(context.site_id)))
        self.day = DateBox()
        self.day.setObjectName("dayDate")
        start = day or today()
        self.day.setDate(QDate(start.year, start.month, start.day))
        self.import_button = QPushButton(self.tr("&Import court list…"))
        self.add_button = QPushButton(self.tr("&Add someone…"))
        self.add_button.setObjectName("addByHand")
        self.print_button = QPushButton(self.tr("&Print sheet…"))
        self.print_button.setObjectName("printSheet")
        self.print_button.setToolTip(
            self.tr(
                "Save the day's list as a one-page PDF to print (youth and restricted cases "
                "show initials only)"
            )
        )
        top = QHBoxLayout()
        court_label = QLabel(self.tr("&Court:"))
        court_label.setBuddy(self.court)
        top.addWidget(court_label)
        top.addWidget(self.court)
        top.addWidget(self.day)
        top.addStretch(1)
        for button in (self.import_button, self.add_button, self.print_button):
            top.addWidget(button)

        self.heading = QLabel()
        self.heading.setObjectName("dayHeading")
        self.heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.heading.setWordWrap(True)

        # What to know before approaching is read in full: it wraps, rows grow to fit.
        self.table = case_table(
            "dayTable",
            [
                self.tr("Time"),
                self.tr("Room"),
                self.tr("Name"),
                self.tr("Case"),
                self.tr("Flags"),
                self.tr("Before approaching"),
                self.tr("Seen"),
                self.tr("Outcome"),
            ],
            [
                (self.TIME, 50),
                (self.ROOM, 60),
                (self.NAME, 160),
                (self.CASE, 105),
                (self.FLAGS, 110),
                (self.SEEN, 50),
                (self.OUTCOME, 150),
            ],
            stretch=self.KNOWN,
            wrap=True,
            one_at_a_time=True,
        )

        self.outcome_button = QPushButton(self.tr("&Outcome ▾"))
        self.outcome_button.setObjectName("dayOutcome")
        self.outcome_button.setToolTip(self.tr("Record the selected hearing's outcome"))
        self.person_button = QPushButton(self.tr("Open &person"))
        self.this_is_button = QPushButton(self.tr("&This is…"))
        self.this_is_button.setObjectName("thisIs")
        self.this_is_button.setToolTip(
            self.tr("Someone not matched turns out to be a person held: choose them")
        )
        self.totals = QLabel()
        self.totals.setObjectName("dayTotals")
        bottom = QHBoxLayout()
        bottom.addWidget(self.totals, 1)
        bottom.addWidget(self.this_is_button)
        bottom.addWidget(self.person_button)
        bottom.addWidget(self.outcome_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.import_button.clicked.connect(self.import_list)
        self.add_button.clicked.connect(self.add_by_hand)
        self.print_button.clicked.connect(lambda: self.print_sheet())
        self.outcome_button.clicked.connect(self.show_outcomes)
        self.person_button.clicked.connect(self.open_person)
        self.this_is_button.clicked.connect(lambda: self.this_is())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.horizontalHeader().sectionResized.connect(
            lambda *_: self.table.resizeRowsToContents()
        )
        self.table.cellDoubleClicked.connect(lambda _r, _c: self.open_person())
        self.court.currentIndexChanged.connect(lambda _i: self.refresh())
        self.day.dateChanged.connect(lambda _d: self.refresh())
        context.changed.connect(self.refresh)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=lambda: self.print_sheet())
        fit_to_screen(self, 1100, 650)
        self.refresh()

    @property
    def court_id(self) -> str | None:
        return self.court.currentData()

    @property
    def day_iso(self) -> str:
        return self.day.date().toString("yyyy-MM-dd")

    def refresh(self) -> None:
        self.rows = dl.day_list(self.context.db, self.day_iso, self.court_id)
        self.table.setRowCount(len(self.rows))
        bold = QFont()
        bold.setBold(True)
        for number, row in enumerate(self.rows):
            notes = dl.before_approaching(row.person)
            flags = []
            if row.youth:
                flags.append(self.tr("Youth"))
            if row.restricted and not row.youth:
                flags.append(self.tr("Restricted"))
            if row.in_custody:
                flags.append(self.tr("Custody"))
            if row.known:
                known = "; ".join(notes)
            else:
                known = self.tr("Not known to the service: approach them")
            if row.hearing and row.hearing.get("outcome"):
                outcome = label(OUTCOMES, row.hearing["outcome"])
                if row.hearing.get("next_hearing_at"):
                    outcome += " · " + show_date(row.hearing["next_hearing_at"][:10])
            elif row.hearing:
                outcome = self.tr("No outcome yet")
            else:
                outcome = ""
            cells = [
                row.time,
                row.courtroom,
                row.name,
                row.case_number,
                ", ".join(flags),
                known,
                self.tr("Seen") if row.seen_today else "",
                outcome,
            ]

            def style(column: int, item: QTableWidgetItem, row=row, notes=notes, flags=flags):
                if column == self.FLAGS and flags:
                    item.setForeground(WARNING)
                if column == self.KNOWN:
                    if any(n.startswith("RISK") for n in notes):
                        item.setForeground(WARNING)
                    elif not row.known:
                        item.setForeground(MUTED)
                if column == self.NAME and row.known:
                    item.setFont(bold)
                if column == self.OUTCOME and row.outcome_missing:
                    item.setForeground(WARNING)

            put_row(self.table, number, cells, style)
        self.table.resizeRowsToContents()
        court = self.court.currentText()
        day = dt.date.fromisoformat(self.day_iso)
        self.heading.setText(f"{court} · {day:%A} {day.day} {day:%B %Y}")
        known = sum(1 for r in self.rows if r.known)
        waiting = sum(1 for r in self.rows if r.outcome_missing)
        seen = sum(1 for r in self.rows if r.seen_today)
        if self.rows:
            self.totals.setText(
                self.tr("%1 listed: %2 known, %3 seen today, %4 without an outcome")
                .replace("%1", str(len(self.rows)))
                .replace("%2", str(known))
                .replace("%3", str(seen))
                .replace("%4", str(waiting))
            )
        else:
            self.totals.setText(
                self.tr(
                    "Nothing listed for this day yet: import the court list, or add "
                    "someone by hand."
                )
            )
        self._update_buttons()

    def selected(self) -> dl.DayRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def select_row(self, number: int) -> None:
        self.table.selectRow(number)

    def _update_buttons(self) -> None:
        row = self.selected()
        self.outcome_button.setEnabled(row is not None and row.hearing is not None)
        self.person_button.setEnabled(row is not None and row.known)
        self.this_is_button.setEnabled(row is not None and not row.known and row.entry is not None)

    # -- actions ---------------------------------------------------------------------------

    def show_outcomes(self) -> None:
        row = self.selected()
        if row is None or row.hearing is None:
            return
        self.menu = outcome_menu.outcome_menu(self.context, row.hearing, self, self.refresh)
        self.menu.popup(self.outcome_button.mapToGlobal(self.outcome_button.rect().bottomLeft()))

    def this_is(self, ask=None) -> str | None:
        """Confirm a listed person no one was matched to as someone held: their hearing is
        recorded. `ask` shows the chooser (exec by default). Returns the person's id."""
        row = self.selected()
        if row is None or row.known or row.entry is None:
            return None
        chooser = ChoosePerson(self.context, row.name, self)
        shown = ask(chooser) if ask else chooser.exec() == QDialog.DialogCode.Accepted
        person_id = chooser.chosen() if shown else None
        chooser.deleteLater()
        if person_id:
            dl.confirm_entry(self.context.db, row.entry, person_id)
            self.context.notify_changed()
            self.refresh()
        return person_id

    def open_person(self) -> None:
        row = self.selected()
        if row is not None and row.person is not None:
            self.context.open_client(row.person["id"])

    def import_list(self) -> None:
        from cass_desktop.ui.court.list_import import CourtListImport

        dialog = CourtListImport(self.context, self, day=dt.date.fromisoformat(self.day_iso))
        dialog.saved.connect(self._imported)
        dialog.open()

    def _imported(self, day: str) -> None:
        when = dt.date.fromisoformat(day)
        self.day.setDate(QDate(when.year, when.month, when.day))
        self.refresh()

    def add_by_hand(self) -> None:
        dialog = AddByHand(self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                dl.add_by_hand(
                    self.context.db,
                    day=self.day_iso,
                    court_id=self.court_id,
                    name=dialog.name.text(),
                    time=dialog.time.text().strip() or None,
                    courtroom=dialog.courtroom.text().strip() or None,
                    case_no=dialog.case.text().strip() or None,
                    in_custody=dialog.custody.isChecked(),
                    youth=dialog.youth.isChecked(),
                    restricted=dialog.restricted.isChecked(),
                )
            except ListRefused as refused:
                dialog.error.setText(str(refused))
                continue
            break
        dialog.deleteLater()
        self.refresh()

    def sheet_pdf(self) -> bytes:
        from cass_desktop.letters import day_sheet

        day = dt.date.fromisoformat(self.day_iso)
        return day_sheet.build(
            self.rows,
            court=self.court.currentText(),
            day_text=f"{day:%A} {day.day} {day:%B %Y}",
            organisation=letterhead_settings(self.context.db)["organisation"],
            made_at=dt.datetime.now().strftime("%d/%m/%Y %H:%M"),
        )

    def print_sheet(self, path: Path | None = None) -> Path | None:
        """Save the sheet as a PDF (asking where, unless `path` is given)."""
        if path is None:
            name = file_dialogs.save_file(
                self,
                self.context.db,
                self.tr("Save the day's sheet"),
                f"day-list-{self.day_iso}.pdf",
                self.tr("PDF (*.pdf)"),
            )
            if not name:
                return None
            path = Path(name)
        try:
            durable.write_atomically(path, self.sheet_pdf())
        except OSError as error:
            QMessageBox.warning(
                self,
                self.tr("Sheet not saved"),
                self.tr("The sheet could not be saved: %1").replace(
                    "%1", error.strerror or str(error)
                ),
            )
            return None
        return path
