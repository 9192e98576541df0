"""A date box that goes where the worker types: 15, Right, 12, Enter is 15 December.

Qt moves on to the month by itself once two digits of the day are typed, selecting it; a Right
arrow pressed out of habit then lands inside the month, and "12" typed there is lost. Here an
arrow moves a whole part at a time, and does nothing when Qt has just moved on by itself. The
date is taken when typing is finished (Enter, or leaving the box), not at each key.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtWidgets import QDateEdit, QLineEdit, QWidget


class DateBox(QDateEdit):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setCalendarPopup(True)
        self.setKeyboardTracking(False)
        self.setMinimumDate(QDate(2000, 1, 1))
        self.setMaximumDate(QDate(2099, 12, 31))
        self.installEventFilter(self)

    def _line(self) -> QLineEdit:
        return self.lineEdit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Right, Qt.Key.Key_Left) and not event.modifiers():
                return self._move(1 if key == Qt.Key.Key_Right else -1)
        return super().eventFilter(watched, event)

    def _move(self, step: int) -> bool:
        line = self._line()
        index = self.currentSectionIndex()
        section_text = self.sectionText(self.sectionAt(index))
        if step > 0 and line.hasSelectedText() and line.selectedText() == section_text:
            # Qt has just moved on to this part by itself: stay on it.
            return True
        target = min(max(index + step, 0), self.sectionCount() - 1)
        self.setCurrentSectionIndex(target)
        self.setSelectedSection(self.sectionAt(target))
        return True
