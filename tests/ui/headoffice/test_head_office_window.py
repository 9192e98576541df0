"""The head-office window: its review sections."""

from __future__ import annotations

from cass_desktop.data import clients
from cass_desktop.sync.exporter import export_device
from cass_desktop.sync.importer import import_file
from cass_desktop.ui.shell.main_window import MainWindow
from tests.helpers.headoffice import choose as _choose
from tests.helpers.headoffice import click as _click
from tests.helpers.headoffice import conflict as _conflict
from tests.helpers.headoffice import person as _person
from tests.helpers.headoffice import rows as _rows
from tests.helpers.headoffice import shot as _shot


def test_head_office_window_has_review_sections(qtbot, ho):
    ply = ho.devices["plymouth"]
    _conflict(ho)
    kept = _person(ply, "Siân", "Ní Bhriain", "1990-03-14")
    duplicate = _person(ply, "Sian", "Ni Bhriain", "1990-03-14")
    import_file(ho.db, export_device(ply, ho.outbox))
    window = MainWindow(ho.context)
    qtbot.addWidget(window)
    window.show()
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert labels[:5] == ["Today", "Clients", "Court diary", "Agencies", "Referrals"]
    assert labels[5:] == [
        "Devices",
        "Conflicts (1)",
        "Possible duplicates",
        "Directory proposals",
        "Settings",
    ]
    # Head office has no site of its own: every page still opens.
    for index in range(window.nav.count()):
        window.show_section(index)
    qtbot.waitUntil(lambda: _rows(window.duplicates.table) == 1, timeout=20_000)

    window.show_section(labels.index("Conflicts (1)"))
    _choose(qtbot, window.conflicts.first_choice)
    _click(qtbot, window.conflicts.keep_button)
    assert window.nav.item(6).text() == "Conflicts"
    _shot(window, "window-head-office")

    from cass_desktop.people import merging

    merging.merge_people(ho.db, duplicate, kept)
    ho.context.notify_changed()
    window.show_client(duplicate)
    note = window.client_page.merged
    assert note.isVisible()
    reference = clients.get(ho.db, kept)["reference"]
    assert f"This record was merged into <a href='{kept}'>Siân Ní Bhriain ({reference})</a>" in (
        note.text()
    )
    _shot(window, "client-merged")
    note.linkActivated.emit(kept)
    assert window.client_page.client_id == kept
    assert "Also recorded as" in window.client_page.merged.text()


def test_head_office_pages_reload_through_refresh_when_shown():
    """Data changed while a page is hidden reloads it when next shown, the one way."""
    from cass_desktop.ui.headoffice.conflicts_page import ConflictsPage
    from cass_desktop.ui.headoffice.devices_page import DevicesPage
    from cass_desktop.ui.headoffice.duplicates_page import DuplicatesPage
    from cass_desktop.ui.headoffice.proposals_page import ProposalsPage
    from cass_desktop.ui.shell.pages import RefreshWhenShown

    for page in (ConflictsPage, DevicesPage, DuplicatesPage, ProposalsPage):
        assert issubclass(page, RefreshWhenShown), page.__name__
        assert "showEvent" not in vars(page), page.__name__
