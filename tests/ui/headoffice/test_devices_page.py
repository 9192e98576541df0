"""Head office's Devices page: importing, approving, quiet laptops, updates, revoking, courts."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton

from cass_desktop.data import changelog, clients, peers
from cass_desktop.sites.setup import set_up_device
from cass_desktop.sync import identity
from cass_desktop.sync.exporter import export_device
from cass_desktop.sync.importer import import_file
from cass_desktop.ui.headoffice import devices_page
from cass_desktop.ui.headoffice.devices_page import DevicesPage
from tests.helpers.headoffice import cell as _cell
from tests.helpers.headoffice import click as _click
from tests.helpers.headoffice import click_cell as _click_cell
from tests.helpers.headoffice import person as _person
from tests.helpers.headoffice import row_of as _row_of
from tests.helpers.headoffice import rows as _rows
from tests.helpers.headoffice import shot as _shot
from tests.helpers.stores import make_store


def test_import_bundles_then_approve_a_device_that_was_not_enrolled(qtbot, ho, monkeypatch):
    ply, newquay = ho.devices["plymouth"], ho.devices["newquay"]
    sian = _person(ply, "Siân", "Ní Bhriain", "1990-03-14")
    jago = _person(newquay, "Jago", "Penrose")
    bundles = [export_device(ply, ho.outbox), export_device(newquay, ho.outbox)]
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileNames",
        lambda *args, **kwargs: ([str(p) for p in bundles], ""),
    )
    page = DevicesPage(ho.context)
    qtbot.addWidget(page)
    page.resize(1000, 650)
    page.show()
    page.refresh()
    assert _rows(page.table) == 2  # the two enrolled laptops
    assert (
        "Plymouth's laptop (Alex Carter): nothing received yet" not in page.quiet.text()
    )  # never sent: no alarm

    with qtbot.waitSignal(page.imported, timeout=20_000):
        _click(qtbot, page.import_button)
    lines = [page.results.item(i).text() for i in range(page.results.count())]
    assert lines[0].startswith(bundles[0].name + ": ")
    # Plymouth's own records of its court and worker restate what head office holds: held.
    assert "changes; 5 already held; no conflicts." in lines[0]
    assert lines[1].startswith(bundles[1].name + ": from a device head office has not enrolled")
    assert clients.get(ho.db, sian)["family_name"] == "Ní Bhriain"
    assert clients.get(ho.db, jago) is None
    assert "1 device is waiting for approval" in page.quiet.text()
    row = _row_of(page.table, "Newquay Drop-in")
    assert _cell(page.table, row, page.STATUS) == "Waiting for approval"
    fingerprint = identity.my_card(newquay).fingerprint()
    assert _cell(page.table, row, page.FINGERPRINT) == fingerprint
    plymouth_row = _row_of(page.table, "Plymouth Magistrates' Court")
    assert _cell(page.table, plymouth_row, page.LAST).endswith("(today)")
    _shot(page, "devices-after-import")

    page.table.selectRow(row)
    assert not page.update_button.isEnabled()
    _click(qtbot, page.approve_button)
    box = page.confirm
    # The fingerprint is shown large, with who the laptop is, and the court head office
    # assigns it (from its own list: here the one the card names).
    assert box.fingerprint.text() == fingerprint
    assert box.fingerprint.font().pointSize() >= 18
    assert "Morwenna Pascoe" in box.who.text()
    assert box.court.currentText() == "Newquay Drop-in" and box.court_note.isHidden()
    _shot(box, "devices-approve")
    with qtbot.waitSignal(page.imported, timeout=20_000):
        _click(qtbot, box.findChild(QPushButton, "approveButton"))
    # Approving imports the bundle that waited, and this time it is applied.
    assert ": applied " in page.results.item(0).text()
    assert clients.get(ho.db, jago)["given_name"] == "Jago"
    row = _row_of(page.table, "Newquay Drop-in")
    assert _cell(page.table, row, page.STATUS) == "Enrolled"
    assert page.quiet.isHidden()


def test_a_refused_bundle_is_said_in_plain_words(qtbot, ho, tmp_path):
    broken = tmp_path / "cass-plymouth-broken.cassbundle"
    broken.write_bytes(b"not a bundle at all")
    page = DevicesPage(ho.context)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.imported, timeout=20_000):
        page.import_bundles([broken])
    said = page.results.item(0).text()
    assert said.startswith("cass-plymouth-broken.cassbundle is ")
    assert said.count("cass-plymouth-broken.cassbundle") == 1  # the file named once
    assert page.message.text() == "Applied 0 changes. 1 bundle was not applied."
    assert "#b00020" in page.message.styleSheet()  # not shown as a success


def test_a_quiet_device_is_pointed_out(qtbot, ho):
    bodmin = ho.devices["bodmin"]
    import_file(ho.db, export_device(bodmin, ho.outbox))
    three_days_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
    peers.put(
        ho.db,
        changelog.device_id(bodmin),
        {"last_bundle_at": three_days_ago.isoformat(timespec="seconds")},
    )
    page = DevicesPage(ho.context)
    qtbot.addWidget(page)
    page.resize(1000, 500)
    page.show()
    page.refresh()
    assert page.quiet.isVisible()
    assert "Bodmin's laptop (Jo Pengelly): nothing for 3 days" in page.quiet.text()
    row = _row_of(page.table, "Bodmin Magistrates' Court")
    assert _cell(page.table, row, page.LAST).endswith("(3 days ago)")
    assert _cell(page.table, row, page.LAST, Qt.ItemDataRole.FontRole).bold()
    _shot(page, "devices-quiet")


def test_write_an_update_for_a_device(qtbot, ho, monkeypatch, tmp_path):
    ply = ho.devices["plymouth"]
    person = _person(ply, "Oluwaseun", "Adeyemi")
    import_file(ho.db, export_device(ply, ho.outbox))
    clients.update(ho.db, person, {"phone": "07700 900123"})
    folder = tmp_path / "to-plymouth"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(folder))
    page = DevicesPage(ho.context)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    page.table.selectRow(_row_of(page.table, "Plymouth Magistrates' Court"))
    _click(qtbot, page.update_button)
    qtbot.waitUntil(lambda: "written" in page.message.text(), timeout=20_000)
    [update] = list(folder.iterdir())
    assert "Update for Plymouth's laptop (Alex Carter) written" in page.message.text()
    assert import_file(ply, update).refused is None
    assert clients.get(ply, person)["phone"] == "07700 900123"


def test_approving_a_laptop_of_a_court_not_listed_asks_for_its_court(qtbot, ho, tmp_path):
    ho_db = ho.db
    laptop = make_store(tmp_path, "st-austell")
    set_up_device(laptop, "St Austell Drop-in", "Kensa Rowe")
    identity.trust_head_office(laptop, identity.write_card(ho_db, tmp_path / "ho2.card"))
    page = DevicesPage(ho.context)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.imported, timeout=20_000):
        page.import_bundles([export_device(laptop, ho.outbox)])
    page.table.selectRow(_row_of(page.table, "St Austell Drop-in"))
    _click(qtbot, page.approve_button)
    dialog = page.confirm
    assert dialog.court.currentIndex() == 0 and not dialog.approve_button.isEnabled()
    assert "does not hold the court this laptop was set up for" in dialog.court_note.text()
    dialog.court.setCurrentIndex(dialog.court.findText("Bodmin Magistrates' Court"))
    assert dialog.approve_button.isEnabled()
    assert dialog.court_note.text() == (
        "The card says the laptop is at St Austell Drop-in; it will be assigned to Bodmin "
        "Magistrates' Court."
    )
    with qtbot.waitSignal(page.imported, timeout=20_000):
        _click(qtbot, dialog.approve_button)
    device = peers.get(ho_db, changelog.device_id(laptop))
    assert device["status"] == "enrolled"
    assert device["site_id"] == identity.sites.site_id_for("Bodmin Magistrates' Court")
    laptop.close()


def test_revoke_a_laptop(qtbot, ho):
    page = DevicesPage(ho.context)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    row = _row_of(page.table, "Bodmin Magistrates' Court")
    _click_cell(qtbot, page.table, row)
    _click(qtbot, page.revoke_button)
    box = page.revoke_box
    assert box.text() == "Revoke the laptop of Jo Pengelly at Bodmin Magistrates' Court?"
    _click(qtbot, box.findChild(QPushButton, "confirmRevoke"))
    row = _row_of(page.table, "Bodmin Magistrates' Court")
    assert _cell(page.table, row, page.STATUS) == "Revoked"
    assert peers.get(ho.db, changelog.device_id(ho.devices["bodmin"]))["status"] == "revoked"
    page.table.selectRow(row)
    assert not page.update_button.isEnabled() and not page.revoke_button.isEnabled()


def test_add_a_court_to_head_offices_list(qtbot, ho, monkeypatch):
    from cass_desktop.sites.setup import courts

    page = DevicesPage(ho.context)
    qtbot.addWidget(page)
    page.show()
    monkeypatch.setattr(
        devices_page.QInputDialog, "getText", lambda *args, **kwargs: ("St Austell Drop-in", True)
    )
    _click(qtbot, page.add_court_button)
    assert page.message.text() == "St Austell Drop-in is in head office's list of courts now."
    assert "St Austell Drop-in" in [c["name"] for c in courts(ho.db)]
    _click(qtbot, page.add_court_button)
    assert page.message.text() == "St Austell Drop-in is already in head office's list of courts."


def test_a_heading_sorts_the_devices_and_the_selection_follows_its_laptop(qtbot, ho):
    from PySide6.QtCore import QPoint

    page = DevicesPage(ho.context)
    qtbot.addWidget(page)
    page.resize(1024, 640)
    page.show()
    page.refresh()
    listed = [_cell(page.table, r, page.SITE) for r in range(_rows(page.table))]
    _click_cell(qtbot, page.table, _row_of(page.table, "Bodmin Magistrates' Court"), page.WORKER)
    assert page.selected().worker == "Jo Pengelly"
    header = page.table.horizontalHeader()
    middle = QPoint(header.sectionViewportPosition(page.SITE) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    ordered = [_cell(page.table, r, page.SITE) for r in range(_rows(page.table))]
    assert sorted(listed) == ordered or sorted(listed, reverse=True) == ordered
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    assert [_cell(page.table, r, page.SITE) for r in range(_rows(page.table))] == ordered[::-1]
    assert page.selected().worker == "Jo Pengelly"  # the same laptop, wherever it went
    assert page.revoke_button.isEnabled()
    page.refresh()
    assert page.selected().worker == "Jo Pengelly"


def test_beside_the_navigation_at_1024x700_every_column_is_on_screen(qtbot, ho):
    """The page is 1024 less the navigation wide: the columns narrow (their whole text in the
    tooltip) rather than push Refused off the edge; the last bundle stays whole."""
    page = DevicesPage(ho.context)
    qtbot.addWidget(page)
    page.resize(1024 - 190, 640)
    page.show()
    page.refresh()
    table, header = page.table, page.table.horizontalHeader()
    right = header.sectionViewportPosition(page.REFUSED) + header.sectionSize(page.REFUSED)
    assert right <= table.viewport().width()
    assert header.sectionSize(page.REFUSED) >= 50
    row = _row_of(table, "Plymouth Magistrates' Court")
    last = table.fontMetrics().horizontalAdvance(_cell(table, row, page.LAST))
    assert header.sectionSize(page.LAST) >= last
    fingerprint = _cell(table, row, page.FINGERPRINT)
    assert _cell(table, row, page.FINGERPRINT, Qt.ItemDataRole.ToolTipRole) == fingerprint
    _shot(page, "devices-834")
