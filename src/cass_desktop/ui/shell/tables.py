"""How the pages show lists of records: read-only tables of whole rows, and the one table
model (`RecordsModel`) whose columns are described once (`Column`: header, text, sort key,
tooltip, alignment, colours, font)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QTableWidget,
)
from shiboken6 import isValid

_Index = QModelIndex | QPersistentModelIndex
_Of = Callable[[Any], Any]


@dataclass(frozen=True)
class Column:
    """One column of a RecordsModel, each part a function of the row it shows.

    `text` is what is shown; `sort` the value to sort by (default: the text, ignoring case);
    `tooltip` what hovering shows (default: the text; return None for none); `alignment`
    the text's; `colour`, `background` and `font` return None to leave the default."""

    header: str
    text: Callable[[Any], str]
    sort: _Of | None = None
    tooltip: _Of | None = None
    alignment: Qt.AlignmentFlag | None = None
    colour: _Of | None = None
    background: _Of | None = None
    font: _Of | None = None


def by_column(headers: Sequence[str], **parts: Callable[[Any, int], Any]) -> list[Column]:
    """Columns whose parts are functions of (row, column number), for a model that works
    out every column in one method: `by_column(headers, text=self._text, sort=...)`."""

    def part(function: Callable[[Any, int], Any], number: int) -> _Of:
        return lambda row: function(row, number)

    return [
        Column(header, **{name: part(f, number) for name, f in parts.items()})
        for number, header in enumerate(headers)
    ]


class RecordsModel(QAbstractTableModel):
    """Rows (dicts or small records) shown through a list of Columns: rowCount, columnCount,
    headerData and data written once. Sort by SORT_ROLE (native values); OBJECT_ROLE is the
    whole row, ID_ROLE its "id".

    The rows are those given to `set_rows`; a model that fetches its rows as they are shown
    overrides `rowCount` and `record` instead (`ui/people/clients_model.py`)."""

    SORT_ROLE = Qt.ItemDataRole.UserRole + 1
    OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2
    ID_ROLE = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[Any] = []
        self.columns: Sequence[Column] = ()
        self._parts = _parts(self)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, record_id: str) -> int | None:
        """The row showing the record `record_id`, or None."""
        return next((i for i, r in enumerate(self._rows) if _id(r) == record_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].header
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # One look-up for the role first: a view asks for roles no column gives (decoration,
        # check state, size) as often as for the text, and those cost nothing more.
        part = self._parts.get(role)
        if part is None or not index.isValid():
            return None
        number = index.row()
        if not 0 <= number < self.rowCount():
            return None
        row = self.record(number)
        if row is None:
            return None
        return part(self.columns[index.column()], row)


def _id(row: Any) -> Any:
    return row.get("id") if isinstance(row, Mapping) else getattr(row, "id", None)


def _parts(model: RecordsModel) -> dict[int, Callable[[Column, Any], Any]]:
    """What each role a RecordsModel gives shows, as a function of (column, row)."""
    return {
        int(Qt.ItemDataRole.DisplayRole): lambda column, row: column.text(row),
        int(model.SORT_ROLE): lambda column, row: (
            column.sort(row) if column.sort else column.text(row).casefold()
        ),
        int(model.OBJECT_ROLE): lambda _column, row: row,
        int(model.ID_ROLE): lambda _column, row: _id(row),
        int(Qt.ItemDataRole.ToolTipRole): lambda column, row: (
            column.tooltip(row) if column.tooltip else column.text(row)
        ),
        int(Qt.ItemDataRole.TextAlignmentRole): lambda column, _row: column.alignment,
        int(Qt.ItemDataRole.ForegroundRole): lambda column, row: (
            column.colour(row) if column.colour else None
        ),
        int(Qt.ItemDataRole.BackgroundRole): lambda column, row: (
            column.background(row) if column.background else None
        ),
        int(Qt.ItemDataRole.FontRole): lambda column, row: (
            column.font(row) if column.font else None
        ),
    }


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
    """A short read-only table (a person's records, assessments, the review), one row each,
    whole rows selected; columns fit their contents and `stretch` (or the last) takes the rest.
    Rows are as tall as their wrapped text at the widths shown, measured again whenever those
    change (measured once, a row filled while its tab was hidden kept a narrow column's height)."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
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


def narrowed(wants: list[int], room: int, keep: int | None, minimum: int) -> list[int]:
    """`wants` narrowed to fit `room`: the widest column other than `keep` down to the next
    widest, and so on, never below `minimum`; where columns tie, a pixel from each in turn,
    the first first. Worked out at once, not a pixel at a time (before a list is laid out its
    room is a few pixels, and narrowing tied columns pixel by pixel took thousands of steps)."""
    widths = list(wants)
    over = sum(widths) - room
    others = [c for c in range(len(widths)) if c != keep and widths[c] > minimum]
    if over <= 0 or not others:
        return widths
    if sum(widths[c] - minimum for c in others) <= over:
        for c in others:
            widths[c] = minimum
        return widths

    def cut_to(level: int) -> int:  # the pixels taken by bringing every column down to level
        return sum(max(0, widths[c] - level) for c in others)

    low, high = minimum, max(widths[c] for c in others)  # cut_to(low) > over >= cut_to(high)
    while high - low > 1:
        middle = (low + high) // 2
        if cut_to(middle) > over:
            low = middle
        else:
            high = middle
    left = over - cut_to(high)  # (fewer than the columns above `low`)
    for c in others:
        if widths[c] > high:
            widths[c] = high
        if widths[c] == high and left > 0:
            widths[c] -= 1
            left -= 1
    return widths


class FitColumns(QObject):
    """Keeps a tree's or table's columns inside its width, with no sideways scrolling: each
    column as wide as what it holds, and when they do not all fit, the widest narrows (its
    text elided, the whole text in its tooltip; the last column takes what is left), never
    the column `keep` (if given) while another can. Refitted when the view is resized or
    refilled (`fit`).

    What each column wants is measured once for each filling, not on every resize (a resize
    changes only the room), and not before the view is first polished: a list filled while
    its window is being built is measured once, when it is first shown, in the style and font
    it is shown in."""

    MIN_WIDTH = 70  # a column never narrows below this, so a few letters always show
    _RESTYLED = (QEvent.Type.Polish, QEvent.Type.StyleChange, QEvent.Type.FontChange)

    def __init__(self, view, keep: int | None = None):
        super().__init__(view)
        self.view = view
        self.keep = keep
        header = view.header() if hasattr(view, "header") else view.horizontalHeader()
        self.header = header
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._wants: list[int] | None = None  # measured for what the view holds now
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        resized = kind == QEvent.Type.Resize and watched is not self.view  # the viewport
        first_shown = kind == QEvent.Type.Show and watched is self.view and self._wants is None
        if resized or first_shown:
            self._apply()
        elif kind in self._RESTYLED and watched is self.view:
            self._wants = None  # measured again in the style or font now in force
        return False

    def wants(self) -> list[int]:
        model = self.view.model()
        count = model.columnCount() if model is not None else 0
        return [
            max(self.view.sizeHintForColumn(c), self.header.sectionSizeHint(c)) + 8
            for c in range(count)
        ]

    def fit(self) -> None:
        """Measure what the view holds now (after it is refilled) and fit the columns."""
        self._wants = None
        self._apply()

    def _apply(self) -> None:
        if not self.view.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
            return  # measured when first shown (see the class's docstring)
        if self._wants is None:
            self._wants = self.wants()
        wants = self._wants
        if not wants:
            return
        widths = narrowed(wants, self.view.viewport().width(), self.keep, self.MIN_WIDTH)
        for column, width in enumerate(widths[:-1]):
            self.header.resizeSection(column, max(width, 1))
