"""Settings: this store's card, trusting head office or enrolling devices by their cards with
the fingerprint shown to check, the destination folder; and setting up as head office."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from cass_desktop.data import local, peers, store_path
from cass_desktop.sites.setup import set_up_device, set_up_head_office
from cass_desktop.sync import identity, outbox
from cass_desktop.sync.exporter import export_device
from cass_desktop.sync.keys import read_card
from cass_desktop.ui.headoffice.devices_page import DevicesPage
from cass_desktop.ui.settings.settings_page import SettingsPage
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.first_run import FirstRunPage
from tests.helpers.headoffice import cell, rows
from tests.helpers.stores import new_store

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def head_office(tmp_path: Path):
    folder = tmp_path / "head-office"
    folder.mkdir()
    db = new_store(store_path(folder))
    set_up_head_office(db, "Devon and Cornwall CASS")
    yield db
    db.close()


@pytest.fixture
def head_office_card(head_office, tmp_path) -> Path:
    return identity.write_card(head_office, tmp_path / "devon-and-cornwall.card")


def _choose_file(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kw: (str(path), ""))


def _page(qtbot, context) -> SettingsPage:
    page = SettingsPage(context)
    qtbot.addWidget(page)
    page.show()
    return page


def _devices(qtbot, context) -> DevicesPage:
    page = DevicesPage(context)
    page.trust_box = page.enrol_box
    qtbot.addWidget(page)
    page.show()
    return page


def test_a_device_shows_who_it_is_and_its_card(qtbot, context, tmp_path, monkeypatch):
    page = _page(qtbot, context)
    assert page.role_label.text() == "A worker's laptop (device)"
    assert page.name_label.text() == "Plymouth Magistrates' Court"
    assert page.worker_label.text() == "Alex Carter"
    mine = identity.my_card(context.db)
    assert page.my_fingerprint.text() == mine.fingerprint()

    saved_to = tmp_path / "cards" / "alex"
    saved_to.parent.mkdir()
    offered = {}

    def save_as(_parent, _title, suggested, _filter):
        offered["name"] = Path(suggested).name
        return str(saved_to), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    qtbot.mouseClick(page.save_card_button, LEFT)
    assert offered["name"] == "cass-card-plymouth-magistrates-court-alex-carter.card"
    card = read_card(saved_to.with_suffix(".card"))
    assert card.device_id == mine.device_id and card.role == "device"
    assert mine.fingerprint() in page.card_message.text()
    assert "head office" in page.card_message.text()


def test_trusting_head_office_shows_the_fingerprint_to_check_first(
    qtbot, context, head_office, head_office_card, monkeypatch
):
    page = _page(qtbot, context)
    assert "No head office card is trusted yet" in page.trust_box.trust_status.text()
    assert page.trust_box.choose_card_button.text() == "Trust head office card…"
    _choose_file(monkeypatch, head_office_card)
    qtbot.mouseClick(page.trust_box.choose_card_button, LEFT)

    expected = identity.my_card(head_office).fingerprint()
    assert page.trust_box.check_panel.isVisible()
    assert page.trust_box.offered_fingerprint.text() == expected
    assert "Devon and Cornwall CASS" in page.trust_box.offered_who.text()
    assert peers.head_office(context.db) is None  # nothing is trusted before it is checked

    qtbot.mouseClick(page.trust_box.accept_button, LEFT)
    assert not page.trust_box.check_panel.isVisible()
    office = peers.head_office(context.db)
    assert office["name"] == "Devon and Cornwall CASS" and office["status"] == "trusted"
    assert expected in page.trust_box.trust_status.text()
    assert "Devon and Cornwall CASS" in page.trust_box.trust_message.text()


def test_a_card_that_does_not_match_is_not_trusted(qtbot, context, head_office_card, monkeypatch):
    page = _page(qtbot, context)
    _choose_file(monkeypatch, head_office_card)
    qtbot.mouseClick(page.trust_box.choose_card_button, LEFT)
    qtbot.mouseClick(page.trust_box.reject_button, LEFT)
    assert peers.head_office(context.db) is None
    assert "Not accepted" in page.trust_box.trust_message.text()
    assert not page.trust_box.check_panel.isVisible()


def test_the_wrong_file_is_refused_in_words(qtbot, context, tmp_path, monkeypatch):
    page = _page(qtbot, context)
    other = tmp_path / "other"
    other.mkdir()
    bodmin = new_store(store_path(other))
    try:
        set_up_device(bodmin, "Bodmin Magistrates' Court", "Jo Pengelly")
        device_card = identity.write_card(bodmin, tmp_path / "bodmin.card")
    finally:
        bodmin.close()
    _choose_file(monkeypatch, device_card)
    qtbot.mouseClick(page.trust_box.choose_card_button, LEFT)
    assert (
        "bodmin.card is a device's card, not head office's" in page.trust_box.trust_message.text()
    )
    assert not page.trust_box.check_panel.isVisible()

    letter = tmp_path / "letter.txt"
    letter.write_text("Dear Sir or Madam", encoding="utf-8")
    _choose_file(monkeypatch, letter)
    qtbot.mouseClick(page.trust_box.choose_card_button, LEFT)
    assert page.trust_box.trust_message.text() == "letter.txt is not a CASS Desktop card."


def test_head_office_enrols_a_device_card(qtbot, head_office, context, tmp_path, monkeypatch):
    device_card = identity.write_card(context.db, tmp_path / "plymouth.card")
    office = AppContext(head_office, store_path(tmp_path / "head-office"))
    settings = _page(qtbot, office)
    assert settings.role_label.text() == "Head office"
    assert settings.name_label.text() == "Devon and Cornwall CASS"
    assert not settings.worker_label.isVisible()
    assert not settings.sending_box.isVisible()
    assert not settings.trust_box.isVisible()  # head office enrols laptops on Devices
    page = _devices(qtbot, office)
    assert page.enrol_button.text() == "Enrol a device card…"

    _choose_file(monkeypatch, device_card)
    qtbot.mouseClick(page.enrol_button, LEFT)
    fingerprint = identity.my_card(context.db).fingerprint()
    assert page.trust_box.offered_fingerprint.text() == fingerprint
    assert "Plymouth Magistrates' Court — Alex Carter" in page.trust_box.offered_who.text()
    qtbot.mouseClick(page.trust_box.accept_button, LEFT)

    enrolled = peers.get(head_office, identity.my_card(context.db).device_id)
    assert enrolled["status"] == "enrolled"
    assert (
        "Enrolled Plymouth Magistrates' Court — Alex Carter" in page.trust_box.trust_message.text()
    )
    # The page's own table lists it, with its fingerprint.
    fingerprints = [cell(page.table, row, page.FINGERPRINT) for row in range(rows(page.table))]
    assert any(fingerprint.startswith(shown.rstrip("…")[:8]) for shown in fingerprints)


def test_head_office_chooses_the_court_a_laptop_is_enrolled_at(
    qtbot, head_office, context, tmp_path, monkeypatch
):
    """The card says Plymouth; head office assigns the laptop to Truro from its own list."""
    device_card = identity.write_card(context.db, tmp_path / "plymouth.card")
    page = _devices(qtbot, AppContext(head_office, store_path(tmp_path / "head-office")))
    page.resize(900, 1400)  # the whole check panel in view, for clicking its buttons
    _choose_file(monkeypatch, device_card)
    qtbot.mouseClick(page.enrol_button, LEFT)
    assert page.trust_box.enrol_court.currentText() == "Plymouth Magistrates' Court"
    assert page.trust_box.court_note.isHidden()
    page.trust_box.enrol_court.setCurrentIndex(
        page.trust_box.enrol_court.findText("Truro Magistrates' Court")
    )
    assert page.trust_box.court_note.text() == (
        "The card says the laptop is at Plymouth Magistrates' Court; it will be assigned to "
        "Truro Magistrates' Court."
    )
    page.trust_box.enrol_court.setCurrentIndex(0)  # "Choose the laptop's court…"
    assert not page.trust_box.accept_button.isEnabled()
    page.trust_box.enrol_court.setCurrentIndex(
        page.trust_box.enrol_court.findText("Truro Magistrates' Court")
    )
    qtbot.mouseClick(page.trust_box.accept_button, LEFT)
    enrolled = peers.get(head_office, identity.my_card(context.db).device_id)
    assert enrolled is not None, page.trust_box.trust_message.text()
    assert enrolled["site_id"] == identity.sites.site_id_for("Truro Magistrates' Court")
    assert "at Truro Magistrates' Court" in page.trust_box.trust_message.text()


def test_choosing_the_destination_folder_checks_it(
    qtbot, context, head_office, head_office_card, tmp_path, monkeypatch
):
    identity.trust_head_office(context.db, head_office_card)
    bundle = export_device(context.db, outbox.outbox_dir(tmp_path))
    page = _page(qtbot, context)
    assert page.destination_label.text() == "None chosen"
    assert "1 export waiting to be copied." in page.outbox_label.text()
    assert not page.check_button.isEnabled()

    share = tmp_path / "share"
    share.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kw: str(share))
    with qtbot.waitSignal(page.check_finished, timeout=30_000) as checked:
        qtbot.mouseClick(page.choose_folder_button, LEFT)
    assert checked.args[0].delivered == [bundle.name]
    assert page.destination_label.text() == str(share)
    assert page.sending_message.text() == (
        "The folder can be reached. 1 export copied there and checked."
    )
    assert (share / bundle.name).exists()
    assert "Nothing waiting in the outbox." in page.outbox_label.text()

    with qtbot.waitSignal(page.check_finished, timeout=30_000):
        qtbot.mouseClick(page.check_button, LEFT)
    assert "Nothing was waiting" in page.sending_message.text()

    (share / bundle.name).unlink()
    share.rmdir()
    with qtbot.waitSignal(page.check_finished, timeout=30_000):
        qtbot.mouseClick(page.check_button, LEFT)
    assert "cannot be reached" in page.sending_message.text()

    qtbot.mouseClick(page.clear_folder_button, LEFT)
    assert outbox.get_destination(context.db) is None
    assert page.destination_label.text() == "None chosen"


def test_first_run_sets_up_head_office(qtbot, db, tmp_path):
    context = AppContext(db, store_path(tmp_path))
    page = FirstRunPage(context)
    qtbot.addWidget(page)
    page.show()
    assert not page.head_office_box.isVisible()
    qtbot.mouseClick(page.head_office_toggle, LEFT)
    assert page.head_office_box.isVisible()

    qtbot.mouseClick(page.head_office_start, LEFT)
    assert page.head_office_error.text() == "Enter the organisation's name."
    qtbot.keyClicks(page.organisation, "Devon and Cornwall CASS")
    qtbot.keyClicks(page.head_office_passphrase.first, "granite harbour lantern")
    qtbot.keyClicks(page.head_office_passphrase.second, "granite harbour lantern")
    with qtbot.waitSignal(page.set_up, timeout=30_000):
        qtbot.mouseClick(page.head_office_start, LEFT)
    assert identity.role(db) == "head-office"
    assert local.get(db, "organisation") == "Devon and Cornwall CASS"
    assert identity.my_card(db).role == "head-office"
