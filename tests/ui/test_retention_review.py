"""File ▸ Records due for review…: the people due under the schedule, and changing it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cass_desktop.privacy import retention
from cass_desktop.sync import settings_section
from cass_desktop.ui.privacy.retention_review import RetentionDialog
from cass_desktop.ui.shell.main_window import MainWindow
from tests.helpers.people import add_person


def test_the_review_lists_who_is_due_under_head_offices_years(qtbot, context):
    db = context.db
    closed = {"status": "closed", "opened_on": "05/01/2015", "closed_on": "01/02/2016"}
    add_person(db, "Tamsin", "Rowe", **closed)
    add_person(db, "Jory", "Hicks", **{**closed, "closed_on": "01/02/2023"})
    dialog = RetentionDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "Tamsin Rowe"
    assert dialog.table.item(0, 3).text() == "1 Feb 2016"
    assert "1 due for review (records are kept 6 years)" in dialog.summary.text()

    # On a laptop the years are head office's (issue 13): shown, not changed here.
    assert not dialog.years.isEnabled() and not dialog.save_years.isVisible()
    assert "Set by head office" in dialog.schedule.set_by.text()
    assert settings_section.take(db, b'{"retention_years":1,"revision":1}')  # its update came
    dialog.schedule.refresh()
    dialog.refresh()
    assert dialog.years.value() == 1
    assert "it cannot be changed here" in dialog.schedule.set_by.text()
    assert [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())] == [
        "Tamsin Rowe",
        "Jory Hicks",
    ]


def test_head_office_sets_the_years_in_settings_and_they_go_with_its_updates(qtbot, tmp_path):
    from cass_desktop.data import store_path
    from cass_desktop.sites.setup import set_up_head_office
    from cass_desktop.ui.settings.settings_page import SettingsPage
    from cass_desktop.ui.shell.context import AppContext
    from tests.helpers.stores import new_store

    db = new_store(store_path(tmp_path))
    set_up_head_office(db, "Devon and Cornwall CASS")
    page = SettingsPage(AppContext(db, store_path(tmp_path)))
    qtbot.addWidget(page)
    page.show()
    row = page.retention_box.row
    assert row.years.isEnabled() and row.years.value() == 6
    assert "Sent to every laptop" in row.set_by.text()
    row.years.setValue(4)
    qtbot.mouseClick(row.save_years, Qt.MouseButton.LeftButton)
    assert retention.years(db) == 4 and row.message.text() == "Saved."
    assert settings_section.read(settings_section.for_update(db))["retention_years"] == 4
    page.close()
    db.close()


def test_file_menu_opens_the_review(qtbot, context):
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    [action] = [a for a in window.file_menu.actions() if a.text() == "Records due for review…"]
    action.trigger()
    assert isinstance(window.retention_dialog, RetentionDialog)
    assert window.retention_dialog.isVisible()
    window.retention_dialog.close()
