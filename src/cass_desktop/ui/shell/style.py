"""The app's colours and message styles, in one place, and the style sheet every window gets.

Use these names rather than writing a colour: `ERROR_STYLE` for what needs putting right,
`DONE_STYLE` for what worked, `WARNING_STYLE` for what to take care over, `NOTE_STYLE` for
quieter words, `BLOCK_STYLE` for a box that stops the worker going on (the consent gate), and
the `QColor` values for table cells. `apply(app)` sets the application's style sheet, whose
focus rule makes the field, button or table with the keyboard focus plain to see.
"""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

# The palette ---------------------------------------------------------------------------------
ERROR = "#b00020"  # red: what needs putting right
DONE = "#1b5e20"  # green: it worked
WARNING = "#8a4b00"  # brown-orange: take care
OVERDUE = "#8b0000"  # dark red: late
NOTE = "#4a4a4a"  # grey: quieter words
MUTED = "#6b6b6b"  # paler grey: done, inactive, not in use
FOCUS = "#1a5fb4"  # strong blue: where the keyboard is
BLOCK_BACKGROUND = "#fdecea"
BLOCK_BORDER = "#e0a19b"
NOTICE_BACKGROUND = "#fff6d5"
NOTICE_BORDER = "#d9a400"
CHANGED = "#0b4f8a"  # blue: changed, busy, a line drawn on a chart
INFO_BACKGROUND = "#e3f2fd"  # pale blue: for information (a merge note, waiting to approve)
INFO_BORDER = "#9cc7ea"
INFO_TEXT = "#0d3c61"
CAUTION_BACKGROUND = "#fff4e0"  # pale orange: worth a look
CAUTION_BORDER = "#e8c07a"
REFUSED_BACKGROUND = "#fde7e9"  # pale red: a row that will not be taken
PAGE_BACKGROUND = "#8a8a8a"  # behind the pages of a letter's preview

# Message styles, for setStyleSheet on a label ---------------------------------------------------
ERROR_STYLE = f"color: {ERROR};"
DONE_STYLE = f"color: {DONE};"
WARNING_STYLE = f"color: {WARNING};"
STRONG_WARNING_STYLE = f"color: {WARNING}; font-weight: bold;"
NOTE_STYLE = f"color: {NOTE};"
HEADING_STYLE = "font-size: 16pt; font-weight: bold;"
NOTICE_FRAME_STYLE = f"background: {NOTICE_BACKGROUND}; border: 1px solid {NOTICE_BORDER};"
BLOCK_STYLE = (
    f"background: {BLOCK_BACKGROUND}; color: {OVERDUE}; border: 1px solid {BLOCK_BORDER}; "
    "border-radius: 4px; padding: 8px;"
)


def _badge(background: str, text: str, border: str) -> str:
    return f"background:{background}; color:{text}; border:1px solid {border};"


# A form's result badges, by how much they matter.
BADGE_STYLES = {
    "urgent": _badge(BLOCK_BACKGROUND, OVERDUE, BLOCK_BORDER),
    "warning": _badge(CAUTION_BACKGROUND, WARNING, CAUTION_BORDER),
    "info": _badge(INFO_BACKGROUND, INFO_TEXT, INFO_BORDER),
}

# Colours for table cells -------------------------------------------------------------------------
ERROR_COLOUR = QColor(ERROR)
DONE_COLOUR = QColor(DONE)
OVERDUE_COLOUR = QColor(OVERDUE)
MUTED_COLOUR = QColor(MUTED)
NOTE_COLOUR = QColor(NOTE)
CHANGED_COLOUR = QColor(CHANGED)
REFUSED_ROW_COLOUR = QColor(REFUSED_BACKGROUND)
NOTICE_ROW_COLOUR = QColor(NOTICE_BACKGROUND)
# An assessment's chart: the score bands from best to worst, and its words.
CHART_BAND_COLOURS = ("#e8f5e9", "#f9fbe7", "#fff8e1", "#fff3e0", "#fdecea", "#fce4ec")
CHART_TEXT_COLOUR = QColor("#333333")
# Head office's devices table: a laptop waiting to be approved, and one gone quiet.
PENDING_ROW_COLOUR = QColor(INFO_BACKGROUND)
QUIET_ROW_COLOUR = QColor("#fdebd0")

# Where the keyboard focus is: a 2-pixel frame in a strong blue on fields, lists and tables,
# and on buttons, so it cannot be missed (issue 9, item 15).
FOCUS_SHEET = f"""
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus,
QAbstractSpinBox:focus, QListView:focus, QTreeView:focus, QTableView:focus {{
    border: 2px solid {FOCUS};
}}
QPushButton:focus {{
    border: 2px solid {FOCUS};
    border-radius: 3px;
    padding: 1px 3px;
}}
QCheckBox:focus, QRadioButton:focus {{
    outline: 2px solid {FOCUS};
}}
"""


def apply(app: QApplication) -> None:
    """Give every window the app's style sheet (once; keeps any sheet already set)."""
    sheet = app.styleSheet() or ""
    if FOCUS_SHEET not in sheet:
        app.setStyleSheet(sheet + FOCUS_SHEET)
