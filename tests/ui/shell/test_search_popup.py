from PySide6.QtCore import Qt

from cass_desktop.data import agencies, clients
from cass_desktop.ui.shell.main_window import MainWindow


def test_ctrl_k_finds_people_and_agencies_as_you_type(qtbot, context):
    siân = clients.create(
        context.db,
        {"given_name": "Siân", "family_name": "Ní Bhriain", "date_of_birth": "1990-03-14"},
        "PLY",
    )
    clients.create(context.db, {"given_name": "Łukasz", "family_name": "Wiśniewski"}, "PLY")
    agencies.create(context.db, {"name": "Shelter Plymouth", "domains": "housing"})
    window = MainWindow(context)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.keyClick(window.nav, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    popup = window.search_popup
    assert popup.isVisible()

    qtbot.keyClicks(popup.query, "sian ni")
    assert popup.results.count() == 1
    assert "Siân Ní Bhriain" in popup.results.item(0).text()

    popup.query.clear()
    qtbot.keyClicks(popup.query, "shel")
    assert "Shelter Plymouth" in popup.results.item(0).text()

    popup.query.clear()
    qtbot.keyClicks(popup.query, "14/03/1990")
    assert "Siân" in popup.results.item(0).text()
    with qtbot.waitSignal(context.client_requested, timeout=30_000) as opened:
        qtbot.keyClick(popup.query, Qt.Key.Key_Return)
    assert opened.args == [siân]
    assert not popup.isVisible()


def test_search_that_matches_nothing_says_so(qtbot, context):
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.search_popup.open_search()
    qtbot.keyClicks(window.search_popup.query, "zzzz")
    assert window.search_popup.results.count() == 0
    assert "Nobody" in window.search_popup.hint.text()


def test_status_bar_counts_changes_not_yet_exported(qtbot, context):
    window = MainWindow(context)
    qtbot.addWidget(window)
    clients.create(context.db, {"given_name": "Zoë", "family_name": "Nguyễn"}, "PLY")
    context.notify_changed()
    # Records a worker knows, not raw changes (given name, family name, status, reference).
    assert window.pending_label.text() == "1 person changed since the last export"
    clients.create(context.db, {"given_name": "Siân", "family_name": "Ní Bhriain"}, "PLY")
    context.notify_changed()
    assert window.pending_label.text() == "2 people changed since the last export"


def test_choosing_an_agency_in_search_shows_it_in_the_directory(qtbot, context):
    agency = agencies.create(context.db, {"name": "Shelter Plymouth", "domains": "housing"})
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.search_popup.open_search()
    qtbot.keyClicks(window.search_popup.query, "shelter")
    qtbot.keyClick(window.search_popup.query, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.agencies
    assert window.nav.currentRow() == 3
    assert window.agencies.current_agency_id() == agency


def test_ctrl_k_lists_what_the_find_command_prints(qtbot, context, capsys, monkeypatch):
    """The window and `cass-desktop find` list the same results in the same order."""
    from cass_desktop.cli import main
    from tests.helpers.stores import PASSPHRASE

    monkeypatch.setenv("CASS_PASSPHRASE", PASSPHRASE)
    for given, family in [("Mary Jane", "Watson"), ("Maryam", "Shah"), ("Mary", "Jones")]:
        clients.create(context.db, {"given_name": given, "family_name": family}, "PLY")
    agencies.create(context.db, {"name": "Maryland Housing", "domains": "housing"})
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.search_popup.open_search()
    qtbot.keyClicks(window.search_popup.query, "mary")
    shown = [window.search_popup.results.item(r).text() for r in range(4)]
    assert main(["--data-dir", str(context.store_file.parent), "find", "mary"]) == 0
    assert capsys.readouterr().out.splitlines() == shown
