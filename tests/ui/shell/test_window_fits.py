"""Every section of the main window fits a 1024 x 700 screen, on a laptop and at head office:
no page asks for more width than that, which would push the window past the screen's edge
and hide its right side (the Clients page asked for 1,094 pixels)."""

from __future__ import annotations

import pytest

from cass_desktop.data import store_path
from cass_desktop.sites.setup import set_up_head_office
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.main_window import MainWindow
from tests.helpers.people import add_person
from tests.helpers.stores import new_store


def _every_section_fits(qtbot, context: AppContext, size: tuple[int, int]) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    for index in range(window.nav.count()):
        window.nav.setCurrentRow(index)
        # The stack asks for the widest page built so far: each is built when first shown.
        assert window.minimumSizeHint().width() <= 1024, window.nav.item(index).text()
        qtbot.waitUntil(lambda: window.width() == size[0], timeout=2_000)
    _every_section_name_shows_whole(window)
    window.close()


def _every_section_name_shows_whole(window: MainWindow) -> None:
    """The section list is as wide as its names, padding included, and no wider than it needs
    (it was a fixed 190 pixels: "Directory proposals (12)" was cut, a laptop's list too wide)."""
    nav = window.nav
    widths = [
        nav.fontMetrics().horizontalAdvance(nav.item(i).text()) + 24 for i in range(nav.count())
    ]
    assert max(widths) <= nav.viewport().width() <= max(widths) + 40


@pytest.mark.parametrize("size", [(1024, 700), (1920, 1080)])
def test_every_section_fits_on_a_laptop(qtbot, context, size):
    add_person(context.db, "Morwenna", "Trevithick")
    _every_section_fits(qtbot, context, size)


def test_every_section_fits_at_head_office(qtbot, tmp_path):
    db = new_store(store_path(tmp_path))
    set_up_head_office(db, "Devon and Cornwall CASS")
    try:
        _every_section_fits(qtbot, AppContext(db, store_path(tmp_path)), (1024, 700))
    finally:
        db.close()


def test_a_count_in_a_section_name_widens_the_list(qtbot, tmp_path):
    db = new_store(store_path(tmp_path))
    set_up_head_office(db, "Devon and Cornwall CASS")
    try:
        window = MainWindow(AppContext(db, store_path(tmp_path)))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.proposals.count = 1234
        window.proposals.count_changed.emit(1234)
        assert "Directory proposals (1234)" in [
            window.nav.item(i).text() for i in range(window.nav.count())
        ]
        _every_section_name_shows_whole(window)
        window.close()
    finally:
        db.close()
