"""The unlock window at start-up: the name of whoever unlocks when several people use the
laptop, and recovery with head office's key when the passphrase is forgotten."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cass_desktop.data import open_store, store_path
from cass_desktop.maintenance import recovery
from cass_desktop.sites import laptop_people
from cass_desktop.sync import identity
from cass_desktop.ui.shell.passphrase import UnlockWindow
from tests.helpers.qt import type_into
from tests.helpers.stores import PASSPHRASE, make_office

SAM = "copper kettle meadow verse"
NEW = "harbour moss lantern quietly"


def test_each_person_unlocks_with_their_own_name_and_passphrase(qtbot, tmp_path):
    office = make_office(tmp_path)
    path = store_path(tmp_path / "plymouth")
    db = office.device("plymouth")
    laptop_people.add_person(db, path, PASSPHRASE, "Sam Okafor", SAM, SAM)
    for store in (office.head_office, *office.devices.values()):
        store.close()
    window = UnlockWindow(path)
    qtbot.addWidget(window)
    window.show()
    assert [window.person.itemText(i) for i in range(window.person.count())] == [
        "Alex Carter",
        "Sam Okafor",
    ]
    window.person.setCurrentIndex(0)
    type_into(qtbot, window.passphrase, SAM)
    qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)
    assert "not right" in window.error.text()
    window.person.setCurrentIndex(1)
    window.passphrase.clear()
    type_into(qtbot, window.passphrase, SAM)
    with qtbot.waitSignal(window.unlocked) as opened:
        qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)
    unlocked = opened.args[0]
    assert laptop_people.current_person(unlocked, path).name == "Sam Okafor"
    unlocked.close()


def test_a_forgotten_passphrase_is_recovered_from_the_unlock_window(qtbot, tmp_path):
    office = make_office(tmp_path)
    path = store_path(tmp_path / "plymouth")
    recovery.ensure_recovery(office.device("plymouth"), path)
    ho_key = identity.write_age_identity(office.head_office, tmp_path / "head-office.key")
    for store in (office.head_office, *office.devices.values()):
        store.close()
    window = UnlockWindow(path)
    qtbot.addWidget(window)
    window.show()
    assert window.recover_button.isVisibleTo(window)
    qtbot.mouseClick(window.recover_button, Qt.MouseButton.LeftButton)
    dialog = window.recover_dialog
    dialog.set_identity(ho_key)
    type_into(qtbot, dialog.fields.first, NEW)
    type_into(qtbot, dialog.fields.second, NEW)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
    assert "new passphrase is set" in window.error.text()
    type_into(qtbot, window.passphrase, NEW)
    with qtbot.waitSignal(window.unlocked) as opened:
        qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)
    opened.args[0].close()
    open_store(path, key=NEW, create=False).close()
