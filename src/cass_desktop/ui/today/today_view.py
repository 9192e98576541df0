"""Today: what the worker needs this morning, at a glance and a click away.

Who is in court today at my court, who has been seen today, the follow-ups that are due
(overdue ones first, marked with how late they are) and the referrals due a follow-up (with the
agency and what is due). Activating a person opens their page; activating a referral opens it.
Each list is a Section (section.py), read a page at a time; its title's counts are counted
by the store, not from its rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction, QBrush, QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.data import clients, contacts, followups, hearings, local
from cass_desktop.data import referrals as referral_data
from cass_desktop.records import dates
from cass_desktop.records.vocab import CONTACT_KINDS, label
from cass_desktop.ui.court.hearings_model import MUTED, WARNING, long_date, outcome_words
from cass_desktop.ui.referrals.followup_words import due_words, followup_words
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.pages import RefreshWhenShown
from cass_desktop.ui.today.section import CLIENT_ROLE, PAGE, RECORD_ROLE, Section, row_item


def _person_tip(item: QTreeWidgetItem, column: int, row: dict[str, Any], *more: str) -> None:
    """The person's reference (and anything else worth a glance) as their name's tooltip."""
    tip = "\n".join(t for t in (row.get("reference"), *more) if t)
    if tip:
        item.setToolTip(column, tip)


class TodayPage(RefreshWhenShown, QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.day: dt.date = dates.today()
        self._stale = True
        self._undo_id: str | None = None
        self._menu_client: str | None = None  # the person a row menu was opened for
        self.hearing_dialog = None  # HearingDialog, while open
        self.referral_dialog = None  # ReferralDialog, while open

        self.date_label = QLabel()
        self.date_label.setObjectName("todayDate")
        self.date_label.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.worker_label = QLabel()
        self.worker_label.setObjectName("todayWorker")
        self.worker_label.setStyleSheet(f"font-size: 11pt; {style.NOTE_STYLE}")

        self.court = Section(
            "court",
            [self.tr("Time"), self.tr("Courtroom"), self.tr("Person"), self.tr("Outcome")],
            self,
            keep=3,  # the outcome, in full
        )
        self.seen = Section(
            "seen", [self.tr("Time"), self.tr("Person"), self.tr("How"), self.tr("Notes")], self
        )
        # How late each is ("15 days overdue", in red) stays whole; the rest narrows first.
        self.due = Section(
            "followups", [self.tr("Due"), self.tr("Person"), self.tr("What")], self, keep=0
        )
        self.referral_due = Section(
            "referralFollowups",
            [self.tr("Due"), self.tr("Person"), self.tr("Agency"), self.tr("What is due")],
            self,
            keep=0,
        )
        self.referral_button = QPushButton(self.tr("Update referral…"))
        self.referral_button.setObjectName("todayUpdateReferral")
        self.referral_button.setToolTip(
            self.tr("Record what happened with the chosen referral, and when to check again")
        )
        self.referral_due.footer.addStretch(1)
        self.referral_due.footer.addWidget(self.referral_button)

        self.outcome_button = QPushButton(self.tr("Record outcome ▾"))
        self.outcome_button.setObjectName("todayRecordOutcome")
        self.edit_hearing_action = QAction(self.tr("Edit hearing…"), self)
        self.edit_hearing_action.triggered.connect(self.edit_hearing)
        self.court.footer.addStretch(1)
        self.court.footer.addWidget(self.outcome_button)

        self.done_button = QPushButton(self.tr("Mark done"))
        self.done_button.setObjectName("followupDone")
        self.done_button.setToolTip(self.tr("Mark the chosen follow-up as done today"))
        self.done_message = QLabel()
        self.done_message.setObjectName("doneMessage")
        self.done_message.setWordWrap(True)
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setObjectName("undoDone")
        self.undo_button.hide()
        self.due.footer.addWidget(self.done_message, 1)
        self.due.footer.addWidget(self.undo_button)
        self.due.footer.addWidget(self.done_button)

        grid = QGridLayout()
        grid.addWidget(self.court, 0, 0, 3, 1)
        grid.addWidget(self.due, 0, 1)
        grid.addWidget(self.referral_due, 1, 1)
        grid.addWidget(self.seen, 2, 1)
        # The court list, the day's first business, has the wider part, so its outcomes show
        # in full from 1024x700 up (issue 9, item 9).
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(12)

        layout = QVBoxLayout(self)
        layout.addWidget(self.date_label)
        layout.addWidget(self.worker_label)
        from cass_desktop.ui.today.court_day_bar import CourtDayBar

        # quick drop-in, the day's list, caseload: filled by refresh(), when first shown
        self.court_day = CourtDayBar(context, self, fill=False)
        layout.addWidget(self.court_day)
        layout.addSpacing(6)
        layout.addLayout(grid, 1)

        self.open_action = QAction(self.tr("Open person"), self)
        self.open_action.triggered.connect(self._open_current_person)
        self.outcome_action = QAction(self.tr("Record outcome…"), self)
        self.outcome_action.triggered.connect(self.record_outcome)
        self.done_action = QAction(self.tr("Mark done"), self)
        self.done_action.triggered.connect(self.mark_done)

        for section in (self.court, self.seen, self.due):
            section.tree.itemActivated.connect(self._open_person)
            section.tree.customContextMenuRequested.connect(
                lambda pos, s=section: self._menu(s, pos)
            )
            section.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.referral_action = QAction(self.tr("Update referral…"), self)
        self.referral_action.triggered.connect(self.open_referral)
        self.referral_due.tree.itemActivated.connect(lambda _item, _col: self.open_referral())
        self.referral_due.tree.customContextMenuRequested.connect(
            lambda pos: self._menu(self.referral_due, pos)
        )
        self.referral_due.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.referral_button.clicked.connect(self.open_referral)
        self.outcome_button.clicked.connect(self.record_outcome)
        self.done_button.clicked.connect(self.mark_done)
        self.undo_button.clicked.connect(self.undo_done)
        context.changed.connect(self._data_changed)
        # Filled when first shown (showEvent), not while the main window is being built.

    # -- refreshing ----------------------------------------------------------------------

    def _needs_refresh(self) -> bool:
        return self._stale or self.day != dates.today()  # past midnight: a new day

    def refresh(self) -> None:
        self._stale = False
        self.day = dates.today()
        site = self.context.site
        worker = self.context.worker
        self.date_label.setText(long_date(self.day))
        if worker and site:
            who = self.tr("%1 at %2").replace("%1", worker["name"]).replace("%2", site["name"])
        elif worker:
            who = worker["name"]
        elif local.get(self.context.db, "role") == "head-office":
            # Head office is nobody's laptop: say whose office it is, not what it lacks.
            who = self.tr("Head office: %1").replace(
                "%1", str(local.get(self.context.db, "organisation", "") or "")
            )
        else:
            who = self.tr("No worker set for this laptop")
        self.worker_label.setText(who)
        self.court_day.refresh()
        self._fill_court(site)
        self._fill_seen()
        self._fill_followups()
        self._fill_referral_followups()
        self._update_buttons()

    def _fill_court(self, site: dict[str, Any] | None) -> None:
        court_name = site["name"] if site else None
        db, day, court = self.context.db, self.day.isoformat(), self.context.site_id
        count, waiting = hearings.count_on_day(db, day, court)

        def page(shown: int) -> list[QTreeWidgetItem]:
            rows = hearings.on_day(db, day, court, limit=PAGE, offset=shown)
            return [self._court_item(row) for row in rows]

        if court_name:
            title = self.tr("In court today at %1").replace("%1", court_name)
            empty = self.tr("No hearings listed for today at %1.").replace("%1", court_name)
        else:
            title = self.tr("In court today")
            empty = self.tr("No hearings listed for today.")
        if count:
            title += " " + (
                self.tr("(%1, %2 waiting for an outcome)")
                .replace("%1", str(count))
                .replace("%2", str(waiting))
                if waiting
                else self.tr("(%1)").replace("%1", str(count))
            )
        empty += "\n" + self.tr("Add tomorrow's list from the Court diary.")
        self.court.fill(title, page(0) if count else [], empty, more=page, total=count)

    def _court_item(self, row: dict[str, Any]) -> QTreeWidgetItem:
        outcome = outcome_words(row, short=True)
        item = row_item(
            [
                dates.show_time(row["starts_at"]),
                row.get("courtroom") or "",
                clients.display_name(row),
                outcome or self.tr("no outcome yet"),
            ],
            row["client_id"],
            row["id"],
        )
        _person_tip(item, 2, row, row.get("case_number") or "", row.get("charge_summary") or "")
        if not outcome:
            font = QFont()
            font.setItalic(True)
            item.setFont(3, font)
            item.setForeground(3, QBrush(MUTED))
        return item

    def _fill_seen(self) -> None:
        db, day, site = self.context.db, self.day.isoformat(), self.context.site_id
        count, people = contacts.count_seen_on(db, day, site)

        def page(shown: int) -> list[QTreeWidgetItem]:
            rows = contacts.seen_on(db, day, site, limit=PAGE, offset=shown)
            return [self._seen_item(row) for row in rows]

        title = self.tr("Seen today")
        if count:
            title += " " + (
                self.tr("(1 person)")
                if people == 1
                else self.tr("(%1 people)").replace("%1", str(people))
            )
        self.seen.fill(
            title,
            page(0) if count else [],
            self.tr("Nobody seen yet today. Notes of contact made today will appear here."),
            more=page,
            total=count,
        )

    def _seen_item(self, row: dict[str, Any]) -> QTreeWidgetItem:
        how = label(CONTACT_KINDS, row.get("kind"))
        if row.get("worker_name"):
            how = f"{how} · {row['worker_name']}" if how else row["worker_name"]
        summary = " ".join((row.get("summary") or "").split())
        item = row_item(
            [dates.show_time(row["at"]), clients.display_name(row), how, summary],
            row["client_id"],
            row["id"],
        )
        _person_tip(item, 1, row)
        if summary:
            item.setToolTip(3, row["summary"])
        return item

    def _fill_followups(self) -> None:
        db, day, worker = self.context.db, self.day.isoformat(), self.context.worker_id
        count, overdue = followups.count_due(db, day, worker)

        def page(shown: int) -> list[QTreeWidgetItem]:
            rows = followups.due(db, day, worker, limit=PAGE, offset=shown)
            return [self._followup_item(row) for row in rows]

        title = self._counted_title(self.tr("Follow-ups due"), count, overdue)
        self.due.fill(
            title,
            page(0) if count else [],
            self.tr("No follow-ups due today, and none overdue."),
            more=page,
            total=count,
        )

    def _followup_item(self, row: dict[str, Any]) -> QTreeWidgetItem:
        try:
            late = (self.day - dt.date.fromisoformat(row["due_on"])).days
        except (TypeError, ValueError):
            late = 0
        if late <= 0:
            when = self.tr("Today")
        elif late == 1:
            when = self.tr("1 day overdue")
        else:
            when = self.tr("%1 days overdue").replace("%1", str(late))
        item = row_item(
            [when, clients.display_name(row), row.get("what") or ""],
            row["client_id"],
            row["id"],
        )
        _person_tip(item, 1, row)
        item.setToolTip(0, self.tr("Due %1").replace("%1", dates.show_date(row["due_on"])))
        if row.get("what"):
            item.setToolTip(2, row["what"])
        if late > 0:
            _mark_overdue(item)
        return item

    def _counted_title(self, title: str, count: int, overdue: int) -> str:
        """'Follow-ups due (6, 2 overdue)'; the bare title when there are none."""
        if not count:
            return title
        if overdue:
            counts = (
                self.tr("(%1, %2 overdue)").replace("%1", str(count)).replace("%2", str(overdue))
            )
        else:
            counts = self.tr("(%1)").replace("%1", str(count))
        return f"{title} {counts}"

    def _fill_referral_followups(self) -> None:
        db, day, worker = self.context.db, self.day.isoformat(), self.context.worker_id
        count, overdue = referral_data.count_followups_due(db, day, worker)

        def item(row: dict[str, Any]) -> QTreeWidgetItem:
            when, late = due_words(row["followup_due"], self.day)
            what = followup_words(row, self.day)
            item = row_item(
                [when, clients.display_name(row), row.get("agency_name") or "", what],
                row["client_id"],
                row["id"],
            )
            _person_tip(item, 1, row)
            item.setToolTip(
                0, self.tr("Follow up by %1").replace("%1", dates.show_date(row["followup_due"]))
            )
            item.setToolTip(3, what)
            if late > 0:
                _mark_overdue(item)
            return item

        def page(shown: int) -> list[QTreeWidgetItem]:
            rows = referral_data.followups_due(db, day, worker, limit=PAGE, offset=shown)
            return [item(row) for row in rows]

        title = self._counted_title(self.tr("Referrals to follow up"), count, overdue)
        self.referral_due.fill(
            title,
            page(0) if count else [],
            self.tr("No referrals due a follow-up today, and none overdue."),
            more=page,
            total=count,
        )

    # -- acting on a row -----------------------------------------------------------------

    def _update_buttons(self) -> None:
        self.outcome_button.setEnabled(self.court.tree.currentItem() is not None)
        self.outcome_button.setVisible(bool(self.court.items()))
        self.done_button.setEnabled(self.due.tree.currentItem() is not None)
        self.done_button.setVisible(bool(self.due.items()))
        self.referral_button.setEnabled(self.referral_due.tree.currentItem() is not None)
        self.referral_button.setVisible(bool(self.referral_due.items()))

    def _open_person(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        client_id = item.data(0, CLIENT_ROLE)
        if client_id:
            self.context.open_client(client_id)

    def _open_current_person(self) -> None:
        if self._menu_client:
            self.context.open_client(self._menu_client)

    def _menu(self, section: Section, pos: QPoint) -> None:
        item = section.tree.itemAt(pos)
        if item is None:
            return
        section.tree.setCurrentItem(item)
        self._menu_client = item.data(0, CLIENT_ROLE)
        menu = QMenu(self)
        menu.addAction(self.open_action)
        if section is self.court:
            menu.addAction(self.outcome_action)
            menu.addAction(self.edit_hearing_action)
        if section is self.due:
            menu.addAction(self.done_action)
        if section is self.referral_due:
            menu.addAction(self.referral_action)
        menu.popup(section.tree.viewport().mapToGlobal(pos))

    def record_outcome(self) -> None:
        """The outcomes as a menu under the button: the second click records one."""
        item = self.court.tree.currentItem()
        if item is None:
            return
        hearing = hearings.get(self.context.db, item.data(0, RECORD_ROLE))
        if hearing is None:
            self.refresh()
            return
        from cass_desktop.ui.court.outcome_menu import outcome_menu

        self.outcome_popup = outcome_menu(self.context, hearing, self)
        self.outcome_popup.popup(
            self.outcome_button.mapToGlobal(self.outcome_button.rect().bottomLeft())
        )

    def edit_hearing(self) -> None:
        item = self.court.tree.currentItem()
        if item is None or self.hearing_dialog is not None:
            return
        from cass_desktop.ui.court.hearing_dialog import HearingDialog

        try:
            dialog = HearingDialog(self.context, self, hearing_id=item.data(0, RECORD_ROLE))
        except ValueError:  # removed meanwhile (by an update from head office, say)
            self.refresh()
            return
        self.hearing_dialog = dialog
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog) -> None:
        if self.hearing_dialog is dialog:
            self.hearing_dialog = None
        if self.referral_dialog is dialog:
            self.referral_dialog = None
        dialog.deleteLater()

    def open_referral(self) -> None:
        """Open the chosen referral to record what happened and when to check again."""
        item = self.referral_due.tree.currentItem()
        if item is None or self.referral_dialog is not None:
            return
        from cass_desktop.ui.referrals.referral_dialog import ReferralDialog

        try:
            dialog = ReferralDialog(self.context, self, referral_id=item.data(0, RECORD_ROLE))
        except ValueError:  # removed meanwhile
            self.refresh()
            return
        self.referral_dialog = dialog
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        dialog.open()

    def mark_done(self) -> None:
        item = self.due.tree.currentItem()
        if item is None:
            return
        followup_id = item.data(0, RECORD_ROLE)
        from cass_desktop.people import casework  # (the casework rules: not for the first paint)

        casework.mark_followup_done(self.context.db, followup_id, self.day.isoformat())
        self._undo_id = followup_id
        self.done_message.setText(
            self.tr("Done: “%1” for %2.").replace("%1", item.text(2)).replace("%2", item.text(1))
        )
        self.undo_button.show()
        self.context.notify_changed()

    def undo_done(self) -> None:
        if self._undo_id is None:
            return
        from cass_desktop.people import casework

        casework.reopen_followup(self.context.db, self._undo_id)
        self._undo_id = None
        self.done_message.clear()
        self.undo_button.hide()
        self.context.notify_changed()


def _mark_overdue(item: QTreeWidgetItem) -> None:
    """Bold warning colour in the Due column."""
    font = QFont()
    font.setBold(True)
    item.setFont(0, font)
    item.setForeground(0, QBrush(WARNING))
