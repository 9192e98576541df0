"""The main window: navigation, global search, and the status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from cass_desktop.data import local
from cass_desktop.ui.agencies_view import AgenciesPage
from cass_desktop.ui.client_page import ClientPage
from cass_desktop.ui.clients_view import ClientsPage
from cass_desktop.ui.context import AppContext
from cass_desktop.ui.diary_view import DiaryPage
from cass_desktop.ui.search_popup import SearchPopup
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
        self.client_page = ClientPage(context)
        self._sections = [
            (self.tr("Today"), self.today),
            (self.tr("Clients"), self.clients),
            (self.tr("Court diary"), self.diary),
            (self.tr("Agencies"), self.agencies),
        ]

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.stack = QStackedWidget()
        for label, page in self._sections:
            QListWidgetItem(label, self.nav)
            self.stack.addWidget(page)
        self.stack.addWidget(self.client_page)
        self.nav.currentRowChanged.connect(self._show_section)

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
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pendingChanges")
        for label in (self.site_label, self.worker_label, self.pending_label):
            self.statusBar().addPermanentWidget(label)
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
        pending = local.unexported_count(self.context.db)
        self.pending_label.setText(
            self.tr("%n change(s) not yet exported", "", pending)
            if pending
            else self.tr("All changes exported")
        )
        self.pending_label.setAlignment(Qt.AlignmentFlag.AlignRight)
