"""The court day on Today: quick drop-in capture (and drop-ins to resume), the day's list,
importing tomorrow's list, and the caseload (open cases against capacity, cases due for
review)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.data import clients, court_day
from cass_desktop.people import caseload
from cass_desktop.records import dates
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.style import ERROR_STYLE


class ReviewList(QDialog):
    """Cases open close to the review limit, oldest first (Enter opens the person), and the
    caseload's two settings: the capacity and the review limit."""

    def __init__(self, context: AppContext, rows: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Cases due for review"))
        self.list = QListWidget()
        self.list.setObjectName("reviewList")
        for row in rows:
            when = dates.show_date(row["review_on"])
            words = (
                self.tr("review was due %1") if row["overdue"] else self.tr("review due %1")
            ).replace("%1", when)
            item = QListWidgetItem(
                f"{clients.display_name(row)} ({row.get('reference') or ''}): "
                f"{self.tr('open since')} {dates.show_date(row['opened_on'])}, {words}"
            )
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            self.list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.capacity = QSpinBox()
        self.capacity.setObjectName("caseloadCapacity")
        self.capacity.setRange(1, 10_000)
        self.capacity.setValue(caseload.capacity(context.db))
        self.capacity.setSuffix(self.tr(" open cases per worker"))
        self.months = QSpinBox()
        self.months.setObjectName("reviewMonths")
        self.months.setRange(1, 60)
        self.months.setValue(caseload.review_months(context.db))
        self.months.setSuffix(self.tr(" months"))
        limits = QGroupBox(self.tr("Caseload settings"))
        form = QFormLayout(limits)
        form.addRow(self.tr("&Capacity:"), self.capacity)
        form.addRow(self.tr("&Review a case after:"), self.months)
        self.capacity.valueChanged.connect(self._save_limits)
        self.months.valueChanged.connect(self._save_limits)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Review each case: close it if the work is done (they can always come "
                    "back), or keep it open and say why."
                )
            )
        )
        if not rows:
            layout.addWidget(QLabel(self.tr("No case is due for review.")))
        layout.addWidget(self.list, 1)
        layout.addWidget(limits)
        layout.addWidget(buttons)
        self.list.itemActivated.connect(self._open)
        self.resize(620, 420)

    def _save_limits(self) -> None:
        caseload.set_limits(self.context.db, cap=self.capacity.value(), months=self.months.value())
        self.context.notify_changed()

    def _open(self, item: QListWidgetItem) -> None:
        self.context.open_client(item.data(Qt.ItemDataRole.UserRole))
        self.accept()


class CourtDayBar(QWidget):
    """A row of the court day's actions and the caseload, for the top of Today."""

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, fill: bool = True):
        """`fill`: read the caseload now; Today passes False, as it refreshes the bar each
        time it is shown (counting 100,000 people's open cases once, not twice)."""
        super().__init__(parent)
        self.context = context
        self.capture = None
        self.capture_button = QPushButton(self.tr("&Quick drop-in…"))
        self.capture_button.setObjectName("quickDropIn")
        self.capture_button.setToolTip(
            self.tr("Record a drop-in visit in under a minute, a step at a time (Ctrl+D)")
        )
        self.resume_button = QPushButton()
        self.resume_button.setObjectName("resumeDropIn")
        self.day_button = QPushButton(self.tr("The day's &list"))
        self.day_button.setObjectName("todayDayList")
        self.import_button = QPushButton(self.tr("Import court list…"))
        self.import_button.setObjectName("todayImportList")
        self.caseload = QLabel()
        self.caseload.setObjectName("caseload")
        self.caseload.setWordWrap(True)
        self.review_button = QPushButton()
        self.review_button.setObjectName("reviewCases")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for button in (
            self.capture_button,
            self.resume_button,
            self.day_button,
            self.import_button,
        ):
            row.addWidget(button)
        row.addSpacing(12)
        row.addWidget(self.caseload, 1)
        row.addWidget(self.review_button)
        self.capture_button.clicked.connect(lambda: self.start_capture())
        self.resume_button.clicked.connect(self._resume_menu)
        self.day_button.clicked.connect(self.open_day_list)
        self.import_button.clicked.connect(self.import_list)
        self.review_button.clicked.connect(self.show_review)
        QShortcut(QKeySequence("Ctrl+D"), self, activated=lambda: self.start_capture())
        self.review: list = []
        if fill:
            self.refresh()

    def refresh(self) -> None:
        db = self.context.db
        drafts = court_day.open_drafts(db)
        self.resume_button.setVisible(bool(drafts))
        if drafts:
            self.resume_button.setText(
                self.tr("Resume drop-in (%1)…").replace("%1", str(len(drafts)))
            )
        worker_id = self.context.worker_id
        loads = caseload.loads(db, self.context.site_id)
        mine = next((w for w in loads if worker_id and w.worker_id == worker_id), None)
        cap = caseload.capacity(db)
        if mine is not None:
            text = (
                self.tr("Your caseload: %1 of %2 open cases")
                .replace("%1", str(mine.open_cases))
                .replace("%2", str(cap))
            )
            if mine.over:
                text += self.tr(" (over capacity)")
        else:
            total = sum(w.open_cases for w in loads)
            text = self.tr("%1 open cases").replace("%1", str(total))
        tip = "\n".join(f"{w.name}: {w.open_cases} of {w.capacity}" for w in loads)
        self.caseload.setText(text)
        self.caseload.setToolTip(tip)
        self.caseload.setStyleSheet(ERROR_STYLE if mine and mine.over else "")
        self.review = caseload.due_for_review(
            db, worker_id=worker_id if mine else None, site_id=self.context.site_id
        )
        self.review_button.setText(
            self.tr("Due for review (%1)…").replace("%1", str(len(self.review)))
            if self.review
            else self.tr("Caseload…")
        )

    # -- actions ---------------------------------------------------------------------------

    def start_capture(self, draft_id: int | None = None):
        from cass_desktop.ui.today.quick_capture import QuickCapture

        if self.capture is not None:
            self.capture.raise_()
            self.capture.activateWindow()
            return self.capture
        dialog = QuickCapture(self.context, self.window_for_dialogs(), draft_id=draft_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self._capture_closed(dialog))
        dialog.finished_capture.connect(self._captured)
        self.capture = dialog
        dialog.show()
        return dialog

    def window_for_dialogs(self) -> QWidget:
        return self.window() if self.window() is not self else self

    def _capture_closed(self, dialog) -> None:
        if self.capture is dialog:
            self.capture = None
        self.refresh()

    def _captured(self, client_id: str) -> None:
        self.refresh()

    def _resume_menu(self) -> None:
        # (the drop-in's rules are imported when a draft is resumed, not before the first paint)
        from cass_desktop.referrals.drop_in import draft_title

        drafts = court_day.open_drafts(self.context.db)
        if len(drafts) == 1:
            self.start_capture(drafts[0]["id"])
            return
        menu = QMenu(self)
        for draft in drafts:
            saved = dt.datetime.fromisoformat(draft["saved_at"])
            title = draft_title(draft["draft"], draft["draft"].get("person_name"))
            action = menu.addAction(f"{title} · {self.tr('saved')} {saved:%d/%m %H:%M}")
            action.triggered.connect(lambda _=False, i=draft["id"]: self.start_capture(i))
        self.resume_menu = menu
        menu.popup(self.resume_button.mapToGlobal(self.resume_button.rect().bottomLeft()))

    def open_day_list(self) -> None:
        from cass_desktop.ui.court.day_list_view import DayListWindow

        window = DayListWindow(self.context, None)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.day_window = window
        window.show()

    def import_list(self) -> None:
        from cass_desktop.ui.court.list_import import CourtListImport

        dialog = CourtListImport(self.context, self.window_for_dialogs())
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.import_dialog = dialog
        dialog.open()

    def show_review(self) -> None:
        dialog = ReviewList(self.context, self.review, self.window_for_dialogs())
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.review_dialog = dialog
        dialog.open()
