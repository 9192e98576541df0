"""The table of listed cases that the day's list and the court-list import's preview both
show: made once (`case_table`: its columns, their widths, rows selected whole, nothing
edited in place) and filled a row at a time (`put_row`: each cell with its text as its
tooltip, coloured by the caller)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from cass_desktop.ui.shell.style import ERROR_COLOUR, MUTED_COLOUR

WARNING = ERROR_COLOUR
MUTED = MUTED_COLOUR


def case_table(
    name: str,
    headers: Sequence[str],
    widths: Sequence[tuple[int, int]],
    *,
    stretch: int | None = None,
    wrap: bool = False,
    one_at_a_time: bool = False,
) -> QTableWidget:
    """A read-only table of cases with `headers`, each (column, width) of `widths` set; the
    column `stretch` (else the last) takes the spare width. `wrap`: long cells wrap and rows
    grow to fit; `one_at_a_time`: one row selected at a time."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if one_at_a_time:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
    table.setWordWrap(wrap)
    if wrap:
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    for column, width in widths:
        table.setColumnWidth(column, width)
    return table


def put_row(
    table: QTableWidget,
    number: int,
    cells: Sequence[str],
    style: Callable[[int, QTableWidgetItem], None] | None = None,
) -> None:
    """Row `number` of `table` showing `cells`, each with its text as its tooltip; `style`
    (column, item) colours or emboldens a cell."""
    for column, text in enumerate(cells):
        item = QTableWidgetItem(text)
        item.setToolTip(text)
        if style is not None:
            style(column, item)
        table.setItem(number, column, item)
