"""The referral dialog: choosing an agency, the consent rule, recording consent, editing."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt

from cass_desktop.data import agencies, changelog, consents
from cass_desktop.data import referrals as referral_data
from cass_desktop.records.dates import show_date, show_date_short, today
from cass_desktop.ui.people.record_dialogs import ConsentDialog
from cass_desktop.ui.referrals.referral_dialog import ReferralDialog
from tests.helpers.people import add_person


@pytest.fixture
def sian(context) -> str:
    return add_person(context.db, "Siân", "Ní Bhriain", gender="Female")


@pytest.fixture
def shelter(context) -> str:
    return agencies.create(
        context.db,
        {
            "name": "Shelter Plymouth",
            "domains": "housing,money",
            "contact_name": "Marie Luscombe",
            "phone": "01632 960001",
            "address": "1 Armada Way, Plymouth",
            "referral_method": "Phone the duty line",
        },
    )


@pytest.fixture
def hamoaze(context) -> str:
    return agencies.create(context.db, {"name": "Hamoaze House", "domains": "substances"})


def opened(qtbot, dialog: ReferralDialog) -> ReferralDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def click(qtbot, widget) -> None:
    if hasattr(widget, "isCheckable") and widget.isCheckable():
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose_status(dialog: ReferralDialog, key: str) -> None:
    dialog.status.setCurrentIndex(dialog.status.findData(key))


def fill_basics(qtbot, dialog: ReferralDialog, agency_words: str = "shelter") -> None:
    qtbot.keyClicks(dialog.agency_search, agency_words)
    qtbot.keyClick(dialog.agency_search, Qt.Key.Key_Return)  # the worker picks it
    qtbot.keyClicks(dialog.reason, "Sleeping in a tent since the eviction.")


def test_choosing_the_agency_shows_how_to_refer_and_fills_its_needs(
    qtbot, context, sian, shelter, hamoaze
):
    dialog = opened(qtbot, ReferralDialog(context, client_id=sian))
    assert "Siân Ní Bhriain" in dialog.client_label.text()
    assert dialog.windowTitle() == "New referral for Siân Ní Bhriain"
    qtbot.keyClicks(dialog.agency_search, "shelter")
    qtbot.keyClick(dialog.agency_search, Qt.Key.Key_Return)  # the worker picks it
    assert dialog.selected_agency() == shelter
    info = dialog.agency_info.text()
    assert "Named contact: Marie Luscombe" in info
    assert "How to refer: Phone the duty line" in info
    ticked = {k for k, c in dialog.domain_checks.items() if c.isChecked()}
    assert ticked == {"housing", "money"}
    assert dialog.contact_name.text() == "Marie Luscombe"
    assert dialog.appointment_place.text() == "1 Armada Way, Plymouth"
    assert dialog.followup_due.edit.text() == show_date_short(
        (today() + dt.timedelta(days=7)).isoformat()
    )


def test_a_draft_saves_without_consent(qtbot, context, sian, shelter):
    dialog = opened(qtbot, ReferralDialog(context, client_id=sian))
    fill_basics(qtbot, dialog)
    click(qtbot, dialog.info_buttons[0])
    click(qtbot, dialog.info_buttons[0])  # a second click adds nothing
    click(qtbot, dialog.support_checks["phoned_ahead"])
    assert not dialog.block_message.isVisible()
    assert "can save a draft" in dialog.sharing_status.text()
    with qtbot.waitSignal(context.changed, timeout=30_000):
        click(qtbot, dialog.save_button)
    assert dialog.result() == ReferralDialog.DialogCode.Accepted
    row = referral_data.get(context.db, dialog.referral_id)
    assert row["status"] == "draft"
    assert row["agency_name"] == "Shelter Plymouth"
    assert row["domains"] == "housing,money"
    assert row["reason"] == "Sleeping in a tent since the eviction."
    assert row["info_shared"] == "Name, date of birth and how to contact them"
    assert row["support"] == "phoned_ahead"
    assert row["contact_name"] == "Marie Luscombe"
    assert row["followup_due"] == (today() + dt.timedelta(days=7)).isoformat()
    assert row["worker_name"] == "Alex Carter"


def test_the_reason_is_required(qtbot, context, sian, shelter):
    dialog = opened(qtbot, ReferralDialog(context, client_id=sian))
    qtbot.keyClicks(dialog.agency_search, "shelter")
    qtbot.keyClick(dialog.agency_search, Qt.Key.Key_Return)  # the worker picks it
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.error.text() == "Write the reason for the referral, in your own words."
    assert referral_data.count(context.db) == 0


def test_making_it_without_consent_is_blocked_until_consent_is_recorded(
    qtbot, context, sian, shelter
):
    dialog = opened(qtbot, ReferralDialog(context, client_id=sian))
    fill_basics(qtbot, dialog)
    choose_status(dialog, "made")
    assert dialog.made_label.text() == "Made today"
    expected = (
        "Siân has not agreed to share her information with Shelter Plymouth. Record her "
        "consent with Record consent, or record a lawful reason to share without it."
    )
    assert dialog.block_message.isVisible()
    assert expected in dialog.block_message.text()
    ops = changelog.count_ops(context.db)
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert expected in dialog.block_message.text()
    assert changelog.count_ops(context.db) == ops

    # Record consent from the dialog: the consent dialog opens for her, sharing with Shelter.
    click(qtbot, dialog.record_consent_button)
    consent_dialog = dialog.consent_dialog
    assert isinstance(consent_dialog, ConsentDialog)
    assert consent_dialog.scope_buttons["share"].isChecked()
    assert consent_dialog.selected_agency() == shelter
    click(qtbot, consent_dialog.decision_buttons["given"])
    click(qtbot, consent_dialog.save_button)
    assert dialog.consent_dialog is None
    assert not dialog.block_message.isVisible()
    assert dialog.consent.currentText().startswith(
        "Agreed to share with Shelter Plymouth on " + show_date(today().isoformat())
    )
    assert "is covered" in dialog.sharing_status.text()

    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    row = referral_data.get(context.db, dialog.referral_id)
    assert row["status"] == "made"
    assert row["made_on"] == today().isoformat()
    assert row["consent_id"] == consents.current(context.db, sian)[0]["id"]
    assert row["consent_decision"] == "given"


def test_a_consent_for_the_kind_of_service_covers_it(qtbot, context, sian, shelter):
    consents.record(
        context.db,
        {
            "client_id": sian,
            "scope": "share",
            "agency_kind": "housing",
            "decision": "given",
            "decided_on": "2026-01-10",
            "how_recorded": "signed",
        },
    )
    dialog = opened(qtbot, ReferralDialog(context, client_id=sian))
    fill_basics(qtbot, dialog)
    assert dialog.consent.currentText() == (
        "Agreed to share with any housing and homelessness service on 10 Jan 2026 (signed form)"
    )
    choose_status(dialog, "made")
    assert not dialog.block_message.isVisible()
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()


def test_sharing_without_consent_needs_the_workers_reason(qtbot, context, sian, shelter):
    dialog = opened(qtbot, ReferralDialog(context, client_id=sian))
    fill_basics(qtbot, dialog)
    choose_status(dialog, "made")
    click(qtbot, dialog.without_consent)
    assert dialog.lawful_basis.isEnabled()
    dialog.lawful_basis.setCurrentIndex(dialog.lawful_basis.findData("safeguarding"))
    assert "Write down why" in dialog.block_message.text()
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert "write down why" in dialog.error.text()
    qtbot.keyClicks(dialog.lawful_reason, "Fleeing violence at home; at risk tonight.")
    assert not dialog.block_message.isVisible()
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    row = referral_data.get(context.db, dialog.referral_id)
    assert (row["lawful_basis"], row["lawful_reason"]) == (
        "safeguarding",
        "Fleeing violence at home; at risk tonight.",
    )
    assert row["consent_id"] is None


def test_an_appointment_is_read_as_typed(qtbot, context, sian, shelter):
    dialog = opened(qtbot, ReferralDialog(context, client_id=sian))
    fill_basics(qtbot, dialog)
    click(qtbot, dialog.support_checks["appointment_made"])
    click(qtbot, dialog.save_button)
    assert "give the appointment's date" in dialog.error.text()
    qtbot.keyClicks(dialog.appointment_date.edit, "3/12/2026")
    qtbot.keyClicks(dialog.appointment_time, "25:00")
    click(qtbot, dialog.save_button)
    assert "is not a time" in dialog.error.text()
    dialog.appointment_time.clear()
    qtbot.keyClicks(dialog.appointment_time, "2pm")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    row = referral_data.get(context.db, dialog.referral_id)
    assert row["appointment_at"] == "2026-12-03T14:00"


def test_editing_keeps_what_was_there_and_records_the_outcome(
    qtbot, context, sian, shelter, hamoaze
):
    consents.record(
        context.db,
        {
            "client_id": sian,
            "scope": "share",
            "agency_id": shelter,
            "decision": "given",
            "decided_on": "2026-01-10",
            "how_recorded": "verbal",
        },
    )
    referral_id = referral_data.create(
        context.db,
        {
            "client_id": sian,
            "agency_id": shelter,
            "domains": "housing",
            "reason": "Needs a room.",
            "status": "made",
            "made_on": "2026-01-12",
            "appointment_at": "2026-01-15T10:30",
            "followup_due": "2026-01-19",
            "support": "phoned_ahead,appointment_made",
        },
    )
    dialog = opened(qtbot, ReferralDialog(context, referral_id=referral_id))
    assert dialog.windowTitle() == "Referral for Siân Ní Bhriain"
    assert dialog.selected_agency() == shelter
    assert {k for k, c in dialog.domain_checks.items() if c.isChecked()} == {"housing"}
    assert dialog.appointment_date.edit.text() == "15/01/2026"
    assert dialog.appointment_time.text() == "10:30"
    assert dialog.status.currentData() == "made"
    assert dialog.made_label.text() == "Made 12 Jan 2026"
    assert dialog.followup_due.edit.text() == "19/01/2026"
    choose_status(dialog, "attended")
    qtbot.keyClicks(dialog.outcome, "Went; offered a room at the night shelter.")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    row = referral_data.get(context.db, referral_id)
    assert row["status"] == "attended"
    assert row["outcome"] == "Went; offered a room at the night shelter."
    assert row["made_on"] == "2026-01-12"
    assert row["domains"] == "housing"


def test_the_person_can_be_picked_when_not_given(qtbot, context, sian, shelter):
    dialog = opened(qtbot, ReferralDialog(context))
    assert dialog.client_search.isVisible()
    qtbot.keyClicks(dialog.client_search, "sian")
    assert dialog.client_id == sian
    assert "Siân Ní Bhriain" in dialog.client_label.text()
    fill_basics(qtbot, dialog)
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert referral_data.get(context.db, dialog.referral_id)["client_id"] == sian


def test_no_person_chosen_is_explained(qtbot, context, shelter):
    dialog = opened(qtbot, ReferralDialog(context))
    fill_basics(qtbot, dialog)
    click(qtbot, dialog.save_button)
    assert "Choose the person this referral is for." in dialog.error.text()


def test_typing_in_the_agency_search_never_changes_the_chosen_agency(
    qtbot, context, sian, shelter, hamoaze
):
    dialog = opened(qtbot, ReferralDialog(context, client_id=sian, agency_id=shelter))
    assert dialog.selected_agency() == shelter
    assert "Referring to: <b>Shelter Plymouth</b>" in dialog.agency_picker.chosen_label.text()
    names = [dialog.agency_list.item(i).text() for i in range(dialog.agency_list.count())]
    assert sum(name.startswith("Shelter Plymouth") for name in names) == 1
    qtbot.keyClicks(dialog.agency_search, "hamo")  # narrows the list to another agency
    assert dialog.agency_list.count() == 1
    assert dialog.selected_agency() == shelter
    qtbot.keyClick(dialog.agency_search, Qt.Key.Key_Return)  # now the worker picks it
    assert dialog.selected_agency() == hamoaze
    assert "Referring to: <b>Hamoaze House</b>" in dialog.agency_picker.chosen_label.text()


def test_new_referral_with_no_agencies_says_what_to_do(qtbot, context, sian):
    # Finding 17: an empty list and "Choose the agency from the list." was all it said.
    dialog = opened(qtbot, ReferralDialog(context, client_id=sian))
    assert dialog.agency_list.count() == 0
    words = dialog.agency_picker.chosen_label.text()
    assert "There are no agencies yet. Add one on the Agencies page" in words
    assert "head office" in words
    assert dialog.agency_info.text() == ""
