"""The Clients list as a worker meets it on screen: what is painted, typing, the keys, scrolling
past the first screen, changing Open/All while typing, and people saved while a search shows.

The table paints each screen itself (ui/shell/plain_table.PlainTextTable); these tests drive the
real page on a real store and look at what it painted, not at how long it took.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from cass_desktop.data import clients
from cass_desktop.ui.people.clients_model import NAME, _list_name
from tests.helpers.clients_page import counted, open_page
from tests.helpers.people import add_person, make_people
from tests.helpers.qt import type_into


def searched(qtbot, page, text: str) -> None:
    """Type `text` into the search box (after what is there) and wait for the pause."""
    type_into(qtbot, page.search, text)
    qtbot.waitUntil(lambda: not page._search_timer.isActive(), timeout=30_000)


def expected_names(db, text: str | None, status: str | None) -> list[str]:
    """What the store lists for `text` under a filter, in name order, as the list words it."""
    rowids = clients.list_rowids(db, text=text, status=status)
    rows = clients.rows_for(db, rowids)
    return [_list_name(rows[r]) for r in rowids]


def names_listed(page) -> list[str]:
    model = page.model
    return [model.index(r, NAME).data() for r in range(model.rowCount())]


def shown_rows(page) -> range:
    """The rows the viewport shows now (whole or in part)."""
    table = page.table
    first = table.rowAt(0)
    last = table.rowAt(table.viewport().height() - 1)
    return range(first, (page.model.rowCount() - 1 if last < 0 else last) + 1)


def _colour_group(table) -> QPalette.ColorGroup:
    return QPalette.ColorGroup.Active if table.isActiveWindow() else QPalette.ColorGroup.Inactive


def test_a_screen_is_painted_from_what_was_read_once(qtbot, context):
    """Painting again reads nothing from the store; the chosen row is highlighted and every
    shown row has its words drawn; a screen further down is read once, in one query."""
    make_people(context.db, 600)
    page = open_page(qtbot, context)
    qtbot.waitUntil(lambda: page.model.complete, timeout=30_000)
    counted(qtbot, page, f"{page.model.rowCount():,} people")
    page.select_row(2)
    viewport = page.table.viewport()
    viewport.repaint()
    read = page.model.fetches
    for _ in range(3):
        viewport.repaint()
    assert page.model.fetches == read

    image = viewport.grab().toImage()
    table = page.table
    highlight = table.palette().color(_colour_group(table), QPalette.ColorRole.Highlight)
    chosen = table.visualRect(page.model.index(2, NAME))
    assert QColor(image.pixel(chosen.left() + 1, chosen.bottom() - 1)) == highlight
    base = table.palette().color(_colour_group(table), QPalette.ColorRole.Base)
    for row in (0, 4):
        cell = table.visualRect(page.model.index(row, NAME))
        inked = [
            x
            for x in range(cell.left(), cell.right())
            if QColor(image.pixel(x, cell.center().y())).lightness() < base.lightness() - 80
        ]
        assert inked, f"no words drawn on row {row}"

    qtbot.keyClick(table, Qt.Key.Key_PageDown)
    qtbot.keyClick(table, Qt.Key.Key_PageDown)
    viewport.repaint()
    assert page.model.fetches - read <= 2  # at most the page or two that screen is on
    read = page.model.fetches
    qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    viewport.repaint()
    assert page.model.fetches == read  # the first page is still held
    assert page.model.index(0, NAME).data() == expected_names(context.db, None, "open")[0]


def test_words_drawn_at_first_sight_look_as_they_do_laid_out(qtbot, context):
    """After a keystroke most words on the screen are new: drawn straight away the first time
    (laid out and kept the second), and the screen looks the same either way."""
    add_person(context.db, "Siân", "O'Brien", preferred_name="Shan")
    add_person(context.db, "Łukasz", "Wałęsa")
    add_person(context.db, "Σοφία", "Παπαδοπούλου")
    page = open_page(qtbot, context)
    assert page.model.rowCount() == 3
    viewport = page.table.viewport()
    room = page.table.columnWidth(NAME) - 2 * page.table.PADDING
    page.table._laid_out.clear()
    page.table._seen.clear()
    first = viewport.grab().toImage()  # each name drawn at first sight
    assert ("O'Brien, Siân (Shan)", room) not in page.table._laid_out
    again = viewport.grab().toImage()  # each name laid out and kept
    assert ("O'Brien, Siân (Shan)", room) in page.table._laid_out
    assert again == first


def test_long_words_are_cut_with_an_ellipsis_and_never_read_as_markup(qtbot, context):
    add_person(context.db, "<b>Bold</b>", "Featherstonehaugh-Cholmondeley-Wrottesley-Vanbrugh")
    page = open_page(qtbot, context, size=(1024, 700))
    table = page.table
    text = page.model.index(0, NAME).data()
    assert text == "Featherstonehaugh-Cholmondeley-Wrottesley-Vanbrugh, <b>Bold</b>"
    room = table.columnWidth(NAME) - 2 * table.PADDING
    table.viewport().repaint()
    static, width = table._laid(text, room)
    assert width <= room
    assert static.textFormat() == Qt.TextFormat.PlainText
    table.setColumnWidth(NAME, 120)
    table.viewport().repaint()
    cut, width = table._laid(text, 120 - 2 * table.PADDING)
    assert cut.text().endswith("…") and width <= 120 - 2 * table.PADDING
    assert page.model.index(0, NAME).data() == text  # the cell's words are still whole


def test_type_then_down_and_enter_opens_the_first_found(qtbot, context):
    make_people(context.db, 300)
    tom = add_person(context.db, "Tom", "Pengelly")
    add_person(context.db, "Wenna", "Pengelly")
    page = open_page(qtbot, context)
    searched(qtbot, page, "peng")
    assert names_listed(page) == ["Pengelly, Tom", "Pengelly, Wenna"]
    assert page.count_label.text() == "2 people"
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus() and page.selected_client_id() == tom
    with qtbot.waitSignal(context.client_requested, timeout=30_000) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [tom]
    # Enter in the search box itself opens the first found too.
    page.search.setFocus()
    with qtbot.waitSignal(context.client_requested, timeout=30_000) as opened:
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert opened.args == [tom]


def test_scrolling_past_the_first_screen_shows_every_match_in_order(qtbot, context):
    make_people(context.db, 1500)
    page = open_page(qtbot, context)
    qtbot.mouseClick(page.filter_buttons["all"], Qt.MouseButton.LeftButton)
    searched(qtbot, page, "s")
    expected = expected_names(context.db, "s", None)
    assert len(expected) > page.model.FIRST_ROWS
    assert [page.model.index(r, NAME).data() for r in shown_rows(page)] == [
        expected[r] for r in shown_rows(page)
    ]
    counted(qtbot, page, f"{len(expected):,} people")
    table = page.table
    first = table.visualRect(page.model.index(0, NAME))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=first.center())
    assert page.selected_client_id() == page.model.client_id_at(0)
    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # the last row
    table.viewport().repaint()
    shown = shown_rows(page)
    assert shown[-1] == len(expected) - 1
    assert [page.model.index(r, NAME).data() for r in shown] == [expected[r] for r in shown]
    assert page.selected_client_id() == page.model.client_id_at(len(expected) - 1)
    for _ in range(10):
        qtbot.keyClick(table, Qt.Key.Key_PageUp)
    table.viewport().repaint()
    shown = shown_rows(page)
    assert [page.model.index(r, NAME).data() for r in shown] == [expected[r] for r in shown]
    assert len(page.model._pages) <= page.model.MAX_PAGES
    assert names_listed(page) == expected
    # Scrolled down to someone, a search they are not in starts at its first match.
    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    page.search.clear()
    searched(qtbot, page, "kyle")
    kyles = expected_names(context.db, "kyle", None)
    assert page.table.rowAt(0) == 0 and page.model.index(0, NAME).data() == kyles[0]


def test_changing_open_or_all_while_typing_keeps_what_is_typed(qtbot, context):
    make_people(context.db, 1500)
    page = open_page(qtbot, context)
    type_into(qtbot, page.search, "ko")  # still within the pause after typing
    qtbot.mouseClick(page.filter_buttons["all"], Qt.MouseButton.LeftButton)
    searched(qtbot, page, "w")
    everyone = expected_names(context.db, "kow", None)
    counted(qtbot, page, f"{len(everyone):,} people")
    assert names_listed(page) == everyone
    qtbot.mouseClick(page.filter_buttons["open"], Qt.MouseButton.LeftButton)
    open_ones = expected_names(context.db, "kow", "open")
    counted(qtbot, page, f"{len(open_ones):,} people")
    assert names_listed(page) == open_ones and 0 < len(open_ones) < len(everyone)
    assert page.search.text() == "kow"
    # Open again mid-word, then All: the list follows the last of both.
    type_into(qtbot, page.search, "a")
    qtbot.mouseClick(page.filter_buttons["all"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page._search_timer.isActive(), timeout=30_000)
    counted(qtbot, page, f"{len(expected_names(context.db, 'kowa', None)):,} people")
    assert names_listed(page) == expected_names(context.db, "kowa", None)


def test_a_person_saved_while_a_search_is_showing_is_listed_and_counted(qtbot, context):
    make_people(context.db, 300)
    add_person(context.db, "Tom", "Pengelly")
    page = open_page(qtbot, context)
    searched(qtbot, page, "pengel")
    assert names_listed(page) == ["Pengelly, Tom"] and page.count_label.text() == "1 person"

    # Saved in New person: listed among the matches, chosen, counted.
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    type_into(qtbot, dialog.given_name, "Jenna")
    type_into(qtbot, dialog.family_name, "Pengelly")
    dialog.hold_buttons["yes"].click()
    with qtbot.waitSignal(context.client_requested, timeout=30_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert page.search.text() == "pengel"
    assert names_listed(page) == ["Pengelly, Jenna", "Pengelly, Tom"]
    assert page.selected_client_id() == dialog.client_id
    assert page.count_label.text() == "2 people"
    page.table.viewport().repaint()
    assert page.model.index(0, NAME).data() == "Pengelly, Jenna"

    # Saved elsewhere (another window, a merge): the list is read again, the choice kept.
    add_person(context.db, "Aaron", "Pengelly")
    context.notify_changed()
    counted(qtbot, page, "3 people")
    assert names_listed(page) == ["Pengelly, Aaron", "Pengelly, Jenna", "Pengelly, Tom"]
    assert page.selected_client_id() == dialog.client_id


def test_the_row_the_keyboard_is_on_is_framed_when_not_chosen(qtbot, context):
    """A keyboard user sees where they are before anything is chosen (Qt's own focus frame
    went with its painting)."""
    from PySide6.QtCore import QItemSelectionModel

    make_people(context.db, 40)
    page = open_page(qtbot, context)
    qtbot.waitUntil(lambda: page.model.complete, timeout=30_000)
    table = page.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus, timeout=5_000)
    table.selectionModel().setCurrentIndex(
        page.model.index(3, NAME), QItemSelectionModel.SelectionFlag.NoUpdate
    )
    table.viewport().repaint()
    image = table.viewport().grab().toImage()
    highlight = table.palette().color(_colour_group(table), QPalette.ColorRole.Highlight)
    here = table.visualRect(page.model.index(3, NAME))
    other = table.visualRect(page.model.index(5, NAME))
    assert QColor(image.pixel(here.center().x(), here.top())) == highlight
    assert QColor(image.pixel(here.center().x(), here.center().y())) != highlight
    assert QColor(image.pixel(other.center().x(), other.top())) != highlight
    # Moved on with the keyboard, the frame goes with it (grab paints all; the screenshot
    # check is by eye: each move repaints both whole rows, `_repaint_row`).
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: table.currentIndex().row() == 5, timeout=5_000)
    table.viewport().repaint()
    image = table.viewport().grab().toImage()
    far = here.right() - 3
    assert QColor(image.pixel(far, here.top())) != highlight


@pytest.mark.parametrize("points", [9, 10.5, 12, 14])
def test_a_word_drawn_at_first_sight_always_fits_its_cell(qtbot, context, points):
    """A word is drawn without laying it out only when it surely fits: at every font size and
    at every width around the word's own, never when its layout is wider than the room (whole
    pixels a letter made names of narrow letters look up to 11 pixels narrower than drawn)."""
    add_person(context.db, "Yyyyyyyffff", "Tttttttttt")
    page = open_page(qtbot, context)
    table = page.table
    font = table.font()
    font.setPointSizeF(points)
    table.setFont(font)
    table.viewport().grab()  # painted: the table takes up the font's measures
    assert table._font_key == table.font().key()
    for text in ("Tttttttttt Yyyyyyyffff", "illill Jjjj, Iiii", "Wałęsa, Łukasz", "O'Brien, Siân"):
        laid = table._laid(text, 10_000)[1]
        for room in range(laid - 12, laid + 12):
            table._seen.clear()
            if table._first_sight(text, room):
                assert table._laid(text, room)[1] <= room, (text, room)
