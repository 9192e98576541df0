"""The main window: navigation, global search, and the status bar."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.data import local
from cass_desktop.ui.headoffice.sync_status import SyncStatus
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.lock import Locker
from cass_desktop.ui.shell.shell_menus import add_shell_menus
from cass_desktop.ui.shell.tasks import Progress, run_with_store
from cass_desktop.ui.shell.whose_laptop import remember_whose_laptop

if TYPE_CHECKING:
    from cass_desktop.sync.importer import ImportResult


def _new_page(name: str, context: AppContext) -> QWidget | None:
    """The page called `name` (`window.clients`, `window.client_page` ...), newly built, or
    None for a name that is not a page. Each page's module is imported the first time it is
    wanted: start-up pays only for Today."""
    match name:
        case "today":
            from cass_desktop.ui.today.today_view import TodayPage

            return TodayPage(context)
        case "clients":
            from cass_desktop.ui.people.clients_view import ClientsPage

            return ClientsPage(context)
        case "diary":
            from cass_desktop.ui.court.diary_view import DiaryPage

            return DiaryPage(context)
        case "agencies":
            from cass_desktop.ui.agencies.agencies_view import AgenciesPage

            return AgenciesPage(context)
        case "referrals":
            from cass_desktop.ui.referrals.referrals_view import ReferralsPage

            return ReferralsPage(context)
        case "devices":
            from cass_desktop.ui.headoffice.devices_page import DevicesPage

            return DevicesPage(context)
        case "conflicts":
            from cass_desktop.ui.headoffice.conflicts_page import ConflictsPage

            return ConflictsPage(context)
        case "duplicates":
            from cass_desktop.ui.headoffice.duplicates_page import DuplicatesPage

            return DuplicatesPage(context)
        case "proposals":
            from cass_desktop.ui.headoffice.proposals_page import ProposalsPage

            return ProposalsPage(context)
        case "settings":
            from cass_desktop.ui.settings.settings_page import SettingsPage

            return SettingsPage(context)
        case "client_page":
            from cass_desktop.ui.people.client_page import ClientPage

            return ClientPage(context)
    return None


class MainWindow(QMainWindow):
    demo_requested = Signal()  # File ▸ Open the demo… (a set-up store)
    leave_demo_requested = Signal()  # File ▸ Leave the demo and set up for your court…

    def __init__(self, context: AppContext):
        super().__init__()
        self.context = context
        self.checks_timer = QTimer(self)  # see start_checks_later
        self.checks_timer.setSingleShot(True)
        remember_whose_laptop(context)  # for the unlock window, next time
        title = self.tr("CASS Desktop")
        if context.is_demo:
            title += " — " + self.tr("demo data")
        self.setWindowTitle(title)
        # 1200 x 780, or the screen when it is smaller (1024 x 700 at the least): a window
        # wider than its screen hid the Outcome and Phone columns (issue 9, 9).
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            self.resize(min(1200, screen.width()), min(780, screen.height() - 30))
        else:
            self.resize(1200, 780)

        self._built: dict[str, QWidget] = {}
        self._back_to = 1  # the section a person's page goes back to: where it was opened
        self.stack = QStackedWidget()
        self.is_head_office = local.get(context.db, "role") == "head-office"
        self._sections = [
            (self.tr("Today"), "today"),
            (self.tr("Clients"), "clients"),
            (self.tr("Court diary"), "diary"),
            (self.tr("Agencies"), "agencies"),
            (self.tr("Referrals"), "referrals"),
        ]
        if self.is_head_office:
            self._sections += [
                (self.tr("Devices"), "devices"),
                (self.conflicts.nav_label(), "conflicts"),
                (self.tr("Possible duplicates"), "duplicates"),
                (self.proposals.nav_label(), "proposals"),
            ]
        self._sections.append((self.tr("Settings"), "settings"))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setStyleSheet(
            "QListWidget#navigation { font-size: 11pt; padding-top: 8px; }"
            "QListWidget#navigation::item { padding: 7px 12px; }"
        )
        for label, _name in self._sections:
            QListWidgetItem(label, self.nav)
        self._fit_nav()
        self.nav.currentRowChanged.connect(self._show_section)
        self.nav.itemClicked.connect(self._section_clicked)

        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.demo_banner: QLabel | None = None
        if context.is_demo:
            # Across the top of every page: nobody should mistake the demo for real work.
            self.demo_banner = QLabel(
                self.tr(
                    "Demo data: these people, court dates and agencies are made up. Nothing "
                    "here is real, and nothing is ever sent to head office."
                )
            )
            self.demo_banner.setObjectName("demoBanner")
            self.demo_banner.setWordWrap(True)
            self.demo_banner.setStyleSheet(
                f"QLabel#demoBanner {{ background: {style.NOTICE_BACKGROUND};"
                f" color: {style.WARNING}; font-weight: bold; padding: 6px 12px;"
                f" border-bottom: 1px solid {style.NOTICE_BORDER}; }}"
            )
            framed = QWidget()
            column = QVBoxLayout(framed)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(0)
            column.addWidget(self.demo_banner)
            column.addWidget(body, 1)
            body = framed
        self.setCentralWidget(body)

        find = QAction(self.tr("Find a person or agency…"), self)
        find.setShortcut(QKeySequence("Ctrl+K"))
        find.triggered.connect(self.open_search)
        self.addAction(find)
        menu = self.menuBar().addMenu(self.tr("&Go"))
        menu.addAction(find)
        for index, (label, _name) in enumerate(self._sections):
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
        add_shell_menus(self, self.file_menu, is_demo=context.is_demo)
        self.locker = Locker(self, context)  # File ▸ Lock now (Ctrl+L), idle, sleep
        self.file_menu.insertAction(self.quit_action, self.locker.lock_action)
        self._add_new_person()
        if context.is_demo:
            demo = QLabel(self.tr("Demo data: nothing here is real"))
            demo.setStyleSheet(style.STRONG_WARNING_STYLE)
            self.statusBar().addWidget(demo)

        context.changed.connect(self.refresh_status)
        context.client_requested.connect(self.show_client)
        context.agency_requested.connect(self.show_agency)
        self.refresh_status()
        self.show_section(0)

    @functools.cached_property
    def search_popup(self) -> QWidget:
        """Find a person or agency (Ctrl+K), built when first opened: not before the first
        paint, which it is never part of."""
        from cass_desktop.ui.shell.search_popup import SearchPopup

        return SearchPopup(self.context, self)

    def open_search(self) -> None:
        self.search_popup.open_search()

    def __getattr__(self, name: str) -> QWidget:
        """A page (`window.clients`, `window.client_page` ...), built when first wanted."""
        page = None if name == "context" else self._page(name)  # no page before the context
        if page is None:
            raise AttributeError(name)
        return page

    def _page(self, name: str) -> QWidget | None:
        page = self.__dict__.get("_built", {}).get(name)
        if page is None:
            page = _new_page(name, self.context)
            if page is None:
                return None
            self._built[name] = page
            self.stack.addWidget(page)
            if name == "client_page":
                page.back_requested.connect(lambda: self.show_section(self._back_to))
            elif name == "conflicts":
                page.count_changed.connect(self._show_conflict_count)
            elif name == "proposals":
                page.count_changed.connect(self._show_proposal_count)
        return page

    def _fit_nav(self) -> None:
        """The section list as wide as its longest name (a fixed width cut "Directory
        proposals (12)" at head office, and on a laptop took room a person's tabs needed)."""
        self.nav.ensurePolished()
        metrics = self.nav.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(self.nav.item(i).text()) for i in range(self.nav.count())
        )
        # The items' padding (12 each side), the frame, a scroll bar's worth of slack.
        self.nav.setFixedWidth(max(widest + 24 + 2 * self.nav.frameWidth() + 20, 120))

    def _show_conflict_count(self, _count: int) -> None:
        """The Conflicts item says how many are still to review: 'Conflicts (3)'."""
        at = [name for _label, name in self._sections].index("conflicts")
        self.nav.item(at).setText(self.conflicts.nav_label())
        self._fit_nav()

    def _show_proposal_count(self, _count: int) -> None:
        """'Directory proposals (2)': how many agency changes wait for head office."""
        at = [name for _label, name in self._sections].index("proposals")
        self.nav.item(at).setText(self.proposals.nav_label())
        self._fit_nav()

    def start_checks_later(self, ms: int, start: Callable[[], None]) -> None:
        """Run `start` (the store's checks) once, `ms` after now, unless this window is closed
        first: the timer is the window's own, so it never fires for a window gone."""
        self.checks_timer.timeout.connect(start)
        self.checks_timer.start(ms)

    def closeEvent(self, event) -> None:
        self.checks_timer.stop()
        super().closeEvent(event)

    def show_section(self, index: int) -> None:
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)  # shows it, through currentRowChanged
            if self.stack.currentWidget() is self._built.get(self._sections[index][1]):
                return
        self._show_section(index)  # (again, for the section already chosen: refreshed)

    def _section_clicked(self, item: QListWidgetItem) -> None:
        """A click on the section already chosen, while a page within it is shown (a person
        opened from Clients), goes back to the section's own page: the row does not change,
        so nothing else would."""
        index = self.nav.row(item)
        if self.stack.currentWidget() is not self._built.get(self._sections[index][1]):
            self._show_section(index)

    def _show_section(self, index: int) -> None:
        if index < 0:
            return
        page = self._page(self._sections[index][1])
        self.stack.setCurrentWidget(page)
        self._new_person_where_free(page)
        page.refresh()

    def show_client(self, client_id: str) -> None:
        # Back goes back to where the person was opened from (issue 9, 13).
        if self.stack.currentWidget() is not self._built.get("client_page"):
            self._back_to = max(self.nav.currentRow(), 0)
        where = self._sections[getattr(self, "_back_to", 1)][0]
        self.client_page.back.setText(self.tr("← Back to %1").replace("%1", where))
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(1)
        self.nav.blockSignals(False)
        self.client_page.load(client_id)
        self.stack.setCurrentWidget(self.client_page)
        self._new_person_where_free(self.client_page)

    def show_agency(self, agency_id: str) -> None:
        self.show_section(3)
        self.agencies.show_agency(agency_id)

    def refresh_status(self) -> None:
        site = self.context.site
        worker = self.context.worker
        if self.is_head_office:
            where = self.tr("Head office: %1").replace(
                "%1", local.get(self.context.db, "organisation", "")
            )
        else:
            where = site["name"] if site else self.tr("No site set")
        self.site_label.setText(where)
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
        self.import_update_action.triggered.connect(self.choose_update)
        self.file_menu = QMenu(self.tr("&File"), self)
        self.file_menu.addAction(self.end_of_day_action)
        self.file_menu.addAction(self.import_update_action)
        self.import_people_action = QAction(self.tr("Import people from CSV…"), self)
        self.import_people_action.triggered.connect(self.open_people_import)
        self.file_menu.addAction(self.import_people_action)
        self.print_letters_action = QAction(self.tr("Print today's letters…"), self)
        self.print_letters_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.print_letters_action.triggered.connect(self.open_print_batch)
        self.addAction(self.print_letters_action)
        self.file_menu.insertAction(self.end_of_day_action, self.print_letters_action)
        self.file_menu.insertSeparator(self.end_of_day_action)
        # Quit, the demo and Help are for everyone; the day's exports only for a device.
        for action in (
            self.end_of_day_action,
            self.import_update_action,
            self.import_people_action,
        ):
            action.setVisible(is_device)
        self.print_letters_action.setVisible(is_device)
        self.retention_action = QAction(self.tr("Records due for review…"), self)
        self.retention_action.triggered.connect(self.show_retention_review)
        self.file_menu.addAction(self.retention_action)
        first = self.menuBar().actions()
        if first:
            self.menuBar().insertMenu(first[0], self.file_menu)
        else:
            self.menuBar().addMenu(self.file_menu)

    def show_retention_review(self) -> None:
        """File ▸ Records due for review…"""
        # Imported when first asked for: the review and its erasure are not for the first window.
        from cass_desktop.ui.privacy.retention_review import RetentionDialog

        self.retention_dialog = RetentionDialog(self.context, self)
        self.retention_dialog.show()

    def choose_update(self) -> None:
        """File ▸ Import update from head office: choose the files, then import them. (A slot
        of its own, taking nothing: QAction.triggered passes `checked`, which a slot with a
        default argument would take for that argument.)"""
        from cass_desktop.ui.shell import file_dialogs  # (not needed before the window shows)

        names = file_dialogs.open_files(
            self,
            self.context.db,
            self.tr("Import update from head office"),
            self.tr("CASS Desktop bundles (*.cassbundle);;All files (*)"),
        )
        if names:
            self.import_update([Path(name) for name in names])

    def open_people_import(self) -> None:
        """File ▸ Import people from CSV…: the preview dialog (people/csv_import.py)."""
        from cass_desktop.ui.people.people_import_dialog import PeopleImportDialog

        self.people_import_dialog = PeopleImportDialog(self.context, self)
        self.people_import_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.people_import_dialog.open()

    def _add_new_person(self) -> None:
        """Ctrl+N adds a person from any page where Ctrl+N does not mean something else
        (on Clients it is the page's own New person; in the diary it adds a hearing)."""
        self.new_person_action = QAction(self.tr("New person…"), self)
        self.new_person_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_person_action.triggered.connect(self.new_person)
        self.addAction(self.new_person_action)
        self.new_person_dialog: QWidget | None = None

    def _new_person_where_free(self, page: QWidget) -> None:
        new = QKeySequence("Ctrl+N")
        own = any(a.shortcut() == new for a in page.findChildren(QAction)) or any(
            b.shortcut() == new for b in page.findChildren(QAbstractButton)
        )
        self.new_person_action.setEnabled(not own)

    def new_person(self) -> None:
        from cass_desktop.ui.people.client_dialog import ClientDialog

        dialog = ClientDialog(self.context, self)
        self.new_person_dialog = dialog

        def added() -> None:
            if dialog.client_id:
                self.context.open_client(dialog.client_id)

        dialog.accepted.connect(added)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def import_update(self, paths: list[Path]) -> None:
        """A device takes head office's update files: agencies, its people's changes from
        elsewhere, and which of its own changes head office holds."""
        if not paths:
            return
        context = self.context
        # Imported here, as the end of day's below: the sync modules (forms, bundles, keys)
        # are not needed before the window shows.
        from cass_desktop.sync.importer import import_files

        def work(db, _progress: Progress) -> list[ImportResult]:
            return import_files(db, paths)

        def done(results: list[ImportResult]) -> None:
            # A refusal, or an update that found this laptop (or head office) restored.
            refused = any(r.refused or r.warning for r in results)
            box = QMessageBox.warning if refused else QMessageBox.information
            box(self, self.tr("Import update"), "\n\n".join(r.describe() for r in results))

        def failed(exc: BaseException) -> None:
            QMessageBox.warning(self, self.tr("Import update"), str(exc))

        run_with_store(
            self,
            context,
            work,
            done,
            on_error=failed,
            title=self.tr("Importing update"),
            changes=True,
        )

    def open_end_of_day(self) -> None:
        old = getattr(self, "end_of_day_dialog", None)
        if old is not None and not old.is_running:
            old.deleteLater()
        from cass_desktop.ui.sync.end_of_day import EndOfDayDialog

        self.end_of_day_dialog = EndOfDayDialog(self.context, self)
        self.end_of_day_dialog.settings_requested.connect(self.show_settings)
        self.end_of_day_dialog.open()

    def open_print_batch(self) -> QWidget:
        """File ▸ Print today's letters…: every letter for the referrals made today."""
        old = getattr(self, "print_batch_dialog", None)
        if old is not None and old.is_running:
            old.raise_()
            return old
        if old is not None:
            old.deleteLater()
        # Imported here: letters bring jinja2 and reportlab, which start-up need not load.
        from cass_desktop.ui.letters.print_batch import PrintBatchDialog

        self.print_batch_dialog = PrintBatchDialog(self.context, self)
        self.print_batch_dialog.open()
        return self.print_batch_dialog

    def show_settings(self) -> None:
        self.show_section([name for _label, name in self._sections].index("settings"))
