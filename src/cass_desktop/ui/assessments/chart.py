"""A scored tool over time, as a small chart painted with QPainter.

Painted rather than drawn with QtCharts (in PySide6-Addons, 59 MB more in the bundle) or
pyqtgraph (which brings numpy, about 40 MB): a dozen points on a few bands needs a hundred
lines of painting, no new dependency, and looks the same offscreen, on screen and in tests.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from cass_desktop.assessments import Point
from cass_desktop.records.dates import show_date, show_date_short
from cass_desktop.ui.shell import style

# Bands from the lowest to the highest, pale enough for the line to read over them.
_BAND_COLOURS = style.CHART_BAND_COLOURS
_LINE = style.CHANGED_COLOUR
_TEXT = style.CHART_TEXT_COLOUR
_MUTED = style.MUTED_COLOUR


class ScoreChart(QWidget):
    """One tool's main score at each assessment, oldest on the left, over its bands."""

    def __init__(self, line: Point, parent: QWidget | None = None):
        super().__init__(parent)
        self.line = line
        self.setObjectName(f"chart_{line.form_id}")
        self.setMinimumSize(240, 150)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        last = line.points[-1] if line.points else None
        if last is not None:
            date, value, band = last
            text = self.tr("%1: %2 on %3").replace("%1", line.score.label)
            text = text.replace("%2", f"{value} ({band})" if band else str(value))
            self.setToolTip(text.replace("%3", show_date(date)))

    def sizeHint(self) -> QSize:
        return QSize(280, 150)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        score = self.line.score
        metrics = painter.fontMetrics()
        line_height = metrics.height()
        # "PHQ-9" from "PHQ-9: depression (...)": the tool's own short name.
        title = self.line.title.split(":")[0].strip() or score.label
        painter.setPen(_TEXT)
        painter.drawText(
            QRectF(4, 0, self.width() - 8, line_height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(title, Qt.TextElideMode.ElideRight, self.width() - 8),
        )
        left, right = 30.0, 8.0
        top, bottom = line_height + 4.0, line_height + 4.0
        plot = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)
        if plot.width() <= 10 or plot.height() <= 10:
            return
        low, high = score.low, max(score.high, score.low + 1)

        def y_of(value: float) -> float:
            return plot.bottom() - (value - low) / (high - low) * plot.height()

        for n, band in enumerate(score.bands):
            band_top, band_bottom = y_of(band.high + 0.5), y_of(band.low - 0.5)
            band_top, band_bottom = max(band_top, plot.top()), min(band_bottom, plot.bottom())
            colour = QColor(_BAND_COLOURS[min(n, len(_BAND_COLOURS) - 1)])
            painter.fillRect(
                QRectF(plot.left(), band_top, plot.width(), band_bottom - band_top), colour
            )
        painter.setPen(QPen(_MUTED, 1))
        painter.drawRect(plot)
        small = painter.font()
        small.setPointSizeF(max(small.pointSizeF() - 1.5, 6.0))
        painter.setFont(small)
        for value in (low, high):
            painter.drawText(
                QRectF(0, y_of(value) - line_height / 2, left - 4, line_height),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(value),
            )
        points = self.line.points
        if not points:
            return
        step = plot.width() / max(len(points) - 1, 1)
        where = [
            QPointF(plot.left() + (step * n if len(points) > 1 else plot.width() / 2), y_of(v))
            for n, (_d, v, _b) in enumerate(points)
        ]
        painter.setPen(QPen(_LINE, 2))
        for a, b in itertools.pairwise(where):
            painter.drawLine(a, b)
        painter.setBrush(_LINE)
        for point in where:
            painter.drawEllipse(point, 3.5, 3.5)
        painter.setPen(_TEXT)
        first, last = points[0], points[-1]
        painter.drawText(
            QRectF(plot.left(), plot.bottom() + 2, plot.width() / 2, line_height),
            Qt.AlignmentFlag.AlignLeft,
            show_date_short(first[0]),
        )
        if len(points) > 1:
            painter.drawText(
                QRectF(plot.center().x(), plot.bottom() + 2, plot.width() / 2, line_height),
                Qt.AlignmentFlag.AlignRight,
                show_date_short(last[0]),
            )
        label = f"{last[1]}" + (f" {last[2]}" if last[2] else "")
        painter.drawText(
            QRectF(plot.left() + 4, plot.top() + 2, plot.width() - 8, line_height),
            Qt.AlignmentFlag.AlignRight,
            label,
        )
        painter.end()
