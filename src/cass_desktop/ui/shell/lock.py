"""Locking the app while it runs: after an idle time, on Lock now (Ctrl+L), and when the laptop
sleeps or the session locks (where the platform tells Qt).

Locking hides every window's content and keeps the store open: the main window's pages are
taken out and the lock screen put in their place (its title says only "locked", the menus and
status bar go), every other window (the dialogs, half filled in or not) is hidden as it is,
and every shortcut is switched off. Unlocking, with the passphrase of whoever unlocks (name and
passphrase), puts it all back as it was: nothing typed in a dialog is lost, because nothing
is closed. Whoever unlocks becomes the current worker.

Closing the store and reopening windows from saved drafts was the other way: it would wipe
decrypted records from memory, but every dialog would need a draft format, and a dialog
without one would lose its work. The store key stays in memory while locked (see
docs/security.md).
"""

from __future__ import annotations

import contextlib
import sys

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from cass_desktop.sites import laptop_people
from cass_desktop.sites.laptop_people import PeopleError
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext

# Sleep and the session's lock are listened for (D-Bus) this long after the window shows.
LISTEN_AFTER_MS = 1000
_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class LockScreen(QWidget):
    """What the main window shows while locked: who unlocks, and their passphrase."""

    unlocked = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.context = context
        heading = QLabel(self.tr("CASS Desktop is locked"))
        heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.person = QComboBox()
        self.person.setObjectName("lockPerson")
        me = laptop_people.current_person(context.db, context.store_file)
        for person in laptop_people.people_in(context.store_file):
            self.person.addItem(person.name or self.tr("This laptop's passphrase"), person.wrap_id)
            if me is not None and person.wrap_id == me.wrap_id:
                self.person.setCurrentIndex(self.person.count() - 1)
        self.intro = QLabel(
            self.tr(
                "People's records are hidden. Choose your name and type your own passphrase "
                "to carry on: everything is as you left it."
            )
            if self.person.count() > 1
            else self.tr(
                "People's records are hidden. Type the passphrase to carry on: everything is "
                "as you left it."
            )
        )
        self.intro.setObjectName("lockIntro")
        self.intro.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("lockPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.returnPressed.connect(self.unlock)
        self.error = QLabel()
        self.error.setObjectName("lockError")
        self.error.setStyleSheet(style.ERROR_STYLE)
        self.error.setWordWrap(True)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.person)
        form.addRow(self.tr("Passphrase:"), self.passphrase)
        if self.person.count() <= 1:  # one person: only the passphrase is asked
            self.person.hide()
            form.labelForField(self.person).hide()
        column = QWidget()
        column.setFixedWidth(520)
        layout = QVBoxLayout(column)
        layout.addWidget(heading)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignLeft)
        # Centred by stretches, not by an alignment: an aligned item is given its size hint's
        # height, which clips the wrapped introduction to one line.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def unlock(self) -> None:
        typed = self.passphrase.text()
        if not typed:
            self.error.setText(self.tr("Type your passphrase first."))
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a key derivation
        try:
            laptop_people.unlock_as(
                self.context.db, self.context.store_file, self.person.currentData(), typed
            )
        except PeopleError as exc:
            self.error.setText(str(exc))
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.passphrase.clear()
        self.unlocked.emit()


class Locker(QObject):
    """Locks `window` (and every other window of the app) after `minutes` idle, on Ctrl+L,
    and when the platform says the laptop sleeps or the session locks. Only a store locked
    with a passphrase is ever locked (the demo has none)."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: QMainWindow, context: AppContext):
        super().__init__(window)
        self.window = window
        self.context = context
        self.is_locked = False
        self.screen: LockScreen | None = None
        self._pages: QWidget | None = None
        self._hidden: list[QWidget] = []
        self._disabled: list[QAction] = []
        self._title = ""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.lock_action = QAction(self.tr("Lock now"), window)
        self.lock_action.setObjectName("lockNow")
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock)
        self.lock_action.setEnabled(self.can_lock)
        window.addAction(self.lock_action)
        app = QApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._state_changed)
        # Until the window is first painted (or a modal dialog opens over it, or it locks)
        # only the window itself is watched (its Show and Close). Watching the whole app
        # hands every event of every widget to Python, which makes each widget's Python type
        # (and its enums) as it is first seen: a third of a second of start-up on the first
        # window. Nobody is idle, or types in a dialog, before the window is painted.
        self._watching_app = False
        window.installEventFilter(self)
        self._listening = False  # to the platform: begun once the window is first shown

    @property
    def can_lock(self) -> bool:
        return self.context.is_locked and not self.context.is_demo

    def restart(self) -> None:
        """Start the idle time again (from the setting, in minutes; 0 is never)."""
        minutes = laptop_people.lock_minutes(self.context.db) if self.can_lock else 0
        if minutes > 0 and not self.is_locked:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    def _watch_the_app(self) -> None:
        """Watch every window's events from now on (activity, Ctrl+L in a dialog, windows
        opened while locked), in place of the main window's alone."""
        app = QApplication.instance()
        if self._watching_app or app is None or not isValid(self.window):
            return
        self._watching_app = True
        self.window.removeEventFilter(self)
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.window:  # the idle time runs only while the window is open
            if kind == QEvent.Type.Paint and not self._watching_app:
                QTimer.singleShot(0, self, self._watch_the_app)  # once this paint is done
            elif kind == QEvent.Type.WindowBlocked:  # a modal dialog: Ctrl+L must reach it
                self._watch_the_app()
            elif kind == QEvent.Type.Show:
                self.restart()
                if not self._listening:  # after the first paint: QtDBus takes 0.1 s to load
                    self._listening = True
                    QTimer.singleShot(LISTEN_AFTER_MS, self, self._listen_to_the_platform)
                    # (and the app, by then, should the window not have been painted)
                    QTimer.singleShot(LISTEN_AFTER_MS, self, self._watch_the_app)
            elif kind == QEvent.Type.Close:
                self.timer.stop()
            return False
        if not self.is_locked:
            if kind == QEvent.Type.KeyPress and self._is_lock_key(event) and self.can_lock:
                # Ctrl+L in a dialog: Qt does not let the main window's shortcut act while a
                # modal dialog shadows it, so the key itself locks.
                self.lock()
                return True
            if kind in _ACTIVITY and self.timer.isActive():
                self.timer.start()  # the same interval again
        elif (
            kind == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched is not self.window
            and watched.windowType() not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)
        ):
            # A window opened while locked (a background task's message): hidden with the rest.
            if watched not in self._hidden:
                self._hidden.append(watched)
            QTimer.singleShot(0, watched.hide)
        return False

    def _is_lock_key(self, event: QEvent) -> bool:
        combination = event.keyCombination()  # type: ignore[attr-defined]
        wanted = self.lock_action.shortcut()
        return not wanted.isEmpty() and QKeySequence(combination) == wanted

    @Slot()
    def lock(self) -> None:
        if self.is_locked or not self.can_lock or not isValid(self.window):
            return
        self._watch_the_app()  # (locked before the first paint: windows opened are hidden)
        self.is_locked = True
        self.timer.stop()
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()
        self._hidden = []
        for widget in QApplication.topLevelWidgets():
            if widget is self.window or not widget.isVisible():
                continue
            self._hidden.append(widget)
            if isinstance(widget, QDialog):
                widget.finished.connect(lambda _r, w=widget: self._forget(w))
            widget.hide()
        self._disabled = [
            a
            for a in self.window.findChildren(QAction)
            if a.isEnabled() and a is not self.lock_action
        ]
        for action in self._disabled:
            action.setEnabled(False)
        self._title = self.window.windowTitle()
        self.window.setWindowTitle(self.tr("CASS Desktop — locked"))
        self.window.menuBar().hide()
        self.window.statusBar().hide()
        self._pages = self.window.takeCentralWidget()
        self.screen = LockScreen(self.context)
        self.screen.unlocked.connect(self._unlocked)
        self.window.setCentralWidget(self.screen)
        self.screen.passphrase.setFocus()
        self.locked.emit()

    def _forget(self, widget: QWidget) -> None:
        with contextlib.suppress(ValueError):
            self._hidden.remove(widget)

    def _unlocked(self) -> None:
        screen = self.window.takeCentralWidget()
        if screen is not None:
            screen.deleteLater()
        self.screen = None
        if self._pages is not None:
            self.window.setCentralWidget(self._pages)
        self._pages = None
        self.window.setWindowTitle(self._title)
        self.window.menuBar().show()
        self.window.statusBar().show()
        for action in self._disabled:
            if isValid(action):
                action.setEnabled(True)
        self._disabled = []
        self.is_locked = False
        for widget in self._hidden:
            if isValid(widget):
                widget.show()
        self._hidden = []
        self.context.notify_changed()  # whoever unlocked is now the worker shown
        self.restart()
        self.unlocked.emit()

    # The platform: sleep, the session locking -----------------------------------------
    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended:
            self.lock()

    @Slot(bool)
    def _going_to_sleep(self, going: bool) -> None:
        if going:
            self.lock()

    @Slot()
    def _session_locked(self) -> None:
        self.lock()

    @Slot(bool)
    def _screensaver(self, active: bool) -> None:
        if active:
            self.lock()

    def _listen_to_the_platform(self) -> None:
        """systemd-logind (sleep, session lock) and the freedesktop screen saver on Linux,
        through D-Bus; Qt tells of nothing like it on Windows or macOS except an app being
        suspended, handled above."""
        if not sys.platform.startswith("linux"):
            return
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            return
        system, session = QDBusConnection.systemBus(), QDBusConnection.sessionBus()
        login1 = "org.freedesktop.login1"
        with contextlib.suppress(Exception):
            if system.isConnected():
                system.connect(
                    login1,
                    "/org/freedesktop/login1",
                    login1 + ".Manager",
                    "PrepareForSleep",
                    self,
                    "_going_to_sleep(bool)",
                )
                system.connect(login1, "", login1 + ".Session", "Lock", self, "_session_locked()")
            if session.isConnected():
                for service in ("org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver"):
                    session.connect(
                        service, "", service, "ActiveChanged", self, "_screensaver(bool)"
                    )
