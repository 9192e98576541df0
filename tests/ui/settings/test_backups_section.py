"""Settings ▸ Backups, driven as a person would: Back up now, the folder, Restore…"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from cass_desktop import audit
from cass_desktop.data import changelog, store_path
from cass_desktop.maintenance import backups
from cass_desktop.ui.settings.backups_section import BackupsBox
from cass_desktop.ui.settings.settings_page import SettingsPage
from tests.helpers.stores import PASSPHRASE

LEFT = Qt.MouseButton.LeftButton


def _names(db) -> list[str]:
    return [r[0] for r in db.execute("SELECT given_name FROM clients ORDER BY given_name")]


def test_back_up_now_then_last_backup_today(qtbot, context, tmp_path):
    page = SettingsPage(context)
    qtbot.addWidget(page)
    page.show()
    box = page.backups_box
    assert box.last_label.text() == "No backup has been made yet."
    assert box.folder_label.text() == str(tmp_path / "backups")
    with qtbot.waitSignal(box.backup_finished, timeout=60_000) as made:
        qtbot.mouseClick(box.backup_button, LEFT)
    assert made.args[0] is not None and made.args[0].exists()
    qtbot.waitUntil(lambda: box.last_label.text().startswith("Last backup: today at "))
    assert made.args[0].name in box.last_label.text()
    assert box.backup_button.isEnabled()


def test_the_folder_and_how_many_are_kept(qtbot, context, tmp_path, monkeypatch):
    box = BackupsBox(context)
    qtbot.addWidget(box)
    box.show()
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(usb))
    qtbot.mouseClick(box.choose_button, LEFT)
    assert box.folder_label.text() == str(usb)
    assert backups.folder(context.db, tmp_path) == usb
    box.daily_spin.setValue(3)
    box.weekly_spin.setValue(0)
    assert backups.keep(context.db) == (3, 0)
    link = tmp_path / "link"
    link.symlink_to(usb)
    box.set_folder(link)
    assert "link" in box.message.text() and box.message.isVisible()
    assert backups.folder(context.db, tmp_path) == usb


def test_restore_from_settings(qtbot, context, tmp_path, monkeypatch):
    db = context.db
    changelog.save_new_many(db, "clients", [{"reference": "PLY-1", "given_name": "Kerensa"}])
    made = backups.make_backup(db, store_path(tmp_path), tmp_path / "b.cassbackup")
    changelog.save_new_many(db, "clients", [{"reference": "PLY-2", "given_name": "Later"}])
    box = BackupsBox(context)
    qtbot.addWidget(box)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(made), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (PASSPHRASE, True))
    asked = []

    def answer(_parent, _title, text, *args, **kw):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    with qtbot.waitSignal(box.restore_finished, timeout=60_000) as done:
        qtbot.mouseClick(box.restore_button, LEFT)
    assert done.args[0] is not None, box.message.text()
    assert "Replace the store" in asked[0] and "Plymouth" in asked[0]
    assert "Restored the backup made" in box.message.text()
    assert _names(context.db) == ["Kerensa"]  # the window's store object carries on
    assert Path(done.args[0].safety_folder, "cass.db").exists()
    [restored] = context.db.execute(
        "SELECT detail FROM audit_log WHERE action = ?", [audit.RESTORE]
    ).fetchall()  # recorded in the store as restored, as the command line does
    assert restored[0].startswith("a backup made ")


def test_a_wrong_passphrase_is_said_and_nothing_changes(qtbot, context, tmp_path, monkeypatch):
    db = context.db
    changelog.save_new_many(db, "clients", [{"reference": "PLY-1", "given_name": "Kerensa"}])
    made = backups.make_backup(db, store_path(tmp_path), tmp_path / "b.cassbackup")
    changelog.save_new_many(db, "clients", [{"reference": "PLY-2", "given_name": "Later"}])
    box = BackupsBox(context)
    qtbot.addWidget(box)
    with qtbot.waitSignal(box.restore_finished, timeout=60_000) as done:
        box.restore(made, "not the right passphrase")
    assert done.args[0] is None
    assert "passphrase does not open the backup" in box.message.text()
    assert _names(context.db) == ["Kerensa", "Later"]


def test_start_up_checks_then_makes_the_days_backup(qtbot, context, tmp_path):
    from PySide6.QtWidgets import QWidget

    from cass_desktop.ui.settings.backups_section import start_checks

    window = QWidget()
    qtbot.addWidget(window)
    assert backups.backup_due(context.db)
    with qtbot.waitSignal(context.changed, timeout=60_000):
        start_checks(window, context)
    assert len(backups.backups_in(tmp_path / "backups")) == 1
    assert not backups.backup_due(context.db)
    assert backups.local.get(context.db, backups.CHECKED_SETTING)["full"] is True
