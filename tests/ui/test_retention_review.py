"""File ▸ Records due for review…: the people due under the schedule, and changing it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cass_desktop.data import changelog, clients
from cass_desktop.privacy import retention
from cass_desktop.ui.privacy.retention_review import RetentionDialog


def test_the_review_lists_who_is_due_and_the_years_can_be_changed(qtbot, context):
    db = context.db
    old = clients.create(
        db,
        {"given_name": "Tamsin", "family_name": "Rowe", "site_id": context.site_id},
        "PLY",
    )
    closed = {"status": "closed", "opened_on": "2015-01-05", "closed_on": "2016-02-01"}
    changelog.save(db, "clients", closed, old)
    recent = clients.create(
        db,
        {"given_name": "Jory", "family_name": "Hicks", "site_id": context.site_id},
        "PLY",
    )
    changelog.save(db, "clients", {**closed, "closed_on": "2023-02-01"}, recent)
    dialog = RetentionDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "Tamsin Rowe"
    assert dialog.table.item(0, 3).text() == "1 Feb 2016"
    assert "1 due for review (records are kept 6 years)" in dialog.summary.text()

    dialog.years.setValue(1)
    qtbot.mouseClick(dialog.save_years, Qt.MouseButton.LeftButton)
    assert retention.years(db) == 1
    assert [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())] == [
        "Tamsin Rowe",
        "Jory Hicks",
    ]
