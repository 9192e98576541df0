"""Driving real widgets as a person would."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication


def type_into(qtbot, widget, text: str) -> None:
    """Type as a person would, one key at a time, including letters such as ë, ễ and Ł.

    QTest can only press keys for ASCII characters, so any other letter is sent as the key
    event a keyboard layout or input method delivers: an unknown key carrying its text.
    """
    widget.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)
