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
