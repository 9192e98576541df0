"""The clients list as a Qt model that stays quick with 100,000 people.

A RecordsModel whose rows are fetched as they are shown: its columns are described once
(`Column`s, as every other list's), while `rowCount` and `record` are its own. The model holds
only the ordered row numbers of the people listed (`data.clients.Listing`), kept compactly (an
array of 64-bit integers: 0.8 MB for 100,000 people, where a list of Python ints took 3.6 MB),
and fetches the rows the view asks for a page (50 rows, a screen) at a time in one query
(`data.clients.rows_for`), keeping a bounded number of pages; each row's words (dates, age,
status) are formatted once, when the row is first shown, and held as a tuple that painting
reads (`texts_at`, for ui/shell/plain_table.PlainTextTable): a repaint reads nothing from the
store and formats nothing again. Sorting and filtering are done by the store (SQL), not by a
proxy model. A new filter, search or sort reads only the first screen's row numbers before the
view repaints; the rest are read from the same cursor a few milliseconds at a time while the
event loop is idle (rows appended, `loaded` emitted at the end), so no keystroke waits for
everyone to be listed.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from array import array
from collections import OrderedDict
from typing import Any

import sqlite_utils
from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from cass_desktop.data import clients
from cass_desktop.records import dates, vocab
from cass_desktop.records.words import short_site
from cass_desktop.ui.shell.tables import Column, RecordsModel

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_CELL_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)
_NO_FLAGS = Qt.ItemFlag.NoItemFlags

REFERENCE, NAME, DATE_OF_BIRTH, AGE, STATUS, KEYWORKER, OPENED, COURT = range(8)
COLUMN_COUNT = 8  # COURT is shown to head office only (the Clients page hides it elsewhere)

# RecordsModel's roles: a native value to sort or compare by, the row as a dict, the client's id.
SORT_ROLE = RecordsModel.SORT_ROLE
CLIENT_ROLE = RecordsModel.OBJECT_ROLE
ID_ROLE = RecordsModel.ID_ROLE

# Column -> (data.clients.SORTS key, whether ascending in the column is descending in SQL).
# Age ascending is youngest first: date of birth newest first.
_SORT_KEYS: dict[int, tuple[str, bool]] = {
    REFERENCE: ("reference", False),
    NAME: ("name", False),
    DATE_OF_BIRTH: ("date_of_birth", False),
    AGE: ("date_of_birth", True),
    STATUS: ("status", False),
    KEYWORKER: ("keyworker", False),
    OPENED: ("opened_on", False),
    COURT: ("court", False),
}

# Which people the list shows.
FILTER_OPEN = "open"
FILTER_CLOSED = "closed"
FILTER_ALL = "all"
FILTER_MINE = "mine"


class ClientsModel(RecordsModel):
    """People in the store, filtered and sorted by SQL, fetched a page at a time."""

    PAGE_SIZE = 50  # a screen at 1920x1080: read in one query as the view first shows it
    MAX_PAGES = 40  # 2,000 rows at most in memory, however far the list is scrolled
    FIRST_ROWS = 100  # row numbers read before the view repaints: more than a screen
    READ_MS = 5  # then this long at a time while the event loop is idle

    # Every person listed has been read (the count is final).
    loaded = Signal()

    def __init__(self, db: sqlite_utils.Database, parent: Any = None):
        super().__init__(parent)
        self._db = db
        self._rowids = _row_numbers()
        self._listing: clients.Listing | None = None
        self._reading = QTimer(self)
        self._reading.setSingleShot(True)
        self._reading.setInterval(0)
        self._reading.timeout.connect(self._read_more)
        # Each page: row number -> [the row read, its words (formatted when first shown)].
        self._pages: OrderedDict[int, dict[int, list[Any]]] = OrderedDict()
        self._today = dates.today()  # for the ages: asked once a page, not once a row
        self._last_page = -1
        self._status: str | None = "open"
        self._keyworker_id: str | None = None
        self._text = ""
        self._sort_column = NAME
        self._sort_order = Qt.SortOrder.AscendingOrder
        self.fetches = 0  # pages read from the store, for tests and benchmarks
        self.columns = self._columns()

    def _columns(self) -> list[Column]:
        def none(_client: dict[str, Any]) -> None:
            return None

        def name_tooltip(client: dict[str, Any]) -> str | None:
            phone = client.get("phone")
            return f"{clients.display_name(client)}\n{phone}" if phone else None

        def name_sort(client: dict[str, Any]) -> str:
            family = (client["family_name"] or "").casefold()
            return f"{family}\t{(client['given_name'] or '').casefold()}"

        def age(client: dict[str, Any]) -> str:
            return _age(client["date_of_birth"], self._today)

        statuses: dict[str | None, str] = {}

        def status(client: dict[str, Any]) -> str:
            key = client["status"]
            words = statuses.get(key)
            if words is None:
                words = statuses[key] = self.tr(vocab.label(vocab.CLIENT_STATUSES, key))
            return words

        def field(name: str):
            return lambda client: client[name]

        # The order of REFERENCE ... COURT.
        return [
            Column(
                self.tr("Reference"),
                lambda c: c["reference"] or "",
                sort=field("reference"),
                tooltip=none,
            ),
            Column(self.tr("Name"), _list_name, sort=name_sort, tooltip=name_tooltip),
            Column(
                self.tr("Date of birth"),
                lambda c: _show_date(c["date_of_birth"]),
                sort=field("date_of_birth"),
                tooltip=none,
            ),
            Column(
                self.tr("Age"),
                age,
                sort=lambda c: dates.age_on(c["date_of_birth"]),
                tooltip=none,
                alignment=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            ),
            Column(self.tr("Status"), status, sort=field("status"), tooltip=none),
            Column(
                self.tr("Keyworker"),
                lambda c: c["keyworker_name"] or "",
                sort=field("keyworker_name"),
                tooltip=none,
            ),
            Column(
                self.tr("Opened"),
                lambda c: _show_date(c["opened_on"]),
                sort=field("opened_on"),
                tooltip=none,
            ),
            Column(
                self.tr("Court"),
                lambda c: _short_site(c.get("site_name")),
                sort=field("site_name"),
                tooltip=none,
            ),
        ]

    # What is listed -------------------------------------------------------------------------

    def set_filter(
        self,
        which: str = FILTER_OPEN,
        *,
        worker_id: str | None = None,
        text: str | None = None,
    ) -> None:
        """Show open, closed, all, or my (keyworker is `worker_id`) people; then re-query."""
        if which == FILTER_MINE:
            self._status, self._keyworker_id = None, worker_id or ""
        elif which in (FILTER_OPEN, FILTER_CLOSED):
            self._status, self._keyworker_id = which, None
        elif which == FILTER_ALL:
            self._status, self._keyworker_id = None, None
        else:
            raise ValueError(f"unknown filter: {which}")
        if text is not None:
            self._text = text
        self.reload()

    def set_text(self, text: str) -> None:
        """Only people whose name, reference, date of birth or phone starts with `text`."""
        if text == self._text:
            return
        self._text = text
        self.reload()

    @property
    def text(self) -> str:
        return self._text

    def reload(self) -> None:
        """Query the store again: after a filter, a sort, or a change to the data."""
        sort_key, inverted = _SORT_KEYS[self._sort_column]
        descending = (self._sort_order == Qt.SortOrder.DescendingOrder) != inverted
        self._stop_reading()
        if self._keyworker_id == "":  # "Mine" with nobody signed in: nobody
            rowids = _row_numbers()
        else:
            self._listing = clients.Listing(
                self._db,
                status=self._status,
                keyworker_id=self._keyworker_id,
                text=self._text or None,
                sort=sort_key,
                descending=descending,
            )
            rowids = _row_numbers(self._listing.take(self.FIRST_ROWS))
            if self._listing.done:
                self._listing = None
        self.beginResetModel()
        self._rowids = rowids
        self._pages.clear()
        self.endResetModel()
        if self._listing is not None:
            self._reading.start()
        else:
            self.loaded.emit()

    @property
    def complete(self) -> bool:
        """Whether every person listed has been read (rowCount is the count)."""
        return self._listing is None

    def read_all(self) -> None:
        """Read the rest of the list now (for finding a row, and for tests)."""
        while self._listing is not None:
            self._read_more(budget_ms=None)

    def _stop_reading(self) -> None:
        self._reading.stop()
        if self._listing is not None:
            self._listing.close()
            self._listing = None

    def _read_more(self, budget_ms: float | None = READ_MS) -> None:
        listing = self._listing
        if listing is None:
            return
        started = time.perf_counter()
        more = _row_numbers()
        while not listing.done:
            more.extend(listing.take(2000))
            if budget_ms is not None and (time.perf_counter() - started) * 1000 >= budget_ms:
                break
        if more:
            first = len(self._rowids)
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._rowids.extend(more)
            self._pages.pop(first // self.PAGE_SIZE, None)  # it was read short: read it again
            self.endInsertRows()
        if listing.done:
            self._listing = None
            self.loaded.emit()
        elif budget_ms is not None:
            self._reading.start()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in _SORT_KEYS:
            return
        self._sort_column = column
        self._sort_order = order
        self.reload()

    # Finding rows ---------------------------------------------------------------------------

    def client_at(self, row: int) -> dict[str, Any] | None:
        """The listed fields of the person on a row (fetching its page if needed)."""
        entry = self._entry(row)
        return entry[0] if entry is not None else None

    def texts_at(self, row: int) -> tuple[str, ...] | None:
        """What each column shows on a row, formatted the first time it is shown."""
        entry = self._entry(row)
        if entry is None:
            return None
        texts = entry[1]
        if texts is None:
            texts = entry[1] = self._texts(entry[0])
        return texts

    def _entry(self, row: int) -> list[Any] | None:
        # Painting asks for every cell of the screen: the page held is looked up, never the
        # store, and nothing is formatted again.
        if not 0 <= row < len(self._rowids):
            return None
        page_number = row // self.PAGE_SIZE
        page = self._pages.get(page_number)
        if page is None:
            page = self._read_page(page_number)
        elif page_number != self._last_page:
            self._pages.move_to_end(page_number)
        self._last_page = page_number
        return page.get(self._rowids[row])

    def _read_page(self, page_number: int) -> dict[int, list[Any]]:
        """One page of rows in one query; each row's words are formatted once, when the row
        is first shown (a screen after a keystroke shows 30 of the page's 50)."""
        start = page_number * self.PAGE_SIZE
        rows = clients.rows_for(self._db, self._rowids[start : start + self.PAGE_SIZE])
        self.fetches += 1
        self._today = dates.today()
        page = {rowid: [client, None] for rowid, client in rows.items()}
        self._pages[page_number] = page
        while len(self._pages) > self.MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    def _texts(self, client: dict[str, Any]) -> tuple[str, ...]:
        return tuple(column.text(client) for column in self.columns)

    def client_id_at(self, row: int) -> str | None:
        client = self.client_at(row)
        return client["id"] if client else None

    def row_of(self, client_id: str, *, read_all: bool = False) -> int | None:
        """The row a person is listed on, or None when the filter hides them (or, unless
        `read_all`, when they are not among the rows read so far)."""
        rowid = clients.rowid_of(self._db, client_id)
        if rowid is None:
            return None
        if read_all and rowid not in self._rowids:
            self.read_all()
        try:
            return self._rowids.index(rowid)
        except ValueError:
            return None

    # RecordsModel: the rows are the row numbers read, each fetched as it is shown ------------

    def record(self, row: int) -> dict[str, Any] | None:
        return self.client_at(row)

    def set_rows(self, rows: Any) -> None:
        raise TypeError("the clients list reads its own rows: use set_filter or reload")

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rowids)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == _DISPLAY:  # the words shown: formatted once, when the page was read
            texts = self.texts_at(index.row())
            return texts[index.column()] if texts is not None else None
        return super().data(index, role)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        # Asked for every cell painted: one constant (the base class's asks rowCount and
        # columnCount of Python each time).
        return _CELL_FLAGS if index.isValid() else _NO_FLAGS


# A page's words are formatted as it is read: dates and courts repeat from row to row and
# from page to page, so each is formatted once.
_show_date = functools.lru_cache(maxsize=8192)(dates.show_date)
_short_site = functools.lru_cache(maxsize=256)(short_site)


@functools.lru_cache(maxsize=8192)
def _age(date_of_birth: str | None, on: dt.date) -> str:
    years = dates.age_on(date_of_birth, on)
    return "" if years is None else str(years)


def _row_numbers(numbers: Any = ()) -> array:
    """Row numbers (SQLite rowids, 64-bit) in a compact array, not a list of Python ints."""
    return array("q", numbers)


def _list_name(client: dict[str, Any]) -> str:
    """Family name first, as a court list reads: "O'Brien, Siân (Shan)"."""
    given = client.get("given_name") or ""
    family = client.get("family_name") or ""
    preferred = client.get("preferred_name") or ""
    name = f"{family}, {given}" if family and given else family or given
    if preferred and preferred != given:
        name = f"{name} ({preferred})"
    return name
