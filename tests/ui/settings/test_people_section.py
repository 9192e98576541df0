"""Settings ▸ People on this laptop: adding a person with their own passphrase, removing one,
changing one's own passphrase, and the idle time before the app locks."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cass_desktop.data import open_store
from cass_desktop.sites import laptop_people
from cass_desktop.ui.settings.people_section import PeopleBox
from cass_desktop.ui.shell.passphrase import ChangePassphraseDialog
from tests.helpers.qt import type_into
from tests.helpers.stores import PASSPHRASE

SAM = "copper kettle meadow verse"
NEW = "velvet quarry lantern dusk"


def _box(qtbot, context) -> PeopleBox:
    box = PeopleBox(context)
    qtbot.addWidget(box)
    box.show()
    return box


def _names(box: PeopleBox) -> list[str]:
    return [box.list.item(i).text() for i in range(box.list.count())]


def test_adding_and_removing_a_person(qtbot, context):
    box = _box(qtbot, context)
    assert _names(box) == ["This laptop's passphrase (you)"]
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    dialog = box.dialog
    type_into(qtbot, dialog.name, "Sam Okafor")
    type_into(qtbot, dialog.fields.first, SAM)
    type_into(qtbot, dialog.fields.second, SAM)
    type_into(qtbot, dialog.yours, "wrong passphrase here")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "Your passphrase is not right" in dialog.error.text()
    dialog.yours.clear()
    type_into(qtbot, dialog.yours, PASSPHRASE)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert _names(box) == ["Alex Carter (you)", "Sam Okafor"]
    assert "Sam Okafor can now unlock" in box.message.text()

    box.list.setCurrentRow(0)
    assert not box.remove_button.isEnabled()  # not yourself
    box.list.setCurrentRow(1)
    qtbot.mouseClick(box.remove_button, Qt.MouseButton.LeftButton)
    remove = box.dialog
    type_into(qtbot, remove.yours, PASSPHRASE)
    qtbot.keyClick(remove.yours, Qt.Key.Key_Return)
    assert remove.result() == remove.DialogCode.Accepted
    assert _names(box) == ["Alex Carter (you)"]


def test_changing_your_own_passphrase_in_settings(qtbot, context):
    laptop_people.add_person(context.db, context.store_file, PASSPHRASE, "Sam Okafor", SAM, SAM)
    dialog = ChangePassphraseDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.current, SAM)  # Sam's, but Alex is at the keyboard
    type_into(qtbot, dialog.fields.first, NEW)
    type_into(qtbot, dialog.fields.second, NEW)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "not right" in dialog.error.text()
    dialog.current.clear()
    type_into(qtbot, dialog.current, PASSPHRASE)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    other = open_store(context.store_file, key=NEW, create=False)
    other.close()
    other = open_store(context.store_file, key=SAM, create=False)  # Sam's is unchanged
    other.close()


def test_the_idle_time_is_a_setting(qtbot, context):
    box = _box(qtbot, context)
    assert box.minutes.value() == 10
    box.minutes.setValue(3)
    assert laptop_people.lock_minutes(context.db) == 3
    box.minutes.setValue(0)
    assert box.minutes.text() == "never" and laptop_people.lock_minutes(context.db) == 0


def test_changing_the_store_key_in_settings(qtbot, context):
    laptop_people.add_person(context.db, context.store_file, PASSPHRASE, "Sam Okafor", SAM, SAM)
    before = context.store_key
    box = _box(qtbot, context)
    qtbot.mouseClick(box.change_key_button, Qt.MouseButton.LeftButton)
    dialog = box.dialog
    type_into(qtbot, dialog.yours, PASSPHRASE)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
    assert context.store_key != before
    assert "Add again: Sam Okafor." in box.message.text()
    assert _names(box) == ["Alex Carter (you)"]
    other = context.open_connection()  # a background task's connection, with the new key
    other.close()
