"""The court diary: the hearings listed on one day, at one court or all of them.

The worker moves day by day (buttons, a calendar, Alt+Left / Alt+Right / Alt+Home), picks a
court, adds hearings from the court list, and records outcomes as the day goes on. The table's
model, and the dates and outcomes in words, are in hearings_model.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QDate,
    QPoint,
    Qt,
)
from PySide6.QtGui import QAction, QBrush, QFont, QKeySequence, QTextCharFormat
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.data import hearings, sites
from cass_desktop.records import dates
from cass_desktop.ui.court.date_box import DateBox
from cass_desktop.ui.court.hearings_model import HearingsModel, long_date, short_day
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.pages import RefreshWhenShown
from cass_desktop.ui.shell.tables import records_view


class DiaryPage(RefreshWhenShown, QWidget):
    """Hearings by day and court; add hearings and record their outcomes."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.day: dt.date = dates.today()
        self.dialog = None  # the hearing dialog while it is open (HearingDialog)
        self._sites: list[tuple[str, str]] | None = None  # the courts in the filter
        self._stale = True

        title = QLabel(self.tr("Court diary"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.add_button = QPushButton(self.tr("Add hearing…"))
        self.add_button.setObjectName("addHearing")
        self.add_button.setToolTip(self.tr("Add a hearing from the court list (Ctrl+N)"))
        self.import_button = QPushButton(self.tr("&Import court list…"))
        self.import_button.setObjectName("importCourtList")
        self.import_button.setToolTip(
            self.tr("Read the court list (HMCTS, CSV or pasted text) and find the people known")
        )
        self.day_list_button = QPushButton(self.tr("The day's &list"))
        self.day_list_button.setObjectName("openDayList")
        self.day_list_button.setToolTip(
            self.tr("Every case listed at this court today, with what to know before approaching")
        )
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.import_button)
        top.addWidget(self.day_list_button)
        top.addWidget(self.add_button)

        self.previous_button = QPushButton(self.tr("◀ Previous day"))
        self.previous_button.setToolTip(self.tr("The day before (Alt+Left)"))
        self.today_button = QPushButton(self.tr("Today"))
        self.today_button.setToolTip(self.tr("Back to today (Alt+Home)"))
        self.next_button = QPushButton(self.tr("Next day ▶"))
        self.next_button.setToolTip(self.tr("The day after (Alt+Right)"))
        self.date_edit = DateBox()
        self.date_edit.setObjectName("diaryDate")
        self.date_edit.setToolTip(self.tr("Choose a day; days with hearings are in bold"))
        self.court_combo = QComboBox()
        self.court_combo.setObjectName("courtFilter")
        self.court_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        court_label = QLabel(self.tr("&Court:"))
        court_label.setBuddy(self.court_combo)
        navigator = QHBoxLayout()
        for widget in (self.previous_button, self.today_button, self.next_button):
            navigator.addWidget(widget)
        navigator.addWidget(self.date_edit)
        navigator.addSpacing(16)
        navigator.addWidget(court_label)
        navigator.addWidget(self.court_combo)
        navigator.addStretch(1)

        self.heading = QLabel()
        self.heading.setObjectName("diaryHeading")
        self.heading.setStyleSheet("font-size: 13pt; font-weight: bold;")

        self.model = HearingsModel(self)
        self.proxy, self.table = records_view(
            self, self.model, HearingsModel.SORT_ROLE, "diaryTable"
        )
        self.table.sortByColumn(HearingsModel.TIME, Qt.SortOrder.AscendingOrder)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        for column, width in (
            (HearingsModel.TIME, 55),
            (HearingsModel.COURT, 150),
            (HearingsModel.COURTROOM, 75),
            (HearingsModel.PERSON, 150),
            (HearingsModel.REFERENCE, 105),
            (HearingsModel.CASE, 105),
            (HearingsModel.TYPE, 110),
            (HearingsModel.CHARGE, 170),
            (HearingsModel.SOLICITOR, 110),
        ):
            self.table.setColumnWidth(column, width)
        # The outcome is what the day is about: shown beside the person, where it is on
        # screen at 1024 x 700 too (issue 9, 9), and wide enough for "Adjourned · next …".
        header = self.table.horizontalHeader()
        header.moveSection(header.visualIndex(HearingsModel.OUTCOME), HearingsModel.PERSON + 1)
        self.table.setColumnWidth(HearingsModel.OUTCOME, 260)

        self.empty = QLabel()
        self.empty.setObjectName("diaryEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(f"font-size: 12pt; {style.NOTE_STYLE}")
        self.earlier_button = QPushButton()
        self.earlier_button.setObjectName("earlierListedDay")
        self.later_button = QPushButton()
        self.later_button.setObjectName("laterListedDay")
        jumps = QHBoxLayout()
        jumps.addStretch(1)
        jumps.addWidget(self.earlier_button)
        jumps.addWidget(self.later_button)
        jumps.addStretch(1)
        empty_page = QWidget()
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty)
        empty_layout.addLayout(jumps)
        empty_layout.addStretch(2)
        self.body = QStackedWidget()
        self.body.addWidget(self.table)
        self.body.addWidget(empty_page)

        self.totals = QLabel()
        self.totals.setObjectName("dayTotals")
        self.totals.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.open_person_button = QPushButton(self.tr("Open person"))
        self.open_person_button.setObjectName("openPerson")
        self.edit_button = QPushButton(self.tr("Edit hearing…"))
        self.edit_button.setObjectName("editHearing")
        self.edit_button.setToolTip(self.tr("Open the selected hearing (Enter)"))
        self.outcome_button = QPushButton(self.tr("Record outcome ▾"))
        self.outcome_button.setObjectName("recordOutcome")
        self.outcome_button.setToolTip(self.tr("Choose the selected hearing's outcome"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.totals, 1)
        bottom.addWidget(self.open_person_button)
        bottom.addWidget(self.edit_button)
        bottom.addWidget(self.outcome_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(navigator)
        layout.addWidget(self.heading)
        layout.addWidget(self.body, 1)
        layout.addLayout(bottom)

        # Actions: buttons, the row menu and keyboard shortcuts share them.
        self.previous_action = self._action(self.tr("Previous day"), "Alt+Left", self.go_previous)
        self.next_action = self._action(self.tr("Next day"), "Alt+Right", self.go_next)
        self.today_action = self._action(self.tr("Today"), "Alt+Home", self.go_today)
        self.add_action = self._action(self.tr("Add hearing…"), "Ctrl+N", self.add_hearing)
        self.outcome_action = QAction(self.tr("Record outcome…"), self)
        self.outcome_action.triggered.connect(self.record_outcome)
        self.open_person_action = QAction(self.tr("Open person"), self)
        self.open_person_action.triggered.connect(self.open_person)

        self.previous_button.clicked.connect(self.go_previous)
        self.next_button.clicked.connect(self.go_next)
        self.today_button.clicked.connect(self.go_today)
        self.add_button.clicked.connect(self.add_hearing)
        self.outcome_button.clicked.connect(self.show_outcomes)
        self.edit_button.clicked.connect(self.record_outcome)
        self.import_button.clicked.connect(self.import_list)
        self.day_list_button.clicked.connect(self.open_day_list)
        self.open_person_button.clicked.connect(self.open_person)
        self.earlier_button.clicked.connect(lambda: self._jump(self.earlier_button))
        self.later_button.clicked.connect(lambda: self._jump(self.later_button))
        self.date_edit.dateChanged.connect(self._date_picked)
        self.court_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.activated.connect(lambda _index: self.record_outcome())
        self.table.customContextMenuRequested.connect(self._row_menu)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        calendar = self.date_edit.calendarWidget()
        calendar.currentPageChanged.connect(self._mark_busy_days)
        context.changed.connect(self._data_changed)

        self._set_date_edit(self.day)
        self._load_courts()
        self._stale = True  # filled when first shown: start-up builds every page

    def _action(self, text: str, keys: str, slot) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # -- what is shown -------------------------------------------------------------------

    @property
    def court_id(self) -> str | None:
        """The court chosen in the filter; None for all courts."""
        return self.court_combo.currentData()

    def court_name(self) -> str | None:
        return self.court_combo.currentText() if self.court_id else None

    def set_court(self, court_id: str | None) -> None:
        index = self.court_combo.findData(court_id)
        if index >= 0:
            self.court_combo.setCurrentIndex(index)

    def set_day(self, day: dt.date) -> None:
        if day == self.day:
            return
        self.day = day
        self._set_date_edit(day)
        self.refresh()

    def go_previous(self) -> None:
        self.set_day(self.day - dt.timedelta(days=1))

    def go_next(self) -> None:
        self.set_day(self.day + dt.timedelta(days=1))

    def go_today(self) -> None:
        self.set_day(dates.today())

    def _date_picked(self, date: QDate) -> None:
        self.set_day(dt.date(date.year(), date.month(), date.day()))

    def _set_date_edit(self, day: dt.date) -> None:
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.date_edit.blockSignals(False)
        self.date_edit.calendarWidget().setSelectedDate(QDate(day.year, day.month, day.day))

    def _jump(self, button: QPushButton) -> None:
        target = button.property("day")
        if target:
            self.set_day(dt.date.fromisoformat(target))

    def _load_courts(self) -> None:
        """Fill the court filter: all courts, then each court (and this laptop's own site)."""
        own = self.context.site_id
        listed = [
            (s["id"], s["name"] or "")
            for s in sites.list_sites(self.context.db)
            if s.get("kind") != "drop_in" or s["id"] == own
        ]
        if listed == self._sites:
            return
        chosen = own if self._sites is None else self.court_id
        self._sites = listed
        self.court_combo.blockSignals(True)
        self.court_combo.clear()
        self.court_combo.addItem(self.tr("All courts"), None)
        for site_id, name in listed:
            self.court_combo.addItem(name, site_id)
        index = self.court_combo.findData(chosen) if chosen else 0
        self.court_combo.setCurrentIndex(max(index, 0))
        self.court_combo.blockSignals(False)

    def refresh(self) -> None:
        self._stale = False
        self._load_courts()
        selected = self.selected_hearing()
        keep = selected["id"] if selected else None
        day_iso = self.day.isoformat()
        rows = hearings.on_day(self.context.db, day_iso, self.court_id)
        self.model.set_rows(rows)
        self.table.setColumnHidden(HearingsModel.COURT, self.court_id is not None)

        where = self.court_name() or self.tr("all courts")
        self.heading.setText(
            self.tr("%1 at %2").replace("%1", long_date(self.day)).replace("%2", where)
        )
        self.totals.setText(self._totals_text(rows))
        if rows:
            self.body.setCurrentIndex(0)
        else:
            self._show_empty(where)
            self.body.setCurrentIndex(1)
        if keep:
            self.select_hearing(keep)
        self._update_actions()
        self._mark_busy_days(
            self.date_edit.calendarWidget().yearShown(),
            self.date_edit.calendarWidget().monthShown(),
        )

    def _totals_text(self, rows: list[dict[str, Any]]) -> str:
        count = len(rows)
        if not count:
            return self.tr("No hearings")
        text = (
            self.tr("1 hearing") if count == 1 else self.tr("%1 hearings").replace("%1", str(count))
        )
        if self.day > dates.today():
            return text
        waiting = sum(1 for r in rows if not r.get("outcome"))
        if not waiting:
            return text + self.tr(", all with an outcome")
        return text + self.tr(", %1 without an outcome").replace("%1", str(waiting))

    def _show_empty(self, where: str) -> None:
        self.empty.setText(
            self.tr("No hearings listed for %1 at %2.")
            .replace("%1", long_date(self.day))
            .replace("%2", where)
            + "\n"
            + self.tr("Use “Add hearing…” to add people from the court list.")
        )
        day_iso = self.day.isoformat()
        earlier = hearings.previous_listed_day(self.context.db, day_iso, self.court_id)
        later = hearings.next_listed_day(self.context.db, day_iso, self.court_id)
        for button, target, text in (
            (self.earlier_button, earlier, self.tr("◀ Last listed: %1")),
            (self.later_button, later, self.tr("Next listed: %1 ▶")),
        ):
            button.setVisible(target is not None)
            button.setProperty("day", target)
            if target:
                button.setText(text.replace("%1", short_day(dt.date.fromisoformat(target))))

    def _mark_busy_days(self, year: int, month: int) -> None:
        if not self.isVisible():
            return  # done by refresh() when the page is shown
        """Days with hearings (at the chosen court) are bold in the calendar."""
        calendar = self.date_edit.calendarWidget()
        calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clears every day's format
        first = dt.date(year, month, 1) - dt.timedelta(days=7)
        last = dt.date(year, month, 28) + dt.timedelta(days=14)
        busy = QTextCharFormat()
        busy.setFontWeight(QFont.Weight.Bold)
        busy.setForeground(QBrush(style.CHANGED_COLOUR))
        for day in hearings.listed_days(
            self.context.db, first.isoformat(), last.isoformat(), self.court_id
        ):
            when = dt.date.fromisoformat(day)
            calendar.setDateTextFormat(QDate(when.year, when.month, when.day), busy)

    # -- the selected hearing ------------------------------------------------------------

    def selected_hearing(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return rows[0].data(HearingsModel.ROW_ROLE)

    def select_hearing(self, hearing_id: str) -> bool:
        row = self.model.row_of(hearing_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, HearingsModel.PERSON))
        self.table.setCurrentIndex(index)
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def _update_actions(self) -> None:
        chosen = self.selected_hearing() is not None
        for widget in (
            self.outcome_button,
            self.edit_button,
            self.open_person_button,
            self.outcome_action,
            self.open_person_action,
        ):
            widget.setEnabled(chosen)

    def _row_menu(self, pos: QPoint) -> None:
        if self.selected_hearing() is None:
            return
        menu = QMenu(self)
        menu.addAction(self.outcome_action)
        menu.addAction(self.open_person_action)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    # -- actions -------------------------------------------------------------------------

    def add_hearing(self) -> None:
        from cass_desktop.ui.court.hearing_dialog import HearingDialog

        self._open_dialog(HearingDialog(self.context, self, default_day=self.day))

    def record_outcome(self) -> None:
        hearing = self.selected_hearing()
        if hearing is None:
            return
        from cass_desktop.ui.court.hearing_dialog import HearingDialog

        try:
            dialog = HearingDialog(self.context, self, hearing_id=hearing["id"])
        except ValueError:  # removed meanwhile (by an update from head office, say)
            self.refresh()
            return
        self._open_dialog(dialog)

    def show_outcomes(self) -> None:
        """The outcomes as a menu under the button: the second click records one."""
        hearing = self.selected_hearing()
        if hearing is None:
            return
        from cass_desktop.ui.court.outcome_menu import outcome_menu

        self.outcome_popup = outcome_menu(self.context, hearing, self, self.refresh)
        self.outcome_popup.popup(
            self.outcome_button.mapToGlobal(self.outcome_button.rect().bottomLeft())
        )

    def import_list(self) -> None:
        from cass_desktop.ui.court.list_import import CourtListImport

        dialog = CourtListImport(self.context, self, day=self.day + dt.timedelta(days=1))
        dialog.saved.connect(lambda day: self.set_day(dt.date.fromisoformat(day)))
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.import_dialog = dialog
        dialog.open()

    def open_day_list(self) -> None:
        from cass_desktop.ui.court.day_list_view import DayListWindow

        window = DayListWindow(self.context, None, day=self.day)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.day_list_window = window
        window.show()

    def open_person(self) -> None:
        hearing = self.selected_hearing()
        if hearing is not None:
            self.context.open_client(hearing["client_id"])

    def _open_dialog(self, dialog) -> None:
        """Show the hearing dialog without blocking; afterwards show the saved hearing."""
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._saved(dialog.hearing_id))
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _saved(self, hearing_id: str | None) -> None:
        """Go to the day (and court) of the hearing just saved, and select it."""
        hearing = hearings.get(self.context.db, hearing_id) if hearing_id else None
        if hearing is None or hearing.get("deleted"):
            self.refresh()
            return
        day = dt.date.fromisoformat(hearing["starts_at"][:10])
        if self.court_id and hearing.get("court_id") != self.court_id:
            self.court_combo.blockSignals(True)
            index = self.court_combo.findData(hearing.get("court_id"))
            self.court_combo.setCurrentIndex(index if index >= 0 else 0)
            self.court_combo.blockSignals(False)
        self.day = day
        self._set_date_edit(day)
        self.refresh()
        self.select_hearing(hearing_id)
        self.table.setFocus()
