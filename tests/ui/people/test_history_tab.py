"""A person's History tab shows who looked at or changed their record, and its Subject
access pack… button writes everything held about them into the folder chosen."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from cass_desktop.ui.people.client_page import ClientPage, table_texts
from tests.helpers.people import add_person
from tests.helpers.qt import type_into


def test_the_history_tab_shows_each_look_and_each_change(qtbot, context):
    person = add_person(context.db)
    page = ClientPage(context)
    qtbot.addWidget(page)
    page.show()
    page.load(person)
    page.tabs.setCurrentIndex(page.history_tab)
    assert page.tabs.tabText(page.history_tab) == "History"
    rows = table_texts(page.history_table)
    assert [row[3] for row in rows] == ["Looked at the record", "Added details"]
    worker = context.worker["name"]
    assert {row[1] for row in rows} == {worker}

    # A note added from the page shows in the history as the worker's change.
    qtbot.mouseClick(page.add_contact, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    type_into(qtbot, dialog.summary, "Spoke at court")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Added a contact note" in table_texts(page.history_table)[0][3])
    assert "Spoke at court" not in json.dumps(table_texts(page.history_table))

    page.tabs.setCurrentIndex(page.timeline_tab)
    page.load(person)  # shown again: a second look
    page.tabs.setCurrentIndex(page.history_tab)
    whats = [row[3] for row in table_texts(page.history_table)]
    assert whats.count("Looked at the record") == 2


def test_the_subject_access_button_writes_the_pack_where_chosen(
    qtbot, context, tmp_path, monkeypatch
):
    person = add_person(context.db)
    page = ClientPage(context)
    qtbot.addWidget(page)
    page.show()
    page.load(person)
    page.tabs.setCurrentIndex(page.history_tab)
    out = tmp_path / "for-kerensa"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    button = page.history_widget.pack_button
    assert button.isVisible() and button.text() == "Subject access pack…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    message = page.history_widget.message
    qtbot.waitUntil(lambda: "Written to" in message.text(), timeout=30_000)
    assert "not encrypted" in message.text()
    [made] = list(out.iterdir())
    held = json.loads((made / "subject-access.json").read_text())
    assert held["records"]["clients"][0]["family_name"] == "Pascoe"
    assert (made / "subject-access.pdf").read_bytes().startswith(b"%PDF")
    # Making the pack is itself in the history.
    qtbot.waitUntil(lambda: "Made a subject access pack" in table_texts(page.history_table)[0][3])


def test_a_demo_person_s_history_says_they_were_made_up(qtbot, tmp_path):
    """A demo store's people have no history of being made (data/made_up.py): the tab says
    so, and lists what was done in the demo since, as for anyone; someone added in the demo
    has a history of their own and no such note."""
    from cass_desktop import demo
    from cass_desktop.data import clients, open_store, store_path
    from cass_desktop.ui.shell.context import AppContext

    db = open_store(store_path(tmp_path))
    try:
        demo.generate(db, clients=5, seed=2)
        context = AppContext(db, store_path(tmp_path))
        person = next(iter(db["clients"].rows))["id"]
        page = ClientPage(context)
        qtbot.addWidget(page)
        page.show()
        page.load(person)
        page.tabs.setCurrentIndex(page.history_tab)
        note = page.history_widget.made_up_note
        qtbot.waitUntil(note.isVisible)
        assert "made up for the demo" in note.text()
        assert [row[3] for row in table_texts(page.history_table)] == ["Looked at the record"]
        clients.update(db, person, {"phone": "07700 900456"})
        context.notify_changed()
        qtbot.waitUntil(lambda: len(table_texts(page.history_table)) == 2)
        assert table_texts(page.history_table)[0][3].startswith("Changed")
        assert note.isVisible()

        added = add_person(db, "Tamsin", "Nance")
        page.load(added)
        page.tabs.setCurrentIndex(page.history_tab)
        qtbot.waitUntil(lambda: not note.isVisible())
        assert "Added details" in [row[3] for row in table_texts(page.history_table)]
    finally:
        db.close()
