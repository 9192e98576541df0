"""A table of plain words that paints each screen itself (the Clients list), for lists
repainted on every keystroke and scroll."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QStaticText,
    QTransform,
)
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView, QWidget

# Characters below this (Latin, Greek, Cyrillic) are drawn one after another, each its own
# width: a word is no wider than its letters' exact (fractional) widths added up, give or take
# kerning, which `_FIT_MARGIN` pixels cover.
_DRAWN_LETTER_BY_LETTER = 0x0530
_FIT_MARGIN = 2


class PlainTextTable(QTableView):
    """A table of plain words that paints each screen itself, each cell's words laid out once.

    For long lists repainted on every keystroke and scroll (the Clients list: 30 rows of 7
    columns). Qt's own painting asks the model for seven roles a cell, passes each cell
    through the style sheet's rules and lays its text out again every time: 35 to 40 ms for a
    screen. This one asks `texts_at(row)` once a row (the words the model formatted when it
    read the row) and draws each word: straight away the first time it is seen when it surely
    fits (`_first_sight`), else from a QStaticText kept for it at its column's width (elided
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
        # Words drawn once without laying them out (see _first_sight), and each character's
        # width in the table's font.
        self._seen: set[tuple[str, int]] = set()
        self._widths: dict[str, float] = {}
        self._font_key = ""
        self._metrics = QFontMetrics(self.font())
        self._exact = QFontMetricsF(self.font())

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
            self._exact = QFontMetricsF(font)
            self._laid_out.clear()
            self._seen.clear()
            self._widths.clear()
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
        ascent = self._metrics.ascent()
        laid, right, padding = self._laid, self._right, self.PADDING
        kept, first_sight = self._laid_out, self._first_sight
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
                found = kept.get((text, room))
                if found is None:
                    if column not in right and first_sight(text, room):
                        painter.drawText(x + padding, top + ascent, text)
                        continue
                    found = laid(text, room)
                static, advance = found
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

    def _first_sight(self, text: str, room: int) -> bool:
        """Whether to draw a word straight away rather than lay it out and keep it: the first
        time it is seen, when it surely fits. Most words on the screen after a keystroke are
        new (names, references, dates) and may never be painted again; laying one out costs
        about twice drawing it, so it is laid out and kept when it is painted a second time.
        Only alphabets drawn a letter at a time (Latin, Greek, Cyrillic) are measured, by
        adding up their letters' exact widths (whole pixels each fell short by up to 11 pixels
        a name at 12 points, so a name drawn so could run into the next cell)."""
        key = (text, room)
        if key in self._seen or not text.isprintable():
            return False
        widths = self._widths
        total = 0.0
        for ch in text:
            width = widths.get(ch)
            if width is None:
                if ord(ch) >= _DRAWN_LETTER_BY_LETTER:
                    return False
                width = widths[ch] = self._exact.horizontalAdvance(ch)
            total += width
        if math.ceil(total) + _FIT_MARGIN > room:
            return False
        if len(self._seen) >= self._KEPT:
            self._seen.clear()
        self._seen.add(key)
        return True

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
