"""What head office's pages share: styles, headings, notes, table cells, the fingerprint's
large type, and the name recorded beside a decision."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QLabel,
    QTableWidget,
    QTableWidgetItem,
)

from cass_desktop.data import local
from cass_desktop.ui.shell.context import AppContext

HEADING_STYLE = "font-size: 16pt; font-weight: bold;"
NOTE_STYLE = "color: #4a4a4a;"
WARNING_STYLE = "color: #8a4b00; font-weight: bold;"
ERROR_STYLE = "color: #b00020;"
DONE_STYLE = "color: #1b5e20;"
QUIET_BACKGROUND = QColor("#fdebd0")
PENDING_BACKGROUND = QColor("#e3f2fd")


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(HEADING_STYLE)
    return label


def _note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    return label


def _item(text: str, data: Any = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def _selected_row(table: QTableWidget) -> int | None:
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else None


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
