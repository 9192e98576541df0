"""Refused changes listed per laptop under Devices, and applied as head office's decision."""

from __future__ import annotations

from cass_desktop.data import changelog, clients
from cass_desktop.sync.exporter import export_device
from cass_desktop.sync.importer import import_file
from cass_desktop.ui.headoffice.devices_page import DevicesPage
from tests.helpers.headoffice import cell as _cell
from tests.helpers.headoffice import click as _click
from tests.helpers.headoffice import click_cell as _click_cell
from tests.helpers.headoffice import person as _person
from tests.helpers.headoffice import row_of as _row_of
from tests.helpers.headoffice import rows as _rows
from tests.helpers.headoffice import shot as _shot


def test_refused_changes_are_listed_per_laptop_and_can_be_applied(qtbot, ho):
    from cass_desktop.data import agencies

    ply, bodmin = ho.devices["plymouth"], ho.devices["bodmin"]
    person = _person(bodmin, "Morwenna", "Trewin", phone="07700 900111")
    import_file(ho.db, export_device(bodmin, ho.outbox))
    # Plymouth's laptop sends a change to a Bodmin person and to a template: refused.
    changelog.save(ply, "clients", {"phone": "0900 000 000"}, person)
    changelog.save(ply, "documents", {"kind": "letter_template", "name": "referral-to-agency"})
    agencies.create(ply, {"name": "Not Yet Listed"})
    bundle = export_device(ply, ho.outbox)
    page = DevicesPage(ho.context)
    qtbot.addWidget(page)
    page.resize(1024, 640)  # a 1024x700 screen, less the window frame and the navigation
    page.show()
    page.refresh()
    with qtbot.waitSignal(page.imported, timeout=20_000):
        page.import_bundles([bundle])
    assert "3 refused (listed below)" in page.results.item(0).text()
    assert "1 agency change proposed" in page.results.item(0).text()
    # What happened, in changes, and not in the colour of success.
    assert page.message.text().startswith("Applied ")
    assert "; 3 refused (listed below)." in page.message.text()
    assert "#1b5e20" not in page.message.styleSheet()
    assert clients.get(ho.db, person)["phone"] == "07700 900111"
    row = _row_of(page.table, "Plymouth Magistrates' Court")
    assert _cell(page.table, row, page.REFUSED) == "3"
    assert "Plymouth's laptop (Alex Carter): 3 changes refused" in page.quiet.text()

    _click_cell(qtbot, page.table, row)
    assert page.refused_title.text().startswith(
        "Plymouth's laptop (Alex Carter): 3 changes refused"
    )
    reasons = [_cell(page.refused_table, r, page.R_WHAT) for r in range(3)]
    assert (
        "Plymouth's laptop (Alex Carter) tried to change a Bodmin person's phone number." in reasons
    )
    assert (
        reasons.count(
            "Plymouth's laptop (Alex Carter) tried to change a letter template or form; those "
            "come only from head office."
        )
        == 2
    )
    at = reasons.index(
        "Plymouth's laptop (Alex Carter) tried to change a Bodmin person's phone number."
    )
    assert _cell(page.refused_table, at, page.R_RECORD).startswith("Morwenna Trewin (BOD-")
    assert _cell(page.refused_table, at, page.R_VALUE) == "Phone: 0900 000 000"
    _shot(page, "devices-refused-1024")

    def fits(table, column):
        right = table.columnViewportPosition(column) + table.columnWidth(column)
        return table.columnViewportPosition(column) >= 0 and right <= table.viewport().width()

    assert fits(page.table, page.REFUSED), "the Refused column is off-screen at 1024x700"
    assert fits(page.refused_table, page.R_RECORD), "the refusal's Record is off-screen"
    assert page.table.viewport().height() >= 3 * page.table.rowHeight(0)

    assert not page.apply_refused_button.isEnabled()
    _click_cell(qtbot, page.refused_table, at, page.R_WHAT)
    _click(qtbot, page.apply_refused_button)
    assert clients.get(ho.db, person)["phone"] == "0900 000 000"
    assert page.message.text().startswith(
        "Applied as head office's own decision: one change, the phone of Morwenna Trewin (BOD-"
    )
    # Every count agrees afterwards: the table, the banner and the list's heading.
    assert _cell(page.table, row, page.REFUSED) == "2"
    assert "Plymouth's laptop (Alex Carter): 2 changes refused" in page.quiet.text()
    assert page.refused_title.text().startswith(
        "Plymouth's laptop (Alex Carter): 2 changes refused  (1 applied by head office)"
    )
    applied = next(
        r
        for r in range(_rows(page.refused_table))
        if "phone number" in _cell(page.refused_table, r, page.R_WHAT)
    )
    assert "(Applied by Devon and Cornwall CASS.)" in _cell(
        page.refused_table, applied, page.R_WHAT
    )
