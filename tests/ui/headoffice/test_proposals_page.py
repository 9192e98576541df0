"""Head office's Proposals page."""

from __future__ import annotations

from cass_desktop.data import changelog
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from cass_desktop.ui.headoffice.proposals_page import ProposalsPage
from tests.helpers.headoffice import click as _click
from tests.helpers.headoffice import click_cell as _click_cell
from tests.helpers.headoffice import shot as _shot


def test_accept_a_directory_proposal_by_clicking(qtbot, ho):
    from cass_desktop.data import agencies

    ply = ho.devices["plymouth"]
    agency = agencies.create(ho.db, {"name": "Shelter Plymouth", "phone": "01752 000111"})
    import_file(ply, export_update(ho.db, changelog.device_id(ply), ho.outbox))
    agencies.update(ply, agency, {"phone": "01752 000222"})
    import_file(ho.db, export_device(ply, ho.outbox))
    page = ProposalsPage(ho.context)
    qtbot.addWidget(page)
    page.resize(1000, 500)
    page.show()
    page.refresh()
    assert page.nav_label() == "Directory proposals (1)"
    assert [page.table.item(0, c).text() for c in range(4)] == [
        "Shelter Plymouth",
        "Phone",
        "01752 000111",
        "01752 000222",
    ]
    assert page.table.item(0, page.FROM).text().startswith("Plymouth's laptop (Alex Carter), ")
    _shot(page, "proposals")
    _click_cell(qtbot, page.table, 0)
    with qtbot.waitSignal(page.count_changed, timeout=20_000):
        _click(qtbot, page.accept_button)
    assert agencies.get(ho.db, agency)["phone"] == "01752 000222"
    assert page.message.text() == "Accepted: Shelter Plymouth, phone goes to every laptop."
    assert page.empty.isVisible() and page.nav_label() == "Directory proposals"
    assert not page.accept_button.isEnabled()
