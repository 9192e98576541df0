"""End of day: see what will go to head office, write the export into the outbox, and copy it to
the destination folder when that can be reached."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.data import peers
from cass_desktop.sync import outbox
from cass_desktop.sync.exporter import (
    ExportError,
    asks_for_lost_changes,
    export_device,
    pending_summary,
)
from cass_desktop.ui.headoffice.sync_status import WARNING_STYLE, counted, data_dir_of, local_moment
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.tasks import run_in_background
from cass_desktop.ui.sync.change_words import changed_in_words, summary_in_words  # noqa: F401

ERROR_STYLE = style.ERROR_STYLE
DONE_STYLE = style.DONE_STYLE


class EndOfDayDialog(QDialog):
    """Shows what will be exported, exports it with progress, and says what happened."""

    settings_requested = Signal()
    export_finished = Signal()  # after the outcome is shown (success or not)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.data_dir = data_dir_of(context)
        self.setWindowTitle(self.tr("End of day"))
        self.setMinimumWidth(620)
        self._words = ""
        self._written: Path | None = None
        self._running = False

        heading = QLabel(self.tr("Send today's work to head office"))
        heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.summary = QLabel()
        self.summary.setObjectName("exportSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 12pt;")
        self.explain = QLabel()
        self.explain.setObjectName("exportExplain")
        self.explain.setWordWrap(True)
        self.where = QLabel()
        self.where.setObjectName("exportWhere")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result = QLabel()
        self.result.setObjectName("exportResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()

        self.export_button = QPushButton(self.tr("Export"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.settings_button = QPushButton(self.tr("Open Settings"))
        self.settings_button.clicked.connect(self._open_settings)
        self.outbox_button = QPushButton(self.tr("Show outbox folder"))
        self.outbox_button.clicked.connect(self._show_outbox)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)

        buttons = QHBoxLayout()
        buttons.addWidget(self.outbox_button)
        buttons.addStretch(1)
        buttons.addWidget(self.settings_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.explain)
        layout.addWidget(self.where)
        layout.addWidget(self.result)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.refresh()

    # What would be exported ------------------------------------------------------------
    def refresh(self) -> None:
        db = self.context.db
        state = outbox.state(db, self.data_dir)
        self.settings_button.setVisible(False)
        self.export_button.setText(self.tr("Export"))
        self.export_button.setEnabled(False)
        self.outbox_button.setVisible(state.outbox.exists())
        self._set(self.where, self._where_text(state))
        if self.context.is_demo:
            self.summary.setText(self.tr("This is demo data: it is never exported."))
            self._set(
                self.explain,
                self.tr("Close the demo and set up for your court to export real work."),
            )
            return
        if state.role != "device":
            self.summary.setText(self.tr("Only a worker's laptop exports the day's work."))
            self._set(
                self.explain, self.tr("Head office sends updates to devices instead of exporting.")
            )
            return
        if peers.head_office(db) is None:
            self.summary.setText(self.tr("This laptop does not know head office yet."))
            self._set(
                self.explain,
                self.tr(
                    "Exports are locked so that only head office can open them, so head "
                    "office's card is needed first. Ask head office for its card (a small "
                    ".card file), then in Settings choose “Trust head office card…” and check "
                    "the fingerprint with them by phone."
                ),
            )
            self.settings_button.setVisible(True)
            return
        if asks_for_lost_changes(db):
            self.summary.setText(self.tr("This laptop was restored from a copy of itself."))
            self._set(
                self.explain,
                self.tr(
                    "Export now: this export carries no work, it asks head office for the "
                    "changes this laptop lost. Head office's next update brings them back, and "
                    "what was done here since goes with the export after it."
                ),
            )
            self._words = self.tr("a request for the changes this laptop lost")
            self.export_button.setEnabled(True)
            return
        counts = pending_summary(db)
        if not counts:
            self.summary.setText(self.tr("Nothing new to export."))
            self._set(
                self.explain, self.tr("Head office already holds every change made on this laptop.")
            )
            return
        words = summary_in_words(counts)
        if not words:  # only the laptop's set-up: nothing of the worker's to speak of
            words = self.tr("this laptop's set-up")
        self._words = words
        self.export_button.setEnabled(True)
        if state.unexported:
            self.summary.setText(self.tr("Ready to export: %1.").replace("%1", words))
            self._set(
                self.explain,
                self.tr(
                    "These are the records changed on this laptop that head office has not "
                    "confirmed it holds. The export is encrypted so that only head office can "
                    "read it."
                ),
            )
        else:
            self.summary.setText(self.tr("Nothing new since the last export."))
            where = (
                self.tr("it is waiting in the outbox")
                if state.waiting
                else self.tr("it was delivered %1").replace(
                    "%1", local_moment(state.last_delivered_at, always_date=True)
                )
                if state.last_delivered_at
                else self.tr("it was written")
            )
            self._set(
                self.explain,
                self.tr(
                    "Everything was exported already and %1, but head office has not "
                    "confirmed it yet (%2). Export again only if head office asks for it."
                )
                .replace("%1", where)
                .replace("%2", words),
            )
            self.export_button.setText(self.tr("Export again"))
            self.export_button.setDefault(False)
            self.close_button.setDefault(True)

    def _where_text(self, state: outbox.SyncState) -> str:
        if self.context.is_demo or state.role != "device":
            return ""
        if state.destination:
            text = self.tr(
                "The export is written to the outbox on this laptop, then copied to %1."
            ).replace("%1", state.destination)
        else:
            text = self.tr(
                "The export is written to the outbox on this laptop. No destination folder is "
                "set: choose one in Settings, or copy the file from the outbox to head office "
                "yourself."
            )
        if state.waiting:
            text += " " + counted(
                state.waiting,
                self.tr("%n earlier export is still waiting there."),
                self.tr("%n earlier exports are still waiting there."),
            )
        return text

    # Exporting ----------------------------------------------------------------------
    def export(self) -> None:
        self.export_button.setEnabled(False)
        self._written = None
        self._running = True
        self._show_result(self.tr("Exporting…"), "")
        context = self.context
        data_dir = self.data_dir
        writing = self.tr("Writing the export")

        def work(progress) -> tuple[Path | None, outbox.DeliveryResult]:
            progress.report(0, 0, writing)
            db = context.open_connection()
            try:
                path = export_device(db, outbox.outbox_dir(data_dir), progress=progress.report)
                # From here the export is safe in the outbox; copying it is not cancelled.
                return path, outbox.deliver(db, data_dir)
            finally:
                db.close()

        self.task = run_in_background(
            self, work, self._exported, on_error=self._failed, title=self.tr("Exporting…")
        )
        self.task.finished.connect(self._after_task)

    def _exported(self, outcome: tuple[Path | None, outbox.DeliveryResult]) -> None:
        path, delivery = outcome
        self._written = path
        if path is None:
            self._show_result(self.tr("Nothing new to export."), DONE_STYLE)
            return
        lines = [self.tr("Exported to the outbox as %1.").replace("%1", path.name)]
        style = DONE_STYLE
        if path.name in delivery.delivered:
            lines.append(
                self.tr("Copied to %1 and checked: head office can collect it.").replace(
                    "%1", delivery.destination or ""
                )
            )
            others = len(delivery.delivered) - 1
            if others:
                lines.append(
                    counted(
                        others,
                        self.tr("%n earlier export was delivered too."),
                        self.tr("%n earlier exports were delivered too."),
                    )
                )
        elif delivery.problem:
            lines.append(delivery.problem)
            if delivery.destination:
                lines.append(
                    self.tr("CASS Desktop tries again every %1 minutes while it is open.").replace(
                        "%1", str(outbox.CHECK_EVERY_MINUTES)
                    )
                )
            style = WARNING_STYLE
        self._show_result("\n".join(lines), style)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ExportError):
            text = str(exc)
        elif isinstance(exc, OSError):
            text = self.tr("The export could not be written to the outbox: %1.").replace(
                "%1", exc.strerror or str(exc)
            )
        else:
            text = self.tr("The export failed: %1").replace("%1", str(exc))
        self._show_result(text, ERROR_STYLE)

    def _show_result(self, text: str, style: str) -> None:
        self.result.setStyleSheet(style)
        self._set(self.result, text)

    @staticmethod
    def _set(label: QLabel, text: str) -> None:
        """Set a label's text; an empty one takes no room."""
        label.setText(text)
        label.setVisible(bool(text))

    def _after_task(self) -> None:
        # Also after Cancel: show whatever now stands, and let the rest of the app catch up.
        self._running = False
        text, style = self.result.text(), self.result.styleSheet()
        if self._written is not None:
            self.summary.setText(self.tr("Exported: %1.").replace("%1", self._words))
            self._set(self.explain, "")
            self._set(self.where, "")
            self.export_button.setEnabled(False)
            self.outbox_button.setVisible(True)
        else:
            self.refresh()
        if text == self.tr("Exporting…"):  # cancelled: neither outcome was delivered
            if outbox.state(self.context.db, self.data_dir).unexported:
                text = self.tr("The export was cancelled; nothing was written.")
            else:
                text = self.tr(
                    "The export was written to the outbox, but copying it was stopped. "
                    "It will be tried again later."
                )
            style = ""
        self._show_result(text, style)
        self.export_button.setEnabled(
            self.export_button.isEnabled() and self.export_button.text() != self.tr("Export again")
        )
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.adjustSize()
        self.context.notify_changed()
        self.export_finished.emit()

    @property
    def is_running(self) -> bool:
        """An export is being written or copied (the dialog must outlive it)."""
        return self._running

    def _open_settings(self) -> None:
        self.settings_requested.emit()
        self.accept()

    def _show_outbox(self) -> None:
        folder = outbox.make_outbox(self.data_dir)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
