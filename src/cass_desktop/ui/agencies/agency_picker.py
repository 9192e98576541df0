"""Choosing one agency: a search box, the matches, and the choice said in words beneath.

The choice is the worker's alone. Typing in the search box only narrows the list; it never
changes which agency is chosen, and nothing is chosen for the worker. An agency is chosen by
clicking it, by moving to it in the list, or by Enter in the search box (the highlighted match,
or the first). The chosen agency is never listed twice: it is shown in words under the list.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from cass_desktop.data import agencies
from cass_desktop.records import vocab

_ID = Qt.ItemDataRole.UserRole


class AgencyPicker(QWidget):
    """Search for an agency and choose it; `changed` is emitted when the choice changes."""

    changed = Signal()

    def __init__(
        self,
        db: Any,
        parent: QWidget | None = None,
        *,
        chosen_words: str = "",
        none_words: str = "",
        placeholder: str = "",
        list_height: int = 120,
    ):
        super().__init__(parent)
        self.db = db
        self.chosen_words = chosen_words or self.tr("Chosen: %1")
        self.none_words = none_words or self.tr("No agency chosen yet.")
        self._chosen: dict[str, Any] | None = None
        self.directory_empty = False
        self.search = QLineEdit()
        self.search.setObjectName("agencyPickerSearch")
        self.search.setPlaceholderText(placeholder or self.tr("Type part of the agency's name"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("agencyPickerList")
        self.results.setMaximumHeight(list_height)
        self.chosen_label = QLabel()
        self.chosen_label.setObjectName("agencyChosen")
        self.chosen_label.setWordWrap(True)
        self.chosen_label.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        layout.addWidget(self.chosen_label)
        self.search.textChanged.connect(self.refresh)
        self.search.installEventFilter(self)
        self.results.itemClicked.connect(self._pick)
        self.results.itemActivated.connect(self._pick)
        self.results.currentItemChanged.connect(self._moved)
        self.refresh()
        self._show_choice()

    # -- the choice -----------------------------------------------------------------------

    def chosen_id(self) -> str | None:
        return self._chosen["id"] if self._chosen else None

    def chosen(self) -> dict[str, Any] | None:
        return dict(self._chosen) if self._chosen else None

    def choose(self, agency_id: str | None) -> None:
        """Make `agency_id` the choice (None clears it)."""
        row = agencies.get(self.db, agency_id) if agency_id else None
        if (row["id"] if row else None) == self.chosen_id():
            return
        self._chosen = dict(row) if row else None
        self._show_choice()
        self._highlight()
        self.changed.emit()

    def _show_choice(self) -> None:
        if self._chosen is None and self.directory_empty:
            self.chosen_label.setText(
                html.escape(
                    self.tr(
                        "There are no agencies yet. Add one on the Agencies page (Add "
                        "agency…, or Import from CSV…), or wait for head office's directory "
                        "to arrive with its next update."
                    )
                )
            )
        elif self._chosen is None:
            self.chosen_label.setText(html.escape(self.none_words))
        else:
            name = "<b>" + html.escape(self._chosen["name"]) + "</b>"
            self.chosen_label.setText(html.escape(self.chosen_words).replace("%1", name))

    def _pick(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.choose(item.data(_ID))

    def _moved(self, item: QListWidgetItem | None, _old: QListWidgetItem | None) -> None:
        # Moving through the list with the keys chooses; the list refilling as the worker
        # types does not.
        if item is not None and self.results.hasFocus():
            self._pick(item)

    # -- the list -------------------------------------------------------------------------

    def label(self, row: Mapping[str, Any]) -> str:
        words = row["name"]
        if row.get("domains"):
            words += f"  ·  {vocab.domain_labels(row['domains'])}"
        if not row.get("active", 1):
            words += "  " + self.tr("(not active)")
        return words

    def refresh(self, text: str | None = None) -> None:
        text = self.search.text() if text is None else text
        self.results.blockSignals(True)
        self.results.clear()
        for row in agencies.search(self.db, text, limit=50):
            item = QListWidgetItem(self.label(row), self.results)
            item.setData(_ID, row["id"])
            item.setToolTip(row["name"])
        self.results.setCurrentItem(None)
        self.results.blockSignals(False)
        self.directory_empty = not text.strip() and self.results.count() == 0
        self._highlight()
        if hasattr(self, "chosen_label"):
            self._show_choice()

    def _highlight(self) -> None:
        """Show the chosen agency selected in the list when it is there; pick nothing else."""
        self.results.blockSignals(True)
        self.results.setCurrentItem(None)
        self.results.clearSelection()
        chosen = self.chosen_id()
        for i in range(self.results.count()):
            item = self.results.item(i)
            if chosen and item.data(_ID) == chosen:
                self.results.setCurrentItem(item)
                break
        self.results.blockSignals(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.search or event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()
        results = self.results
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and results.count():
            step = 1 if key == Qt.Key.Key_Down else -1
            row = results.currentRow()
            row = 0 if row < 0 else max(0, min(results.count() - 1, row + step))
            results.blockSignals(True)
            results.setCurrentRow(row)
            results.blockSignals(False)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if results.count():
                self._pick(results.currentItem() or results.item(0))
            return True
        return False
