"""A person's History tab: who looked at or changed their record, and when (the audit log),
and the Subject access pack… button that writes everything held about them.

At head office the log holds every laptop's entries, so the tab shows every site's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.audit.history import Line, for_person, made_up_for_demo, shown_time
from cass_desktop.ui.privacy.erase_dialog import EraseDialog
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.tables import records_table
from cass_desktop.ui.shell.tasks import run_in_background

COLUMNS = ("When", "Who", "Where", "What")


class HistoryTab(QWidget):
    """Filled from the log whenever it is shown, for the person the page shows."""

    def __init__(self, page: Any):
        super().__init__()
        self.page = page
        self.context = page.context
        self.lines: list[Line] = []
        tr = self.tr
        intro = QLabel(
            tr(
                "Who looked at or changed this person's record, and when. Every entry is "
                "chained to the one before it, so a change to the history shows."
            )
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(style.NOTE_STYLE)
        # A person the demo was made with has no history of being made (data/made_up.py).
        self.made_up_note = QLabel(
            tr(
                "This person was made up for the demo: their first records were there from "
                "the start, so they are in no history. What has been done since is listed here."
            )
        )
        self.made_up_note.setObjectName("historyMadeUp")
        self.made_up_note.setWordWrap(True)
        self.made_up_note.setStyleSheet(style.NOTE_STYLE)
        self.made_up_note.hide()
        self.table = records_table([tr(c) for c in COLUMNS], stretch=3)
        self.table.setObjectName("historyTable")
        self.empty = QLabel(tr("Nothing recorded yet."))
        self.empty.setObjectName("historyEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setStyleSheet(style.NOTE_STYLE + " font-size: 11pt; padding: 12px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.pack_button = QPushButton(tr("Subject access pack…"))
        self.pack_button.setObjectName("subjectAccessButton")
        self.pack_button.setToolTip(
            tr("Write everything held about this person (a PDF and a JSON file) into a folder")
        )
        self.pack_button.clicked.connect(self.choose_folder)
        self.message = QLabel()
        self.message.setObjectName("subjectAccessMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        # Erasure (the person asked, or the record was made in error) without waiting for the
        # retention review: the same confirmation as the review list's Erase….
        self.erase_button = QPushButton(tr("Erase record…"))
        self.erase_button.setObjectName("eraseRecordButton")
        self.erase_button.setToolTip(
            tr("Remove this person's details and records everywhere, for good, with a reason")
        )
        self.erase_button.clicked.connect(self.ask_erase)
        self.erase_dialog: EraseDialog | None = None
        row = QHBoxLayout()
        row.addWidget(self.pack_button)
        row.addStretch(1)
        row.addWidget(self.erase_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.made_up_note)
        layout.addWidget(self.stack, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.context.changed.connect(self._changed)

    def showEvent(self, event) -> None:
        self.refresh()
        super().showEvent(event)

    def _changed(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        client_id = self.page.client_id
        self.lines = for_person(self.context.db, client_id) if client_id else []
        made_up = bool(client_id) and made_up_for_demo(self.context.db, client_id)
        self.made_up_note.setVisible(made_up)
        self.table.setRowCount(0)
        self.table.setRowCount(len(self.lines))
        for r, line in enumerate(self.lines):
            for c, text in enumerate((shown_time(line.at), line.worker, line.site, line.what)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.stack.setCurrentWidget(self.table if self.lines else self.empty)

    # -- erasure --------------------------------------------------------------------------
    def ask_erase(self) -> None:
        client = self.page.client
        if client is None:
            return
        name = " ".join(p for p in (client.get("given_name"), client.get("family_name")) if p)
        dialog = EraseDialog(
            self.context, client["id"], name, client.get("reference") or "", self.window()
        )
        self.erase_dialog = dialog  # kept, so tests can find it
        dialog.finished.connect(lambda _result: self._erased(dialog))
        dialog.open()

    def _erased(self, dialog: EraseDialog) -> None:
        self.erase_dialog = None
        if dialog.tombstone is not None:
            self.context.notify_changed()
            self.page.load(dialog.person_id)  # what is left: the tombstone, never the values

    # -- the subject access pack -----------------------------------------------------------

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose where to write the subject access pack")
        )
        if folder:
            self.make_pack(Path(folder))

    def make_pack(self, folder: Path) -> None:
        """Write the pack into `folder` in the background, then say where it went."""
        client_id = self.page.client_id
        if not client_id:
            return
        # Imported when a pack is asked for: its PDF brings reportlab and the letters package,
        # which made opening a person's page for the first time half a second slower.
        from cass_desktop.privacy.subject_access import SubjectAccessError, write_pack

        self.pack_button.setEnabled(False)
        self._say(self.tr("Writing the subject access pack…"), style.NOTE_STYLE)
        context = self.context

        def work(_progress) -> Path:
            db = context.open_connection()
            try:
                return write_pack(db, client_id, folder)
            finally:
                db.close()

        def done(made: Path) -> None:
            self.pack_button.setEnabled(True)
            self._say(
                self.tr(
                    "Written to %1: subject-access.pdf and subject-access.json. They are not "
                    "encrypted, so that the person can read them: keep them safe until they "
                    "are given to them."
                ).replace("%1", str(made)),
                style.DONE_STYLE,
            )
            context.notify_changed()

        def failed(exc: BaseException) -> None:
            self.pack_button.setEnabled(True)
            if isinstance(exc, SubjectAccessError):
                self._say(str(exc), style.WARNING_STYLE)
                return
            QMessageBox.warning(self, self.tr("Subject access pack"), str(exc))

        run_in_background(self, work, done, on_error=failed)

    def _say(self, text: str, shown_style: str) -> None:
        self.message.setStyleSheet(shown_style)
        self.message.setText(text)
        self.message.setVisible(bool(text))
