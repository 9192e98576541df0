"""The unlock window names the court and worker the laptop belongs to (issue 9, item 20), from
a label kept in the clear beside the store that holds nothing about any client."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from cass_desktop.app.laptop_label import LABEL_FILE, read_label
from cass_desktop.data import clients, store_path
from cass_desktop.ui.shell.app import Launcher
from cass_desktop.ui.shell.first_run import FirstRunPage
from cass_desktop.ui.shell.main_window import MainWindow
from cass_desktop.ui.shell.passphrase import UnlockWindow

LEFT = Qt.MouseButton.LeftButton
KEY = "granite harbour lantern"


def test_after_first_run_the_unlock_window_says_whose_laptop_it_is(qtbot, tmp_path):
    launcher = Launcher(tmp_path)
    launcher.start()
    first = launcher.window
    qtbot.addWidget(first)
    assert isinstance(first, FirstRunPage)
    first.site.setCurrentText("")
    qtbot.keyClicks(first.site.lineEdit(), "Bodmin Magistrates' Court")
    qtbot.keyClicks(first.worker, "Jo Pengelly")
    for box in (first.passphrase.first, first.passphrase.second):
        qtbot.keyClicks(box, KEY)
    qtbot.mouseClick(first.start, LEFT)
    window = launcher.window
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow)
    clients.create(launcher.context.db, {"given_name": "Siân", "family_name": "Ní Bhriain"}, "BOD")
    launcher.context.db.close()
    window.close()

    kept = (tmp_path / LABEL_FILE).read_text(encoding="utf-8")
    assert json.loads(kept)["court"] == "Bodmin Magistrates' Court"
    assert "Siân" not in kept and "Bhriain" not in kept  # nothing about any client

    again = Launcher(tmp_path)
    again.start()
    unlock = again.window
    qtbot.addWidget(unlock)
    assert isinstance(unlock, UnlockWindow)
    whose = unlock.findChild(QLabel, "whoseLaptop")
    assert whose.isVisibleTo(unlock)
    assert (
        whose.text()
        == "This laptop is set up for Bodmin Magistrates' Court, worked by Jo Pengelly."
    )


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b"[]",
        b'{"format": "cass-desktop-laptop-label", "version": 1, "court": 3, "worker": ""}',
        b'{"format": "something else", "version": 1, "court": "A", "worker": "B"}',
        b'{"format": "cass-desktop-laptop-label", "version": 1, "court": "A\\u0007", "worker": ""}',
        b'{"format": "cass-desktop-laptop-label", "version": 1, "court": "' + b"x" * 5000 + b'"}',
    ],
)
def test_a_label_that_is_not_one_is_ignored(qtbot, tmp_path, content):
    (tmp_path / LABEL_FILE).write_bytes(content)
    assert read_label(tmp_path) is None
    unlock = UnlockWindow(store_path(tmp_path))
    qtbot.addWidget(unlock)
    unlock.show()
    assert not unlock.findChild(QLabel, "whoseLaptop").isVisible()
