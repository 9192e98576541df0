"""What head office's pages share: styles, headings, notes, table cells, the fingerprint's
large type, and the name recorded beside a decision."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QLabel,
    QTableWidget,
    QTableWidgetItem,
)

from cass_desktop.data import local
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.style import HEADING_STYLE, NOTE_STYLE


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(HEADING_STYLE)
    return label


def note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    return label


def item(text: str, data: Any = None) -> QTableWidgetItem:
    cell = QTableWidgetItem(text)
    if data is not None:
        cell.setData(Qt.ItemDataRole.UserRole, data)
    return cell


def selected_row(table: QTableWidget) -> int | None:
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
