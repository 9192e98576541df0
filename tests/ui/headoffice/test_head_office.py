"""Head office's pages, driven like a person would: import bundles, approve a device, write an
update, choose a value for a conflict, merge two records of one person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton

from cass_desktop.data import changelog, clients, local, peers, store_path
from cass_desktop.sites.setup import add_court, set_up_device, set_up_head_office
from cass_desktop.sync import identity
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from cass_desktop.ui.headoffice import head_office
from cass_desktop.ui.headoffice.head_office import ConflictsPage, DevicesPage, DuplicatesPage
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.main_window import MainWindow
from tests.helpers.stores import connect, make_store

SHOTS = Path("/tmp/cass-head-office-shots")


def _shot(widget, name: str) -> None:
    """Keep a picture of the screen, for looking at what was built."""
    SHOTS.mkdir(exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


@dataclass
class HeadOffice:
    context: AppContext
    db: sqlite_utils.Database
    devices: dict[str, sqlite_utils.Database]
    outbox: Path


@pytest.fixture
def ho(tmp_path: Path):
    db = make_store(tmp_path, "head-office")
    set_up_head_office(db, "Devon and Cornwall CASS")
    add_court(db, "Newquay Drop-in")  # head office's list of courts: the three known, and this
    devices = {}
    for name, site, worker, enrol in (
        ("plymouth", "Plymouth Magistrates' Court", "Alex Carter", True),
        ("bodmin", "Bodmin Magistrates' Court", "Jo Pengelly", True),
        ("newquay", "Newquay Drop-in", "Morwenna Pascoe", False),
    ):
        device = make_store(tmp_path, name)
        set_up_device(device, site, worker)
        if enrol:
            connect(db, device, tmp_path)
        else:
            identity.trust_head_office(device, identity.write_card(db, tmp_path / "ho.card"))
        devices[name] = device
    outbox = tmp_path / "bundles"
    outbox.mkdir()
    yield HeadOffice(AppContext(db, store_path(tmp_path / "head-office")), db, devices, outbox)
    for store in [db, *devices.values()]:
        store.close()


def _person(device, given, family, born=None, phone=None):
    return clients.create(
        device,
        {
            "given_name": given,
            "family_name": family,
            "date_of_birth": born,
            "phone": phone,
            "site_id": local.get(device, "site_id"),
        },
        "PLY",
    )


def _row_of(table, text: str) -> int:
    for row in range(table.rowCount()):
        if table.item(row, 0).text() == text:
            return row
    raise AssertionError(f"{text} not listed")


def _choose(qtbot, radio) -> None:
    """Click a radio button on its circle (its middle may be empty space past the words)."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()


def _click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_import_bundles_then_approve_a_device_that_was_not_enrolled(qtbot, ho, monkeypatch):
    ply, newquay = ho.devices["plymouth"], ho.devices["newquay"]
    sian = _person(ply, "Siân", "Ní Bhriain", "1990-03-14")
    jago = _person(newquay, "Jago", "Penrose")
    bundles = [export_device(ply, ho.outbox), export_device(newquay, ho.outbox)]
    monkeypatch.setattr(
        head_office.QFileDialog,
        "getOpenFileNames",
        lambda *args, **kwargs: ([str(p) for p in bundles], ""),
    )
    page = DevicesPage(ho.context)
    qtbot.addWidget(page)
    page.resize(1000, 650)
    page.show()
    page.refresh()
    assert page.table.rowCount() == 2  # the two enrolled laptops
    assert "Plymouth: nothing received yet" not in page.quiet.text()  # never sent: no alarm

    with qtbot.waitSignal(page.imported, timeout=20_000):
        _click(qtbot, page.import_button)
    lines = [page.results.item(i).text() for i in range(page.results.count())]
    assert lines[0].startswith(bundles[0].name + ": ")
    # Plymouth's own records of its court and worker restate what head office holds: held.
    assert "changes applied, 5 already held, no conflicts." in lines[0]
    assert lines[1].startswith(bundles[1].name + ": from a device head office has not enrolled")
    assert clients.get(ho.db, sian)["family_name"] == "Ní Bhriain"
    assert clients.get(ho.db, jago) is None
    assert "1 device is waiting for approval" in page.quiet.text()
    row = _row_of(page.table, "Newquay Drop-in")
    assert page.table.item(row, page.STATUS).text() == "Waiting for approval"
    fingerprint = identity.my_card(newquay).fingerprint()
    assert page.table.item(row, page.FINGERPRINT).text() == fingerprint
    plymouth_row = _row_of(page.table, "Plymouth Magistrates' Court")
    assert page.table.item(plymouth_row, page.LAST).text().endswith("(today)")
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
    assert "changes applied" in page.results.item(0).text()
    assert clients.get(ho.db, jago)["given_name"] == "Jago"
    row = _row_of(page.table, "Newquay Drop-in")
    assert page.table.item(row, page.STATUS).text() == "Enrolled"
    assert page.quiet.isHidden()


def test_a_refused_bundle_is_said_in_plain_words(qtbot, ho, tmp_path):
    broken = tmp_path / "cass-plymouth-broken.cassbundle"
    broken.write_bytes(b"not a bundle at all")
    page = DevicesPage(ho.context)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.imported, timeout=20_000):
        page.import_bundles([broken])
    assert page.results.item(0).text().startswith("cass-plymouth-broken.cassbundle: refused.")
    assert "0 bundles applied. 1 was not applied." in page.message.text()


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
    assert "Bodmin: nothing for 3 days" in page.quiet.text()
    row = _row_of(page.table, "Bodmin Magistrates' Court")
    assert page.table.item(row, page.LAST).text().endswith("(3 days ago)")
    assert page.table.item(row, page.LAST).font().bold()
    _shot(page, "devices-quiet")


def test_write_an_update_for_a_device(qtbot, ho, monkeypatch, tmp_path):
    ply = ho.devices["plymouth"]
    person = _person(ply, "Oluwaseun", "Adeyemi")
    import_file(ho.db, export_device(ply, ho.outbox))
    clients.update(ho.db, person, {"phone": "07700 900123"})
    folder = tmp_path / "to-plymouth"
    folder.mkdir()
    monkeypatch.setattr(
        head_office.QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(folder)
    )
    page = DevicesPage(ho.context)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    page.table.selectRow(_row_of(page.table, "Plymouth Magistrates' Court"))
    _click(qtbot, page.update_button)
    qtbot.waitUntil(lambda: "written" in page.message.text(), timeout=20_000)
    [update] = list(folder.iterdir())
    assert "Update for Plymouth written" in page.message.text()
    assert import_file(ply, update).refused is None
    assert clients.get(ply, person)["phone"] == "07700 900123"


def _conflict(ho):
    ply = ho.devices["plymouth"]
    person = _person(ply, "Aisling", "Ó Briain", phone="07700 900000")
    import_file(ho.db, export_device(ply, ho.outbox))
    clients.update(ho.db, person, {"phone": "07700 900001"})
    clients.update(ply, person, {"phone": "07700 900002"})
    import_file(ho.db, export_device(ply, ho.outbox))
    return person


def test_resolve_a_conflict_by_clicking(qtbot, ho):
    person = _conflict(ho)
    page = ConflictsPage(ho.context)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    page.refresh()
    assert page.nav_label() == "Conflicts (1)"
    assert page.table.rowCount() == 1
    assert page.table.item(0, page.RECORD).text().startswith("Aisling Ó Briain (PLY-")
    assert page.table.item(0, page.DETAIL).text() == "Phone"
    assert page.table.item(0, page.SHOWN).text().startswith("07700 900002\nPlymouth (Alex")
    assert "from Plymouth (Alex Carter)" in page.first_choice.text()
    assert "from Head office" in page.second_choice.text()
    _shot(page, "conflicts")

    _click(qtbot, page.keep_button)  # nothing chosen yet
    assert page.error.text() == "Choose one of the values, or type another."
    with qtbot.waitSignal(page.count_changed, timeout=30_000):
        _choose(qtbot, page.second_choice)
        _click(qtbot, page.keep_button)
    assert clients.get(ho.db, person)["phone"] == "07700 900001"
    assert page.count == 0 and page.nav_label() == "Conflicts"
    assert page.empty.isVisible()
    assert "07700 900001 kept" in page.done.text()


def test_type_another_value_for_a_conflict(qtbot, ho):
    person = _conflict(ho)
    page = ConflictsPage(ho.context)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.keyClicks(page.other_text, "01632 960999")
    assert page.other_choice.isChecked()
    _click(qtbot, page.keep_button)
    assert clients.get(ho.db, person)["phone"] == "01632 960999"


def test_merge_two_records_of_one_person_and_undo(qtbot, ho):
    ply, bodmin = ho.devices["plymouth"], ho.devices["bodmin"]
    kept = _person(ply, "Siân", "Ní Bhriain", "1990-03-14")
    duplicate = _person(bodmin, "Sian", "Ni Bhriain", "1990-03-14")
    _person(bodmin, "Tomasz", "Wiśniewski", "1988-05-03")
    for device in (ply, bodmin):
        import_file(ho.db, export_device(device, ho.outbox))
    page = DuplicatesPage(ho.context)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    with qtbot.waitSignal(page.looked, timeout=20_000):
        page.show()
    assert page.table.rowCount() == 1
    assert "same date of birth (14 Mar 1990)" in page.table.item(0, page.REASONS).text()
    assert "recorded at different sites" in page.table.item(0, page.REASONS).text()
    page.table.selectRow(0)
    _shot(page, "duplicates")
    _click(qtbot, page.merge_button)
    dialog = page.dialog
    keep = dialog.keep_first if dialog.pair.first["id"] == kept else dialog.keep_second
    _choose(qtbot, keep)
    _shot(dialog, "duplicates-merge")
    _click(qtbot, dialog.merge_button)

    assert clients.get(ho.db, duplicate)["merged_into"] == kept
    assert page.table.rowCount() == 0
    assert "is now merged into Siân Ní Bhriain" in page.message.text()
    assert page.merged_table.rowCount() == 1
    assert page.merged_table.item(0, 1).text().startswith("Siân Ní Bhriain (PLY-")
    assert clients.rowid_of(ho.db, duplicate) not in clients.list_rowids(ho.db)
    _shot(page, "duplicates-merged")

    page.merged_table.selectRow(0)
    with qtbot.waitSignal(page.looked, timeout=20_000):
        _click(qtbot, page.undo_button)
    assert clients.get(ho.db, duplicate)["merged_into"] is None
    assert page.table.rowCount() == 1
    assert page.merged_table.rowCount() == 0


def test_not_the_same_person(qtbot, ho):
    ply = ho.devices["plymouth"]
    _person(ply, "Jago", "Penrose", "1985-01-02")
    _person(ply, "Jago", "Penrose", "1985-01-02")
    import_file(ho.db, export_device(ply, ho.outbox))
    page = DuplicatesPage(ho.context)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.looked, timeout=20_000):
        page.show()
    page.table.selectRow(0)
    _click(qtbot, page.different_button)
    assert page.table.rowCount() == 0
    with qtbot.waitSignal(page.looked, timeout=20_000):
        _click(qtbot, page.look_again)
    assert page.table.rowCount() == 0
    assert page.status.text() == "No possible duplicates found."


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
    qtbot.waitUntil(lambda: window.duplicates.table.rowCount() == 1, timeout=20_000)

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


# -- who may change what ---------------------------------------------------------------------


def _click_cell(qtbot, table, row: int, column: int = 0) -> None:
    rect = table.visualItemRect(table.item(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


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
    page.resize(1100, 800)
    page.show()
    page.refresh()
    with qtbot.waitSignal(page.imported, timeout=20_000):
        page.import_bundles([bundle])
    assert "3 refused (listed below)" in page.results.item(0).text()
    assert "1 agency change proposed" in page.results.item(0).text()
    assert clients.get(ho.db, person)["phone"] == "07700 900111"
    row = _row_of(page.table, "Plymouth Magistrates' Court")
    assert page.table.item(row, page.REFUSED).text() == "3"
    assert "Plymouth: 3 changes refused" in page.quiet.text()

    _click_cell(qtbot, page.table, row)
    assert page.refused_title.text().startswith("Plymouth: 3 changes refused")
    reasons = [page.refused_table.item(r, page.R_WHAT).text() for r in range(3)]
    assert "Plymouth tried to change a Bodmin person's phone number." in reasons
    assert (
        reasons.count(
            "Plymouth tried to change a letter template or form; those come only from head office."
        )
        == 2
    )
    at = reasons.index("Plymouth tried to change a Bodmin person's phone number.")
    assert page.refused_table.item(at, page.R_RECORD).text().startswith("Morwenna Trewin (PLY-")
    assert page.refused_table.item(at, page.R_VALUE).text() == "Phone: 0900 000 000"
    _shot(page, "devices-refused")

    assert not page.apply_refused_button.isEnabled()
    _click_cell(qtbot, page.refused_table, at, page.R_WHAT)
    _click(qtbot, page.apply_refused_button)
    assert clients.get(ho.db, person)["phone"] == "0900 000 000"
    assert "Applied as head office's own decision" in page.message.text()
    assert page.table.item(row, page.REFUSED).text() == "2"
    applied = next(
        r
        for r in range(page.refused_table.rowCount())
        if "phone number" in page.refused_table.item(r, page.R_WHAT).text()
    )
    assert (
        "(Applied by Devon and Cornwall CASS.)"
        in page.refused_table.item(applied, page.R_WHAT).text()
    )


def test_accept_a_directory_proposal_by_clicking(qtbot, ho):
    from cass_desktop.data import agencies
    from cass_desktop.ui.headoffice.head_office import ProposalsPage

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
    assert page.table.item(0, page.FROM).text().startswith("Plymouth, ")
    _shot(page, "proposals")
    _click_cell(qtbot, page.table, 0)
    with qtbot.waitSignal(page.count_changed, timeout=20_000):
        _click(qtbot, page.accept_button)
    assert agencies.get(ho.db, agency)["phone"] == "01752 000222"
    assert page.message.text() == "Accepted: Shelter Plymouth, phone goes to every laptop."
    assert page.empty.isVisible() and page.nav_label() == "Directory proposals"
    assert not page.accept_button.isEnabled()


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
    assert page.table.item(row, page.STATUS).text() == "Revoked"
    assert peers.get(ho.db, changelog.device_id(ho.devices["bodmin"]))["status"] == "revoked"
    page.table.selectRow(row)
    assert not page.update_button.isEnabled() and not page.revoke_button.isEnabled()


def test_add_a_court_to_head_offices_list(qtbot, ho, monkeypatch):
    from cass_desktop.sites.setup import courts

    page = DevicesPage(ho.context)
    qtbot.addWidget(page)
    page.show()
    monkeypatch.setattr(
        head_office.QInputDialog, "getText", lambda *args, **kwargs: ("St Austell Drop-in", True)
    )
    _click(qtbot, page.add_court_button)
    assert page.message.text() == "St Austell Drop-in is in head office's list of courts now."
    assert "St Austell Drop-in" in [c["name"] for c in courts(ho.db)]
    _click(qtbot, page.add_court_button)
    assert page.message.text() == "St Austell Drop-in is already in head office's list of courts."
