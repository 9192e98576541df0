"""The main window: navigation, global search, and the status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from cass_desktop.data import local
from cass_desktop.sync.importer import ImportResult, import_files
from cass_desktop.ui.agencies_view import AgenciesPage
from cass_desktop.ui.client_page import ClientPage
from cass_desktop.ui.clients_view import ClientsPage
from cass_desktop.ui.context import AppContext
from cass_desktop.ui.diary_view import DiaryPage
from cass_desktop.ui.end_of_day import EndOfDayDialog
from cass_desktop.ui.head_office import ConflictsPage, DevicesPage, DuplicatesPage
from cass_desktop.ui.print_batch import PrintBatchDialog
from cass_desktop.ui.referrals_view import ReferralsPage
from cass_desktop.ui.search_popup import SearchPopup
from cass_desktop.ui.settings_page import SettingsPage
from cass_desktop.ui.sync_status import SyncStatus
from cass_desktop.ui.tasks import Progress, run_in_background
from cass_desktop.ui.today_view import TodayPage


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext):
        super().__init__()
        self.context = context
        title = self.tr("CASS Desktop")
        if context.is_demo:
            title += " — " + self.tr("demo data")
        self.setWindowTitle(title)
        self.resize(1200, 780)

        self.today = TodayPage(context)
        self.clients = ClientsPage(context)
        self.diary = DiaryPage(context)
        self.agencies = AgenciesPage(context)
        self.referrals = ReferralsPage(context)
        self.client_page = ClientPage(context)
        self._sections = [
            (self.tr("Today"), self.today),
            (self.tr("Clients"), self.clients),
            (self.tr("Court diary"), self.diary),
            (self.tr("Agencies"), self.agencies),
            (self.tr("Referrals"), self.referrals),
        ]
        self.settings = SettingsPage(context)
        self._sections.append((self.tr("Settings"), self.settings))
        self.is_head_office = local.get(context.db, "role") == "head-office"
        if self.is_head_office:
            self._add_head_office_sections()

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(190)
        self.nav.setStyleSheet(
            "QListWidget#navigation { font-size: 11pt; padding-top: 8px; }"
            "QListWidget#navigation::item { padding: 7px 12px; }"
        )
        self.stack = QStackedWidget()
        for label, page in self._sections:
            QListWidgetItem(label, self.nav)
            self.stack.addWidget(page)
        self.stack.addWidget(self.client_page)
        self.nav.currentRowChanged.connect(self._show_section)
        if self.is_head_office:
            self.conflicts.count_changed.connect(self._show_conflict_count)

        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)

        self.search_popup = SearchPopup(context, self)
        find = QAction(self.tr("Find a person or agency…"), self)
        find.setShortcut(QKeySequence("Ctrl+K"))
        find.triggered.connect(self.search_popup.open_search)
        self.addAction(find)
        menu = self.menuBar().addMenu(self.tr("&Go"))
        menu.addAction(find)
        for index, (label, _page) in enumerate(self._sections):
            action = menu.addAction(label)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _=False, i=index: self.show_section(i))

        self.site_label = QLabel()
        self.worker_label = QLabel()
        self.sync_status = SyncStatus(context)
        self.pending_label = self.sync_status.pending_label
        for label in (self.site_label, self.worker_label, self.sync_status):
            self.statusBar().addPermanentWidget(label)
        self._add_end_of_day()
        if context.is_demo:
            demo = QLabel(self.tr("Demo data: nothing here is real"))
            demo.setStyleSheet("color: #8a4b00; font-weight: bold;")
            self.statusBar().addWidget(demo)

        context.changed.connect(self.refresh_status)
        context.client_requested.connect(self.show_client)
        context.agency_requested.connect(self.show_agency)
        self.client_page.back_requested.connect(lambda: self.show_section(1))
        self.refresh_status()
        self.show_section(0)

    def _add_head_office_sections(self) -> None:
        """Head office's review pages, before Settings: devices, conflicts, duplicates."""
        self.devices = DevicesPage(self.context)
        self.conflicts = ConflictsPage(self.context)
        self.duplicates = DuplicatesPage(self.context)
        at = [page for _label, page in self._sections].index(self.settings)
        self._sections[at:at] = [
            (self.tr("Devices"), self.devices),
            (self.conflicts.nav_label(), self.conflicts),
            (self.tr("Possible duplicates"), self.duplicates),
        ]

    def _show_conflict_count(self, _count: int) -> None:
        """The Conflicts item says how many are still to review: 'Conflicts (3)'."""
        at = [page for _label, page in self._sections].index(self.conflicts)
        self.nav.item(at).setText(self.conflicts.nav_label())

    def show_section(self, index: int) -> None:
        self.nav.setCurrentRow(index)
        self._show_section(index)

    def _show_section(self, index: int) -> None:
        if index < 0:
            return
        page = self._sections[index][1]
        self.stack.setCurrentWidget(page)
        page.refresh()

    def show_client(self, client_id: str) -> None:
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(1)
        self.nav.blockSignals(False)
        self.client_page.load(client_id)
        self.stack.setCurrentWidget(self.client_page)

    def show_agency(self, agency_id: str) -> None:
        self.show_section(3)
        self.agencies.show_agency(agency_id)

    def refresh_status(self) -> None:
        site = self.context.site
        worker = self.context.worker
        self.site_label.setText(site["name"] if site else self.tr("No site set"))
        self.worker_label.setText(worker["name"] if worker else "")

    def _add_end_of_day(self) -> None:
        """File ▸ End of day… (Ctrl+E): a device exports the day's work to head office."""
        self.end_of_day_action = QAction(self.tr("End of day…"), self)
        self.end_of_day_action.setShortcut(QKeySequence("Ctrl+E"))
        self.end_of_day_action.triggered.connect(self.open_end_of_day)
        is_device = local.get(self.context.db, "role") == "device"
        self.end_of_day_action.setEnabled(is_device)
        self.addAction(self.end_of_day_action)
        self.import_update_action = QAction(self.tr("Import update from head office…"), self)
        self.import_update_action.triggered.connect(self.import_update)
        self.file_menu = QMenu(self.tr("&File"), self)
        self.file_menu.addAction(self.end_of_day_action)
        self.file_menu.addAction(self.import_update_action)
        self.print_letters_action = QAction(self.tr("Print today's letters…"), self)
        self.print_letters_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.print_letters_action.triggered.connect(self.open_print_batch)
        self.addAction(self.print_letters_action)
        self.file_menu.insertAction(self.end_of_day_action, self.print_letters_action)
        self.file_menu.insertSeparator(self.end_of_day_action)
        self.file_menu.menuAction().setVisible(is_device)
        first = self.menuBar().actions()
        if first:
            self.menuBar().insertMenu(first[0], self.file_menu)
        else:
            self.menuBar().addMenu(self.file_menu)

    def import_update(self, paths: list[Path] | None = None) -> None:
        """A device takes head office's update files: agencies, its people's changes from
        elsewhere, and which of its own changes head office holds."""
        if paths is None:
            names, _filter = QFileDialog.getOpenFileNames(
                self,
                self.tr("Import update from head office"),
                "",
                self.tr("CASS Desktop bundles (*.cassbundle);;All files (*)"),
            )
            paths = [Path(name) for name in names]
        if not paths:
            return
        context = self.context

        def work(progress: Progress) -> list[ImportResult]:
            db = context.open_connection()
            try:
                return import_files(db, paths)
            finally:
                db.close()

        def done(results: list[ImportResult]) -> None:
            context.notify_changed()
            refused = any(r.refused for r in results)
            box = QMessageBox.warning if refused else QMessageBox.information
            box(self, self.tr("Import update"), "\n\n".join(r.describe() for r in results))

        def failed(exc: BaseException) -> None:
            QMessageBox.warning(self, self.tr("Import update"), str(exc))

        run_in_background(self, work, done, on_error=failed, title=self.tr("Importing update"))

    def open_end_of_day(self) -> None:
        old = getattr(self, "end_of_day_dialog", None)
        if old is not None and not old.is_running:
            old.deleteLater()
        self.end_of_day_dialog = EndOfDayDialog(self.context, self)
        self.end_of_day_dialog.settings_requested.connect(self.show_settings)
        self.end_of_day_dialog.open()

    def open_print_batch(self) -> PrintBatchDialog:
        """File ▸ Print today's letters…: every letter for the referrals made today."""
        old = getattr(self, "print_batch_dialog", None)
        if old is not None and old.is_running:
            old.raise_()
            return old
        if old is not None:
            old.deleteLater()
        self.print_batch_dialog = PrintBatchDialog(self.context, self)
        self.print_batch_dialog.open()
        return self.print_batch_dialog

    def show_settings(self) -> None:
        self.show_section([page for _label, page in self._sections].index(self.settings))
