"""Head office's Proposals page."""

from __future__ import annotations

from cass_desktop.data import changelog
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from cass_desktop.ui.headoffice.proposals_page import ProposalsPage
from tests.helpers.headoffice import cell as _cell
from tests.helpers.headoffice import click as _click
from tests.helpers.headoffice import click_cell as _click_cell
from tests.helpers.headoffice import rows as _rows
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
    assert [_cell(page.table, 0, c) for c in range(2)] == [
        "Shelter Plymouth",
        "Phone: 01752 000111 → 01752 000222",
    ]
    assert _cell(page.table, 0, page.FROM).startswith("Plymouth's laptop (Alex Carter), ")
    _shot(page, "proposals")
    _click_cell(qtbot, page.table, 0)
    with qtbot.waitSignal(page.count_changed, timeout=20_000):
        _click(qtbot, page.accept_button)
    assert agencies.get(ho.db, agency)["phone"] == "01752 000222"
    assert page.message.text() == "Accepted: Shelter Plymouth: phone. It goes to every laptop."
    assert page.empty.isVisible() and page.nav_label() == "Directory proposals"
    assert not page.accept_button.isEnabled()


def test_a_new_agency_is_one_proposal_accepted_whole(qtbot, ho):
    """A laptop's new agency is one row showing the whole record, not one row per field; an
    edit of several fields of one agency is one row listing each change."""
    from cass_desktop.data import agencies

    ply = ho.devices["plymouth"]
    held = agencies.create(ho.db, {"name": "Shelter Plymouth", "phone": "01752 000111"})
    import_file(ply, export_update(ho.db, changelog.device_id(ply), ho.outbox))
    agencies.update(ply, held, {"phone": "01752 000222", "email": "help@example.org"})
    new = agencies.create(
        ply, {"name": "Tamar Housing Advice", "phone": "01752 000333", "domains": "housing"}
    )
    import_file(ho.db, export_device(ply, ho.outbox))
    page = ProposalsPage(ho.context)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    page.refresh()
    assert _rows(page.table) == 2
    rows = {_cell(page.table, r, page.AGENCY): r for r in range(2)}
    edit = _cell(page.table, rows["Shelter Plymouth"], page.CHANGES).splitlines()
    assert "Phone: 01752 000111 → 01752 000222" in edit and len(edit) == 2
    whole = _cell(page.table, rows["Tamar Housing Advice (new)"], page.CHANGES)
    assert whole.startswith("A new agency:") and "Phone: 01752 000333" in whole
    _shot(page, "proposals-grouped")

    _click_cell(qtbot, page.table, rows["Tamar Housing Advice (new)"])
    _click(qtbot, page.accept_button)
    made = agencies.get(ho.db, new)
    assert (made["name"], made["phone"]) == ("Tamar Housing Advice", "01752 000333")
    assert page.message.text().startswith("Accepted: a new agency, Tamar Housing Advice, with ")
    assert agencies.get(ho.db, held)["phone"] == "01752 000111"  # the other is still to decide
    assert _rows(page.table) == 1
