"""What head office's pages share: styles, headings, notes, their lists of records (a
RecordsModel behind a view), the fingerprint's large type, and the name recorded beside a
decision."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QTableView

from cass_desktop.data import local
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.style import HEADING_STYLE, NOTE_STYLE
from cass_desktop.ui.shell.tables import FitColumns, RecordsModel, records_view


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(HEADING_STYLE)
    return label


def note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    return label


class _FitRows(FitColumns):
    """FitColumns, and then each row as tall as its wrapped text: again whenever the list is
    refilled, sorted or resized."""

    def __init__(self, view: QTableView, keep: int | None = None):
        super().__init__(view, keep)
        model = view.model()
        model.modelReset.connect(self.fit)
        model.layoutChanged.connect(self.fit)

    def fit(self, *_args: object) -> None:
        super().fit()
        # The last column takes what is left now, not when the header next lays itself out.
        last = self.header.count() - 1
        if last > 0:
            used = sum(self.header.sectionSize(c) for c in range(last))
            self.header.resizeSection(last, max(self.view.viewport().width() - used, 1))
        if self.view.wordWrap():
            self.view.resizeRowsToContents()


def records_list(
    owner: QObject, model: RecordsModel, name: str, keep: int | None = None
) -> tuple[QSortFilterProxyModel, QTableView]:
    """One of head office's lists: a records_view whose cells wrap (a value and where it came
    from, or several changes, each on a line of its own), its columns kept inside its width
    from 1024x700 up (FitColumns: the widest narrows first, never `keep` while another can;
    the whole text in the tooltip) and each row as tall as it needs, refitted as it is
    refilled. The rows stay in the order given until a heading is clicked."""
    proxy, table = records_view(owner, model, RecordsModel.SORT_ROLE, name)
    table.setWordWrap(True)
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    proxy.sort(-1)
    table.fit_columns = _FitRows(table, keep)
    return proxy, table


def _source(table: QTableView) -> tuple[QSortFilterProxyModel, RecordsModel]:
    proxy = table.model()
    assert isinstance(proxy, QSortFilterProxyModel)
    model = proxy.sourceModel()
    assert isinstance(model, RecordsModel)
    return proxy, model


def selected_record(table: QTableView) -> Any | None:
    """The record on the row selected in a records_list (itself, not a copy), or None."""
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    proxy, model = _source(table)
    row = proxy.mapToSource(rows[0]).row()
    return model.record(row) if 0 <= row < model.rowCount() else None


def select_record(table: QTableView, wanted: Callable[[Any], bool]) -> bool:
    """Select the first row (as sorted) whose record is `wanted`; False when none is."""
    proxy, model = _source(table)
    for row in range(proxy.rowCount()):
        source = proxy.mapToSource(proxy.index(row, 0)).row()
        if wanted(model.record(source)):
            table.selectRow(row)
            return True
    return False


def fingerprint_font() -> QFont:
    """Large and monospaced, so two people can read a fingerprint to each other by phone."""
    font = QFont("monospace")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(20)
    font.setBold(True)
    return font


def who_is_reviewing(context: AppContext) -> str:
    """The name recorded beside a decision: the worker, else the organisation."""
    worker = context.worker
    if worker and worker.get("name"):
        return worker["name"]
    return local.get(context.db, "organisation") or "Head office"
