"""How the pages show lists of records: read-only tables of whole rows, and the one table
model (`RecordsModel`) whose columns are described once (`Column`: header, text, sort key,
tooltip, alignment, colours, font)."""

from __future__ import annotations

import math
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
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QStaticText,
    QTransform,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QWidget,
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


class PlainTextTable(QTableView):
    """A table of plain words that paints each screen itself, each cell's words laid out once.

    For long lists repainted on every keystroke and scroll (the Clients list: 30 rows of 7
    columns). Qt's own painting asks the model for seven roles a cell, passes each cell
    through the style sheet's rules and lays its text out again every time: 35 to 40 ms for a
    screen. This one asks `texts_at(row)` once a row (the words the model formatted when it
    read the row) and draws a QStaticText kept for each word at its column's width (elided
    with "…" when it does not fit): rows alternating, the chosen row highlighted, the row the
    keyboard is on framed, the grid, as the table draws them. `right` are the columns aligned
    right (numbers). The model's `data` still gives every role (tooltips, accessibility,
    tests)."""

    PADDING = 4  # each side of the text, as the style's own delegate leaves
    _KEPT = 4000  # laid-out words kept: some screens' worth, at a few widths

    def __init__(
        self,
        texts_at: Callable[[int], Sequence[str] | None],
        right: Sequence[int] = (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._texts_at = texts_at
        self._right = frozenset(right)
        self._laid_out: dict[tuple[str, int], tuple[QStaticText, int]] = {}
        self._font_key = ""
        self._metrics = QFontMetrics(self.font())

    def paintEvent(self, event: QPaintEvent) -> None:
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        area = event.rect()
        first = self.rowAt(area.top()) if rows else -1
        if first < 0:
            return
        last = self.rowAt(area.bottom())
        last = rows - 1 if last < 0 else last
        columns = [
            (c, self.columnViewportPosition(c), self.columnWidth(c))
            for c in range(model.columnCount())
            if not self.isColumnHidden(c)
        ]
        if not columns:
            return
        font = self.font()
        if font.key() != self._font_key:
            self._font_key = font.key()
            self._metrics = QFontMetrics(font)
            self._laid_out.clear()
        palette = self.palette()
        if not self.isEnabled():
            group = QPalette.ColorGroup.Disabled
        elif self.isActiveWindow():
            group = QPalette.ColorGroup.Active
        else:
            group = QPalette.ColorGroup.Inactive
        highlight = palette.brush(group, QPalette.ColorRole.Highlight)
        alternate = palette.brush(group, QPalette.ColorRole.AlternateBase)
        text_pen = palette.color(group, QPalette.ColorRole.Text)
        chosen_pen = palette.color(group, QPalette.ColorRole.HighlightedText)
        alternating = self.alternatingRowColors()
        selection = self.selectionModel()
        # The chosen rows, from the selection's ranges (isRowSelected asks every column).
        chosen_rows = (
            [(r.top(), r.bottom()) for r in selection.selection()] if selection is not None else []
        )
        left = columns[0][1]
        width = columns[-1][1] + columns[-1][2] - left
        text_height = self._metrics.height()
        laid, right, padding = self._laid, self._right, self.PADDING
        painter = QPainter(self.viewport())
        painter.setFont(font)
        bottom = 0
        for row in range(first, last + 1):
            y = self.rowViewportPosition(row)
            height = self.rowHeight(row)
            bottom = y + height
            chosen = any(top <= row <= end for top, end in chosen_rows)
            if chosen:
                painter.fillRect(left, y, width, height, highlight)
            elif alternating and row & 1:
                painter.fillRect(left, y, width, height, alternate)
            texts = self._texts_at(row)
            if not texts:
                continue
            painter.setPen(chosen_pen if chosen else text_pen)
            top = y + (height - text_height) // 2
            for column, x, column_width in columns:
                text = texts[column]
                room = column_width - 2 * padding
                if not text or room <= 0:
                    continue
                static, advance = laid(text, room)
                if column in right:
                    painter.drawStaticText(x + column_width - padding - advance, top, static)
                else:
                    painter.drawStaticText(x + padding, top, static)
        current = self.currentIndex().row() if self.hasFocus() else -1
        if first <= current <= last and not any(t <= current <= e for t, e in chosen_rows):
            # Where the keyboard is, when that row is not chosen: a frame in the highlight's
            # colour (Qt's own focus frame is drawn by the painting this replaces).
            y = self.rowViewportPosition(current)
            frame = QColor(highlight.color())
            for edge in (
                (left, y, width, 2),
                (left, y + self.rowHeight(current) - 2, width, 2),
                (left, y, 2, self.rowHeight(current)),
                (left + width - 2, y, 2, self.rowHeight(current)),
            ):
                painter.fillRect(*edge, frame)
        if self.showGrid():
            option = QStyleOptionViewItem()
            option.initFrom(self)
            grid = self.style().styleHint(QStyle.StyleHint.SH_Table_GridLineColor, option, self)
            colour = QColor.fromRgba(grid & 0xFFFFFFFF)
            top = self.rowViewportPosition(first)
            for row in range(first, last + 1):
                line = self.rowViewportPosition(row) + self.rowHeight(row) - 1
                painter.fillRect(left, line, width, 1, colour)
            for _column, x, column_width in columns:
                painter.fillRect(x + column_width - 1, top, 1, bottom - top, colour)
        painter.end()

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:
        super().currentChanged(current, previous)  # (repaints the two cells only)
        self._repaint_row(previous)
        self._repaint_row(current)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self._repaint_row(self.currentIndex())

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self._repaint_row(self.currentIndex())

    def _repaint_row(self, index: QModelIndex) -> None:
        """The whole row of `index` painted again: its frame spans every column."""
        if index.isValid():
            y = self.rowViewportPosition(index.row())
            self.viewport().update(0, y, self.viewport().width(), self.rowHeight(index.row()))

    def _laid(self, text: str, room: int) -> tuple[QStaticText, int]:
        found = self._laid_out.get((text, room))
        if found is not None:
            return found
        # Laid out once, and measured from that layout (not shaped again to measure it).
        static = self._static(text)
        advance = math.ceil(static.size().width())
        if advance > room:
            static = self._static(self._metrics.elidedText(text, Qt.TextElideMode.ElideRight, room))
            advance = math.ceil(static.size().width())
        if len(self._laid_out) >= self._KEPT:
            self._laid_out.clear()
        found = self._laid_out[(text, room)] = (static, advance)
        return found

    def _static(self, text: str) -> QStaticText:
        static = QStaticText(text)
        static.setTextFormat(Qt.TextFormat.PlainText)  # a name is never read as markup
        static.prepare(QTransform(), self.font())
        return static
