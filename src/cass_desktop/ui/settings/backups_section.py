"""Settings ▸ Backups: where backups go, how many are kept, Back up now, Restore…, and when the
last was made; and the start-up hook (`start_checks`): the quick integrity check as the store
opens, then in the background the day's full check and backup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.data import StoreError, open_store
from cass_desktop.maintenance import backups, restoring
from cass_desktop.records.dates import show_date, show_time
from cass_desktop.ui.shell import file_dialogs, style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.tasks import run_in_background

ERROR_STYLE = style.ERROR_STYLE
DONE_STYLE = style.DONE_STYLE
BACKUP_FILTER = "CASS Desktop backups (*.cassbackup);;All files (*)"


class BackupsBox(QGroupBox):
    """The Backups section of Settings."""

    backup_finished = Signal(object)  # the backup file, or None when it failed
    restore_finished = Signal(object)  # restoring.Restored, or None

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(self.tr("Backups"), parent)
        self.context = context
        self._busy = False
        intro = QLabel(
            self.tr(
                "A backup is made the first time the app is opened each day. Each is "
                "encrypted and opens with the passphrase the store had when it was made. "
                "Choose a folder on a USB stick to keep them off the laptop."
            )
        )
        intro.setWordWrap(True)
        self.folder_label = QLabel()
        self.folder_label.setObjectName("backupFolder")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton(self.tr("Choose folder…"))
        self.choose_button.clicked.connect(self.choose_folder)
        self.daily_spin = QSpinBox()
        self.daily_spin.setObjectName("keepDaily")
        self.daily_spin.setRange(1, 366)
        self.weekly_spin = QSpinBox()
        self.weekly_spin.setObjectName("keepWeekly")
        self.weekly_spin.setRange(0, 520)
        self.daily_spin.valueChanged.connect(self._keep_changed)
        self.weekly_spin.valueChanged.connect(self._keep_changed)
        self.backup_button = QPushButton(self.tr("Back up now"))
        self.backup_button.setObjectName("backUpNow")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(self.tr("Restore…"))
        self.restore_button.setObjectName("restoreBackup")
        self.restore_button.clicked.connect(self.choose_restore)
        self.last_label = QLabel()
        self.last_label.setObjectName("lastBackup")
        self.last_label.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("backupMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        context.changed.connect(self.refresh)

        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel(self.tr("Folder:")))
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.choose_button)
        keep_row = QHBoxLayout()
        keep_row.addWidget(QLabel(self.tr("Keep the last")))
        keep_row.addWidget(self.daily_spin)
        keep_row.addWidget(QLabel(self.tr("days and")))
        keep_row.addWidget(self.weekly_spin)
        keep_row.addWidget(QLabel(self.tr("weeks")))
        keep_row.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(folder_row)
        layout.addLayout(keep_row)
        layout.addLayout(buttons)
        layout.addWidget(self.last_label)
        layout.addWidget(self.message)
        self.refresh()

    # Showing ------------------------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        return self.context.store_file.parent

    def refresh(self) -> None:
        db = self.context.db
        self.folder_label.setText(str(backups.folder(db, self.data_dir)))
        daily, weekly = backups.keep(db)
        for spin, value in ((self.daily_spin, daily), (self.weekly_spin, weekly)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        locked = self.context.is_locked
        self.backup_button.setEnabled(locked and not self._busy)
        self.restore_button.setEnabled(not self.context.is_demo and not self._busy)
        self.last_label.setText(self._last_words(locked))

    def _last_words(self, locked: bool) -> str:
        if not locked:
            return self.tr(
                "Backups are made only of a store locked with a passphrase (see Passphrase)."
            )
        last = backups.last_backup(self.context.db)
        if last is None:
            return self.tr("No backup has been made yet.")
        at = last[0]
        try:
            day = dt.datetime.fromisoformat(at).astimezone().date()
        except ValueError:
            day = None
        when = self.tr("today") if day == dt.date.today() else show_date(at)
        return (
            self.tr("Last backup: %1 at %2 (%3)")
            .replace("%1", when)
            .replace("%2", show_time(at))
            .replace("%3", Path(last[1]).name)
        )

    def _say(self, text: str, style: str = "") -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # Settings ----------------------------------------------------------------------------
    def choose_folder(self) -> None:
        chosen = file_dialogs.choose_folder(
            self,
            self.context.db,
            self.tr("Choose the folder backups are kept in"),
            start=backups.folder(self.context.db, self.data_dir),
        )
        if chosen:
            self.set_folder(Path(chosen))

    def set_folder(self, chosen: Path) -> None:
        try:
            backups.set_folder(self.context.db, chosen)
        except backups.BackupError as exc:
            self._say(str(exc), ERROR_STYLE)
            return
        self._say(self.tr("Backups will be kept in %1.").replace("%1", str(chosen)), DONE_STYLE)
        self.refresh()

    def _keep_changed(self) -> None:
        try:
            backups.set_keep(self.context.db, self.daily_spin.value(), self.weekly_spin.value())
        except backups.BackupError as exc:
            self._say(str(exc), ERROR_STYLE)

    # Backing up --------------------------------------------------------------------------
    def back_up_now(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.refresh()
        self._say(self.tr("Making a backup…"))
        context = self.context

        def work(_progress) -> Path:
            db = context.open_connection()
            try:
                return backups.make_backup(db, context.store_file)
            finally:
                db.close()

        def done(made: Path) -> None:
            self._say(self.tr("Backed up to %1.").replace("%1", str(made)), DONE_STYLE)
            self.backup_finished.emit(made)

        def failed(exc: BaseException) -> None:
            self._say(str(exc), ERROR_STYLE)
            self.backup_finished.emit(None)

        def finished() -> None:
            self._busy = False
            self.refresh()

        handle = run_in_background(self, work, done, on_error=failed)
        handle.finished.connect(finished)

    # Restoring ---------------------------------------------------------------------------
    def choose_restore(self) -> None:
        path = file_dialogs.open_file(
            self,
            self.context.db,
            self.tr("Choose the backup to restore"),
            BACKUP_FILTER,
            start=backups.folder(self.context.db, self.data_dir),
        )
        if not path:
            return
        passphrase, ok = QInputDialog.getText(
            self,
            self.tr("Restore a backup"),
            self.tr("The passphrase the store had when this backup was made:"),
            QLineEdit.EchoMode.Password,
        )
        if ok and passphrase:
            self.restore(Path(path), passphrase)

    def restore(self, source: Path, passphrase: str) -> None:
        """Check the backup in the background, ask, then put it in place of the store."""
        if self._busy:
            return
        self._busy = True
        self.refresh()
        self._say(self.tr("Checking the backup…"))
        data_dir = self.data_dir

        def work(_progress) -> restoring.Checked:
            return restoring.check_backup(source, passphrase, data_dir)

        def failed(exc: BaseException) -> None:
            self._busy = False
            self.refresh()
            self._say(str(exc), ERROR_STYLE)
            self.restore_finished.emit(None)

        def checked(result: restoring.Checked) -> None:
            self._busy = False
            try:
                self._confirm_and_restore(result, passphrase)
            finally:
                restoring.discard(result.folder)
                self.refresh()

        run_in_background(self, work, checked, on_error=failed)

    def _confirm_and_restore(self, checked: restoring.Checked, passphrase: str) -> None:
        store_file = self.context.store_file
        same = restoring.is_this_store(checked, store_file)
        where = (
            self.tr(" of %1").replace("%1", checked.facts.site_name)
            if checked.facts.site_name
            else ""
        )
        made = (
            self.tr("on %1 at %2")
            .replace("%1", show_date(checked.made_at))
            .replace("%2", show_time(checked.made_at))
        )
        question = (
            self.tr(
                "Replace the store with the backup%1 made %2? Everything entered since then "
                "is replaced; the store as it is now is kept aside in the data folder."
            )
            .replace("%1", where)
            .replace("%2", made)
        )
        if same is False:
            question = self.tr("This backup is of another store, not of this one. ") + question
        answer = QMessageBox.question(self, self.tr("Restore a backup"), question)
        if answer != QMessageBox.StandardButton.Yes:
            self._say(self.tr("Not restored; nothing has been changed."))
            self.restore_finished.emit(None)
            return
        db = self.context.db
        db.conn.close()  # the restore swaps files only when no connection has the store
        try:
            done = restoring.restore(checked, store_file, allow_other=same is False)
        except backups.BackupError as exc:
            self._reconnect(lambda: open_store(store_file, key=self.context.store_key))
            self._say(str(exc), ERROR_STYLE)
            self.restore_finished.emit(None)
            return
        try:
            self._reconnect(lambda: open_store(store_file, key=passphrase, create=False))
        except StoreError as exc:
            self._say(str(exc), ERROR_STYLE)
            self.restore_finished.emit(None)
            return
        restoring.note_restored(self.context.db, checked.made_at)
        self._say(
            self.tr("Restored the backup made %1. The store as it was is kept in %2.")
            .replace("%1", made)
            .replace("%2", str(done.safety_folder or "")),
            DONE_STYLE,
        )
        self.context.notify_changed()
        self.restore_finished.emit(done)

    def _reconnect(self, opener) -> None:
        """Point the window's store object at a fresh connection, so every view holding it
        carries on (as locking the store in place does)."""
        fresh = opener()
        self.context.db.conn = fresh.conn
        self.context.db.store_key = fresh.store_key


# Start-up ---------------------------------------------------------------------------------
def start_checks(window: QWidget, context: AppContext) -> None:
    """Called once when the main window is shown. In the background (on a big store even the
    quick check reads every page, which is not to hold up the window): the quick check of
    the store, then, on the first start of a day, the full integrity check and the day's
    backup. A failed check is shown as a warning naming the backup to restore. A plain store
    (the demo) is checked, not backed up."""
    data_dir = context.store_file.parent

    def work(_progress) -> str | None:
        db = context.open_connection()
        try:
            problem = backups.startup_check(db, data_dir)
            if problem or not backups.backup_due(db):
                return problem
            return backups.daily(db, context.store_file).problem
        finally:
            db.close()

    def done(problem: str | None) -> None:
        if problem:
            QMessageBox.warning(window, window.tr("Checking the store"), problem)
        context.notify_changed()  # the last backup shown in Settings

    def failed(exc: BaseException) -> None:
        text = window.tr("The store could not be checked: %1").replace("%1", str(exc))
        QMessageBox.warning(window, window.tr("Checking the store"), text)

    run_in_background(window, work, done, on_error=failed)
