"""Passphrases on screen: first run locks the store, start-up asks to unlock it, and Settings
protects a plain store or changes the passphrase."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from cass_desktop.data import StoreError, clients, open_store, store_path
from cass_desktop.data.passphrase import is_locked, unlocks_with
from cass_desktop.sites.setup import is_set_up, set_up_device
from cass_desktop.ui.settings.settings_page import SettingsPage
from cass_desktop.ui.shell.app import Launcher
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.first_run import FirstRunPage
from cass_desktop.ui.shell.main_window import MainWindow
from cass_desktop.ui.shell.passphrase import UnlockWindow
from tests.helpers.stores import plain_copy

LEFT = Qt.MouseButton.LeftButton
SQLITE_HEADER = b"SQLite format 3\x00"
KEY = "granite harbour lantern"


def _type_new_passphrase(qtbot, fields, first: str, second: str | None = None) -> None:
    fields.first.clear()
    fields.second.clear()
    qtbot.keyClicks(fields.first, first)
    qtbot.keyClicks(fields.second, first if second is None else second)


def test_first_run_locks_the_store_with_the_passphrase(qtbot, tmp_path):
    launcher = Launcher(tmp_path)
    launcher.start()
    first = launcher.window
    qtbot.addWidget(first)
    assert isinstance(first, FirstRunPage)
    assert "cannot be recovered" in first.passphrase.why.text()
    first.site.setCurrentText("")
    qtbot.keyClicks(first.site.lineEdit(), "Bodmin Magistrates' Court")
    qtbot.keyClicks(first.worker, "Jo Pengelly")

    _type_new_passphrase(qtbot, first.passphrase, "too short")
    qtbot.mouseClick(first.start, LEFT)
    assert "at least 10 characters" in first.error.text()
    _type_new_passphrase(qtbot, first.passphrase, KEY, KEY + " x")
    qtbot.mouseClick(first.start, LEFT)
    assert "not the same" in first.error.text()
    assert first.isVisible() and not is_locked(store_path(tmp_path))

    _type_new_passphrase(qtbot, first.passphrase, KEY)
    qtbot.mouseClick(first.start, LEFT)
    window = launcher.window
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow)
    assert unlocks_with(store_path(tmp_path), KEY) == launcher.context.store_key
    assert launcher.context.is_locked and is_set_up(launcher.context.db)

    path = store_path(tmp_path)
    assert not path.read_bytes().startswith(SQLITE_HEADER)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("cass.db")) == [
        "cass.db",
        "cass.db-shm",
        "cass.db-wal",
    ]
    with pytest.raises(StoreError, match="protected by a passphrase"):
        open_store(path)
    # A background thread's connection opens with the passphrase too.
    other = launcher.context.open_connection()
    assert is_set_up(other)
    other.close()


def test_head_office_set_up_asks_for_a_passphrase_too(qtbot, tmp_path):
    launcher = Launcher(tmp_path)
    launcher.start()
    first = launcher.window
    qtbot.addWidget(first)
    first.show()
    qtbot.mouseClick(first.head_office_toggle, LEFT)
    qtbot.keyClicks(first.organisation, "Devon and Cornwall CASS")
    qtbot.mouseClick(first.head_office_start, LEFT)
    assert first.head_office_error.text() == "Enter a passphrase."
    _type_new_passphrase(qtbot, first.head_office_passphrase, KEY)
    with qtbot.waitSignal(first.set_up, timeout=30_000):
        qtbot.mouseClick(first.head_office_start, LEFT)
    qtbot.addWidget(launcher.window)
    assert is_locked(store_path(tmp_path))


def _locked_store(tmp_path):
    db = open_store(store_path(tmp_path), key=KEY)
    set_up_device(db, "Truro Magistrates' Court", "Demelza Tregear")
    client_id = clients.create(db, {"given_name": "Siân", "family_name": "Pascoe"}, "TRU")
    db.close()
    return client_id


def test_a_locked_store_asks_for_its_passphrase_at_start_up(qtbot, tmp_path):
    client_id = _locked_store(tmp_path)
    before = store_path(tmp_path).read_bytes()
    launcher = Launcher(tmp_path)
    launcher.start()
    unlock = launcher.window
    qtbot.addWidget(unlock)
    assert isinstance(unlock, UnlockWindow)

    qtbot.keyClicks(unlock.passphrase, "granite harbour lanterns")
    qtbot.mouseClick(unlock.unlock_button, LEFT)
    assert launcher.window is unlock
    assert "not right" in unlock.error.text()
    assert store_path(tmp_path).read_bytes() == before  # nothing changed

    unlock.passphrase.clear()
    qtbot.keyClicks(unlock.passphrase, KEY)
    qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    window = launcher.window
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow)
    assert window.worker_label.text() == "Demelza Tregear"
    assert clients.get(launcher.context.db, client_id)["family_name"] == "Pascoe"
    other = launcher.context.open_connection()
    assert clients.get(other, client_id)["given_name"] == "Siân"
    other.close()


def test_a_passphrase_given_on_the_command_line_skips_the_unlock_window(qtbot, tmp_path):
    _locked_store(tmp_path)
    launcher = Launcher(tmp_path, KEY)
    launcher.start()
    qtbot.addWidget(launcher.window)
    assert isinstance(launcher.window, MainWindow)
    wrong = Launcher(tmp_path, "not the passphrase")
    wrong.start()
    qtbot.addWidget(wrong.window)
    assert isinstance(wrong.window, UnlockWindow)
    assert "passphrase is wrong" in wrong.window.error.text()


def test_settings_protects_a_plain_store_in_place(qtbot, device_db, tmp_path):
    # A store an earlier version set up without a passphrase (this version never does).
    folder = tmp_path / "earlier"
    folder.mkdir()
    plain_copy(device_db, store_path(folder))
    context = AppContext(open_store(store_path(folder)), store_path(folder))
    tmp_path = folder
    client_id = clients.create(context.db, {"given_name": "Łukasz", "family_name": "Nowak"}, "PLY")
    page = SettingsPage(context)
    qtbot.addWidget(page)
    page.show()
    box = page.passphrase_box
    assert "not protected" in box.state.text()
    assert box.protect_button.isVisible() and not box.change_button.isVisible()

    qtbot.mouseClick(box.protect_button, LEFT)
    dialog = box.dialog
    _type_new_passphrase(qtbot, dialog.fields, "short one")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert "at least 10" in dialog.error.text()
    assert not is_locked(context.store_file)
    _type_new_passphrase(qtbot, dialog.fields, KEY)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert not dialog.isVisible()

    assert unlocks_with(context.store_file, KEY) == context.store_key
    assert context.is_locked
    assert "now locked" in box.message.text()
    assert box.change_button.isVisible() and not box.protect_button.isVisible()
    path = store_path(tmp_path)
    assert not path.read_bytes().startswith(SQLITE_HEADER)
    assert not [p for p in tmp_path.iterdir() if "encrypting" in p.name or p.suffix == ".bak"]
    # The app carries on with the same connection object, and records are all there.
    assert clients.get(context.db, client_id)["family_name"] == "Nowak"
    with pytest.raises(StoreError, match="protected by a passphrase"):
        open_store(path)


def test_settings_changes_the_passphrase_after_checking_the_current_one(qtbot, tmp_path):
    _locked_store(tmp_path)
    launcher = Launcher(tmp_path, KEY)
    launcher.start()
    window = launcher.window
    qtbot.addWidget(window)
    page = SettingsPage(launcher.context)
    qtbot.addWidget(page)
    page.show()
    box = page.passphrase_box
    assert "locked with a passphrase" in box.state.text()
    qtbot.mouseClick(box.change_button, LEFT)
    dialog = box.dialog
    qtbot.keyClicks(dialog.current, "a wrong guess at it")
    _type_new_passphrase(qtbot, dialog.fields, "slate quay morning tide")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert "current passphrase is not right" in dialog.error.text()
    assert unlocks_with(store_path(tmp_path), KEY) == launcher.context.store_key

    dialog.current.clear()
    qtbot.keyClicks(dialog.current, KEY)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert not dialog.isVisible()
    assert (
        unlocks_with(store_path(tmp_path), "slate quay morning tide") == launcher.context.store_key
    )
    assert unlocks_with(store_path(tmp_path), KEY) is None
    assert "has been changed" in box.message.text()
    other = launcher.context.open_connection()  # background threads use the new one
    other.close()
    with pytest.raises(StoreError, match="passphrase is wrong"):
        open_store(store_path(tmp_path), key=KEY)


def test_first_run_refuses_a_passphrase_easy_to_guess_saying_why(qtbot, tmp_path):
    launcher = Launcher(tmp_path)
    launcher.start()
    first = launcher.window
    qtbot.addWidget(first)
    first.site.setCurrentText("")
    qtbot.keyClicks(first.site.lineEdit(), "Bodmin Magistrates' Court")
    qtbot.keyClicks(first.worker, "Jo Pengelly")
    _type_new_passphrase(qtbot, first.passphrase, "aaaaaaaaaa")
    qtbot.mouseClick(first.start, LEFT)
    assert first.error.text() == (
        "This passphrase is too easy to guess: repeated letters like “aaa” are easy to guess. "
        "Add another word or two; uncommon words are better."
    )
    # The worker's own name, typed just above, counts as easy to guess too.
    _type_new_passphrase(qtbot, first.passphrase, "Jo Pengelly 1")
    qtbot.mouseClick(first.start, LEFT)
    assert "too easy to guess" in first.error.text()
    assert isinstance(launcher.window, FirstRunPage) and not is_locked(store_path(tmp_path))


def test_changing_the_passphrase_to_the_same_one_is_refused_in_words(qtbot, tmp_path):
    # Finding 21: it said "The passphrase has been changed" when nothing had changed.
    _locked_store(tmp_path)
    launcher = Launcher(tmp_path, KEY)
    launcher.start()
    qtbot.addWidget(launcher.window)
    page = SettingsPage(launcher.context)
    qtbot.addWidget(page)
    page.show()
    box = page.passphrase_box
    qtbot.mouseClick(box.change_button, LEFT)
    dialog = box.dialog
    qtbot.keyClicks(dialog.current, KEY)
    _type_new_passphrase(qtbot, dialog.fields, KEY)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible()
    assert dialog.error.text().startswith("The new passphrase is the same as the current one.")
    assert "has been changed" not in box.message.text()
