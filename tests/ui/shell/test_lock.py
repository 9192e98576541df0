"""Locking while the app runs: after an idle time and on Ctrl+L every personal detail is
hidden (the window shows only the lock screen, the title bar holds no name), a half-filled
dialog is kept, and unlocking with the passphrase of whoever unlocks brings it all back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from cass_desktop.data import clients
from cass_desktop.sites import laptop_people
from cass_desktop.ui.shell.lock import LockScreen
from cass_desktop.ui.shell.main_window import MainWindow
from tests.helpers.qt import type_into
from tests.helpers.stores import PASSPHRASE

SAM = "copper kettle meadow verse"


def _shown_text(widget) -> str:
    """Every piece of text a person could see in `widget`'s window."""
    texts = [widget.windowTitle()]
    for child in widget.findChildren(QLabel) + widget.findChildren(QLineEdit):
        if child.isVisibleTo(widget):
            texts.append(child.text())
    return "\n".join(texts)


def _window(qtbot, context) -> MainWindow:
    clients.create(context.db, {"given_name": "Morwenna", "family_name": "Trevithick"}, "PLY")
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_section(1)  # Clients: Morwenna Trevithick is listed
    return window


def _visible_windows(window) -> list:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]


def test_auto_lock_hides_personal_data_and_keeps_a_half_filled_dialog(qtbot, context):
    window = _window(qtbot, context)
    window.new_person()
    dialog = window.new_person_dialog
    qtbot.waitExposed(dialog)
    type_into(qtbot, dialog.given_name, "Zoë")
    type_into(qtbot, dialog.family_name, "Pendragon")

    # Nobody touches it: the idle time (10 minutes by default, shortened here) runs out.
    window.locker.timer.start(50)
    qtbot.waitUntil(lambda: window.locker.is_locked, timeout=10_000)

    assert isinstance(window.centralWidget(), LockScreen)
    assert window.windowTitle() == "CASS Desktop — locked"
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    assert not dialog.isVisible() and _visible_windows(window) == []
    shown = _shown_text(window)
    for private in ("Morwenna", "Trevithick", "Zoë", "Pendragon", "Alex Carter"):
        assert private not in shown
    # Shortcuts do nothing while locked (F1 would open the help, Ctrl+K the search).
    assert not window.help_action.isEnabled() and not window.quit_action.isEnabled()

    screen = window.centralWidget()
    type_into(qtbot, screen.passphrase, "not the passphrase")
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    assert window.locker.is_locked
    assert "not right" in screen.error.text()
    screen.passphrase.clear()
    type_into(qtbot, screen.passphrase, PASSPHRASE)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)

    assert not window.locker.is_locked
    assert window.centralWidget() is not screen and window.windowTitle() == "CASS Desktop"
    assert dialog.isVisible()
    assert dialog.given_name.text() == "Zoë" and dialog.family_name.text() == "Pendragon"
    assert window.worker_label.text() == "Alex Carter"
    assert window.help_action.isEnabled() and window.quit_action.isEnabled()
    dialog.reject()


def test_ctrl_l_locks_at_once(qtbot, context):
    window = _window(qtbot, context)
    assert window.locker.lock_action in window.file_menu.actions()
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window.nav, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locker.is_locked
    assert "Morwenna" not in _shown_text(window)
    window.locker.screen.passphrase.setText(PASSPHRASE)
    window.locker.screen.unlock()
    assert not window.locker.is_locked


def test_the_lock_screen_says_all_it_asks_unclipped_at_1024x700(qtbot, context):
    """Its introduction wraps to whole lines (an aligned column once clipped it to one), and
    with one person it asks only for the passphrase, so it says nothing of choosing a name."""
    window = _window(qtbot, context)
    window.resize(1024, 700)
    window.locker.lock()
    screen = window.centralWidget()
    qtbot.waitUntil(lambda: screen.intro.height() > 0)
    intro = screen.intro
    assert intro.height() >= intro.heightForWidth(intro.width())
    assert "name" not in intro.text() and not screen.person.isVisible()
    screen.passphrase.setText(PASSPHRASE)
    screen.unlock()


def test_two_people_each_unlock_with_their_own_passphrase_and_work_under_their_name(qtbot, context):
    laptop_people.add_person(context.db, context.store_file, PASSPHRASE, "Sam Okafor", SAM, SAM)
    window = _window(qtbot, context)
    window.locker.lock()
    screen = window.centralWidget()
    names = [screen.person.itemText(i) for i in range(screen.person.count())]
    assert names == ["Alex Carter", "Sam Okafor"] and screen.person.isVisibleTo(screen)

    # Sam's passphrase with Alex's name chosen does not unlock.
    screen.person.setCurrentIndex(0)
    type_into(qtbot, screen.passphrase, SAM)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    assert window.locker.is_locked

    screen.person.setCurrentIndex(1)
    screen.passphrase.clear()
    type_into(qtbot, screen.passphrase, SAM)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    assert not window.locker.is_locked
    assert window.worker_label.text() == "Sam Okafor"
    person = clients.create(context.db, {"given_name": "Jory", "family_name": "Hocking"}, "PLY")
    del person
    assert context.worker_id == laptop_people.current_worker_id(context.db)
    assert context.worker["name"] == "Sam Okafor"


def test_the_demo_has_no_passphrase_so_nothing_to_lock(qtbot, tmp_path):
    from cass_desktop.data import local, open_store, store_path
    from cass_desktop.ui.shell.context import AppContext

    (tmp_path / "demo").mkdir()
    db = open_store(store_path(tmp_path / "demo"))
    local.mark_demo(db)
    window = MainWindow(AppContext(db, store_path(tmp_path / "demo")))
    qtbot.addWidget(window)
    window.show()
    assert not window.locker.lock_action.isEnabled()
    window.locker.lock()
    assert not window.locker.is_locked and not window.locker.timer.isActive()
    window.close()
    db.close()


def test_ctrl_l_locks_from_inside_a_dialog_too(qtbot, context):
    """A modal dialog shadows the main window's shortcuts; Ctrl+L still locks."""
    window = _window(qtbot, context)
    window.new_person()
    dialog = window.new_person_dialog
    qtbot.waitExposed(dialog)
    type_into(qtbot, dialog.given_name, "Kerensa")
    qtbot.keyClick(dialog.given_name, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locker.is_locked and not dialog.isVisible()
    assert dialog.given_name.text() == "Kerensa"
    window.locker.screen.passphrase.setText(PASSPHRASE)
    window.locker.screen.unlock()
    assert dialog.isVisible() and dialog.given_name.text() == "Kerensa"
    dialog.reject()


def test_the_laptop_going_to_sleep_locks(qtbot, context):
    """What systemd-logind's PrepareForSleep (and a screen saver's ActiveChanged) call."""
    window = _window(qtbot, context)
    window.locker._going_to_sleep(False)
    assert not window.locker.is_locked
    window.locker._going_to_sleep(True)
    assert window.locker.is_locked
    window.locker.screen.passphrase.setText(PASSPHRASE)
    window.locker.screen.unlock()
    window.locker._screensaver(True)
    assert window.locker.is_locked
    window.locker.screen.passphrase.setText(PASSPHRASE)
    window.locker.screen.unlock()
