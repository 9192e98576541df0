"""The client page's record tabs come from their descriptions (record_tabs.TABS), and an
empty tab says so ("No follow-ups yet.") instead of showing a blank table."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cass_desktop.ui.people.client_page import ClientPage
from cass_desktop.ui.people.record_tabs import TABS
from tests.helpers.people import add_person
from tests.helpers.qt import type_into


def test_each_tab_is_built_from_its_description_and_says_when_it_is_empty(qtbot, context):
    person = add_person(context.db)
    page = ClientPage(context)
    qtbot.addWidget(page)
    page.show()
    page.load(person)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    record_titles = [tab.title for tab in TABS]
    # The Assessments tab (its own page, not a RecordTab) comes just before the Timeline, and
    # the History (a widget of its own: showing the page is in it) last.
    assert titles == ["Profile", *record_titles[:-2], "Assessments", *record_titles[-2:]]
    for tab in TABS[:-1]:
        page.tabs.setCurrentIndex(getattr(page, f"{tab.name}_tab"))
        assert getattr(page, f"{tab.name}_empty").isVisible(), tab.name
        assert not getattr(page, f"{tab.name}_table").isVisible(), tab.name
    page.tabs.setCurrentIndex(page.followups_tab)
    assert page.followups_empty.text() == "No follow-ups yet. Add follow-up (above) adds one."

    # Adding one shows the table in its place.
    qtbot.mouseClick(page.add_followup, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    type_into(qtbot, dialog.what, "Ring Shelter")
    qtbot.keyClick(dialog.what, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.followups_table.rowCount() == 1, timeout=10_000)
    page.refresh()
    page.tabs.setCurrentIndex(page.followups_tab)
    assert page.followups_table.isVisible()
    assert not page.followups_empty.isVisible()
