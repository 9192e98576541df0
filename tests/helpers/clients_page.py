"""The Clients page opened in a window for a test, and waiting for its count."""

from __future__ import annotations

from cass_desktop.ui.people.clients_view import ClientsPage


def open_page(qtbot, context, size: tuple[int, int] = (1100, 650)) -> ClientsPage:
    page = ClientsPage(context)
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    return page


def counted(qtbot, page, text: str) -> None:
    """The count label says `text` once the whole list has been read (while idle)."""
    qtbot.waitUntil(lambda: page.count_label.text() == text, timeout=30_000)
