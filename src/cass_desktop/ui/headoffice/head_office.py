"""Head office's pages: the devices and what they last sent, conflicts to choose a value for,
and people who may have been recorded twice. Shown only in a head-office store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.data import local
from cass_desktop.headoffice import ReviewError, conflicts, devices, duplicates, proposals, refusals
from cass_desktop.headoffice.conflicts import Choice, ConflictView
from cass_desktop.headoffice.devices import DeviceStatus
from cass_desktop.headoffice.proposals import ProposalView
from cass_desktop.headoffice.refusals import RefusalView
from cass_desktop.people import merging
from cass_desktop.people.matching import DuplicatePair
from cass_desktop.people.merging import MergeError
from cass_desktop.records.dates import show_date, show_datetime
from cass_desktop.records.words import short_site
from cass_desktop.sites.setup import SetupError, add_court, courts
from cass_desktop.sync.exporter import ExportError, export_update
from cass_desktop.sync.importer import ImportResult, import_files
from cass_desktop.sync.keys import CardError
from cass_desktop.ui.headoffice.sync_status import counted, data_dir_of, local_moment
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.tables import records_table
from cass_desktop.ui.shell.tasks import Progress, run_in_background

HEADING_STYLE = "font-size: 16pt; font-weight: bold;"
NOTE_STYLE = "color: #4a4a4a;"
WARNING_STYLE = "color: #8a4b00; font-weight: bold;"
ERROR_STYLE = "color: #b00020;"
DONE_STYLE = "color: #1b5e20;"
QUIET_BACKGROUND = QColor("#fdebd0")
PENDING_BACKGROUND = QColor("#e3f2fd")
# More pairs than anyone can check in one sitting are not listed; the most alike come first.
SHOWN_PAIRS = 500


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(HEADING_STYLE)
    return label


def _note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    return label


def _item(text: str, data: Any = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def _selected_row(table: QTableWidget) -> int | None:
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else None


def fingerprint_font() -> QFont:
    """Large and monospaced, so two people can read a fingerprint to each other by phone."""
    font = QFont("monospace")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(20)
    font.setBold(True)
    return font


def who_is_reviewing(context: AppContext) -> str:
    """The name recorded beside a decision: the worker, else the organisation."""
    worker = context.worker
    if worker and worker.get("name"):
        return worker["name"]
    return local.get(context.db, "organisation") or "Head office"


# -- Devices -------------------------------------------------------------------------------


class ApproveDialog(QDialog):
    """Approve a waiting laptop: who it is, its fingerprint to check by phone (large), and the
    court head office assigns it, chosen from head office's own list (never the card's)."""

    def __init__(self, status: DeviceStatus, court_list: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.status = status
        self.setWindowTitle(self.tr("Approve device"))
        self.who = QLabel(
            self.tr("Approve the laptop of %1 at %2?")
            .replace("%1", status.worker or self.tr("an unnamed worker"))
            .replace("%2", status.site or self.tr("an unnamed site"))
        )
        self.who.setObjectName("approveWho")
        self.who.setWordWrap(True)
        self.who.setStyleSheet("font-weight: bold;")
        advice = _note(
            self.tr(
                "Phone the worker on a number you already know and ask them to read out the "
                "fingerprint in Settings on their laptop. Approve only if every character is "
                "exactly:"
            )
        )
        self.fingerprint = QLabel(status.fingerprint)
        self.fingerprint.setObjectName("approveFingerprint")
        self.fingerprint.setFont(fingerprint_font())
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.court = QComboBox()
        self.court.setObjectName("courtChoice")
        self.court.addItem(self.tr("Choose the laptop's court…"), "")
        for court in court_list:
            self.court.addItem(court["name"], court["id"])
        claimed = self.court.findData(status.card_site_id) if status.card_site_id else -1
        self.court.setCurrentIndex(max(claimed, 0))
        self.court.currentIndexChanged.connect(self._court_changed)
        self.court_note = QLabel()
        self.court_note.setObjectName("courtNote")
        self.court_note.setWordWrap(True)
        self.court_note.setStyleSheet(WARNING_STYLE)
        court_row = QHBoxLayout()
        court_row.addWidget(QLabel(self.tr("Court:")))
        court_row.addWidget(self.court, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.approve_button = self.buttons.addButton(
            self.tr("Fingerprint matches: approve"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.approve_button.setObjectName("approveButton")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addWidget(advice)
        layout.addWidget(self.fingerprint, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(court_row)
        layout.addWidget(self.court_note)
        layout.addWidget(_note(self.tr("Once approved, its bundles are applied.")))
        layout.addWidget(self.buttons)
        self._court_changed()

    def court_id(self) -> str:
        return self.court.currentData() or ""

    def _court_changed(self) -> None:
        chosen = self.court_id()
        self.approve_button.setEnabled(bool(chosen))
        if not chosen:
            self.court_note.setText(
                self.tr(
                    "Head office's list does not hold the court this laptop was set up for "
                    "(%1): choose its court, or add the court first."
                ).replace("%1", self.status.site or self.tr("none named"))
            )
        elif chosen != self.status.card_site_id:
            self.court_note.setText(
                self.tr("The card says the laptop is at %1; it will be assigned to %2.")
                .replace("%1", self.status.site or self.tr("no court"))
                .replace("%2", self.court.currentText())
            )
        else:
            self.court_note.setText("")
        self.court_note.setVisible(bool(self.court_note.text()))


class DevicesPage(QWidget):
    """Each device enrolled or waiting for approval, and when its last bundle came."""

    imported = Signal(object)  # the list of ImportResult of an import, once shown

    SITE, WORKER, STATUS, LAST, HELD, FINGERPRINT, REFUSED = range(7)
    # The list of refused changes (of the laptop selected, or of all).
    R_LAPTOP, R_WHAT, R_RECORD, R_VALUE, R_WHEN = range(5)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.statuses: list[DeviceStatus] = []
        self.confirm: ApproveDialog | None = None
        self.revoke_box: QMessageBox | None = None
        self.refused: list[RefusalView] = []
        self._recent: dict[str, Path] = {}  # bundle name -> file, from imports this session
        self._busy = False

        self.quiet = QLabel()
        self.quiet.setObjectName("quietDevices")
        self.quiet.setStyleSheet(WARNING_STYLE)
        self.quiet.setWordWrap(True)
        self.table = records_table(
            [
                self.tr("Site"),
                self.tr("Worker"),
                self.tr("Status"),
                self.tr("Last bundle received"),
                self.tr("Changes held"),
                self.tr("Fingerprint"),
                self.tr("Refused"),
            ]
        )
        self.table.setObjectName("devicesTable")
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.empty = _note(
            self.tr(
                "No devices yet. Enrol each worker's laptop from its card in Settings, or "
                "import a bundle: a device not enrolled is listed here for approval."
            )
        )

        self.import_button = QPushButton(self.tr("Import bundles…"))
        self.import_button.clicked.connect(self.choose_bundles)
        self.approve_button = QPushButton(self.tr("Approve device…"))
        self.approve_button.clicked.connect(self.approve_selected)
        self.update_button = QPushButton(self.tr("Write update for device…"))
        self.update_button.clicked.connect(self.choose_update_folder)
        self.revoke_button = QPushButton(self.tr("Revoke laptop…"))
        self.revoke_button.setObjectName("revokeButton")
        self.revoke_button.clicked.connect(self.revoke_selected)
        buttons = QHBoxLayout()
        for button in (self.import_button, self.approve_button, self.update_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.add_court_button = QPushButton(self.tr("Add a court…"))
        self.add_court_button.setObjectName("addCourt")
        self.add_court_button.setToolTip(
            self.tr("Add a court or drop-in to head office's list, to enrol its laptops")
        )
        self.add_court_button.clicked.connect(self.ask_for_court)
        buttons.addWidget(self.add_court_button)
        buttons.addWidget(self.revoke_button)

        # What laptops sent that they may not change: never applied nor passed on.
        self.refused_title = QLabel()
        self.refused_title.setObjectName("refusedTitle")
        self.refused_title.setStyleSheet("font-weight: bold;")
        self.refused_table = records_table(
            [
                self.tr("Laptop"),
                self.tr("What it tried"),
                self.tr("Record"),
                self.tr("Value it sent"),
                self.tr("Received"),
            ]
        )
        self.refused_table.setObjectName("refusedTable")
        self.refused_table.setMaximumHeight(200)
        self.refused_table.itemSelectionChanged.connect(self._refused_selection_changed)
        self.apply_refused_button = QPushButton(self.tr("Apply as head office's decision"))
        self.apply_refused_button.setObjectName("applyRefused")
        self.apply_refused_button.clicked.connect(self.apply_selected_refusal)
        refused_buttons = QHBoxLayout()
        refused_buttons.addWidget(self.apply_refused_button)
        refused_buttons.addStretch(1)

        self.message = QLabel()
        self.message.setObjectName("devicesMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.results_title = QLabel(self.tr("Bundles just imported"))
        self.results_title.setStyleSheet("font-weight: bold;")
        self.results = QListWidget()
        self.results.setObjectName("importResults")
        self.results.setWordWrap(True)
        self.results.setMaximumHeight(160)

        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Devices")))
        layout.addWidget(
            _note(
                self.tr(
                    "Each worker's laptop sends its day's work as a bundle. Import the bundles "
                    "here; write an update for a laptop to send back the agency directory, "
                    "changes made elsewhere to its people, and what head office now holds."
                )
            )
        )
        layout.addWidget(self.quiet)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.results_title)
        layout.addWidget(self.results)
        layout.addWidget(self.refused_title)
        layout.addWidget(self.refused_table)
        layout.addLayout(refused_buttons)
        self.results_title.hide()
        self.results.hide()
        context.changed.connect(self._changed)

    def _changed(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        selected = self.selected()
        self.statuses = devices.device_statuses(self.context.db)
        self.table.setRowCount(len(self.statuses))
        bold = QFont()
        bold.setBold(True)
        for row, status in enumerate(self.statuses):
            cells = [
                _item(status.site or self.tr("Unnamed device"), status.device_id),
                _item(status.worker),
                _item(self._status_words(status)),
                _item(self._last_words(status)),
                _item(
                    str(status.held_seq)
                    + (
                        " " + self.tr("(%1 waiting)").replace("%1", str(status.waiting))
                        if status.waiting
                        else ""
                    )
                ),
                _item(status.fingerprint),
                _item(str(status.refused) if status.refused else ""),
            ]
            if status.refused:
                cells[self.REFUSED].setForeground(QBrush(QColor("#b00020")))
            for column, cell in enumerate(cells):
                if status.pending:
                    cell.setBackground(QBrush(PENDING_BACKGROUND))
                elif status.quiet:
                    cell.setBackground(QBrush(QUIET_BACKGROUND))
                if status.quiet and column == self.LAST:
                    cell.setFont(bold)
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(self.statuses))
        self.empty.setVisible(not self.statuses)
        quiet = [self._summary(s) for s in self.statuses if s.quiet]
        waiting = [s for s in self.statuses if s.pending]
        lines = list(quiet)
        lines += [
            counted(
                s.refused,
                self.tr("%1: %n change refused").replace("%1", s.place),
                self.tr("%1: %n changes refused").replace("%1", s.place),
            )
            for s in self.statuses
            if s.refused
        ]
        if waiting:
            lines.append(
                counted(
                    len(waiting),
                    self.tr("%n device is waiting for approval."),
                    self.tr("%n devices are waiting for approval."),
                )
            )
        self.quiet.setText("⚠ " + "  ·  ".join(lines) if lines else "")
        self.quiet.setVisible(bool(lines))
        if selected:
            for row, status in enumerate(self.statuses):
                if status.device_id == selected.device_id:
                    self.table.selectRow(row)
        self._selection_changed()

    def _summary(self, status: DeviceStatus) -> str:
        """'Bodmin: nothing for 3 days', in the words devices.DeviceStatus.summary uses."""
        place = status.place
        if status.pending:
            return self.tr("%1: waiting for approval").replace("%1", place)
        if status.quiet:
            return (
                self.tr("%1: nothing for %2 days")
                .replace("%1", place)
                .replace("%2", str(status.days_quiet))
            )
        if status.never_received:
            return self.tr("%1: nothing received yet").replace("%1", place)
        return self._last_words(status)

    def _status_words(self, status: DeviceStatus) -> str:
        if status.pending:
            return self.tr("Waiting for approval")
        if status.revoked:
            return self.tr("Revoked")
        return self.tr("Enrolled")

    def _last_words(self, status: DeviceStatus) -> str:
        if status.pending:
            return self.tr("Its bundle was not applied")
        if status.never_received or status.days_quiet is None:
            if status.quiet:
                return self.tr("Nothing received since it was enrolled, %1 days ago").replace(
                    "%1", str(status.days_quiet)
                )
            return self.tr("Nothing received yet")
        when = local_moment(status.last_bundle_at, always_date=True)
        if status.days_quiet == 0:
            ago = self.tr("today")
        elif status.days_quiet == 1:
            ago = self.tr("yesterday")
        else:
            ago = self.tr("%1 days ago").replace("%1", str(status.days_quiet))
        return f"{when} ({ago})"

    def selected(self) -> DeviceStatus | None:
        row = _selected_row(self.table)
        if row is None or row >= len(self.statuses):
            return None
        return self.statuses[row]

    def select_device(self, device_id: str) -> None:
        for row, status in enumerate(self.statuses):
            if status.device_id == device_id:
                self.table.selectRow(row)

    def _selection_changed(self) -> None:
        status = self.selected()
        self.approve_button.setEnabled(status is not None and status.pending and not self._busy)
        enrolled = status is not None and status.status == "enrolled"
        self.update_button.setEnabled(enrolled and not self._busy)
        self.revoke_button.setEnabled(enrolled and not self._busy)
        self.import_button.setEnabled(not self._busy)
        self._show_refused()

    # -- refused changes -------------------------------------------------------------------

    def _show_refused(self) -> None:
        """The changes the selected laptop (or every laptop) sent and may not make."""
        status = self.selected()
        self.refused = refusals.refusals(self.context.db, status.device_id if status else None)
        self.refused_table.setRowCount(len(self.refused))
        for row, view in enumerate(self.refused):
            reason = view.reason
            if view.applied:
                reason += " " + self.tr("(Applied by %1.)").replace(
                    "%1", view.applied_by or self.tr("head office")
                )
            cells = [
                _item(view.place, view.id),
                _item(reason),
                _item(view.record),
                _item(f"{view.field_label}: {view.value}"),
                _item(local_moment(view.received_at, always_date=True)),
            ]
            for column, cell in enumerate(cells):
                if view.applied:
                    cell.setForeground(QBrush(QColor("#4a4a4a")))
                self.refused_table.setItem(row, column, cell)
        self.refused_table.resizeRowsToContents()
        if status is None:
            title = counted(
                len(self.refused),
                self.tr("%n change refused: laptops may not make it"),
                self.tr("%n changes refused: laptops may not make them"),
            )
        else:
            title = counted(
                len(self.refused),
                self.tr("%1: %n change refused").replace("%1", status.place),
                self.tr("%1: %n changes refused").replace("%1", status.place),
            )
        self.refused_title.setText(
            title + "  " + self.tr("(never applied, never sent to other laptops)")
        )
        has_any = bool(self.refused)
        for widget in (self.refused_title, self.refused_table, self.apply_refused_button):
            widget.setVisible(has_any)
        self._refused_selection_changed()

    def selected_refusal(self) -> RefusalView | None:
        row = _selected_row(self.refused_table)
        if row is None or row >= len(self.refused):
            return None
        return self.refused[row]

    def _refused_selection_changed(self) -> None:
        view = self.selected_refusal()
        self.apply_refused_button.setEnabled(view is not None and not view.applied)

    def apply_selected_refusal(self) -> None:
        """Head office decides the refused change was right: it is saved as its own."""
        view = self.selected_refusal()
        if view is None:
            return
        try:
            refusals.apply_refused(self.context.db, view.id, who_is_reviewing(self.context))
        except ReviewError as exc:
            self._say(str(exc), ERROR_STYLE)
            return
        self._say(
            self.tr("Applied as head office's own decision: %1, %2.")
            .replace("%1", view.record)
            .replace("%2", view.field_label),
            DONE_STYLE,
        )
        self.context.notify_changed()
        self.refresh()

    # -- courts ----------------------------------------------------------------------------

    def ask_for_court(self) -> None:
        name, ok = QInputDialog.getText(
            self,
            self.tr("Add a court"),
            self.tr("Name of the court or drop-in, as its laptops are set up with:"),
        )
        if ok and name.strip():
            self.add_court(name)

    def add_court(self, name: str) -> None:
        try:
            add_court(self.context.db, name)
        except SetupError as exc:
            self._say(str(exc), ERROR_STYLE)
            return
        self._say(
            self.tr("%1 is in head office's list of courts now.").replace(
                "%1", " ".join(name.split())
            ),
            DONE_STYLE,
        )
        self.context.notify_changed()

    # -- revoking --------------------------------------------------------------------------

    def revoke_selected(self) -> QMessageBox | None:
        status = self.selected()
        if status is None or status.status != "enrolled":
            return None
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Revoke laptop"))
        box.setText(
            self.tr("Revoke the laptop of %1 at %2?")
            .replace("%1", status.worker or self.tr("an unnamed worker"))
            .replace("%2", status.site or self.tr("an unnamed site"))
        )
        box.setInformativeText(
            self.tr(
                "Do this when a laptop is lost, stolen or not behaving as it should. Its later "
                "bundles will be refused whole, and no update can be written for it. What it "
                "sent before stays."
            )
        )
        revoke = box.addButton(self.tr("Revoke"), QMessageBox.ButtonRole.DestructiveRole)
        revoke.setObjectName("confirmRevoke")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def answered() -> None:
            if box.clickedButton() is revoke:
                self.revoke(status)

        box.finished.connect(answered)
        self.revoke_box = box
        box.open()
        return box

    def revoke(self, status: DeviceStatus) -> None:
        try:
            devices.revoke(self.context.db, status.device_id)
        except ReviewError as exc:
            self._say(str(exc), ERROR_STYLE)
            return
        self._say(
            self.tr("%1 is revoked: its later bundles will be refused.").replace(
                "%1", status.place
            ),
            DONE_STYLE,
        )
        self.context.notify_changed()
        self.refresh()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._selection_changed()

    def _say(self, text: str, style: str = "") -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)

    # -- importing -------------------------------------------------------------------------

    def choose_bundles(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import bundles"),
            str(Path(local.get(self.context.db, "import_folder") or Path.home())),
            self.tr("CASS Desktop bundles (*.cassbundle);;All files (*)"),
        )
        if paths:
            local.put(self.context.db, "import_folder", str(Path(paths[0]).parent))
            self.import_bundles([Path(p) for p in paths])

    def import_bundles(self, paths: list[Path]) -> None:
        """Verify, decrypt and apply each bundle in the background, one after another."""
        context = self.context
        self._set_busy(True)
        self._say(
            counted(
                len(paths),
                self.tr("Importing %n bundle…"),
                self.tr("Importing %n bundles…"),
            )
        )
        reading = self.tr("Reading %1")

        def work(progress: Progress) -> list[ImportResult]:
            db = context.open_connection()
            try:
                results: list[ImportResult] = []
                for done, path in enumerate(paths):
                    progress.report(done, len(paths), reading.replace("%1", path.name))
                    results.extend(import_files(db, [path]))
                progress.report(len(paths), len(paths), "")
                return results
            finally:
                db.close()

        def done(results: list[ImportResult]) -> None:
            self._set_busy(False)
            for path in paths:
                self._recent[path.name] = path
            self.show_results(results)
            context.notify_changed()
            self.refresh()
            waiting = next((s for s in self.statuses if s.pending), None)
            if waiting is not None and self.selected() is None:
                self.select_device(waiting.device_id)  # ready for Approve
            self.imported.emit(results)

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            self._say(
                self.tr("The bundles could not be imported: %1").replace("%1", str(exc)),
                ERROR_STYLE,
            )

        run_in_background(self, work, done, on_error=failed, title=self.tr("Importing bundles"))

    def result_words(self, result: ImportResult) -> str:
        if result.refused and result.awaiting_approval:
            return self.tr(
                "%1: from a device head office has not enrolled. Nothing was applied; the "
                "device is listed above for a person to approve."
            ).replace("%1", result.name)
        if result.refused:
            return (
                self.tr("%1: refused. %2").replace("%1", result.name).replace("%2", result.refused)
            )
        m = result.merge
        parts = [
            counted(m.applied, self.tr("%n change applied"), self.tr("%n changes applied")),
            counted(
                m.already_held,
                self.tr("%n already held"),
                self.tr("%n already held"),
            ),
        ]
        if m.refused:
            parts.append(
                counted(
                    m.refused,
                    self.tr("%n refused (listed below)"),
                    self.tr("%n refused (listed below)"),
                )
            )
        if m.proposed:
            parts.append(
                counted(
                    m.proposed,
                    self.tr("%n agency change proposed"),
                    self.tr("%n agency changes proposed"),
                )
            )
        if m.held_back:
            parts.append(
                counted(
                    m.held_back,
                    self.tr("%n held back until an earlier bundle comes"),
                    self.tr("%n held back until an earlier bundle comes"),
                )
            )
        if m.released:
            parts.append(
                counted(
                    m.released,
                    self.tr("%n waiting change now applied"),
                    self.tr("%n waiting changes now applied"),
                )
            )
        if m.conflicts:
            parts.append(
                counted(
                    m.conflicts,
                    self.tr("%n conflict to review"),
                    self.tr("%n conflicts to review"),
                )
            )
        else:
            parts.append(self.tr("no conflicts"))
        return f"{result.name}: " + ", ".join(parts) + "."

    def show_results(self, results: list[ImportResult]) -> None:
        self.results.clear()
        for result in results:
            self.results.addItem(self.result_words(result))
            item = self.results.item(self.results.count() - 1)
            if result.refused and not result.awaiting_approval:
                item.setForeground(QBrush(QColor("#b00020")))
            elif result.awaiting_approval or result.merge.conflicts or result.merge.refused:
                item.setForeground(QBrush(QColor("#8a4b00")))
        self.results_title.show()
        self.results.show()
        refused = sum(1 for r in results if r.refused)
        conflicts = sum(r.merge.conflicts for r in results)
        applied = len(results) - refused
        summary = counted(applied, self.tr("%n bundle applied."), self.tr("%n bundles applied."))
        if refused:
            summary += " " + counted(
                refused, self.tr("%n was not applied."), self.tr("%n were not applied.")
            )
        if conflicts:
            summary += " " + self.tr("See Conflicts to choose the right values.")
        self._say(summary, ERROR_STYLE if refused and not applied else DONE_STYLE)

    # -- approving -------------------------------------------------------------------------

    def approve_selected(self) -> ApproveDialog | None:
        """Ask the person to check the fingerprint with the worker, and to choose the court
        head office assigns the laptop, before approving."""
        status = self.selected()
        if status is None or not status.pending:
            return None
        dialog = ApproveDialog(status, courts(self.context.db), self)
        dialog.accepted.connect(lambda: self.approve(status, dialog.court_id()))
        self.confirm = dialog
        dialog.open()
        return dialog

    def approve(self, status: DeviceStatus, court_id: str | None = None) -> None:
        try:
            devices.approve_device(
                self.context.db, status.device_id, status.fingerprint, court_id or None
            )
        except CardError as exc:
            self._say(str(exc), ERROR_STYLE)
            return
        self.context.notify_changed()
        self.refresh()
        waiting = self._recent.get(status.last_bundle_name or "")
        if waiting is not None and waiting.exists():
            self._say(
                self.tr("%1 is approved. Importing its bundle again…").replace("%1", status.place),
                DONE_STYLE,
            )
            self.import_bundles([waiting])
        else:
            self._say(
                self.tr(
                    "%1 is approved. Import its bundle again: nothing that came before "
                    "approval was applied."
                ).replace("%1", status.place),
                DONE_STYLE,
            )

    # -- updates back to a device ----------------------------------------------------------

    def choose_update_folder(self) -> None:
        status = self.selected()
        if status is None or status.status != "enrolled":
            return
        folder = QFileDialog.getExistingDirectory(
            self,
            self.tr("Choose where to write the update for %1").replace("%1", status.place),
            str(local.get(self.context.db, "update_folder") or data_dir_of(self.context)),
        )
        if folder:
            local.put(self.context.db, "update_folder", folder)
            self.write_update(status, Path(folder))

    def write_update(self, status: DeviceStatus, folder: Path) -> None:
        context = self.context
        self._set_busy(True)

        def work(progress: Progress) -> Path:
            db = context.open_connection()
            try:
                return export_update(db, status.device_id, folder, progress.report)
            finally:
                db.close()

        def done(path: Path) -> None:
            self._set_busy(False)
            self._say(
                self.tr("Update for %1 written: %2. Copy it to the laptop and import it there.")
                .replace("%1", status.place)
                .replace("%2", str(path)),
                DONE_STYLE,
            )
            self.last_update = path

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            if isinstance(exc, ExportError | OSError):
                self._say(
                    self.tr("The update was not written: %1").replace("%1", str(exc)),
                    ERROR_STYLE,
                )
            else:
                raise exc

        run_in_background(self, work, done, on_error=failed, title=self.tr("Writing update"))


# -- Conflicts -----------------------------------------------------------------------------


class ConflictsPage(QWidget):
    """Edits of one detail made without seeing each other: choose the right value."""

    count_changed = Signal(int)

    RECORD, DETAIL, SHOWN, OTHER = range(4)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.views: list[ConflictView] = []
        self.count = conflicts.conflict_count(context.db)

        self.summary = QLabel()
        self.summary.setObjectName("conflictsSummary")
        self.summary.setWordWrap(True)
        self.table = records_table(
            [
                self.tr("Record"),
                self.tr("Detail"),
                self.tr("Shown now"),
                self.tr("Other value"),
            ]
        )
        self.table.setObjectName("conflictsTable")
        self.table.itemSelectionChanged.connect(self._show_selected)

        self.detail = QGroupBox(self.tr("Choose the right value"))
        self.record_label = QLabel()
        self.record_label.setObjectName("conflictRecord")
        self.record_label.setWordWrap(True)
        self.record_label.setStyleSheet("font-weight: bold;")
        self.open_person = QPushButton(self.tr("Open person"))
        self.open_person.clicked.connect(self._open_person)
        top = QHBoxLayout()
        top.addWidget(self.record_label, 1)
        top.addWidget(self.open_person)
        self.choice_group = QButtonGroup(self)
        self.first_choice = QRadioButton()
        self.second_choice = QRadioButton()
        self.other_choice = QRadioButton(self.tr("Another value:"))
        self.other_text = QLineEdit()
        self.other_text.setObjectName("otherValue")
        self.other_text.textEdited.connect(lambda _t: self.other_choice.setChecked(True))
        for index, button in enumerate((self.first_choice, self.second_choice, self.other_choice)):
            self.choice_group.addButton(button, index)
        other_row = QHBoxLayout()
        other_row.addWidget(self.other_choice)
        other_row.addWidget(self.other_text, 1)
        self.keep_button = QPushButton(self.tr("Keep this value"))
        self.keep_button.setObjectName("keepValue")
        self.keep_button.clicked.connect(self.resolve_selected)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        keep_row = QHBoxLayout()
        keep_row.addWidget(self.keep_button)
        keep_row.addWidget(self.error, 1)
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.addLayout(top)
        detail_layout.addWidget(self.first_choice)
        detail_layout.addWidget(self.second_choice)
        detail_layout.addLayout(other_row)
        detail_layout.addLayout(keep_row)

        self.empty = _note(self.tr("No conflicts to review."))
        self.empty.setStyleSheet(NOTE_STYLE + " font-size: 11pt; padding: 8px;")
        self.done = QLabel()
        self.done.setObjectName("conflictDone")
        self.done.setStyleSheet(DONE_STYLE)
        self.done.setWordWrap(True)
        self.done.hide()

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Conflicts to review")))
        layout.addWidget(
            _note(
                self.tr(
                    "Two people changed the same detail without seeing each other's change. "
                    "The newer one is shown meanwhile. Choose the right value, or type it: "
                    "your choice is sent to the laptops like any other change."
                )
            )
        )
        layout.addWidget(self.summary)
        layout.addWidget(self.done)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)
        context.changed.connect(self._changed)

    def nav_label(self) -> str:
        if self.count:
            return self.tr("Conflicts (%1)").replace("%1", str(self.count))
        return self.tr("Conflicts")

    def _recount(self) -> None:
        count = conflicts.conflict_count(self.context.db)
        if count != self.count:
            self.count = count
            self.count_changed.emit(count)

    def _changed(self) -> None:
        self._recount()
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        selected = self.selected()
        self.views = conflicts.conflicts(self.context.db)
        self.table.setRowCount(len(self.views))
        for row, view in enumerate(self.views):
            shown, other = view.choices
            cells = [
                _item(view.record, view.id),
                _item(view.field_label),
                _item(self._cell_text(shown)),
                _item(self._cell_text(other)),
            ]
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        has_any = bool(self.views)
        self.table.parentWidget().setVisible(has_any)
        self.empty.setVisible(not has_any)
        self.summary.setText(
            counted(
                len(self.views),
                self.tr("%n conflict to review."),
                self.tr("%n conflicts to review."),
            )
            if has_any
            else ""
        )
        self.summary.setVisible(has_any)
        row = 0
        if selected is not None:
            row = next((i for i, v in enumerate(self.views) if v.id == selected.id), 0)
        if has_any:
            self.table.selectRow(row)
        self._show_selected()
        self._recount()

    def selected(self) -> ConflictView | None:
        row = _selected_row(self.table)
        if row is None or row >= len(self.views):
            return None
        return self.views[row]

    def _cell_text(self, choice: Choice) -> str:
        """The value, and under it where and when it was made."""
        return f"{choice.shown}\n{choice.source}, {show_datetime(choice.when)}"

    def _choice_text(self, choice: Choice) -> str:
        text = self.tr("%1 — from %2, %3").replace("%1", choice.shown)
        text = text.replace("%2", choice.source).replace("%3", show_datetime(choice.when))
        if choice.current:
            text += " " + self.tr("(shown now)")
        return text

    def _show_selected(self) -> None:
        view = self.selected()
        self.detail.setEnabled(view is not None)
        self.error.clear()
        if view is None:
            self.record_label.clear()
            for button in (self.first_choice, self.second_choice):
                button.setText("")
            self.open_person.hide()
            return
        self.record_label.setText(
            self.tr("%1 — %2").replace("%1", view.record).replace("%2", view.field_label)
        )
        self.first_choice.setText(self._choice_text(view.choices[0]))
        self.second_choice.setText(self._choice_text(view.choices[1]))
        self.other_choice.setVisible(view.can_type)
        self.other_text.setVisible(view.can_type)
        self.other_text.clear()
        self.choice_group.setExclusive(False)
        for button in self.choice_group.buttons():
            button.setChecked(False)
        self.choice_group.setExclusive(True)
        self.open_person.setVisible(view.client_id is not None)

    def _open_person(self) -> None:
        view = self.selected()
        if view is not None and view.client_id:
            self.context.open_client(view.client_id)

    def resolve_selected(self) -> bool:
        view = self.selected()
        if view is None:
            return False
        chosen = self.choice_group.checkedId()
        if chosen < 0:
            self.error.setText(self.tr("Choose one of the values, or type another."))
            return False
        try:
            if chosen == 2:
                value = conflicts.value_from_text(view.table, view.field, self.other_text.text())
            else:
                value = view.choices[chosen].value
            conflicts.resolve_conflict(
                self.context.db, view.id, value, who_is_reviewing(self.context)
            )
        except ReviewError as exc:
            self.error.setText(str(exc))
            return False
        self.done.show()
        self.done.setText(
            self.tr("%1: %2 kept.")
            .replace("%1", f"{view.record} — {view.field_label}")
            .replace(
                "%2",
                view.choices[chosen].shown if chosen < 2 else self.other_text.text().strip(),
            )
        )
        self.context.notify_changed()
        self.refresh()
        return True


# -- Agency directory proposals ----------------------------------------------------------


class ProposalsPage(QWidget):
    """Changes to the agency directory workers made on their laptops: accept one to make it
    head office's (it goes to every laptop), or reject it (head office's value goes back)."""

    count_changed = Signal(int)

    AGENCY, DETAIL, HELD, PROPOSED, FROM = range(5)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.views: list[ProposalView] = []
        self.count = proposals.proposal_count(context.db)
        self.table = records_table(
            [
                self.tr("Agency"),
                self.tr("Detail"),
                self.tr("Head office's value"),
                self.tr("Proposed value"),
                self.tr("From"),
            ]
        )
        self.table.setObjectName("proposalsTable")
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.accept_button = QPushButton(self.tr("Accept: send to every laptop"))
        self.accept_button.setObjectName("acceptProposal")
        self.accept_button.clicked.connect(self.accept_selected)
        self.reject_button = QPushButton(self.tr("Reject: keep head office's value"))
        self.reject_button.setObjectName("rejectProposal")
        self.reject_button.clicked.connect(self.reject_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        self.message = QLabel()
        self.message.setObjectName("proposalsMessage")
        self.message.setWordWrap(True)
        self.empty = _note(self.tr("No agency directory changes to decide."))
        self.empty.setStyleSheet(NOTE_STYLE + " font-size: 11pt; padding: 8px;")
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Directory proposals")))
        layout.addWidget(
            _note(
                self.tr(
                    "The agency directory is head office's. A worker's change to it shows on "
                    "their laptop at once and comes here as a proposal. Accept it to make it "
                    "head office's and send it to every laptop; reject it to send head "
                    "office's value back to that laptop."
                )
            )
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        context.changed.connect(self._changed)
        self._selection_changed()

    def nav_label(self) -> str:
        if self.count:
            return self.tr("Directory proposals (%1)").replace("%1", str(self.count))
        return self.tr("Directory proposals")

    def _changed(self) -> None:
        self._recount()
        if self.isVisible():
            self.refresh()

    def _recount(self) -> None:
        count = proposals.proposal_count(self.context.db)
        if count != self.count:
            self.count = count
            self.count_changed.emit(count)

    def refresh(self) -> None:
        self.views = proposals.proposals(self.context.db)
        self.table.setRowCount(len(self.views))
        for row, view in enumerate(self.views):
            agency = view.agency + (" " + self.tr("(new)") if view.new_agency else "")
            cells = [
                _item(agency, view.id),
                _item(view.field_label),
                _item(view.held),
                _item(view.proposed),
                _item(f"{view.place}, {local_moment(view.received_at, always_date=True)}"),
            ]
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        has_any = bool(self.views)
        self.table.setVisible(has_any)
        self.empty.setVisible(not has_any)
        if has_any and self.selected() is None:
            self.table.selectRow(0)
        self._selection_changed()
        self._recount()

    def selected(self) -> ProposalView | None:
        row = _selected_row(self.table)
        if row is None or row >= len(self.views):
            return None
        return self.views[row]

    def _selection_changed(self) -> None:
        chosen = self.selected() is not None
        self.accept_button.setEnabled(chosen)
        self.reject_button.setEnabled(chosen)

    def accept_selected(self) -> None:
        self._decide(proposals.accept_proposal, self.tr("Accepted: %1 goes to every laptop."))

    def reject_selected(self) -> None:
        self._decide(
            proposals.reject_proposal, self.tr("Rejected: head office's %1 goes back to %2.")
        )

    def _decide(self, decide, done: str) -> None:
        view = self.selected()
        if view is None:
            return
        try:
            decide(self.context.db, view.id, who_is_reviewing(self.context))
        except ReviewError as exc:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(str(exc))
            return
        self.message.setStyleSheet(DONE_STYLE)
        self.message.setText(
            done.replace("%1", f"{view.agency}, {view.field_label.lower()}").replace(
                "%2", view.place
            )
        )
        self.context.notify_changed()
        self.refresh()


# -- Possible duplicates -------------------------------------------------------------------


def _person_line(row: dict[str, Any]) -> str:
    parts = [merging.person_words(row)]
    if row.get("date_of_birth"):
        parts.append(show_date(row["date_of_birth"]))
    if row.get("site_name"):
        parts.append(short_site(row["site_name"]))
    return ", ".join(parts)


class MergeDialog(QDialog):
    """Which record to keep: the other is marked as merged into it."""

    def __init__(self, pair: DuplicatePair, parent: QWidget | None = None):
        super().__init__(parent)
        self.pair = pair
        self.setWindowTitle(self.tr("Same person: merge"))
        intro = QLabel(
            self.tr(
                "Which record should be kept? The other will say it was merged into it and "
                "will no longer be listed among clients. Its court dates, notes and consents "
                "stay on it and can still be seen from the kept record. Nothing is deleted, "
                "and the merge can be undone."
            )
        )
        intro.setWordWrap(True)
        self.keep_first = QRadioButton(self.tr("Keep %1").replace("%1", _person_line(pair.first)))
        self.keep_second = QRadioButton(self.tr("Keep %1").replace("%1", _person_line(pair.second)))
        self.keep_first.setChecked(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton(
            self.tr("Merge"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.keep_first)
        layout.addWidget(self.keep_second)
        layout.addWidget(self.buttons)

    def kept_and_duplicate(self) -> tuple[str, str]:
        first, second = self.pair.first["id"], self.pair.second["id"]
        return (first, second) if self.keep_first.isChecked() else (second, first)


class DuplicatesPage(QWidget):
    """People who may have been recorded twice, across every site, with the reasons."""

    looked = Signal()  # a look through everyone finished and is shown

    FIRST, SECOND, REASONS = range(3)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.pairs: list[DuplicatePair] = []
        self.merged: list[dict[str, Any]] = []
        self.dialog: MergeDialog | None = None
        self._looking = False
        self._stale = True

        self.status = QLabel()
        self.status.setObjectName("duplicatesStatus")
        self.status.setWordWrap(True)
        self.look_again = QPushButton(self.tr("Look again"))
        self.look_again.clicked.connect(self.look)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.look_again)

        self.table = records_table(
            [
                self.tr("One record"),
                self.tr("Another record"),
                self.tr("Why they may be one person"),
            ]
        )
        self.table.setObjectName("duplicatesTable")
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.open_first())
        self.open_first_button = QPushButton(self.tr("Open first person"))
        self.open_first_button.clicked.connect(self.open_first)
        self.open_second_button = QPushButton(self.tr("Open second person"))
        self.open_second_button.clicked.connect(self.open_second)
        self.merge_button = QPushButton(self.tr("Same person: merge…"))
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.clicked.connect(self.merge_selected)
        self.different_button = QPushButton(self.tr("Not the same person"))
        self.different_button.clicked.connect(self.different_selected)
        pair_buttons = QHBoxLayout()
        for button in (
            self.open_first_button,
            self.open_second_button,
            self.merge_button,
            self.different_button,
        ):
            pair_buttons.addWidget(button)
        pair_buttons.addStretch(1)
        self.message = QLabel()
        self.message.setObjectName("duplicatesMessage")
        self.message.setWordWrap(True)

        self.merged_title = QLabel(self.tr("Merged records"))
        self.merged_title.setStyleSheet("font-weight: bold;")
        self.merged_table = records_table([self.tr("Record"), self.tr("Merged into")])
        self.merged_table.setObjectName("mergedTable")
        self.merged_table.setMaximumHeight(170)
        self.merged_table.itemSelectionChanged.connect(self._selection_changed)
        self.open_merged_button = QPushButton(self.tr("Open record"))
        self.open_merged_button.clicked.connect(self.open_merged)
        self.undo_button = QPushButton(self.tr("Undo merge"))
        self.undo_button.clicked.connect(self.undo_selected)
        merged_buttons = QHBoxLayout()
        merged_buttons.addWidget(self.open_merged_button)
        merged_buttons.addWidget(self.undo_button)
        merged_buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Possible duplicates")))
        layout.addWidget(
            _note(
                self.tr(
                    "People who may have been recorded twice, at one site or at different "
                    "ones, most alike first. Open both records and check before merging."
                )
            )
        )
        layout.addLayout(status_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(pair_buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.merged_title)
        layout.addWidget(self.merged_table)
        layout.addLayout(merged_buttons)
        context.changed.connect(self._changed)
        self._selection_changed()

    def _changed(self) -> None:
        self._stale = True
        self._show_merged()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._show_merged()
        if self._stale:
            self.look()

    def look(self) -> None:
        """Look through everyone in the background (a few seconds for 100,000 people)."""
        if self._looking:
            return
        self._looking = True
        self._stale = False
        self.look_again.setEnabled(False)
        self.status.setText(self.tr("Looking through everyone held for possible duplicates…"))
        context = self.context

        def work(progress: Progress) -> list[DuplicatePair]:
            db = context.open_connection()
            try:
                return duplicates.possible_duplicates(db, progress=progress.report)
            finally:
                db.close()

        def done(pairs: list[DuplicatePair]) -> None:
            self._looking = False
            self.look_again.setEnabled(True)
            self.pairs = pairs
            self._show_pairs()
            self.looked.emit()

        def failed(exc: BaseException) -> None:
            self._looking = False
            self.look_again.setEnabled(True)
            self.status.setText(
                self.tr("Looking for duplicates failed: %1").replace("%1", str(exc))
            )

        run_in_background(self, work, done, on_error=failed)

    def _show_pairs(self) -> None:
        shown = self.pairs[:SHOWN_PAIRS]
        self.table.setRowCount(len(shown))
        for row, pair in enumerate(shown):
            self.table.setItem(row, self.FIRST, _item(_person_line(pair.first), row))
            self.table.setItem(row, self.SECOND, _item(_person_line(pair.second)))
            self.table.setItem(row, self.REASONS, _item("; ".join(pair.reasons)))
        self.table.resizeRowsToContents()
        if not self.pairs:
            text = self.tr("No possible duplicates found.")
        elif len(self.pairs) > SHOWN_PAIRS:
            text = (
                self.tr("%1 pairs to check; the %2 most alike are listed.")
                .replace("%1", f"{len(self.pairs):,}")
                .replace("%2", str(SHOWN_PAIRS))
            )
        else:
            text = counted(
                len(self.pairs),
                self.tr("%n pair to check."),
                self.tr("%n pairs to check, most alike first."),
            )
        self.status.setText(text)
        self._selection_changed()

    def _show_merged(self) -> None:
        self.merged = merging.merged_people(self.context.db)
        self.merged_table.setRowCount(len(self.merged))
        for row, person in enumerate(self.merged):
            kept = {
                "given_name": person["kept_given_name"],
                "family_name": person["kept_family_name"],
                "preferred_name": person["kept_preferred_name"],
                "reference": person["kept_reference"],
            }
            into = (
                merging.person_words(kept)
                if person["kept_reference"] or person["kept_family_name"]
                else self.tr("a record not held here")
            )
            self.merged_table.setItem(row, 0, _item(_person_line(person), person["id"]))
            self.merged_table.setItem(row, 1, _item(into))
        has_merged = bool(self.merged)
        for widget in (
            self.merged_title,
            self.merged_table,
            self.open_merged_button,
            self.undo_button,
        ):
            widget.setVisible(has_merged)
        self._selection_changed()

    def selected(self) -> DuplicatePair | None:
        row = _selected_row(self.table)
        if row is None or row >= len(self.pairs):
            return None
        return self.pairs[row]

    def select_pair(self, first_id: str, second_id: str) -> bool:
        wanted = frozenset((first_id, second_id))
        for row, pair in enumerate(self.pairs[:SHOWN_PAIRS]):
            if pair.ids == wanted:
                self.table.selectRow(row)
                return True
        return False

    def _selected_merged(self) -> dict[str, Any] | None:
        row = _selected_row(self.merged_table)
        if row is None or row >= len(self.merged):
            return None
        return self.merged[row]

    def _selection_changed(self) -> None:
        has_pair = self.selected() is not None
        for button in (
            self.open_first_button,
            self.open_second_button,
            self.merge_button,
            self.different_button,
        ):
            button.setEnabled(has_pair)
        has_merged = self._selected_merged() is not None
        self.open_merged_button.setEnabled(has_merged)
        self.undo_button.setEnabled(has_merged)

    def open_first(self) -> None:
        pair = self.selected()
        if pair is not None:
            self.context.open_client(pair.first["id"])

    def open_second(self) -> None:
        pair = self.selected()
        if pair is not None:
            self.context.open_client(pair.second["id"])

    def open_merged(self) -> None:
        person = self._selected_merged()
        if person is not None:
            self.context.open_client(person["id"])

    def _drop_pair(self, pair: DuplicatePair) -> None:
        """Take a decided pair, and any other pair with the merged person, off the list."""
        self.pairs = [p for p in self.pairs if p is not pair]
        self._show_pairs()

    def merge_selected(self) -> MergeDialog | None:
        pair = self.selected()
        if pair is None:
            return None
        self.dialog = MergeDialog(pair, self)
        self.dialog.accepted.connect(lambda: self._merge(self.dialog))
        self.dialog.open()
        return self.dialog

    def _merge(self, dialog: MergeDialog | None) -> None:
        if dialog is None:
            return
        kept, duplicate = dialog.kept_and_duplicate()
        try:
            merging.merge_people(self.context.db, duplicate, kept)
        except MergeError as exc:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(str(exc))
            return
        pair = dialog.pair
        kept_row = pair.first if pair.first["id"] == kept else pair.second
        merged_row = pair.second if kept_row is pair.first else pair.first
        self.pairs = [p for p in self.pairs if duplicate not in p.ids]
        self._show_pairs()
        self.message.setStyleSheet(DONE_STYLE)
        self.message.setText(
            self.tr("%1 is now merged into %2.")
            .replace("%1", merging.person_words(merged_row))
            .replace("%2", merging.person_words(kept_row))
        )
        self.context.notify_changed()
        self._stale = False  # the list was brought up to date here

    def different_selected(self) -> None:
        pair = self.selected()
        if pair is None:
            return
        merging.not_the_same(
            self.context.db, pair.first["id"], pair.second["id"], who_is_reviewing(self.context)
        )
        self._drop_pair(pair)
        self.message.setStyleSheet(DONE_STYLE)
        self.message.setText(
            self.tr("%1 and %2 will not be offered as duplicates again.")
            .replace("%1", merging.person_words(pair.first))
            .replace("%2", merging.person_words(pair.second))
        )

    def undo_selected(self) -> None:
        person = self._selected_merged()
        if person is None:
            return
        try:
            merging.undo_merge(self.context.db, person["id"])
        except MergeError as exc:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(str(exc))
            return
        self.message.setStyleSheet(DONE_STYLE)
        self.message.setText(
            self.tr("%1 is a record of its own again.").replace("%1", merging.person_words(person))
        )
        self.context.notify_changed()
        if self.isVisible():
            self.look()
