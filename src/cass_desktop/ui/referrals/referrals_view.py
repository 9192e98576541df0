"""Referrals across everyone: what is waiting for an agency's answer, which follow-ups are due,
and the referrals to one agency or for one kind of need.

The list is a table model with named columns and a sort role holding native values (ISO
dates, status order), behind a QSortFilterProxyModel. Opening a row opens the referral;
"Open person" shows the person's page.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.data import clients
from cass_desktop.data import referrals as referral_data
from cass_desktop.records import vocab
from cass_desktop.records.dates import show_date, show_datetime, today
from cass_desktop.ui.referrals.followup_words import due_words, followup_words
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.fields import reload_choices
from cass_desktop.ui.shell.pages import RefreshWhenShown
from cass_desktop.ui.shell.tables import FitColumns, RecordsModel, by_column, records_view

if TYPE_CHECKING:
    from cass_desktop.ui.referrals.referral_dialog import ReferralDialog

_Index = QModelIndex | QPersistentModelIndex
OVERDUE_TEXT = style.OVERDUE_COLOUR
MUTED = style.MUTED_COLOUR
# Never put more rows than this in the list at once; the filters narrow it.
SHOWN_AT_MOST = 2000
_STATUS_ORDER = {key: i for i, key in enumerate(vocab.REFERRAL_STATUSES)}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Referrals", text)


def status_words(row: dict[str, Any]) -> str:
    return vocab.label(vocab.REFERRAL_STATUSES, row.get("status"))


class ReferralTableModel(RecordsModel):
    """Referrals found by the page's filters: one row each."""

    PERSON, AGENCY, STATUS, FOLLOW_UP, APPOINTMENT, MADE, NEEDS, URGENCY, WORKER = range(9)
    CLIENT_ROLE = Qt.ItemDataRole.UserRole + 4

    def __init__(self, parent=None):
        super().__init__(parent)
        self.day = today()
        headers = [
            self.tr("Person"),
            self.tr("Agency"),
            self.tr("Status"),
            self.tr("Follow up"),
            self.tr("Appointment"),
            self.tr("Made"),
            self.tr("Needs"),
            self.tr("Urgency"),
            self.tr("Worker"),
        ]
        self.columns = by_column(
            headers,
            text=self._text,
            sort=self._sort_key,
            tooltip=self._tooltip,
            colour=self._colour,
            font=self._font,
        )

    def set_rows(self, rows: list[dict[str, Any]], day: dt.date | None = None) -> None:
        self.day = day or today()
        super().set_rows(rows)

    def referral(self, row: int) -> dict[str, Any]:
        return self.record(row)

    def _late(self, row: dict[str, Any]) -> int:
        if row["status"] in referral_data.FINISHED:
            return 0
        return due_words(row.get("followup_due"), self.day)[1]

    def _text(self, row: dict[str, Any], column: int) -> str:
        if column == self.PERSON:
            return clients.display_name(row)
        if column == self.AGENCY:
            return row.get("agency_name") or ""
        if column == self.NEEDS:
            return vocab.domain_labels(row.get("domains"))
        if column == self.STATUS:
            return status_words(row)
        if column == self.URGENCY:
            return vocab.label(vocab.URGENCY, row.get("urgency"))
        if column == self.MADE:
            return show_date(row.get("made_on"))
        if column == self.APPOINTMENT:
            return show_datetime(row.get("appointment_at"))
        if column == self.FOLLOW_UP:
            if row["status"] in referral_data.FINISHED or not row.get("followup_due"):
                return ""
            return due_words(row["followup_due"], self.day)[0]
        return row.get("worker_name") or ""

    def _sort_key(self, row: dict[str, Any], column: int) -> Any:
        if column == self.PERSON:
            return f"{row.get('family_name') or ''} {row.get('given_name') or ''}".casefold()
        if column == self.STATUS:
            return _STATUS_ORDER.get(row.get("status") or "", 99)
        if column == self.URGENCY:
            return (
                list(vocab.URGENCY).index(row["urgency"])
                if row.get("urgency") in (vocab.URGENCY)
                else 99
            )
        if column == self.MADE:
            return row.get("made_on") or ""
        if column == self.APPOINTMENT:
            return row.get("appointment_at") or ""
        if column == self.FOLLOW_UP:
            return "~" if row["status"] == "closed" else (row.get("followup_due") or "~")
        return self._text(row, column).casefold()

    def _tooltip(self, row: dict[str, Any], column: int) -> str:
        if column == self.PERSON:  # the whole name, should the column narrow
            return "\n".join(t for t in (self._text(row, column), row.get("reference")) if t)
        if column == self.FOLLOW_UP and row.get("followup_due"):
            return followup_words(row, self.day)
        if column == self.STATUS and row.get("reason"):
            return row["reason"]
        return self._text(row, column)

    def _colour(self, row: dict[str, Any], column: int) -> Any:
        if column == self.FOLLOW_UP and self._late(row) > 0:
            return OVERDUE_TEXT
        if row["status"] == "closed":
            return MUTED
        return None

    def _font(self, row: dict[str, Any], column: int) -> QFont | None:
        if column == self.FOLLOW_UP and self._late(row):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == self.CLIENT_ROLE and index.isValid():
            return self.record(index.row())["client_id"]
        return super().data(index, role)


class ReferralsPage(RefreshWhenShown, QWidget):
    """Every referral, filtered: awaiting a response, follow-up due, by agency, need, status."""

    SHOW_OPEN, SHOW_AWAITING, SHOW_DUE, SHOW_ALL = range(4)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.dialog: ReferralDialog | None = None
        self._stale = True

        title = QLabel(self.tr("Referrals"))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        self.new_button = QPushButton(self.tr("&New referral…"))
        self.new_button.setObjectName("newReferral")
        heading = QHBoxLayout()
        heading.addWidget(title, 1)
        heading.addWidget(self.new_button)

        self.show_filter = QComboBox()
        self.show_filter.setObjectName("referralShow")
        for text in (
            self.tr("All not closed"),
            self.tr("Awaiting a response"),
            self.tr("Follow-up due"),
            self.tr("All, closed ones too"),
        ):
            self.show_filter.addItem(text)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("referralStatusFilter")
        self.status_filter.addItem(self.tr("Any status"), None)
        for key, words in vocab.REFERRAL_STATUSES.items():
            self.status_filter.addItem(self.tr(words), key)
        self.agency_filter = QComboBox()
        self.agency_filter.setObjectName("referralAgencyFilter")
        self.agency_filter.setMinimumContentsLength(18)
        self.agency_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.need_filter = QComboBox()
        self.need_filter.setObjectName("referralNeedFilter")
        # Filters narrow enough for one row at 1024x700 (a long need or agency is elided).
        for combo in (self.show_filter, self.status_filter, self.need_filter):
            combo.setMinimumContentsLength(10)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        self.agency_filter.setMinimumContentsLength(12)
        self.need_filter.addItem(self.tr("Any need"), None)
        for key, words in vocab.NEED_DOMAINS.items():
            self.need_filter.addItem(self.tr(words), key)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Show:")))
        filters.addWidget(self.show_filter)
        filters.addWidget(QLabel(self.tr("Status:")))
        filters.addWidget(self.status_filter)
        filters.addWidget(QLabel(self.tr("Agency:")))
        filters.addWidget(self.agency_filter, 1)
        filters.addWidget(QLabel(self.tr("Need:")))
        filters.addWidget(self.need_filter)

        self.model = ReferralTableModel(self)
        self.proxy, self.table = records_view(
            self, self.model, ReferralTableModel.SORT_ROLE, "referralTable"
        )
        self.table.sortByColumn(ReferralTableModel.FOLLOW_UP, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setDefaultSectionSize(24)
        # Every column inside the table's width, from 1024x700 up: the widest narrow first,
        # their whole text in the tooltip.
        self.columns = FitColumns(self.table)

        self.count_label = QLabel()
        self.count_label.setObjectName("referralCount")
        self.count_label.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("referralDetail")
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet("color: #333;")
        self.open_person_button = QPushButton(self.tr("Open &person"))
        self.open_referral_button = QPushButton(self.tr("&Open referral…"))
        footer = QHBoxLayout()
        footer.addWidget(self.count_label, 1)
        footer.addWidget(self.open_person_button)
        footer.addWidget(self.open_referral_button)
        # Letter…: preview, print or save a letter for the chosen referral. (Imported here:
        # the letters bring jinja2, reportlab and Qt's PDF modules, which Today, using this
        # module's words for follow-ups, need not load before the window shows.)
        from cass_desktop.ui.letters.letter_button import LetterButton

        self.letter_button = LetterButton(context, self.current_referral_id, self)
        footer.addWidget(self.letter_button)

        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(footer)

        self.show_filter.currentIndexChanged.connect(self._filters_changed)
        self.status_filter.currentIndexChanged.connect(self._filters_changed)
        self.agency_filter.currentIndexChanged.connect(self._filters_changed)
        self.need_filter.currentIndexChanged.connect(self._filters_changed)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._current_changed())
        self.table.doubleClicked.connect(lambda _index: self.open_referral())
        self.open_person_button.clicked.connect(self.open_person)
        self.open_referral_button.clicked.connect(lambda: self.open_referral())
        self.new_button.clicked.connect(lambda: self.new_referral())
        context.changed.connect(self._data_changed)
        # Filled when first shown (showEvent), not while the main window is being built.

    # -- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        self._stale = False
        keep = self.current_referral_id()
        self._load_agencies()
        self._load_rows(keep)

    def _load_agencies(self) -> None:
        referred_to = referral_data.agencies_referred_to(self.context.db)
        choices = [(f"{row['name']} ({row['referrals']})", row["id"]) for row in referred_to]
        reload_choices(self.agency_filter, self.tr("Any agency"), choices)

    def filters(self) -> dict[str, Any]:
        """The page's filters as data.referrals.search arguments."""
        show = self.show_filter.currentIndex()
        status = self.status_filter.currentData()
        chosen: Any = status
        if status is None and show == self.SHOW_OPEN:
            chosen = [k for k in vocab.REFERRAL_STATUSES if k != "closed"]
        return {
            "status": chosen,
            "awaiting": show == self.SHOW_AWAITING,
            "followup_due_by": today().isoformat() if show == self.SHOW_DUE else None,
            "agency_id": self.agency_filter.currentData(),
            "domain": self.need_filter.currentData(),
        }

    def _load_rows(self, keep: str | None) -> None:
        day = today()
        rows = referral_data.search(self.context.db, **self.filters(), limit=SHOWN_AT_MOST + 1)
        more = len(rows) > SHOWN_AT_MOST
        rows = rows[:SHOWN_AT_MOST]
        self.model.set_rows(rows, day)
        self.columns.fit()
        self._show_count(rows, more, day)
        if keep and self.select(keep):
            return
        if self.proxy.rowCount():
            self.table.selectRow(0)
        self._current_changed()

    def _show_count(self, rows: list[dict[str, Any]], more: bool, day: dt.date) -> None:
        if not rows:
            if referral_data.count(self.context.db) == 0:
                text = self.tr(
                    "No referrals yet. Make one from a person's page, or with New referral."
                )
            else:
                text = self.tr("No referral matches these filters.")
        else:
            text = (
                self.tr("1 referral")
                if len(rows) == 1
                else self.tr("%1 referrals").replace("%1", f"{len(rows):,}")
            )
            overdue = sum(
                1
                for r in rows
                if r["status"] not in referral_data.FINISHED
                and (r.get("followup_due") or "~") < day.isoformat()
            )
            if overdue:
                text += " · " + self.tr("%1 with follow-up overdue").replace("%1", str(overdue))
            if more:
                text += " · " + self.tr(
                    "showing the first %1: choose an agency, need or status to narrow the list"
                ).replace("%1", f"{SHOWN_AT_MOST:,}")
        self.count_label.setText(text)

    def _filters_changed(self, *_args: Any) -> None:
        self._load_rows(self.current_referral_id())

    # -- choosing and opening -------------------------------------------------------------

    def current_referral(self) -> dict[str, Any] | None:
        index = self.table.currentIndex()
        return index.data(ReferralTableModel.OBJECT_ROLE) if index.isValid() else None

    def current_referral_id(self) -> str | None:
        row = self.current_referral()
        return row["id"] if row else None

    def select(self, referral_id: str) -> bool:
        row = self.model.row_of(referral_id)
        if row is None:
            return False
        self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
        return True

    def _current_changed(self) -> None:
        row = self.current_referral()
        self.open_person_button.setEnabled(row is not None)
        self.open_referral_button.setEnabled(row is not None)
        if row is None:
            self.detail.setText("")
            return
        parts = [
            f"{clients.display_name(row)} ({row.get('reference') or ''}) → "
            f"{row.get('agency_name') or ''}",
            row.get("reason") or "",
        ]
        if row["status"] != "closed" and row.get("followup_due"):
            parts.append(followup_words(row, self.model.day))
        self.detail.setText("\n".join(p for p in parts if p))

    def open_person(self) -> None:
        row = self.current_referral()
        if row is not None:
            self.context.open_client(row["client_id"])

    def open_referral(self, referral_id: str | None = None) -> ReferralDialog | None:
        referral_id = referral_id or self.current_referral_id()
        if referral_id is None:
            return None
        from cass_desktop.ui.referrals.referral_dialog import ReferralDialog

        return self._open(ReferralDialog(self.context, self, referral_id=referral_id))

    def new_referral(self, client_id: str | None = None) -> ReferralDialog:
        from cass_desktop.ui.referrals.referral_dialog import ReferralDialog

        return self._open(ReferralDialog(self.context, self, client_id=client_id))

    def _open(self, dialog: ReferralDialog) -> ReferralDialog:
        self.dialog = dialog

        def done(result: int) -> None:
            if result and dialog.referral_id:
                self.refresh()
                self.select(dialog.referral_id)
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(done)
        dialog.open()
        return dialog
