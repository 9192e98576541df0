"""One style module: every colour is named in ui/shell/style.py, not written again."""

from __future__ import annotations

import re
from pathlib import Path

import cass_desktop
from cass_desktop.ui.shell import style

UI = Path(cass_desktop.__file__).parent / "ui"
# A colour written out: #rrggbb, anywhere in ui/ (style sheets, QColor, rich text).
_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def test_colours_are_written_only_in_the_style_module():
    found = []
    for path in UI.rglob("*.py"):
        if path.name == "style.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _HEX.search(line):
                found.append(f"{path.relative_to(UI)}:{number}: {line.strip()}")
    assert not found


def test_the_app_style_sheet_has_a_focus_rule(qapp):
    style.apply(qapp)
    style.apply(qapp)  # once only
    assert qapp.styleSheet().count(style.FOCUS_SHEET) == 1
    assert f"border: 2px solid {style.FOCUS}" in qapp.styleSheet()


def test_a_button_with_the_keyboard_focus_shows_its_whole_label(qtbot, qapp, context):
    """The focus frame's border and padding fit inside the room the button asked for
    unfocused: "← Back to Clients", focused on opening a person, lost its last letters."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton, QStyle, QStyleOptionButton

    from cass_desktop.ui.shell.main_window import MainWindow
    from tests.helpers.people import add_person

    style.apply(qapp)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.show_client(add_person(context.db, "Morwenna", "Trevithick"))
    buttons = [
        b
        for b in window.client_page.findChildren(QPushButton)
        if b.isVisible() and b.isEnabled() and b.focusPolicy() != Qt.FocusPolicy.NoFocus
    ]
    assert window.client_page.back in buttons
    for button in buttons:
        button.setFocus()
        qtbot.waitUntil(button.hasFocus, timeout=2_000)
        option = QStyleOptionButton()
        button.initStyleOption(option)
        room = button.style().subElementRect(
            QStyle.SubElement.SE_PushButtonContents, option, button
        )
        assert room.width() >= button.fontMetrics().horizontalAdvance(button.text()), button.text()
    window.close()
