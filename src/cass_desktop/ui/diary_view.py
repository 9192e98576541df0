"""Scaffold: replaced by the real page."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from cass_desktop.ui.context import AppContext


class DiaryPage(QWidget):
    back_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context

    def refresh(self) -> None:
        pass

    def load(self, client_id: str) -> None:
        pass
