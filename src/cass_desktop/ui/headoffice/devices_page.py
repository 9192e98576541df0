"""Head office's Devices page: each laptop enrolled or waiting, what it last sent, approving,
revoking, adding a court and writing updates (importing bundles is bundle_import.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.headoffice import ReviewError, devices
from cass_desktop.headoffice.devices import DeviceStatus
from cass_desktop.sites.setup import SetupError, add_court, courts
from cass_desktop.sync.exporter import ExportError, export_update
from cass_desktop.sync.keys import CardError
from cass_desktop.ui.headoffice.approve_dialog import ApproveDialog
from cass_desktop.ui.headoffice.audit_breaks import AuditBreaksNote
from cass_desktop.ui.headoffice.bundle_import import BundleImporting
from cass_desktop.ui.headoffice.common import (
    heading,
    note,
    records_list,
    select_record,
    selected_record,
)
from cass_desktop.ui.headoffice.devices_model import DevicesModel
from cass_desktop.ui.headoffice.refusals_panel import RefusalsPanel
from cass_desktop.ui.headoffice.sync_status import counted, data_dir_of
from cass_desktop.ui.settings.trust_section import TrustBox
from cass_desktop.ui.shell import file_dialogs
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.pages import RefreshWhenShown
from cass_desktop.ui.shell.style import DONE_STYLE, ERROR_STYLE, STRONG_WARNING_STYLE
from cass_desktop.ui.shell.tasks import Progress, run_in_background


class DevicesPage(BundleImporting, RefreshWhenShown, QWidget):
    """Each device enrolled or waiting for approval, and when its last bundle came."""

    imported = Signal(object)  # the list of ImportResult of an import, once shown

    SITE, WORKER, STATUS, LAST = (
        DevicesModel.SITE,
        DevicesModel.WORKER,
        DevicesModel.STATUS,
        DevicesModel.LAST,
    )
    HELD, FINGERPRINT, REFUSED = DevicesModel.HELD, DevicesModel.FINGERPRINT, DevicesModel.REFUSED
    # The list of refused changes (of the laptop selected, or of all).
    R_LAPTOP, R_WHAT, R_RECORD, R_VALUE, R_WHEN = (
        RefusalsPanel.R_LAPTOP,
        RefusalsPanel.R_WHAT,
        RefusalsPanel.R_RECORD,
        RefusalsPanel.R_VALUE,
        RefusalsPanel.R_WHEN,
    )

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.statuses: list[DeviceStatus] = []
        self.confirm: ApproveDialog | None = None
        self.revoke_box: QMessageBox | None = None
        self._recent: dict[str, Path] = {}  # bundle name -> file, from imports this session
        self._busy = False

        self.quiet = QLabel()
        self.quiet.setObjectName("quietDevices")
        self.quiet.setStyleSheet(STRONG_WARNING_STYLE)
        self.quiet.setWordWrap(True)
        self.model = DevicesModel(self)
        # At 1024x700 the fingerprint (40 characters) would push Refused off the screen: it is
        # cut short in the table (its whole text in the tooltip) and shown whole, with the
        # laptop's card, under it. The last bundle, which says a laptop is quiet, stays whole.
        self.proxy, self.table = records_list(
            self, self.model, "devicesTable", keep=DevicesModel.LAST
        )
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.card = QLabel()
        self.card.setObjectName("deviceCard")
        self.card.setWordWrap(True)
        self.card.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty = note(
            self.tr(
                "No devices yet. Enrol each worker's laptop from its card (Enrol a device "
                "card… below), or import a bundle: a device not enrolled is listed here for "
                "approval."
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
        self.enrol_box = TrustBox(context, list_devices=False)  # a laptop's card, by phone
        self.enrol_button = enrol_button = QPushButton(self.tr("Enrol a device card…"))
        enrol_button.setObjectName("enrolButton")
        enrol_button.clicked.connect(self.enrol_box.choose_card)
        buttons = QHBoxLayout()
        for button in (enrol_button, self.import_button, self.approve_button, self.update_button):
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
        self.refused_panel = RefusalsPanel(context)
        self.refused_panel.said.connect(self._say)
        self.refused_panel.applied.connect(self.refresh)
        self.refused_title = self.refused_panel.title
        self.refused_table = self.refused_panel.table
        self.apply_refused_button = self.refused_panel.apply_button

        self.message = QLabel()
        self.message.setObjectName("devicesMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.results_title = QLabel(self.tr("Bundles just imported"))
        self.results_title.setStyleSheet("font-weight: bold;")
        self.results = QListWidget()
        self.results.setObjectName("importResults")
        self.results.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Devices")))
        layout.addWidget(
            note(
                self.tr(
                    "Each worker's laptop sends its day's work as a bundle. Import the bundles "
                    "here; write an update for a laptop to send back the agency directory, "
                    "changes made elsewhere to its people, and what head office now holds."
                )
            )
        )
        layout.addWidget(self.quiet)
        layout.addWidget(self.enrol_box)  # the card's fingerprint to check, once chosen
        # The devices, what was just imported and what was refused share the height in a
        # splitter, so each keeps a few rows at 1024x700 and can be given more by dragging.
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)
        top_layout.addWidget(self.card)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.message)
        self.audit_breaks = AuditBreaksNote(context)  # laptops whose audit log broke on arrival
        top_layout.addWidget(self.audit_breaks)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.results_title)
        middle_layout.addWidget(self.results, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("devicesSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.results_part = middle
        for part in (top, middle, self.refused_panel):
            self.splitter.addWidget(part)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 2)
        layout.addWidget(self.splitter, 1)
        self.results_part.hide()
        context.changed.connect(self._data_changed)

    def refresh(self) -> None:
        self._stale = False
        selected = self.selected()
        self.statuses = devices.device_statuses(self.context.db)
        self.model.set_rows(self.statuses)
        self.table.setVisible(bool(self.statuses))
        self.empty.setVisible(not self.statuses)
        quiet = [self.model.summary(s) for s in self.statuses if s.quiet]
        waiting = [s for s in self.statuses if s.pending]
        lines = list(quiet)
        lines += [
            counted(
                s.refused,
                self.tr("%1: %n change refused").replace("%1", s.laptop),
                self.tr("%1: %n changes refused").replace("%1", s.laptop),
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
            select_record(self.table, lambda s: s.device_id == selected.device_id)
        self._selection_changed()

    def selected(self) -> DeviceStatus | None:
        return selected_record(self.table)

    def select_device(self, device_id: str) -> None:
        select_record(self.table, lambda status: status.device_id == device_id)

    def _selection_changed(self, *_args: object) -> None:
        status = self.selected()
        self.approve_button.setEnabled(status is not None and status.pending and not self._busy)
        enrolled = status is not None and status.status == "enrolled"
        self.update_button.setEnabled(enrolled and not self._busy)
        self.revoke_button.setEnabled(enrolled and not self._busy)
        self.import_button.setEnabled(not self._busy)
        self.refused_panel.show_for(status)
        self._show_card(status)

    def _show_card(self, status: DeviceStatus | None) -> None:
        """The selected laptop's card: who and where, its court, its id and fingerprint."""
        if status is None:
            self.card.setText("")
            self.card.setVisible(False)
            return
        court = status.site or self.tr("no court yet")
        self.card.setText(
            self.tr("%1 · court: %2 · device %3 · fingerprint %4")
            .replace("%1", status.laptop)
            .replace("%2", court)
            .replace("%3", status.device_id)
            .replace("%4", status.fingerprint)
        )
        self.card.setVisible(True)

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
                "%1", status.laptop
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
                self.tr("%1 is approved. Importing its bundle again…").replace("%1", status.laptop),
                DONE_STYLE,
            )
            self.import_bundles([waiting])
        else:
            self._say(
                self.tr(
                    "%1 is approved. Import its bundle again: nothing that came before "
                    "approval was applied."
                ).replace("%1", status.laptop),
                DONE_STYLE,
            )

    # -- updates back to a device ----------------------------------------------------------

    def choose_update_folder(self) -> None:
        status = self.selected()
        if status is None or status.status != "enrolled":
            return
        folder = file_dialogs.choose_folder(
            self,
            self.context.db,
            self.tr("Choose where to write the update for %1").replace("%1", status.laptop),
            key="update_folder",
            fallback=data_dir_of(self.context),
        )
        if folder:
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
                .replace("%1", status.laptop)
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
