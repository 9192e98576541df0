"""End of day: see what goes to head office, export it into the outbox, deliver it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from cass_desktop.data import changelog, clients, contacts, deliveries, hearings, restored
from cass_desktop.sites.setup import set_up_head_office
from cass_desktop.sync import identity, outbox
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from cass_desktop.ui.shell.main_window import MainWindow
from cass_desktop.ui.sync.change_words import changed_in_words
from cass_desktop.ui.sync.end_of_day import EndOfDayDialog, summary_in_words
from tests.helpers.stores import new_store


@pytest.fixture
def head_office(tmp_path: Path):
    folder = tmp_path / "head-office"
    folder.mkdir()
    db = new_store(folder / "cass.db")
    set_up_head_office(db, "Devon and Cornwall CASS")
    yield db
    db.close()


@pytest.fixture
def trusted(context, head_office, tmp_path):
    """The laptop trusts head office, and head office has enrolled the laptop."""
    identity.trust_head_office(context.db, identity.write_card(head_office, tmp_path / "ho.card"))
    identity.enrol_device(head_office, identity.my_card(context.db))
    return context


def _a_days_work(db) -> None:
    people = [
        clients.create(db, {"given_name": given, "family_name": family}, "PLY")
        for given, family in [("Siân", "Ní Bhriain"), ("Łukasz", "Nowak"), ("Zoë", "Okafor")]
    ]
    for hour in range(10, 15):
        hearings.create(db, {"client_id": people[0], "starts_at": f"2026-11-27T{hour}:00"})
    for person in people[:2]:
        contacts.create(db, {"client_id": person, "kind": "court", "at": "2026-11-27T10:30"})


def _open(qtbot, window) -> EndOfDayDialog:
    # File ▸ End of day… (Ctrl+E)
    assert window.end_of_day_action in window.file_menu.actions()
    assert window.end_of_day_action.shortcut().toString() == "Ctrl+E"
    window.end_of_day_action.trigger()
    dialog = window.end_of_day_dialog
    assert dialog.isVisible()
    return dialog


def test_counts_are_said_in_words():
    assert (
        summary_in_words({"contacts": 2, "clients": 3, "hearings": 5})
        == "3 people, 5 court dates and 2 contact notes"
    )
    assert summary_in_words({"clients": 1, "followups": 1}) == "1 person and 1 follow-up"
    # Issue 9 #12: "1 referrals"; and the court and workers set up for the laptop counted as
    # the worker's changes.
    assert summary_in_words({"referrals": 1, "sites": 1, "workers": 1}) == "1 referral"
    assert summary_in_words({"referrals": 2, "letters": 1}) == "2 referrals and 1 letter"
    assert summary_in_words({"sites": 1, "workers": 1}) == ""
    # The status bar has room for a short line: the first kinds, then the rest together.
    assert changed_in_words({"clients": 60, "hearings": 125, "contacts": 8, "needs": 3}, 2) == (
        "60 people, 125 court dates and 11 other records changed since the last export"
    )


def test_end_of_day_exports_to_the_outbox_and_delivers(qtbot, trusted, head_office, tmp_path):
    context = trusted
    _a_days_work(context.db)
    share = tmp_path / "share"
    share.mkdir()
    outbox.set_destination(context.db, share)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()

    dialog = _open(qtbot, window)
    assert "3 people, 5 court dates and 2 contact notes" in dialog.summary.text()
    # The status bar says the same, in the same words.
    assert window.pending_label.text() == (
        "3 people, 5 court dates and 2 contact notes changed since the last export"
    )
    assert str(share) in dialog.where.text()
    with qtbot.waitSignal(dialog.export_finished, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    [bundle] = outbox.bundles_in_outbox(tmp_path)
    assert bundle.parent == tmp_path / "outbox"
    assert (share / bundle.name).read_bytes() == bundle.read_bytes()
    assert deliveries.get(context.db, bundle.name) is not None
    assert bundle.name in dialog.result.text()
    assert "Copied to" in dialog.result.text() and "checked" in dialog.result.text()
    assert not dialog.export_button.isEnabled()
    assert window.pending_label.text() == "Everything is exported"
    assert "delivered" in window.sync_status.detail_label.text()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    again = _open(qtbot, window)
    assert again.summary.text() == "Nothing new since the last export."
    assert "delivered" in again.explain.text()
    # What reached the destination is what head office takes in.
    result = import_file(head_office, share / bundle.name)
    assert result.refused is None and result.merge.applied > 0


def test_an_unreachable_destination_leaves_the_export_in_the_outbox(qtbot, trusted, tmp_path):
    context = trusted
    _a_days_work(context.db)
    outbox.set_destination(context.db, tmp_path / "share-not-connected")
    window = MainWindow(context)
    qtbot.addWidget(window)
    dialog = _open(qtbot, window)
    with qtbot.waitSignal(dialog.export_finished, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "Exported to the outbox" in dialog.result.text()
    assert "cannot be reached" in dialog.result.text()
    assert "tries again every 5 minutes" in dialog.result.text()
    assert len(outbox.waiting_bundles(context.db, tmp_path)) == 1
    assert "1 in outbox (not sent yet)" in window.sync_status.detail_label.text()
    assert "cannot be reached" in window.sync_status.toolTip()

    # The folder comes back: the next timed check delivers the export.
    (tmp_path / "share-not-connected").mkdir()
    with qtbot.waitSignal(window.sync_status.delivery_finished, timeout=30_000) as delivered:
        assert window.sync_status.deliver_in_background()
    assert delivered.args[0].problem is None and len(delivered.args[0].delivered) == 1
    assert "in outbox" not in window.sync_status.detail_label.text()
    assert "delivered" in window.sync_status.detail_label.text()


def test_without_a_destination_the_export_waits_and_says_what_to_do(qtbot, trusted, tmp_path):
    dialog = EndOfDayDialog(trusted)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.export_finished, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "No destination folder is set" in dialog.result.text()
    assert len(outbox.waiting_bundles(trusted.db, tmp_path)) == 1


def test_nothing_new_says_so(qtbot, trusted, head_office, tmp_path):
    context = trusted
    dialog = EndOfDayDialog(context)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.export_finished, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    # Exported but not yet confirmed: offered again only on purpose.
    dialog.refresh()
    assert dialog.summary.text() == "Nothing new since the last export."
    assert "waiting in the outbox" in dialog.explain.text()
    assert dialog.export_button.text() == "Export again"

    [bundle] = outbox.bundles_in_outbox(tmp_path)
    import_file(head_office, bundle)
    update = export_update(head_office, changelog.device_id(context.db), tmp_path / "updates")
    assert import_file(context.db, update).refused is None
    dialog.refresh()
    assert dialog.summary.text() == "Nothing new to export."
    assert "already holds every change" in dialog.explain.text()
    assert not dialog.export_button.isEnabled()


def test_without_head_office_it_explains_and_opens_settings(qtbot, context):
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    dialog = _open(qtbot, window)
    assert "does not know head office yet" in dialog.summary.text()
    assert "Trust head office card" in dialog.explain.text()
    assert not dialog.export_button.isEnabled()
    assert dialog.settings_button.isVisible()
    qtbot.mouseClick(dialog.settings_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.stack.currentWidget() is window.settings
    assert "no head office set up" in window.sync_status.detail_label.text()


def test_a_new_laptop_says_no_work_has_changed_not_a_count_of_its_set_up(qtbot, trusted):
    # Issue 9 #12: "5 changes not yet exported" on a brand-new, empty store.
    window = MainWindow(trusted)
    qtbot.addWidget(window)
    window.show()
    assert window.pending_label.text() in (
        "No work changed since the last export",
        "Everything is exported",
    )
    assert "change" not in window.pending_label.text().split()[0]
    clients.create(trusted.db, {"given_name": "Jago", "family_name": "Trelawny"}, "PLY")
    trusted.notify_changed()
    assert window.pending_label.text() == "1 person changed since the last export"


def test_a_restored_laptop_exports_its_request_for_what_it_lost(
    qtbot, trusted, head_office, tmp_path
):
    """Found restored from a copy of itself by an update (the sync tests restore real
    backups), the laptop's End of day offers the export that asks for its lost changes back,
    even with nothing new typed since."""
    context = trusted
    db = context.db
    first = export_device(db, tmp_path / "elsewhere")
    assert import_file(head_office, first).refused is None
    restored.mark_restored(db, 0)  # what the import of such an update notes
    dialog = EndOfDayDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.summary.text() == "This laptop was restored from a copy of itself."
    assert "asks head office for the changes this laptop lost" in dialog.explain.text()
    assert dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.export_finished, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.summary.text() == "Exported: a request for the changes this laptop lost."
    [ask] = outbox.bundles_in_outbox(tmp_path)
    result = import_file(head_office, ask)
    assert result.refused is None and "asks for its changes back" in result.describe()
