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


class FitColumns(QObject):
    """Keeps a tree's or table's columns inside its width, with no sideways scrolling: each
    column as wide as what it holds, and when they do not all fit, the widest narrows (its
    text elided, the whole text in its tooltip; the last column takes what is left), never
    the column `keep` (if given) while another can. Refitted when the view is resized or
    refilled (`fit`)."""

    MIN_WIDTH = 70  # a column never narrows below this, so a few letters always show

    def __init__(self, view, keep: int | None = None):
        super().__init__(view)
        self.view = view
        self.keep = keep
        header = view.header() if hasattr(view, "header") else view.horizontalHeader()
        self.header = header
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def wants(self) -> list[int]:
        model = self.view.model()
        count = model.columnCount() if model is not None else 0
        return [
            max(self.view.sizeHintForColumn(c), self.header.sectionSizeHint(c)) + 8
            for c in range(count)
        ]

    def fit(self) -> None:
        wants = self.wants()
        if not wants:
            return
        room = self.view.viewport().width()
        widths = list(wants)
        over = sum(widths) - room
        keep = self.keep
        # Narrow the widest column other than `keep` to the next widest, and so on, down to
        # MIN_WIDTH.
        while over > 0:
            others = [c for c in range(len(widths)) if c != keep and widths[c] > self.MIN_WIDTH]
            if not others:
                break
            widest = max(others, key=lambda c: widths[c])
            second = max((widths[c] for c in others if c != widest), default=self.MIN_WIDTH)
            cut = min(over, widths[widest] - max(second, self.MIN_WIDTH) or 1)
            widths[widest] -= cut
            over -= cut
        for column, width in enumerate(widths[:-1]):
            self.header.resizeSection(column, max(width, 1))
