"""The status bar's sync widget: it tries the outbox again while the window is open, and stops
when the window closes (nothing fires through a store that may be closed by then)."""

from __future__ import annotations

from cass_desktop.data import store_path
from cass_desktop.sync import outbox
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.main_window import MainWindow


def _shown(qtbot, context) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_outbox_is_tried_every_few_minutes_while_the_window_is_open(qtbot, context):
    window = _shown(qtbot, context)
    timer = window.sync_status.timer
    assert timer.isActive()
    assert timer.interval() == outbox.CHECK_EVERY_MINUTES * 60 * 1000
    window.close()
    assert not timer.isActive()


def test_demo_data_is_never_tried(qtbot, device_db, tmp_path):
    context = AppContext(device_db, store_path(tmp_path), is_demo=True)
    window = _shown(qtbot, context)
    assert not window.sync_status.timer.isActive()
