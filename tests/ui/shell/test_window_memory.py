"""What the main window holds in memory before anyone asks for more (issue 12: peak memory).

The figure itself is bench/bench_rss.py's; these tests keep the structure that makes it: a
small page cache on the window's connection, and parts of the window built when first used,
still reached as a person reaches them."""

from __future__ import annotations


def test_the_windows_connection_keeps_a_small_page_cache_and_background_work_a_big_one(context):
    # A screen reads well under a megabyte of pages; merges and imports read the change
    # log's indexes at random, on connections of their own.
    assert context.db.execute("PRAGMA cache_size").fetchone()[0] == -2 * 1024
    background = context.open_connection()
    try:
        assert background.execute("PRAGMA cache_size").fetchone()[0] == -32 * 1024
    finally:
        background.close()


def test_the_source_pyside6_reads_of_each_module_is_not_kept(qapp, tmp_path, monkeypatch):
    """PySide6 read every module's source as it was imported, to tell whether it uses
    PySide6; Python's line cache kept all of it (14 MB with the Clients page open). It is now
    told from the module's names, reading no file (issue 12: start-up)."""
    import linecache
    import sys

    from shibokensupport import feature

    from cass_desktop.ui.shell.app import application

    application()
    probe = tmp_path / "cass_memory_probe.py"
    probe.write_text("from PySide6.QtCore import QObject\n\nPROBE = QObject\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "cass_memory_probe", raising=False)
    plain = tmp_path / "cass_plain_probe.py"
    plain.write_text("import json\n\nPROBE = json.dumps\n", encoding="utf-8")
    monkeypatch.delitem(sys.modules, "cass_plain_probe", raising=False)
    exec("import cass_memory_probe, cass_plain_probe", {})  # import statements, as ours are
    assert feature.pyside_feature_dict["cass_memory_probe"] == 0  # uses PySide6
    assert feature.pyside_feature_dict["cass_plain_probe"] == -1  # does not
    assert str(probe) not in linecache.cache and str(plain) not in linecache.cache
    # A traceback still shows the line: it is read again when wanted.
    assert linecache.getline(str(probe), 3).strip() == "PROBE = QObject"


# A fresh process, as the program runs: the main window on a small demo store and the Clients
# page opened by its shortcut (Ctrl+2); then New person, as its button does.
_CLIENTS_THEN_NEW_PERSON = r"""
import json, sys
from pathlib import Path
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from cass_desktop.data import open_store, store_path
from cass_desktop.ui.shell.app import application
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.main_window import MainWindow

LOOKALIKES = ("rapidfuzz", "jellyfish", "nameparser", "nicknames",
              "cass_desktop.people.lookalikes", "cass_desktop.ui.people.client_dialog")

def loaded():
    return sorted(n for n in LOOKALIKES if n in sys.modules)

app = application()
store_file = store_path(Path(sys.argv[1]))
window = MainWindow(AppContext(open_store(store_file, create=False), store_file))
window.show()
app.processEvents()
QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
app.processEvents()
page = window.stack.currentWidget()
listed = (type(page).__name__, page.model.rowCount(), loaded())
page.new_button.click()
app.processEvents()
dialog = page.dialog
print(json.dumps({"page": listed[0], "rows": listed[1], "before": listed[2],
                  "dialog": dialog.windowTitle() if dialog else None, "after": loaded()}))
"""


def test_the_clients_page_leaves_the_new_person_dialog_until_it_is_opened(tmp_path):
    """The New person dialog's look-alike check needs the name-matching libraries (140
    modules, 4 MB); the list does not, so they are imported when the dialog first opens."""
    from cass_desktop import demo
    from cass_desktop.data import open_store, store_path
    from tests.helpers.child import offscreen_child

    db = open_store(store_path(tmp_path))
    try:
        demo.generate(db, clients=30, seed=3)
    finally:
        db.close()
    shown = offscreen_child(_CLIENTS_THEN_NEW_PERSON, tmp_path)
    assert shown["page"] == "ClientsPage" and shown["rows"] > 0
    assert shown["before"] == []
    assert shown["dialog"] == "New person"
    assert "cass_desktop.ui.people.client_dialog" in shown["after"]


def test_ctrl_n_on_the_clients_page_opens_new_person_and_saves_them(qtbot, context):
    """Through the main window, as a person works: Ctrl+2 for Clients, Ctrl+N, type, save."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from cass_desktop.data import clients
    from cass_desktop.ui.shell.main_window import MainWindow
    from tests.helpers.qt import type_into

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=30_000)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page = window.stack.currentWidget()
    assert page is window.clients
    qtbot.keyClick(page.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=30_000)
    dialog = page.dialog
    assert dialog.windowTitle() == "New person"
    type_into(qtbot, dialog.given_name, "Morwenna")
    type_into(qtbot, dialog.family_name, "Pengelly")
    dialog.hold_buttons["not_asked"].click()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)
    saved = clients.search(context.db, "Pengelly")
    assert [(p["given_name"], p["family_name"]) for p in saved] == [("Morwenna", "Pengelly")]
