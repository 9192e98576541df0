"""Builds the QApplication and wires the store and views together."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from cass_desktop.app import durable
from cass_desktop.data import StoreError, local, open_store, store_path
from cass_desktop.data.passphrase import is_locked
from cass_desktop.sites.setup import is_set_up
from cass_desktop.sync.clocks import startup_warning
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.crash import install_crash_handler
from cass_desktop.ui.shell.sources import forget_sources
from cass_desktop.ui.shell.tasks import run_in_background

# PySide6 reads the source of every module imported after it, and Python's line cache kept it
# all (14 MB with the Clients page open): from here on it is read and forgotten (sources.py).
forget_sources()

# Start-up imports only what the first window needs: the main window (and so its pages), the
# unlock window, the first-run screen, the clock warning, the recovery wrap and the demo are
# imported where they are used, so a locked store's unlock window shows before any of the
# main window is loaded (tests/ui/test_startup_imports.py keeps it so).

DEMO_CLIENTS = 400
DEMO_SEED = 2026
# The store's checks (the quick check reads every page of a big store) start this long after
# the main window is shown, so they do not compete with its first paint.
CHECKS_AFTER_MS = 2000


def _clock_warning(warning: str, parent: QWidget | None):
    from cass_desktop.ui.shell.clock_warning import ClockWarning  # (only for a wrong clock)

    return ClockWarning(warning, parent)


def application() -> QApplication:
    forget_sources()  # PySide6 reads every module's source; the line cache would keep it all
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("CASS Desktop")
    app.setOrganizationName("CASS")
    style.apply(app)
    return app


class Launcher(QObject):
    """Opens the store (asking for its passphrase when it is locked) and shows the first-run
    screen or the main window. `key` is a passphrase already given (on the command line)."""

    def __init__(self, data_dir: Path, key: str | None = None):
        super().__init__()
        self.data_dir = data_dir
        self.key = key or None
        self.window: QWidget | None = None
        self.context: AppContext | None = None
        self.quit = False  # the person chose to quit (a wrong clock) before anything was shown

    def start(self) -> None:
        store_file = store_path(self.data_dir)
        if not is_locked(store_file):
            self._opened(open_store(store_file))
            return
        from cass_desktop.ui.shell.passphrase import UnlockWindow  # (only for a locked store)

        message = ""
        if self.key is not None:
            try:
                db = open_store(store_file, key=self.key, create=False)
            except StoreError as exc:
                message = str(exc)
            else:
                self._opened(db)
                return
        unlock = UnlockWindow(store_file, message=message)
        unlock.unlocked.connect(self._opened)
        self._show(unlock)

    def _opened(self, db) -> None:
        self.key = None  # the passphrase is not kept once the store is open
        store_file = store_path(self.data_dir)
        # A clock years out would write changes head office refuses: say so before anything
        # is written, and quit unless the person chooses to go on.
        warning = startup_warning(db)
        if warning is not None and not _clock_warning(warning, self.window).go_on():
            db.close()
            self.quit = True
            if self.window is not None:
                self.window.close()
            QApplication.quit()
            return
        self.context = AppContext(db, store_file)
        if getattr(db, "store_key", None) is not None:  # a plain store has no key to wrap
            from cass_desktop.maintenance import recovery

            with contextlib.suppress(OSError):  # a key file that cannot be written: next time
                recovery.ensure_recovery(db, store_file)  # head office can recover the key
        if is_set_up(self.context.db):
            window = self._main_window(self.context)
            self._show(window)
            window.start_checks_later(CHECKS_AFTER_MS, lambda: self._start_checks(window))
        else:
            from cass_desktop.ui.shell.first_run import FirstRunPage  # (a store not set up)

            first = FirstRunPage(self.context)
            first.set_up.connect(lambda: self._show(self._main_window(self.context)))
            first.demo_requested.connect(self.open_demo)
            self._show(first)

    def _start_checks(self, window: QWidget) -> None:
        """The integrity check and the day's backup, in the background, for the window
        still shown (not one closed meanwhile, as for the demo)."""
        if self.window is not window or self.context is None:
            return
        from cass_desktop.ui.settings.backups_section import start_checks

        start_checks(window, self.context)

    def open_demo(self) -> None:
        from cass_desktop.app.paths import demo_data_dir  # (platformdirs: only for the demo)

        folder = demo_data_dir(self.data_dir)
        demo_file = store_path(folder)

        def fill(progress) -> None:
            from cass_desktop import demo  # (not loaded at start-up: only for the demo)

            if demo_file.exists():
                return  # made whole earlier: a demo store is only ever moved into place complete
            # Made beside its folder and moved into place at the end, so a demo interrupted
            # (the app closed, the laptop off) is simply made again next time.
            building = folder.with_name(folder.name + ".creating")
            shutil.rmtree(building, ignore_errors=True)
            durable.private_dir(building)
            db = open_store(store_path(building))
            try:
                demo.generate(db, clients=DEMO_CLIENTS, seed=DEMO_SEED, progress=progress.report)
            finally:
                db.close()
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(building, folder)

        def opened(_result: object) -> None:
            db = open_store(demo_file)
            if not local.is_demo(db):
                local.mark_demo(db)  # made by an earlier version, before demo stores said so
            self._show(self._main_window(AppContext(db, demo_file, is_demo=True)))

        def failed(exc: BaseException) -> None:
            QMessageBox.warning(
                self.window,
                self.tr("Demo data"),
                self.tr("The demo could not be made: %1").replace("%1", str(exc)),
            )

        run_in_background(
            self.window, fill, opened, on_error=failed, title=self.tr("Making demo data…")
        )

    def leave_demo(self) -> None:
        """From the demo back to this laptop's own store: its set-up, or its unlock window."""
        if self.context is not None:
            self.context.db.close()
            self.context = None
        self.start()

    def _main_window(self, context: AppContext) -> QWidget:
        from cass_desktop.ui.shell.main_window import MainWindow  # (after the unlock window)

        window = MainWindow(context)
        window.demo_requested.connect(self.open_demo)
        window.leave_demo_requested.connect(self.leave_demo)
        return window

    def _show(self, window: QWidget) -> None:
        old = self.window
        self.window = window
        window.show()
        if old is not None:
            old.close()
            old.deleteLater()


def run_gui(data_dir: Path, key: str | None = None) -> int:
    durable.set_private_umask()  # the store's log and index files, letters: all private
    app = application()
    crash_handler = install_crash_handler(data_dir)  # noqa: F841 (kept alive by the app)
    launcher = Launcher(data_dir, key)
    launcher.start()
    if launcher.quit:
        return 0
    return app.exec()


def selftest(data_dir: Path, key: str | None = None) -> int:
    """Open the store, build the main window offscreen and open every page in it (pages are
    built when first shown, so this is what proves each one can be); 0 when all is well."""
    from cass_desktop.ui.shell.main_window import MainWindow

    app = application()
    store_file = store_path(data_dir)
    context = AppContext(open_store(store_file, key=key), store_file)
    window = MainWindow(context)
    window.show()
    app.processEvents()
    for index in range(window.nav.count()):
        window.show_section(index)
        app.processEvents()
    window.stack.setCurrentWidget(window.client_page)  # built when a person is first opened
    app.processEvents()
    window.close()
    context.db.close()
    return 0
