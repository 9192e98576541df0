"""The Today page as a worker meets it: shown, at a laptop's size, for each test."""

from __future__ import annotations

import pytest

from cass_desktop.ui.today.today_view import TodayPage


@pytest.fixture
def page(qtbot, context) -> TodayPage:
    today_page = TodayPage(context)
    qtbot.addWidget(today_page)
    today_page.resize(1100, 650)
    today_page.show()
    qtbot.waitExposed(today_page)
    return today_page
