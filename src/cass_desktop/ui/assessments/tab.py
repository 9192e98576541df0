"""The person's Assessments tab: start one, resume a draft, read what was completed (scores and
bands), each scored tool over time as a small chart, and the package of support.

Self-contained: the person's page adds it as a tab, puts `start_button` among its actions and
calls `load(client_id)` when it shows a person.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cass_desktop import assessments, forms
from cass_desktop.records.dates import show_date, show_datetime
from cass_desktop.ui.assessments.chart import ScoreChart
from cass_desktop.ui.assessments.form_screen import AssessmentWindow
from cass_desktop.ui.assessments.support import SupportPanel
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.tables import records_table

_ID = Qt.ItemDataRole.UserRole


def _fill(table: QTableWidget, rows: list[tuple[str, list[str]]]) -> None:
    table.setRowCount(0)
    table.setRowCount(len(rows))
    for r, (row_id, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(_ID, row_id)
            item.setToolTip(text)
            table.setItem(r, c, item)


def _selected(table: QTableWidget) -> str | None:
    item = table.item(table.currentRow(), 0) if table.currentRow() >= 0 else None
    return item.data(_ID) if item is not None else None


class AssessmentsTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.client_id: str | None = None
        self.window_: AssessmentWindow | None = None
        self.held = assessments.registry(context.db)

        # The page's action: Start assessment…, with a menu of the forms held.
        self.start_button = QPushButton(self.tr("Start assessment…"))
        self.start_button.setObjectName("startAssessment")
        self.start_menu = QMenu(self.start_button)
        self.start_menu.aboutToShow.connect(self._fill_menu)
        self.start_button.setMenu(self.start_menu)

        self.form_choice = QComboBox()
        self.form_choice.setObjectName("formChoice")
        self.start_here = QPushButton(self.tr("Start"))
        self.start_here.setObjectName("startChosen")
        self.start_here.clicked.connect(lambda: self.start(self.form_choice.currentData()))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Start an assessment:")))
        top.addWidget(self.form_choice, 1)
        top.addWidget(self.start_here)
        top.addStretch(1)

        self.drafts_label = QLabel(
            self.tr("Drafts (saved as you typed; carry on where you left off):")
        )
        self.drafts_table = records_table(
            [self.tr("Form"), self.tr("Started"), self.tr("Last saved"), self.tr("Note")], stretch=3
        )
        self.drafts_table.setObjectName("draftsTable")
        self.drafts_table.doubleClicked.connect(lambda _i: self.resume())
        self.resume_button = QPushButton(self.tr("Resume draft"))
        self.resume_button.clicked.connect(lambda: self.resume())
        self.discard_button = QPushButton(self.tr("Discard draft"))
        self.discard_button.clicked.connect(self.discard)

        self.done_table = records_table(
            [
                self.tr("Completed"),
                self.tr("Form"),
                self.tr("Score"),
                self.tr("Band"),
                self.tr("Flags"),
                self.tr("By"),
                self.tr("Note"),
            ],
            stretch=6,
        )
        self.done_table.setObjectName("completedTable")
        self.done_table.doubleClicked.connect(lambda _i: self.open_completed())
        self.open_button = QPushButton(self.tr("Open…"))
        self.open_button.clicked.connect(lambda: self.open_completed())
        self.support_button = QPushButton(self.tr("Package of support…"))
        self.support_button.setObjectName("supportButton")
        self.support_button.clicked.connect(self.show_support)

        self.charts = QWidget()
        self.charts_row = QHBoxLayout(self.charts)
        self.charts_row.setContentsMargins(0, 0, 0, 0)
        charts_scroll = QScrollArea()
        charts_scroll.setWidget(self.charts)
        charts_scroll.setWidgetResizable(True)
        charts_scroll.setFixedHeight(172)
        charts_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.charts_scroll = charts_scroll

        drafts_buttons = QHBoxLayout()
        drafts_buttons.addWidget(self.resume_button)
        drafts_buttons.addWidget(self.discard_button)
        drafts_buttons.addStretch(1)
        done_buttons = QHBoxLayout()
        done_buttons.addWidget(self.open_button)
        done_buttons.addWidget(self.support_button)
        done_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.drafts_label)
        layout.addWidget(self.drafts_table)
        layout.addLayout(drafts_buttons)
        layout.addWidget(QLabel(self.tr("Completed, newest first:")))
        layout.addWidget(self.done_table, 1)
        layout.addLayout(done_buttons)
        layout.addWidget(charts_scroll)

    # -- showing -------------------------------------------------------------------------------

    def load(self, client_id: str) -> None:
        self.client_id = client_id
        self.refresh()

    def refresh(self) -> None:
        if self.client_id is None:
            return
        db = self.context.db
        self.held = assessments.registry(db)
        chosen = self.form_choice.currentData()
        self.form_choice.clear()
        for entry in self.held.available():
            self.form_choice.addItem(entry.definition.title, entry.id)
        index = self.form_choice.findData(chosen) if chosen else -1
        self.form_choice.setCurrentIndex(max(index, 0))

        drafts = assessments.drafts(db, self.client_id)
        _fill(
            self.drafts_table,
            [
                (
                    d["id"],
                    [
                        self._title(d["form_id"], d["form_version"]),
                        show_datetime(d["started_at"]),
                        show_datetime(d["saved_at"]),
                        self.tr("Corrects an earlier one") if d["corrects"] else "",
                    ],
                )
                for d in drafts
            ],
        )
        for widget in (
            self.drafts_label,
            self.drafts_table,
            self.resume_button,
            self.discard_button,
        ):
            widget.setVisible(bool(drafts))

        done = assessments.history(db, self.client_id, held=self.held)
        _fill(self.done_table, [(d.id, self._cells(d)) for d in done])
        for r, d in enumerate(done):  # every flag in full, on the Flags cell
            item = self.done_table.item(r, 4)
            if item is not None and d.record.flags:
                item.setToolTip("\n".join(str(f.get("label", "")) for f in d.record.flags))
        self._fit(self.drafts_table, len(drafts), 3)
        self.open_button.setEnabled(bool(done))

        while self.charts_row.count():
            item = self.charts_row.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.chart_widgets = [
            ScoreChart(line) for line in assessments.series(db, self.client_id, held=self.held)
        ]
        for chart in self.chart_widgets:
            self.charts_row.addWidget(chart)
        self.charts_row.addStretch(1)
        self.charts_scroll.setVisible(bool(self.chart_widgets))

    @staticmethod
    def _fit(table: QTableWidget, rows: int, most: int) -> None:
        """As tall as its rows (up to `most`), so the completed list keeps the room."""
        height = table.horizontalHeader().height() + 2 * table.frameWidth() + 2
        for r in range(min(rows, most)):
            height += table.rowHeight(r)
        table.setFixedHeight(height)

    def _title(self, form_id: str, version: int) -> str:
        definition = self.held.get(form_id, version)
        return definition.title if definition is not None else form_id

    def _cells(self, done: assessments.Completed) -> list[str]:
        record = done.record
        main = assessments.core.main_score(done.definition) if done.definition else None
        score = band = ""
        if main is not None:
            value = record.scores.get(main.id)
            score = "" if value is None else f"{value} / {main.high}"
            found = record.bands.get(main.id) or {}
            band = str(found.get("label") or "") if isinstance(found, dict) else ""
        urgent = any(f.get("severity") == "urgent" for f in record.flags)
        flags = ""
        if record.flags:
            count = len(record.flags)
            flags = ("⚠ " if urgent else "") + (
                self.tr("1 flag") if count == 1 else self.tr("%1 flags").replace("%1", str(count))
            )
        notes = []
        if done.corrected:
            notes.append(self.tr("Corrected by a later assessment"))
        if record.corrects:
            notes.append(self.tr("Corrects an earlier assessment"))
        if done.definition is None:
            notes.append(self.tr("Made with a form version not held here"))
        return [
            show_date(record.completed_at),
            done.title,
            score,
            band,
            flags,
            done.row.get("completed_by_name") or "",
            "; ".join(notes),
        ]

    def count(self) -> int:
        return self.done_table.rowCount()

    # -- actions -------------------------------------------------------------------------------

    def _fill_menu(self) -> None:
        self.start_menu.clear()
        self.held = assessments.registry(self.context.db)
        for entry in self.held.available():
            action = QAction(entry.definition.title, self.start_menu)
            action.triggered.connect(lambda _=False, f=entry.id: self.start(f))
            self.start_menu.addAction(action)

    def _show(self, window: AssessmentWindow) -> AssessmentWindow:
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.finished.connect(lambda _r: self.refresh())
        self.window_ = window
        window.show()
        window.raise_()
        return window

    def start(self, form_id: str | None) -> AssessmentWindow | None:
        if self.client_id is None or not form_id:
            return None
        draft = assessments.start(
            self.context.db,
            self.client_id,
            form_id,
            worker_id=self.context.worker_id,
            held=self.held,
        )
        self.refresh()
        window = AssessmentWindow(self.context, self.window(), draft_id=draft.id, held=self.held)
        return self._show(window)

    def resume(self, draft_id: str | None = None) -> AssessmentWindow | None:
        draft_id = draft_id or _selected(self.drafts_table)
        if draft_id is None and self.drafts_table.rowCount():
            self.drafts_table.selectRow(0)
            draft_id = _selected(self.drafts_table)
        if draft_id is None:
            return None
        try:
            window = AssessmentWindow(self.context, self.window(), draft_id=draft_id)
        except forms.FormError:
            return None
        return self._show(window)

    def discard(self) -> None:
        draft_id = _selected(self.drafts_table)
        if draft_id is not None:
            assessments.delete_draft(self.context.db, draft_id)
            self.refresh()

    def open_completed(self, assessment_id: str | None = None) -> AssessmentWindow | None:
        assessment_id = assessment_id or _selected(self.done_table)
        if assessment_id is None and self.done_table.rowCount():
            self.done_table.selectRow(0)
            assessment_id = _selected(self.done_table)
        if assessment_id is None:
            return None
        try:
            window = AssessmentWindow(self.context, self.window(), assessment_id=assessment_id)
        except forms.FormError:
            return None
        return self._show(window)

    def show_support(self) -> QDialog | None:
        if self.client_id is None:
            return None
        dialog = QDialog(self.window())
        dialog.setWindowTitle(self.tr("Package of support"))
        dialog.resize(900, 600)
        panel = SupportPanel(self.context, self.client_id)
        panel.refresh()
        panel.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        scroll = QScrollArea()
        scroll.setWidget(panel)
        scroll.setWidgetResizable(True)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(dialog.accept)
        layout = QVBoxLayout(dialog)
        layout.addWidget(scroll, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        dialog.panel = panel  # type: ignore[attr-defined]
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog
