"""Head office's Possible duplicates page: merging, undoing and telling people apart."""

from __future__ import annotations

from cass_desktop.data import clients
from cass_desktop.sync.exporter import export_device
from cass_desktop.sync.importer import import_file
from cass_desktop.ui.headoffice.duplicates_page import DuplicatesPage
from tests.helpers.headoffice import cell as _cell
from tests.helpers.headoffice import choose as _choose
from tests.helpers.headoffice import click as _click
from tests.helpers.headoffice import click_cell as _click_cell
from tests.helpers.headoffice import double_click_cell as _double_click_cell
from tests.helpers.headoffice import person as _person
from tests.helpers.headoffice import rows as _rows
from tests.helpers.headoffice import shot as _shot


def test_merge_two_records_of_one_person_and_undo(qtbot, ho):
    ply, bodmin = ho.devices["plymouth"], ho.devices["bodmin"]
    kept = _person(ply, "Siân", "Ní Bhriain", "1990-03-14")
    duplicate = _person(ply, "Sian", "Ni Bhriain", "1990-03-14")
    _person(bodmin, "Tomasz", "Wiśniewski", "1988-05-03")
    for device in (ply, bodmin):
        import_file(ho.db, export_device(device, ho.outbox))
    page = DuplicatesPage(ho.context)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    with qtbot.waitSignal(page.looked, timeout=20_000):
        page.show()
    assert _rows(page.table) == 1
    assert "same date of birth (14 Mar 1990)" in _cell(page.table, 0, page.REASONS)
    page.table.selectRow(0)
    _shot(page, "duplicates")
    _click(qtbot, page.merge_button)
    dialog = page.dialog
    keep = dialog.keep_first if dialog.pair.first["id"] == kept else dialog.keep_second
    _choose(qtbot, keep)
    _shot(dialog, "duplicates-merge")
    _click(qtbot, dialog.merge_button)

    assert clients.get(ho.db, duplicate)["merged_into"] == kept
    assert _rows(page.table) == 0
    assert "is now merged into Siân Ní Bhriain" in page.message.text()
    assert _rows(page.merged_table) == 1
    assert _cell(page.merged_table, 0, 1).startswith("Siân Ní Bhriain (PLY-")
    assert clients.rowid_of(ho.db, duplicate) not in clients.list_rowids(ho.db)
    _shot(page, "duplicates-merged")

    page.merged_table.selectRow(0)
    with qtbot.waitSignal(page.looked, timeout=20_000):
        _click(qtbot, page.undo_button)
    assert clients.get(ho.db, duplicate)["merged_into"] is None
    assert _rows(page.table) == 1
    assert _rows(page.merged_table) == 0


def test_not_the_same_person(qtbot, ho):
    ply = ho.devices["plymouth"]
    _person(ply, "Jago", "Penrose", "1985-01-02")
    _person(ply, "Jago", "Penrose", "1985-01-02")
    import_file(ho.db, export_device(ply, ho.outbox))
    page = DuplicatesPage(ho.context)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.looked, timeout=20_000):
        page.show()
    page.table.selectRow(0)
    _click(qtbot, page.different_button)
    assert _rows(page.table) == 0
    with qtbot.waitSignal(page.looked, timeout=20_000):
        _click(qtbot, page.look_again)
    assert _rows(page.table) == 0
    assert page.status.text() == "No possible duplicates found."


def test_the_merge_dialog_says_each_court_keeps_the_fuller_record_and_enter_does_not_merge(
    qtbot, ho
):
    from PySide6.QtCore import Qt

    from cass_desktop.data import hearings

    ply = ho.devices["plymouth"]
    newer = _person(ply, "Aoife", "OSullivan", "1991-05-12")
    fuller = _person(ply, "Aoife", "O'Sullivan", "1991-05-12")
    hearings.create(ply, {"client_id": fuller, "starts_at": "2026-12-15T10:00"})
    import_file(ho.db, export_device(ply, ho.outbox))
    page = DuplicatesPage(ho.context)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.looked, timeout=20_000):
        page.show()
    page.table.selectRow(0)
    _click(qtbot, page.merge_button)
    dialog = page.dialog
    fuller_button = dialog.keep_first if dialog.pair.first["id"] == fuller else dialog.keep_second
    assert fuller_button.isChecked()  # the record with more history, to start with
    assert "at Plymouth" in fuller_button.text() and "1 record of history" in fuller_button.text()
    assert not dialog.merge_button.isDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert clients.get(ho.db, newer)["merged_into"] is None  # Enter did not merge
    assert clients.get(ho.db, fuller)["merged_into"] is None


def test_people_at_different_courts_are_not_merged(qtbot, ho):
    """Merged into a Plymouth record, Bodmin's person would vanish from Bodmin's laptop (it
    does not hold Plymouth's people): head office is told to move one person first."""
    ply, bodmin = ho.devices["plymouth"], ho.devices["bodmin"]
    kept = _person(ply, "Aoife", "O'Sullivan", "1991-05-12")
    duplicate = _person(bodmin, "Aoife", "OSullivan", "1991-05-12")
    for device in (ply, bodmin):
        import_file(ho.db, export_device(device, ho.outbox))
    page = DuplicatesPage(ho.context)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.looked, timeout=20_000):
        page.show()
    page.table.selectRow(0)
    _click(qtbot, page.merge_button)
    dialog = page.dialog
    bodmin_button = (
        dialog.keep_first if dialog.pair.first["id"] == duplicate else dialog.keep_second
    )
    assert "at Bodmin" in bodmin_button.text()
    _click(qtbot, dialog.merge_button)
    assert clients.get(ho.db, duplicate)["merged_into"] is None
    assert clients.get(ho.db, kept)["merged_into"] is None
    assert "move one person to the other's court first" in page.message.text()


def test_enter_or_a_double_click_opens_the_person(qtbot, ho):
    from PySide6.QtCore import Qt

    ply = ho.devices["plymouth"]
    _person(ply, "Jago", "Penrose", "1985-01-02")
    _person(ply, "Jago", "Penrose", "1985-01-02")
    import_file(ho.db, export_device(ply, ho.outbox))
    page = DuplicatesPage(ho.context)
    qtbot.addWidget(page)
    page.resize(1024, 640)
    with qtbot.waitSignal(page.looked, timeout=20_000):
        page.show()
    opened: list[str] = []
    ho.context.client_requested.connect(opened.append)
    _click_cell(qtbot, page.table, 0, page.REASONS)
    assert page.merge_button.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == [page.selected().first["id"]]
    _double_click_cell(qtbot, page.table, 0, page.SECOND)
    assert opened == [page.selected().first["id"]] * 2
    assert clients.get(ho.db, opened[0])["merged_into"] is None  # opening merges nothing
