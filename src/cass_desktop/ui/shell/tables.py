"""How the pages show lists of records: read-only tables of whole rows."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QTableWidget,
)
from shiboken6 import isValid


def records_view(
    owner: QObject, model: QAbstractItemModel, sort_role: int, name: str
) -> tuple[QSortFilterProxyModel, QTableView]:
    """A table over `model` behind a proxy sorting by `sort_role` (native values, so dates and
    numbers sort as such): whole rows selected one at a time, nothing edited in place."""
    proxy = QSortFilterProxyModel(owner)
    proxy.setSourceModel(model)
    proxy.setSortRole(sort_role)
    table = QTableView()
    table.setObjectName(name)
    table.setModel(proxy)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setSortingEnabled(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return proxy, table


def records_table(headers: list[str], stretch: int | None = None) -> QTableWidget:
    """A short read-only table (a person's records, head office's lists), one row each,
    whole rows selected; columns fit their contents and `stretch` (or the last) takes the rest."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setWordWrap(True)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class _EmptyNote(QObject):
    """Keeps a table's 'nothing here yet' words shown exactly while it has no rows."""

    def __init__(self, table: QTableWidget, text: str):
        super().__init__(table)
        self.table = table
        self.label = QLabel(text, table.viewport())
        self.label.setObjectName("emptyNote")
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: palette(mid); padding: 10px;")
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        model = table.model()
        model.rowsInserted.connect(self.update)
        model.rowsRemoved.connect(self.update)
        model.modelReset.connect(self.update)
        table.viewport().installEventFilter(self)
        self.update()

    def update(self, *_args: object) -> None:
        if not (isValid(self.table) and isValid(self.label)):
            return  # the model tells of its rows going as the table itself is deleted
        self.label.setVisible(self.table.rowCount() == 0)
        self.label.setFixedWidth(max(200, self.table.viewport().width()))
        self.label.adjustSize()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.update()
        return False


def set_empty_text(table: QTableWidget, text: str) -> QLabel:
    """Words shown in `table` while it has no rows ("No court dates yet"), never a blank
    table; returns the label."""
    return _EmptyNote(table, text).label
