"""Importing a court list: choose a file (HMCTS JSON, CSV, text) or paste text, see what was
recognised in each line and who each listed person may be, fix a CSV's columns, decide, and
only then save. Nothing is written until Save."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.court import day_list as dl
from cass_desktop.court.list_csv import FIELDS
from cass_desktop.court.list_matching import ListedMatch, match_list
from cass_desktop.court.listing import ListRefused
from cass_desktop.data import court_day, sites
from cass_desktop.records.dates import today
from cass_desktop.ui.court.case_rows import MUTED, WARNING, case_table, put_row
from cass_desktop.ui.court.date_box import DateBox
from cass_desktop.ui.court.outcome_menu import fit_to_screen
from cass_desktop.ui.shell import file_dialogs
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.style import ERROR_STYLE

# Read at most this much of a file: anything longer is refused by the readers, unread.
_READ_LIMIT = 20 * 1024 * 1024 + 1
LEAVE, REJECT = "", "__none_of_these__"


def _shown(what: str, text: str) -> str:
    """A recognised value as the worker reads it: dates as 27/11/2026."""
    if "date" in what.casefold() and len(text) == 10 and text[4] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[:4]}"
    return text


class CourtListImport(QDialog):
    """Court diary ▸ Import court list…"""

    saved = Signal(str)  # the day saved, ISO

    LINE, NAME, RECOGNISED, NOT_RECOGNISED, FLAGS, PERSON = range(6)

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, day: dt.date | None = None
    ):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Import a court list"))
        self.setObjectName("courtListImport")
        self.read: dl.ReadList | None = None
        self.matches: list[ListedMatch] = []
        self.combos: dict[int, QComboBox] = {}

        self.court = QComboBox()
        self.court.setObjectName("listCourt")
        self.court.addItem(self.tr("No court chosen"), None)
        for site in sites.list_sites(context.db):
            self.court.addItem(site["name"], site["id"])
        if context.site_id:
            self.court.setCurrentIndex(max(0, self.court.findData(context.site_id)))
        self.day = DateBox()
        self.day.setObjectName("listDay")
        start = day or (today() + dt.timedelta(days=1))
        self.day.setDate(QDate(start.year, start.month, start.day))
        where = QFormLayout()
        where.addRow(self.tr("&Court:"), self.court)
        where.addRow(self.tr("&Day:"), self.day)

        self.source = QTabWidget()
        file_page = QWidget()
        self.file_button = QPushButton(self.tr("Choose a file…"))
        self.file_button.setObjectName("chooseListFile")
        self.file_label = QLabel(
            self.tr("An HMCTS list (JSON), a spreadsheet (CSV) or a text file.")
        )
        self.file_label.setWordWrap(True)
        row = QHBoxLayout(file_page)
        row.addWidget(self.file_button)
        row.addWidget(self.file_label, 1)
        paste_page = QWidget()
        self.paste = QPlainTextEdit()
        self.paste.setObjectName("pastedList")
        self.paste.setPlaceholderText(
            self.tr("Paste the list here: one case per line, as printed (SMITH, John 10:00 …)")
        )
        self.read_pasted = QPushButton(self.tr("&Read the pasted text"))
        self.read_pasted.setObjectName("readPasted")
        column = QVBoxLayout(paste_page)
        column.addWidget(self.paste)
        column.addWidget(self.read_pasted, 0, Qt.AlignmentFlag.AlignRight)
        self.source.addTab(file_page, self.tr("From a file"))
        self.source.addTab(paste_page, self.tr("Pasted text"))
        self.source.setMaximumHeight(120)
        self.paste.setMinimumHeight(40)

        # The CSV's columns side by side, each with its first value and what it is read as;
        # the worker can change any.
        self.mapping_box = QGroupBox(self.tr("Columns in the file (change any that are wrong)"))
        self.mapping_table = QTableWidget(2, 0)
        self.mapping_table.setObjectName("columnMapping")
        self.mapping_table.setVerticalHeaderLabels([self.tr("First value"), self.tr("Read as")])
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        box = QVBoxLayout(self.mapping_box)
        box.addWidget(self.mapping_table)
        self.mapping_box.hide()

        self.message = QLabel()
        self.message.setObjectName("importMessage")
        self.message.setWordWrap(True)
        self.preview = case_table(
            "listPreview",
            [
                self.tr("Where"),
                self.tr("Name as listed"),
                self.tr("Recognised"),
                self.tr("Not recognised"),
                self.tr("Flags"),
                self.tr("Known person"),
            ],
            [(0, 60), (1, 170), (2, 250), (3, 120), (4, 110)],
        )
        self.preview.horizontalHeader().setMinimumSectionSize(40)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            self.tr("&Save to the day's list"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("saveList")
        self.save_button.setEnabled(False)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addLayout(where)
        top.addWidget(self.source, 1)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.mapping_box)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.buttons)

        self.file_button.clicked.connect(self.choose_file)
        self.read_pasted.clicked.connect(self.read_text)
        self.court.currentIndexChanged.connect(lambda _i: self._match())
        self.day.dateChanged.connect(lambda _d: self._match())
        fit_to_screen(self, 1180, 700)
        self.file_button.setFocus()

    # -- reading ---------------------------------------------------------------------------

    @property
    def court_id(self) -> str | None:
        return self.court.currentData()

    @property
    def day_iso(self) -> str:
        return self.day.date().toString("yyyy-MM-dd")

    def choose_file(self) -> None:
        name = file_dialogs.open_file(
            self,
            self.context.db,
            self.tr("Choose the court list"),
            self.tr("Court lists (*.json *.csv *.txt);;All files (*)"),
        )
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> None:
        try:
            with path.open("rb") as handle:
                data = handle.read(_READ_LIMIT)
        except OSError:
            self._refused(self.tr("This file cannot be opened."))
            return
        self.file_label.setText(path.name)
        self._read(lambda: dl.read_file(data, path.name, on=self._on()))

    def read_text(self) -> None:
        text = self.paste.toPlainText()
        self._read(lambda: dl.read_pasted(text, on=self._on()))

    def _on(self) -> dt.date:
        return dt.date.fromisoformat(self.day_iso)

    def _read(self, reader) -> None:
        try:
            read = reader()
        except ListRefused as refused:
            self._refused(str(refused))
            return
        self.read = read
        court_list = read.court_list
        if court_list.date and court_list.date != self.day_iso:
            day = dt.date.fromisoformat(court_list.date)
            self.day.blockSignals(True)
            self.day.setDate(QDate(day.year, day.month, day.day))
            self.day.blockSignals(False)
        if court_list.court:
            found = sites.find_site(self.context.db, court_list.court)
            if found:
                self.court.blockSignals(True)
                self.court.setCurrentIndex(max(0, self.court.findData(found["id"])))
                self.court.blockSignals(False)
        self._show_mapping()
        self._match()

    def _refused(self, sentence: str) -> None:
        self.read = None
        self.matches = []
        self.preview.setRowCount(0)
        self.mapping_box.hide()
        self.message.setText(sentence + " " + self.tr("Nothing was saved."))
        self.message.setStyleSheet(ERROR_STYLE)
        self.save_button.setEnabled(False)

    def _show_mapping(self) -> None:
        read = self.read
        if read is None or read.mapping is None or read.table is None:
            self.mapping_box.hide()
            return
        mapping, table = read.mapping, read.table
        self.mapping_table.setColumnCount(len(mapping.headings))
        self.mapping_table.setHorizontalHeaderLabels(
            [h or self.tr("(no heading)") for h in mapping.headings]
        )
        for column, key in enumerate(mapping.fields):
            sample = next((r[column] for r in table.rows if r[column]), "")
            item = QTableWidgetItem(sample[:60])
            item.setToolTip(sample)
            self.mapping_table.setItem(0, column, item)
            combo = QComboBox()
            combo.setObjectName(f"columnField{column}")
            combo.addItem(self.tr("Not used"), None)
            for field_key, words in FIELDS.items():
                combo.addItem(self.tr(words), field_key)
            combo.setCurrentIndex(max(0, combo.findData(key)))
            combo.currentIndexChanged.connect(lambda _i, c=column, b=combo: self.set_column(c, b))
            self.mapping_table.setCellWidget(1, column, combo)
        self.mapping_table.resizeColumnsToContents()
        self.mapping_table.resizeRowsToContents()
        frame = self.mapping_table.frameWidth() * 2
        height = self.mapping_table.horizontalHeader().height() + frame
        height += sum(self.mapping_table.rowHeight(r) for r in range(2))
        scroll = self.mapping_table.horizontalScrollBar().sizeHint().height()
        self.mapping_table.setFixedHeight(height + scroll)
        self.mapping_box.show()

    def set_column(self, column: int, combo: QComboBox) -> None:
        """The worker changed what a column is read as: read the file again."""
        read = self.read
        if read is None or read.mapping is None:
            return
        mapping = read.mapping.with_field(column, combo.currentData())
        try:
            self.read = read.remap(mapping)
        except ListRefused as refused:
            self.read = dl.ReadList(
                dl.CourtList(kind="csv", cases=[], problems=[str(refused)]), read.table, mapping
            )
        self._show_mapping()
        self._match()

    # -- matching and the preview ----------------------------------------------------------

    def _match(self) -> None:
        if self.read is None:
            return
        cases = self.read.court_list.cases
        rejected = court_day.rejected_for(self.context.db, self.court_id, self.day_iso)
        self.matches = match_list(self.context.db, cases, on=self._on(), rejected=rejected)
        self._fill()

    def _fill(self) -> None:
        self.combos = {}
        self.preview.setRowCount(len(self.matches))
        for row, match in enumerate(self.matches):
            case = match.case
            recognised = " · ".join(
                f"{self.tr(what)}: {_shown(what, text)}"
                for what, text in case.recognised
                if what != "Name"
            )
            cells = [
                case.source,
                case.name_as_listed,
                recognised,
                " · ".join(case.not_recognised),
                self._flags(case),
            ]
            flagged = case.youth or case.reporting_restriction

            def style(column: int, item: QTableWidgetItem, flagged=flagged) -> None:
                if column == self.FLAGS and flagged:
                    item.setForeground(WARNING)

            put_row(self.preview, row, cells, style)
            if match.candidates:
                combo = QComboBox()
                combo.setObjectName(f"personChoice{row}")
                combo.addItem(self.tr("Decide later"), LEAVE)
                for candidate in match.candidates:
                    combo.addItem(self._candidate_words(candidate), candidate.person_id)
                    tip = f"{candidate.person.get('reference') or ''}: {candidate.reason_text}"
                    combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
                combo.addItem(self.tr("None of these: not them"), REJECT)
                if match.best is not None:
                    combo.setCurrentIndex(1)
                combo.currentIndexChanged.connect(lambda _i: self._summarise())
                self.combos[row] = combo
                self.preview.setCellWidget(row, self.PERSON, combo)
            else:
                item = QTableWidgetItem(self.tr("No one held fits: stays on the day's list"))
                item.setForeground(MUTED)
                self.preview.setItem(row, self.PERSON, item)
        self._summarise()

    def _flags(self, case) -> str:
        flags = []
        if case.youth:
            flags.append(self.tr("Youth case"))
        if case.reporting_restriction:
            flags.append(self.tr("Restricted"))
        if case.in_custody:
            flags.append(self.tr("In custody"))
        return ", ".join(flags)

    def _candidate_words(self, candidate) -> str:
        """Likely 97%: Ngozi Okafor, 14/03/1990 (the reference and reasons as a tooltip)."""
        person = candidate.person
        name = " ".join(p for p in (person.get("given_name"), person.get("family_name")) if p)
        born = person.get("date_of_birth")
        kind = self.tr("Likely") if candidate.likely else self.tr("Possible")
        text = f"{kind} {round(candidate.confidence * 100)}%: {name}"
        return text + (f", {_shown('date', born)}" if born else "")

    def decisions(self) -> dict[int, dl.Decision]:
        found: dict[int, dl.Decision] = {}
        for row, combo in self.combos.items():
            choice = combo.currentData()
            if choice == REJECT:
                ids = [c.person_id for c in self.matches[row].candidates]
                found[row] = dl.Decision(rejected=ids)
            elif choice:
                found[row] = dl.Decision(confirmed=choice)
        return found

    def choose(self, row: int, person_id: str | None) -> None:
        """Pick the person for a row (None: none of these), as the worker would."""
        combo = self.combos[row]
        combo.setCurrentIndex(combo.findData(person_id if person_id else REJECT))

    def _summarise(self) -> None:
        if self.read is None:
            return
        court_list = self.read.court_list
        decisions = self.decisions()
        confirmed = sum(1 for d in decisions.values() if d.confirmed)
        not_known = sum(1 for m in self.matches if not m.candidates)
        parts = [
            self.tr("%1: %2 listed")
            .replace("%1", court_list.kind_name)
            .replace("%2", str(len(court_list.cases))),
            self.tr("%1 to confirm as known people").replace("%1", str(confirmed)),
            self.tr("%1 no one held fits").replace("%1", str(not_known)),
        ]
        text = ", ".join(parts) + ". "
        if court_list.problems:
            text += " ".join(court_list.problems[:3]) + " "
        text += self.tr("Nothing is saved until you press Save.")
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if not court_list.cases else "")
        self.save_button.setEnabled(bool(court_list.cases))

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        if self.read is None or not self.read.court_list.cases:
            return
        saved = dl.save_import(
            self.context.db,
            self.read.court_list.cases,
            self.decisions(),
            day=self.day_iso,
            court_id=self.court_id,
        )
        self.result_text = (
            self.tr("Saved %1 listed cases: %2 known people confirmed.")
            .replace("%1", str(saved.cases))
            .replace("%2", str(saved.confirmed))
        )
        self.context.notify_changed()
        self.saved.emit(self.day_iso)
        self.accept()
