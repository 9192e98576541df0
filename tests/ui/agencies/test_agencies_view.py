"""The agency directory page and the add/edit dialog, driven as a worker would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from cass_desktop.data import agencies
from cass_desktop.ui.agencies.agencies_view import AgenciesPage, AgencyTableModel


@pytest.fixture
def directory(device_db):
    ids = {}
    ids["tamar"] = agencies.create(
        device_db,
        {
            "name": "Tamar Housing Advice",
            "domains": "housing,benefits",
            "areas": "Plymouth, South Hams",
            "phone": "01632 960101",
            "email": "referrals@tamarhousing.example",
            "address": "14 Mayflower Row, Plymouth PL1 4QX",
            "referral_method": "Phone the duty adviser",
            "referral_criteria": "Aged 16 or over, homeless or at risk",
            "opening_hours": "Mon–Fri 9:00–17:00",
            "contact_name": "Priya Nair",
            "notes": "Same-day appointments before 11:00",
            "active": 1,
        },
    )
    ids["kernow"] = agencies.create(
        device_db,
        {
            "name": "Kernow Recovery Partnership",
            "domains": "substances",
            "areas": "Cornwall",
            "phone": "01632 960103",
            "contact_name": "Jess Trelawny",
            "active": 1,
        },
    )
    ids["harbour"] = agencies.create(
        device_db,
        {
            "name": "Harbourside Wellbeing Hub",
            "domains": "mental_health,trauma",
            "areas": "Plymouth",
            "phone": "01632 960104",
            "active": 1,
        },
    )
    ids["shelter"] = agencies.create(
        device_db,
        {
            "name": "St Austell Night Shelter",
            "domains": "housing",
            "areas": "Cornwall",
            "active": 0,
        },
    )
    return ids


@pytest.fixture
def page(qtbot, context, directory):
    widget = AgenciesPage(context)
    qtbot.addWidget(widget)
    widget.resize(1100, 650)
    widget.show()
    return widget


def names(page: AgenciesPage) -> list[str]:
    proxy = page.proxy
    return [
        proxy.index(r, AgencyTableModel.NAME).data(AgencyTableModel.OBJECT_ROLE)["name"]
        for r in range(proxy.rowCount())
    ]


def choose(qtbot, combo, text: str) -> None:
    """Pick the combo box entry starting with `text` with the arrow keys, as on the keyboard."""
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText().startswith(text):
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"no entry starting {text!r}")


def test_directory_lists_active_agencies_with_details_of_the_chosen_one(page):
    assert names(page) == [
        "Harbourside Wellbeing Hub",
        "Kernow Recovery Partnership",
        "Tamar Housing Advice",
    ]
    assert page.count_label.text() == "3 agencies"
    row = names(page).index("Tamar Housing Advice")
    texts = [page.proxy.index(row, c).data() for c in range(page.proxy.columnCount())]
    assert texts == [
        "Tamar Housing Advice",
        "Housing and homelessness, Benefits",
        "Plymouth, South Hams",
        "01632 960101",
        "Priya Nair",
    ]
    page.table.selectRow(row)
    detail = page.detail
    assert detail.title.text() == "Tamar Housing Advice"
    assert detail.values["phone"].text() == "01632 960101"
    assert detail.values["address"].text() == "14 Mayflower Row, Plymouth PL1 4QX"
    assert detail.values["referral_method"].text() == "Phone the duty adviser"
    assert detail.values["referral_criteria"].text() == "Aged 16 or over, homeless or at risk"
    assert detail.values["opening_hours"].text() == "Mon–Fri 9:00–17:00"
    assert detail.values["contact_name"].text() == "Priya Nair"
    assert detail.values["notes"].text() == "Same-day appointments before 11:00"
    page.table.selectRow(names(page).index("Harbourside Wellbeing Hub"))
    assert detail.values["email"].text() == "Not recorded"


def test_search_by_need_area_and_words(qtbot, page):
    choose(qtbot, page.need, "Housing")
    assert names(page) == ["Tamar Housing Advice"]
    qtbot.mouseClick(page.include_inactive, Qt.MouseButton.LeftButton)
    assert page.include_inactive.isChecked()
    assert names(page) == ["St Austell Night Shelter", "Tamar Housing Advice"]
    assert page.proxy.index(0, 0).data() == "St Austell Night Shelter (not active)"

    choose(qtbot, page.area, "Cornwall")
    assert names(page) == ["St Austell Night Shelter"]
    choose(qtbot, page.need, "Any")
    assert names(page) == ["Kernow Recovery Partnership", "St Austell Night Shelter"]
    choose(qtbot, page.area, "Plymouth")
    assert names(page) == ["Harbourside Wellbeing Hub", "Tamar Housing Advice"]

    qtbot.keyClicks(page.search, "harb")
    assert names(page) == ["Harbourside Wellbeing Hub"]
    assert page.detail.title.text() == "Harbourside Wellbeing Hub"
    page.search.clear()
    choose(qtbot, page.area, "Any")
    qtbot.keyClicks(page.search, "priya")  # the named contact is searched too
    assert names(page) == ["Tamar Housing Advice"]
    qtbot.keyClicks(page.search, " zzz")
    assert names(page) == []
    assert "No agency matches" in page.count_label.text()
    assert not page.detail.title.isVisible()


def test_areas_offered_are_those_agencies_cover_and_the_towns_they_hold(page):
    areas = [page.area.itemText(i) for i in range(page.area.count())]
    assert areas[0] == "Any area"
    assert {"Cornwall", "Plymouth", "South Hams", "Truro", "Devon-wide"} <= set(areas)
    assert areas[1:] == sorted(areas[1:], key=str.casefold)
    assert len(areas) == len(set(areas))


def test_filtering_by_a_town_includes_the_services_that_cover_it(qtbot, page, context):
    # Issue 9 #5: choosing Plymouth hid the Devon-wide and Devon and Cornwall services.
    agencies.create(context.db, {"name": "Devon Adult Learning", "areas": "Devon-wide"})
    agencies.create(context.db, {"name": "Duty Solicitor Scheme", "areas": "Devon and Cornwall"})
    agencies.create(context.db, {"name": "Torbay Food Bank", "areas": "Torbay"})
    page.refresh()
    choose(qtbot, page.area, "Plymouth")
    assert names(page) == [
        "Devon Adult Learning",
        "Duty Solicitor Scheme",
        "Harbourside Wellbeing Hub",
        "Tamar Housing Advice",
    ]
    assert "including services covering Devon-wide or Devon and Cornwall" in (
        page.count_label.text()
    )
    choose(qtbot, page.area, "Truro")  # no agency names Truro: Cornwall's services do
    assert names(page) == ["Duty Solicitor Scheme", "Kernow Recovery Partnership"]
    choose(qtbot, page.area, "Devon and Cornwall")  # a wide area shows only its own services
    assert names(page) == ["Duty Solicitor Scheme"]


def test_add_an_agency_by_typing(qtbot, page, context):
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "New agency"
    # On a laptop the directory is head office's: the change goes there as a proposal.
    assert dialog.proposal_note.isVisible()
    assert "sent there as a proposal" in dialog.proposal_note.text()

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible()
    assert dialog.error.text() == "Enter the agency's name."

    qtbot.keyClicks(dialog.inputs["name"], "Fal Family Support")
    qtbot.keyClicks(dialog.inputs["phone"], "01632 960109")
    qtbot.keyClicks(dialog.inputs["email"], "bob@")
    qtbot.keyClicks(dialog.inputs["areas"], "Truro; Falmouth")
    qtbot.keyClicks(dialog.inputs["contact_name"], "Kerensa Hocking")
    qtbot.keyClicks(dialog.inputs["opening_hours"], "Mon to Fri 9:00-15:00")
    qtbot.keyClicks(dialog.inputs["referral_method"], "Phone for a first chat")
    qtbot.mouseClick(dialog.domain_boxes["family"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.domain_boxes["money"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "“bob@” is not an email address" in dialog.error.text()
    assert dialog.focusWidget() is dialog.inputs["email"]

    qtbot.keyClicks(dialog.inputs["email"], "falsupport.example")
    with qtbot.waitSignal(context.changed, timeout=30_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    saved = agencies.find_by_name(context.db, "Fal Family Support")
    assert saved["email"] == "bob@falsupport.example"
    assert saved["domains"] == "money,family"
    assert saved["areas"] == "Truro, Falmouth"
    assert saved["active"] == 1
    assert saved["address"] is None
    # The new agency is chosen in the directory, details showing.
    assert page.current_agency_id() == saved["id"]
    assert page.detail.values["phone"].text() == "01632 960109"
    assert page.detail.values["domains"].text() == "Money and debt, Family and relationships"
    assert "Truro" in [page.area.itemText(i) for i in range(page.area.count())]


def test_a_duplicate_name_warns_before_saving(qtbot, page, context):
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.keyClicks(dialog.inputs["name"], "tamar housing  ADVICE")
    assert dialog.duplicate_warning.isVisible()
    assert "Tamar Housing Advice" in dialog.duplicate_warning.text()
    assert "01632 960101" in dialog.duplicate_warning.text()

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Press Save again to keep both" in dialog.error.text()
    assert dialog.save_button.text() == "&Save anyway"
    # Changing the name puts things back as they were.
    qtbot.keyClicks(dialog.inputs["name"], " North")
    assert not dialog.duplicate_warning.isVisible()
    assert dialog.save_button.text() == "&Save"
    for _ in range(6):
        qtbot.keyClick(dialog.inputs["name"], Qt.Key.Key_Backspace)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert sum(1 for a in agencies.list_all(context.db) if "tamar" in a["name"].lower()) == 2


def test_edit_an_agency_by_typing(qtbot, page, context, directory):
    page.table.selectRow(names(page).index("Kernow Recovery Partnership"))
    qtbot.mouseClick(page.detail.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog.windowTitle() == "Edit agency: Kernow Recovery Partnership"
    assert dialog.inputs["phone"].text() == "01632 960103"
    assert dialog.domain_boxes["substances"].isChecked()
    assert dialog.active.isChecked()

    dialog.inputs["phone"].selectAll()
    qtbot.keyClicks(dialog.inputs["phone"], "0808 157 0103")
    # On the box itself (its column is as wide as the longest area's words, so its middle
    # can be past the end of its own words).
    box = dialog.domain_boxes["mental_health"]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    qtbot.keyClicks(dialog.inputs["notes"], "Hubs in Truro,")
    qtbot.keyClick(dialog.inputs["notes"], Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.inputs["notes"], "Bodmin and Camborne")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    held = agencies.get(context.db, directory["kernow"])
    assert held["phone"] == "0808 157 0103"
    assert held["domains"] == "substances,mental_health"
    assert held["notes"] == "Hubs in Truro,\nBodmin and Camborne"
    assert held["name"] == "Kernow Recovery Partnership"  # its own name is no duplicate
    assert page.current_agency_id() == directory["kernow"]
    assert page.detail.values["phone"].text() == "0808 157 0103"

    # Marking it not active takes it out of the list unless inactive ones are asked for.
    qtbot.mouseClick(page.detail.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.mouseClick(dialog.active, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert agencies.get(context.db, directory["kernow"])["active"] == 0
    # It stays in view, shown as not active, so the worker sees what they did ...
    assert page.include_inactive.isChecked()
    assert page.current_agency_id() == directory["kernow"]
    assert page.detail.inactive.isVisible()
    # ... and leaves the list of agencies to refer to once inactive ones are hidden again.
    qtbot.mouseClick(page.include_inactive, Qt.MouseButton.LeftButton)
    assert "Kernow Recovery Partnership" not in names(page)


def test_editing_keeps_needs_this_version_does_not_know(qtbot, page, context):
    odd = agencies.create(context.db, {"name": "Veterans Hub", "domains": "housing,veterans"})
    page.refresh()
    page.show_agency(odd)
    qtbot.mouseClick(page.detail.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.mouseClick(dialog.domain_boxes["money"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert agencies.get(context.db, odd)["domains"] == "housing,money,veterans"


def test_show_agency_clears_filters_that_hide_it(qtbot, page, directory):
    qtbot.keyClicks(page.search, "kernow")
    assert names(page) == ["Kernow Recovery Partnership"]
    page.show_agency(directory["shelter"])
    assert page.search.text() == ""
    assert page.include_inactive.isChecked()
    assert page.current_agency_id() == directory["shelter"]
    assert page.detail.title.text() == "St Austell Night Shelter"
    assert page.detail.inactive.isVisible()
    assert page.focusWidget() is page.detail.edit_button


def test_refreshes_when_data_changes_elsewhere(qtbot, page, context):
    agencies.create(
        context.db, {"name": "Drake Street Health Centre", "domains": "physical_health"}
    )
    context.notify_changed()
    assert "Drake Street Health Centre" in names(page)


def test_an_empty_directory_says_what_to_do(qtbot, context):
    widget = AgenciesPage(context)
    qtbot.addWidget(widget)
    widget.show()
    assert "The directory is empty" in widget.count_label.text()
    assert widget.detail.empty.isVisible()
