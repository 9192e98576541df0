"""Head office's Conflicts page, driven by clicking and typing."""

from __future__ import annotations

from cass_desktop.data import clients
from cass_desktop.ui.headoffice.conflicts_page import ConflictsPage
from tests.helpers.headoffice import cell as _cell
from tests.helpers.headoffice import choose as _choose
from tests.helpers.headoffice import click as _click
from tests.helpers.headoffice import click_cell as _click_cell
from tests.helpers.headoffice import conflict as _conflict
from tests.helpers.headoffice import rows as _rows
from tests.helpers.headoffice import shot as _shot


def test_resolve_a_conflict_by_clicking(qtbot, ho):
    person = _conflict(ho)
    page = ConflictsPage(ho.context)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    page.refresh()
    assert page.nav_label() == "Conflicts (1)"
    assert _rows(page.table) == 1
    assert _cell(page.table, 0, page.RECORD).startswith("Aisling Ó Briain (PLY-")
    assert _cell(page.table, 0, page.DETAIL) == "Phone"
    assert _cell(page.table, 0, page.SHOWN).startswith("07700 900002\nPlymouth (Alex")
    assert "from Plymouth (Alex Carter)" in page.first_choice.text()
    assert "from Head office" in page.second_choice.text()
    _shot(page, "conflicts")

    _click(qtbot, page.keep_button)  # nothing chosen yet
    assert page.error.text() == "Choose one of the values, or type another."
    with qtbot.waitSignal(page.count_changed, timeout=30_000):
        _choose(qtbot, page.second_choice)
        _click(qtbot, page.keep_button)
    assert clients.get(ho.db, person)["phone"] == "07700 900001"
    assert page.count == 0 and page.nav_label() == "Conflicts"
    assert page.empty.isVisible()
    assert "07700 900001 kept" in page.done.text()


def test_type_another_value_for_a_conflict(qtbot, ho):
    person = _conflict(ho)
    page = ConflictsPage(ho.context)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.keyClicks(page.other_text, "01632 960999")
    assert page.other_choice.isChecked()
    _click(qtbot, page.keep_button)
    assert clients.get(ho.db, person)["phone"] == "01632 960999"


def test_enter_on_a_conflict_opens_the_person(qtbot, ho):
    from PySide6.QtCore import Qt

    person = _conflict(ho)
    page = ConflictsPage(ho.context)
    qtbot.addWidget(page)
    page.resize(1024, 640)
    page.show()
    page.refresh()
    opened: list[str] = []
    ho.context.client_requested.connect(opened.append)
    _click_cell(qtbot, page.table, 0, page.DETAIL)
    assert page.record_label.text().endswith("Phone")
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == [person]
    assert clients.get(ho.db, person)["phone"] == "07700 900002"  # nothing chosen or saved
