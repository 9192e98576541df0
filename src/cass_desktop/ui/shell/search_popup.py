"""Global search (Ctrl+K): people and agencies as you type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.data import finding
from cass_desktop.records.dates import show_date
from cass_desktop.records.vocab import domain_labels
from cass_desktop.ui.shell.context import AppContext

_KIND = Qt.ItemDataRole.UserRole
_ID = Qt.ItemDataRole.UserRole + 1


class SearchPopup(QDialog):
    """Type part of a name, reference, date of birth or phone; Enter opens the first match."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Find a person or agency"))
        self.resize(560, 420)
        self.query = QLineEdit()
        self.query.setPlaceholderText(
            self.tr("Name, reference, date of birth (14/03/1990) or phone number")
        )
        self.query.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.hint = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hint)
        self.query.textChanged.connect(self._search)
        self.query.returnPressed.connect(self._open_current)
        self.results.itemActivated.connect(self._open)

    def open_search(self) -> None:
        self.query.selectAll()
        self.show()
        self.raise_()
        self.activateWindow()
        self.query.setFocus()
        self._search(self.query.text())

    def _search(self, text: str) -> None:
        self.results.clear()
        if not text.strip():
            self.hint.setText(self.tr("Start typing to search."))
            return
        for found in finding.find(self.context.db, text):
            if found.kind == "client":
                label = f"{found.name}  ·  {found.reference}"
                if found.date_of_birth:
                    label += f"  ·  {self.tr('born')} {show_date(found.date_of_birth)}"
            else:
                domains = domain_labels(found.domains)
                label = f"{found.name}  ·  {self.tr('agency')}  ·  {domains}"
            self._add(label, found.kind, found.id)
        if self.results.count():
            self.results.setCurrentRow(0)
            self.hint.setText(self.tr("Enter opens the highlighted result."))
        else:
            self.hint.setText(self.tr("Nobody and no agency matches “%1”.").replace("%1", text))

    def _add(self, label: str, kind: str, row_id: str) -> None:
        item = QListWidgetItem(label, self.results)
        item.setData(_KIND, kind)
        item.setData(_ID, row_id)

    def keyPressEvent(self, event) -> None:  # arrow keys move through results while typing
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.count():
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
            self.results.setCurrentRow(row)
            return
        super().keyPressEvent(event)

    def _open_current(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self._open(item)

    def _open(self, item: QListWidgetItem) -> None:
        self.hide()
        if item.data(_KIND) == "client":
            self.context.open_client(item.data(_ID))
        else:
            self.context.open_agency(item.data(_ID))
