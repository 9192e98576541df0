"""Small field widgets the dialogs share: a typed date with the day it was read as, a combo
box of a vocabulary's words, a filter's choices reloaded keeping the one chosen, a worker to
choose, and the keys of a search box above a list.
Used by the person's record dialogs, the court date dialog, the referral dialog and the
letter batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QWidget,
)

from cass_desktop.data import sites
from cass_desktop.records.dates import (
    parse_date,
    show_date,
    show_date_short,
)
from cass_desktop.ui.shell.context import AppContext


def vocab_combo(words: Mapping[str, str], blank: str | None = None) -> QComboBox:
    """A combo box of a vocabulary's words holding the stored keys; `blank` offers no choice."""
    combo = QComboBox()
    if blank is not None:
        combo.addItem(blank, None)
    for key, label in words.items():
        combo.addItem(label, key)
    return combo


def select_data(combo: QComboBox, key: Any) -> None:
    """Choose the entry holding `key`; a key from a newer version is added as it is."""
    index = combo.findData(key)
    if index < 0 and key is not None:
        combo.addItem(str(key), key)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))


def reload_choices(
    combo: QComboBox,
    any_text: str,
    choices: Iterable[tuple[str, Any] | tuple[str, Any, str | None]],
) -> None:
    """Fill a filter's combo box afresh: `any_text` (no filter, None) first, then each
    (text, key) or (text, key, tooltip), keeping the key chosen before when it is still
    offered (else back to `any_text`). Emits no change of choice while it does so."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(any_text, None)
    for text, key, *tooltip in choices:
        combo.addItem(text, key)
        if tooltip and tooltip[0]:
            combo.setItemData(combo.count() - 1, tooltip[0], Qt.ItemDataRole.ToolTipRole)
    index = combo.findData(chosen) if chosen else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


def worker_combo(context: AppContext, selected: str | None) -> QComboBox:
    combo = QComboBox()
    for worker in sites.list_workers(context.db):
        combo.addItem(worker["name"], worker["id"])
    if selected and combo.findData(selected) < 0:
        worker = sites.get_worker(context.db, selected)
        combo.addItem(worker["name"] if worker else selected, selected)
    if selected:
        combo.setCurrentIndex(combo.findData(selected))
    return combo


class ListSearchKeys(QObject):
    """In a search box above a list of matches: Up and Down move through the matches, and
    Enter picks the highlighted one (the first if none is) instead of saving the dialog."""

    def __init__(self, edit: QLineEdit, results: QListWidget):
        super().__init__(edit)
        self.results = results
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()
        results = self.results
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and results.count():
            step = 1 if key == Qt.Key.Key_Down else -1
            results.setCurrentRow(max(0, min(results.count() - 1, results.currentRow() + step)))
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if results.count() and results.currentItem() is None:
                results.setCurrentRow(0)
            return True
        return False


class DateField(QWidget):
    """A date typed as dd/mm/yyyy, with the date it was read as shown beside it."""

    def __init__(self, value: dt.date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("dd/mm/yyyy"))
        self.edit.setMaxLength(10)
        self.edit.setFixedWidth(110)
        self.shown = QLabel()
        self.shown.setStyleSheet("color: palette(mid);")
        self.shown.setMinimumWidth(170)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.shown, 1)
        self.edit.textChanged.connect(self._show)
        if value is not None:
            self.set_date(value)

    def set_date(self, value: dt.date | None) -> None:
        self.edit.setText(show_date_short(value.isoformat()) if value else "")

    def date(self) -> dt.date:
        """The typed date; ValueError in plain words if it is missing or not a date."""
        return parse_date(self.edit.text())

    def _show(self, text: str) -> None:
        try:
            day = parse_date(text)
        except ValueError:
            self.shown.setText("")
            return
        self.shown.setText(f"{day:%A} {show_date(day.isoformat())}")


def date_problem(label: str, error: ValueError) -> str:
    text = str(error)
    if text.startswith("no "):
        return f"Enter the {label.lower()}."
    return f"{label}: {text[0].upper()}{text[1:]}."
