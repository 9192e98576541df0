"""One of Today's lists: a titled list of rows, with a friendly message in its place when there
is nothing to list; each row carries the person's id and its record's.

A list is read a page at a time: the first page (what the first screen shows, and more) when
it is filled, the next when it is scrolled to its end (or is taller than what it holds), so
a day of 500 contacts reads and lays out 50 before the window shows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from cass_desktop.ui.shell.style import NOTE_STYLE
from cass_desktop.ui.shell.tables import FitColumns

CLIENT_ROLE = Qt.ItemDataRole.UserRole  # the person's id, on column 0 of every row
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1  # the hearing, contact or follow-up's id
# Rows read at a time: more than any list shows at 1024x700 (the court list, about 30); a list
# with room for more (the court list at 1920x1080, about 60) reads the next page as it is laid out.
PAGE = 50

# The rows after the first `shown`, as items: at most PAGE of them.
More = Callable[[int], list[QTreeWidgetItem]]


class Section(QWidget):
    """A titled list with a friendly message in its place when there is nothing to list."""

    def __init__(
        self, name: str, columns: list[str], parent: QWidget | None = None, keep: int | None = None
    ):
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName(f"{name}Title")
        self.title.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.title.setWordWrap(True)  # a long court name must not squeeze the other lists
        self.tree = QTreeWidget()
        self.tree.setObjectName(f"{name}List")
        self.tree.setColumnCount(len(columns))
        self.tree.setHeaderLabels(columns)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        # Every column inside the list's width from 1024x700 up: the last (the outcome, what
        # is due, the notes) in full where it can be, the others elided with a tooltip.
        self.columns = FitColumns(self.tree, keep)
        self.empty = QLabel()
        self.empty.setObjectName(f"{name}Empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty.setStyleSheet(f"{NOTE_STYLE} font-size: 11pt; padding: 8px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.empty)
        self.footer = QHBoxLayout()
        self._more: More | None = None
        self._total = 0
        bar = self.tree.verticalScrollBar()
        bar.valueChanged.connect(self._scrolled)
        bar.rangeChanged.connect(lambda _low, _high: self._scrolled(bar.value()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.stack, 1)
        layout.addLayout(self.footer)

    def fill(
        self,
        title: str,
        items: list[QTreeWidgetItem],
        empty_text: str,
        more: More | None = None,
        total: int | None = None,
    ) -> None:
        """Show `items`, the first of `total` rows (all of them when `total` is None); `more`
        gives the rest a page at a time, when the list is scrolled to its end. The row chosen
        before stays chosen, its page read if need be."""
        chosen = self.tree.currentItem()
        keep = chosen.data(0, RECORD_ROLE) if chosen else None
        self.title.setText(title)
        self._more = None  # (clearing the list scrolls it: nothing to read meanwhile)
        self.tree.clear()
        self._total = len(items) if total is None else total
        self._add(items)
        self._more = more
        while keep and not any(i.data(0, RECORD_ROLE) == keep for i in self.items()):
            if not self.show_more():
                break
        # Measured from what the first screen shows: the first page at most.
        self.columns.fit()
        self.empty.setText(empty_text)
        self.stack.setCurrentIndex(0 if items else 1)
        for item in self.items():
            if keep and item.data(0, RECORD_ROLE) == keep:
                self.tree.setCurrentItem(item)

    def _add(self, items: list[QTreeWidgetItem]) -> None:
        # A cell that must narrow is elided: its tooltip always holds its whole text.
        for item in items:
            for column in range(self.tree.columnCount()):
                text, tip = item.text(column), item.toolTip(column)
                if text and text not in tip:
                    item.setToolTip(column, f"{text}\n{tip}" if tip else text)
        self.tree.addTopLevelItems(items)

    def show_more(self) -> int:
        """Read the next page of rows, if any are left; how many were added."""
        shown = self.tree.topLevelItemCount()
        if self._more is None or shown >= self._total:
            return 0
        more, self._more = self._more, None  # (adding rows moves the scroll bar)
        items = more(shown)
        self._add(items)
        self._more = more if items else None
        if items:  # still taller than its rows once they are laid out: the next page then
            QTimer.singleShot(0, self._check_end)
        return len(items)

    def _check_end(self) -> None:
        if isValid(self):  # (not a list closed meanwhile)
            self._scrolled(self.tree.verticalScrollBar().value())

    def _scrolled(self, value: int) -> None:
        """Scrolled to the end of the rows read so far, or taller than them: the next page."""
        if self._more is not None and value >= self.tree.verticalScrollBar().maximum():
            self.show_more()

    def items(self) -> list[QTreeWidgetItem]:
        """The rows read so far (see show_more)."""
        return [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]


def row_item(texts: list[str], client_id: str, record_id: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem(texts)
    item.setData(0, CLIENT_ROLE, client_id)
    item.setData(0, RECORD_ROLE, record_id)
    return item
