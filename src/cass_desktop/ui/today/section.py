"""One of Today's lists: a titled list of rows, with a friendly message in its place when there
is nothing to list; each row carries the person's id and its record's."""

from __future__ import annotations

from PySide6.QtCore import Qt
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

from cass_desktop.ui.shell.style import NOTE_STYLE
from cass_desktop.ui.shell.tables import FitColumns

CLIENT_ROLE = Qt.ItemDataRole.UserRole  # the person's id, on column 0 of every row
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1  # the hearing, contact or follow-up's id


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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.stack, 1)
        layout.addLayout(self.footer)

    def fill(self, title: str, items: list[QTreeWidgetItem], empty_text: str) -> None:
        chosen = self.tree.currentItem()
        keep = chosen.data(0, RECORD_ROLE) if chosen else None
        self.title.setText(title)
        self.tree.clear()
        # A cell that must narrow is elided: its tooltip always holds its whole text.
        for item in items:
            for column in range(self.tree.columnCount()):
                text, tip = item.text(column), item.toolTip(column)
                if text and text not in tip:
                    item.setToolTip(column, f"{text}\n{tip}" if tip else text)
        self.tree.addTopLevelItems(items)
        self.columns.fit()
        self.empty.setText(empty_text)
        self.stack.setCurrentIndex(0 if items else 1)
        for item in items:
            if keep and item.data(0, RECORD_ROLE) == keep:
                self.tree.setCurrentItem(item)

    def items(self) -> list[QTreeWidgetItem]:
        return [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]


def row_item(texts: list[str], client_id: str, record_id: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem(texts)
    item.setData(0, CLIENT_ROLE, client_id)
    item.setData(0, RECORD_ROLE, record_id)
    return item
