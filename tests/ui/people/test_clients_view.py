"""The Clients page, driven like a worker would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from cass_desktop.data import clients
from cass_desktop.records.name_keys import search_keys
from cass_desktop.ui.people.clients_model import NAME, REFERENCE
from cass_desktop.ui.people.clients_view import ClientsPage
from tests.helpers.clients_page import counted, open_page
from tests.helpers.people import make_people
from tests.helpers.qt import type_into


def names_listed(page) -> list[str]:
    model = page.table.model()
    return [model.index(r, NAME).data() for r in range(model.rowCount())]


def test_create_a_person_then_find_them_by_typing_part_of_their_name(qtbot, context):
    people = make_people(context.db, 300)
    page = open_page(qtbot, context)
    counted(qtbot, page, f"{sum(p['status'] == 'open' for p in people):,} people")
    before = page.model.rowCount()

    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    type_into(qtbot, dialog.given_name, "Siobhán")
    type_into(qtbot, dialog.family_name, "Pengelly")
    type_into(qtbot, dialog.date_of_birth, "02/09/1988")
    dialog.hold_buttons["yes"].click()
    with qtbot.waitSignal(context.client_requested, timeout=30_000) as opened:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert opened.args == [dialog.client_id]  # the new person's record is opened
    assert page.model.rowCount() == before + 1
    assert page.selected_client_id() == dialog.client_id

    type_into(qtbot, page.search, "pengel")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=30_000)
    assert names_listed(page) == ["Pengelly, Siobhán"]
    assert page.count_label.text() == "1 person"
    reference = page.model.index(0, REFERENCE).data()
    assert reference == clients.get(context.db, dialog.client_id)["reference"]

    # Enter in the search box opens the person found.
    with qtbot.waitSignal(context.client_requested, timeout=30_000) as opened:
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert opened.args == [dialog.client_id]


def test_count_filters_and_the_empty_list(qtbot, context):
    people = make_people(context.db, 1500)
    page = open_page(qtbot, context)
    open_count = sum(p["status"] == "open" for p in people)
    # The first screen at once; the count once the rest are read, a moment later.
    assert page.count_label.text() == "100 people or more…"
    counted(qtbot, page, f"{open_count:,} people")
    assert "," in page.count_label.text()

    qtbot.mouseClick(page.filter_buttons["closed"], Qt.MouseButton.LeftButton)
    counted(qtbot, page, f"{len(people) - open_count:,} people")
    qtbot.mouseClick(page.filter_buttons["all"], Qt.MouseButton.LeftButton)
    counted(qtbot, page, "1,500 people")
    qtbot.mouseClick(page.filter_buttons["mine"], Qt.MouseButton.LeftButton)
    mine = sum(p["keyworker_id"] == context.worker_id for p in people)
    counted(qtbot, page, f"{mine:,} people")
    assert {page.model.index(r, 5).data() for r in range(20)} == {"Alex Carter"}

    type_into(qtbot, page.search, "xyzzy")
    page.search_now()  # no need to wait out the pause after typing
    assert page.count_label.text() == "0 people"
    assert page.body.currentWidget() is page.empty_label
    assert "Nobody here matches “xyzzy”." in page.empty_label.text()


def test_an_empty_store_says_how_to_add_someone(qtbot, context):
    page = open_page(qtbot, context)
    assert page.body.currentWidget() is page.empty_label
    assert "New person" in page.empty_label.text()


def test_clicking_a_heading_sorts_by_it(qtbot, context):
    make_people(context.db, 600)
    page = open_page(qtbot, context)
    qtbot.mouseClick(page.filter_buttons["all"], Qt.MouseButton.LeftButton)
    header = page.table.horizontalHeader()

    def click_heading(column: int) -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    click_heading(REFERENCE)
    assert header.sortIndicatorSection() == REFERENCE
    assert page.model.index(0, REFERENCE).data() == "PLY-00000"
    click_heading(REFERENCE)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert page.model.index(0, REFERENCE).data() == "PLY-00599"


def test_enter_or_double_click_opens_the_person(qtbot, context):
    make_people(context.db, 50)
    page = open_page(qtbot, context)
    page.select_row(3)
    wanted = page.selected_client_id()
    with qtbot.waitSignal(context.client_requested, timeout=30_000) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [wanted]

    index = page.model.index(5, NAME)
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(context.client_requested, timeout=30_000) as opened:
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [page.model.client_id_at(5)]


def test_the_list_refreshes_when_data_changes(qtbot, context):
    page = open_page(qtbot, context)
    assert page.model.rowCount() == 0
    clients.create(context.db, {"given_name": "Zoë", "family_name": "Nguyễn"}, "PLY")
    context.notify_changed()
    assert names_listed(page) == ["Nguyễn, Zoë"]
    assert page.count_label.text() == "1 person"


def test_ctrl_n_opens_the_new_person_dialog(qtbot, context):
    page = open_page(qtbot, context)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=30_000)
    assert page.search.hasFocus()  # ready to type a name
    qtbot.keyClick(page.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    # A button's shortcut presses it visibly, so the click comes a moment later.
    qtbot.waitUntil(lambda: page.dialog is not None, timeout=30_000)
    assert page.dialog.isVisible()
    assert page.dialog.windowTitle() == "New person"


def test_new_person_offers_to_record_consent_to_hold_straight_after_saving(qtbot, context):
    # Issue 9 #19: consent to hold is part of the first contact, not a tab to remember later;
    # asked in New person (issue 13), and offered again when the answer was "not yet asked".
    from cass_desktop.data import consents
    from cass_desktop.ui.people.record_dialogs import ConsentDialog

    page = open_page(qtbot, context)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    type_into(qtbot, dialog.given_name, "Jago")
    type_into(qtbot, dialog.family_name, "Trelawny")
    dialog.hold_buttons["not_asked"].click()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(page, "consent_offer", None) is not None, timeout=30_000)
    offer = page.consent_offer
    assert offer.isVisible()
    assert "Jago Trelawny has been added" in offer.text()
    assert offer.defaultButton() is page.record_now_button
    qtbot.mouseClick(page.record_now_button, Qt.MouseButton.LeftButton)
    consent = page.consent_dialog
    assert isinstance(consent, ConsentDialog) and consent.isVisible()
    assert consent.scope_buttons["hold"].isChecked()
    button = consent.decision_buttons["given"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    qtbot.mouseClick(consent.save_button, Qt.MouseButton.LeftButton)
    [row] = consents.for_client(context.db, dialog.client_id)
    assert (row["scope"], row["decision"]) == ("hold", "given")


def test_typing_lists_the_first_matches_at_once_then_counts_them(qtbot, context):
    """One letter: the first screen in name order straight away, the count after."""
    people = make_people(context.db, 1500)
    page = open_page(qtbot, context)
    qtbot.mouseClick(page.filter_buttons["all"], Qt.MouseButton.LeftButton)
    type_into(qtbot, page.search, "s")
    page.search_now()
    first = names_listed(page)
    assert len(first) == page.model.FIRST_ROWS and first == sorted(first, key=str.casefold)
    assert page.count_label.text() == "100 people or more…"
    matching = [
        p
        for p in people
        if any(w.startswith("s") for w in search_keys(p["given_name"], p["family_name"]).split())
    ]
    counted(qtbot, page, f"{len(matching):,} people")
    assert names_listed(page)[: len(first)] == first
    # A digit or two is not taken for a phone number or a reference: nobody is named 0 or 19.
    for typed in ("0", "19"):
        page.search.clear()
        type_into(qtbot, page.search, typed)
        page.search_now()
        assert page.count_label.text() == "0 people"
        assert f"Nobody here matches “{typed}”." in page.empty_label.text()


@pytest.mark.parametrize(
    ("typed", "family"),
    [
        ("darcy", "D'Arcy"),
        ("thiongo", "Thiong'o"),
        ("maryjane", "Watson"),
        ("al-rashid", "Alrashid"),
    ],
)
def test_names_are_found_on_the_page_however_they_are_typed(qtbot, context, typed, family):
    for given, surname in [
        ("Fitzwilliam", "D'Arcy"),
        ("Ngũgĩ wa", "Thiong'o"),
        ("Mary Jane", "Watson"),
        ("Muhammad", "Alrashid"),
    ]:
        clients.create(context.db, {"given_name": given, "family_name": surname}, "PLY")
    page = open_page(qtbot, context)
    type_into(qtbot, page.search, typed)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=30_000)
    assert names_listed(page)[0].startswith(family + ", ")
    assert page.count_label.text() == "1 person"


def test_a_search_still_waiting_when_the_page_is_hidden_is_run_when_it_is_shown(qtbot, context):
    make_people(context.db, 50)
    page = open_page(qtbot, context)
    type_into(qtbot, page.search, "xyzzy")
    page.hide()  # before the pause after typing is over
    assert not page._search_timer.isActive()  # nothing fires on a page that is gone
    page.show()
    assert page.count_label.text() == "0 people"
    assert "Nobody here matches “xyzzy”." in page.empty_label.text()


def test_head_office_sees_which_court_each_person_is_held_at(qtbot, tmp_path, context):
    """Issue 9, item 21: head office's Clients list has a Court column (sortable); a laptop,
    which holds its own court's people, does not."""
    from cass_desktop.sync.exporter import export_device
    from cass_desktop.sync.importer import import_file
    from cass_desktop.ui.people.clients_model import COURT
    from tests.helpers.headoffice import head_office_with_laptops, person

    ho = head_office_with_laptops(tmp_path)
    person(ho.devices["plymouth"], "Siân", "Ní Bhriain")
    person(ho.devices["bodmin"], "Jago", "Penrose")
    for laptop in ("plymouth", "bodmin"):
        import_file(ho.db, export_device(ho.devices[laptop], ho.outbox))
    page = open_page(qtbot, ho.context)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert not page.table.isColumnHidden(COURT)
    assert page.model.headerData(COURT, Qt.Orientation.Horizontal) == "Court"
    courts = {page.model.index(r, NAME).data(): page.model.index(r, COURT).data() for r in range(2)}
    assert courts == {"Ní Bhriain, Siân": "Plymouth", "Penrose, Jago": "Bodmin"}
    # Sorted by court, by clicking its heading.
    header = page.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(COURT) + 10, header.height() // 2),
    )
    qtbot.waitUntil(lambda: page.model.index(0, COURT).data() == "Bodmin")
    page.close()

    laptop = open_page(qtbot, context)
    assert laptop.table.isColumnHidden(COURT)


def test_at_1024x700_head_office_sees_every_column_and_room_for_the_name(qtbot, tmp_path):
    """With the Court column, the set widths would leave the name a few letters at 1024x700
    (the list beside the navigation): the other columns narrow instead; at 1920x1080 they
    keep their widths and the name takes the rest."""
    from cass_desktop.sync.exporter import export_device
    from cass_desktop.sync.importer import import_file
    from cass_desktop.ui.people.clients_model import COURT
    from tests.helpers.headoffice import head_office_with_laptops, person

    ho = head_office_with_laptops(tmp_path)
    person(ho.devices["plymouth"], "Siân", "Ní Bhriain", "1990-03-14")
    import_file(ho.db, export_device(ho.devices["plymouth"], ho.outbox))
    page = ClientsPage(ho.context)
    qtbot.addWidget(page)
    page.resize(1024 - 190, 640)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    table, header = page.table, page.table.horizontalHeader()
    assert table.isVisible() and not table.isColumnHidden(COURT)
    assert header.sectionSize(NAME) >= 170
    right = header.sectionViewportPosition(COURT) + header.sectionSize(COURT)
    assert right <= table.viewport().width() + 1  # no column off the edge
    assert header.sectionSize(REFERENCE) < 130
    page.resize(1920 - 190, 1000)
    qtbot.waitUntil(lambda: header.sectionSize(REFERENCE) == 130)
    assert header.sectionSize(NAME) > 500
    page.close()
    ho.close()
