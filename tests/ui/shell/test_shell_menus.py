"""File ▸ Quit, the way into and out of the demo, and Help (issue 9 #20)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cass_desktop import __version__, demo
from cass_desktop.data import store_path
from cass_desktop.sites.setup import is_set_up
from cass_desktop.ui.shell.app import Launcher
from cass_desktop.ui.shell.first_run import FirstRunPage
from cass_desktop.ui.shell.main_window import MainWindow
from cass_desktop.ui.shell.shell_menus import HelpDialog


def _small_demo(tmp_path) -> None:
    folder = tmp_path / "demo"
    folder.mkdir()
    demo.make_store(store_path(folder), clients=5, seed=4)


def _menu_words(window: MainWindow) -> list[str]:
    return [a.text() for a in window.file_menu.actions() if a.isVisible() and a.text()]


def test_leave_the_demo_for_set_up_and_open_it_again_once_set_up(qtbot, tmp_path):
    _small_demo(tmp_path)
    launcher = Launcher(tmp_path)
    launcher.start()
    qtbot.mouseClick(launcher.window.demo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(launcher.window, MainWindow), timeout=60_000)
    window = launcher.window
    assert window.context.is_demo
    assert "Leave the demo and set up for your court…" in _menu_words(window)
    window.leave_demo_action.trigger()
    first = launcher.window
    assert isinstance(first, FirstRunPage)  # set-up for this laptop's own court

    first.site.setCurrentText("")
    qtbot.keyClicks(first.site.lineEdit(), "Bodmin Magistrates' Court")
    qtbot.keyClicks(first.worker, "Jo Pengelly")
    qtbot.keyClicks(first.passphrase.first, "granite harbour lantern")
    qtbot.keyClicks(first.passphrase.second, "granite harbour lantern")
    qtbot.mouseClick(first.start, Qt.MouseButton.LeftButton)
    real = launcher.window
    assert isinstance(real, MainWindow) and not real.context.is_demo
    assert is_set_up(real.context.db)
    assert "Open the demo…" in _menu_words(real)
    real.open_demo_action.trigger()
    qtbot.waitUntil(
        lambda: isinstance(launcher.window, MainWindow) and launcher.window.context.is_demo,
        timeout=60_000,
    )
    qtbot.addWidget(launcher.window)


def test_ctrl_q_quits_and_f1_opens_the_help_and_about_names_the_version(qtbot, device_db, tmp_path):
    from cass_desktop.ui.shell.context import AppContext

    window = MainWindow(AppContext(device_db, store_path(tmp_path)))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    assert "Quit" in " ".join(_menu_words(window))
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    qtbot.keyClick(window.nav, Qt.Key.Key_F1)
    help_dialog = window.findChild(HelpDialog)
    assert help_dialog is not None and help_dialog.isVisible()
    words = help_dialog.text.toPlainText()
    assert "Ctrl+Q" in words and "Leave the demo" in words and "Ctrl+N" in words
    help_dialog.close()
    window.about_action.trigger()
    assert f"Version {__version__}" in window.about_box.text()
    window.about_box.close()
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window.nav, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)


def test_head_office_has_a_file_menu_with_quit_but_no_end_of_day(qtbot, tmp_path):
    from cass_desktop.data import open_store
    from cass_desktop.sites.setup import set_up_head_office
    from cass_desktop.ui.shell.context import AppContext
    from tests.helpers.stores import PASSPHRASE

    db = open_store(store_path(tmp_path), key=PASSPHRASE)
    set_up_head_office(db, "CASS Kernow")
    window = MainWindow(AppContext(db, store_path(tmp_path)))
    qtbot.addWidget(window)
    assert window.file_menu.menuAction().isVisible()
    words = _menu_words(window)
    assert "&Quit" in words and "End of day…" not in words


def test_head_office_screens_speak_of_head_office(qtbot, tmp_path):
    # Issue 9 #21: "No worker set for this laptop" on Today and "Mine" on Clients.
    from cass_desktop.data import open_store
    from cass_desktop.sites.setup import set_up_head_office
    from cass_desktop.ui.people.clients_view import ClientsPage
    from cass_desktop.ui.shell.context import AppContext
    from cass_desktop.ui.today.today_view import TodayPage
    from tests.helpers.stores import PASSPHRASE

    db = open_store(store_path(tmp_path), key=PASSPHRASE)
    set_up_head_office(db, "CASS Kernow")
    context = AppContext(db, store_path(tmp_path))
    today = TodayPage(context)
    qtbot.addWidget(today)
    today.show()
    today.refresh()
    assert today.worker_label.text() == "Head office: CASS Kernow"
    clients_page = ClientsPage(context)
    qtbot.addWidget(clients_page)
    clients_page.show()
    words = [b.text() for b in clients_page.filter_buttons.values() if b.isVisible()]
    assert words == ["Open", "Closed", "All"]
