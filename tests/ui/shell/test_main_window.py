from cass_desktop.ui.shell.main_window import MainWindow


def test_main_window_shows_site_worker_and_pending_changes(qtbot, context):
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    assert window.site_label.text() == "Plymouth Magistrates' Court"
    assert window.worker_label.text() == "Alex Carter"
    assert "since the last export" in window.pending_label.text()
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Today",
        "Clients",
        "Court diary",
        "Agencies",
        "Referrals",
        "Settings",
    ]


def test_head_office_status_bar_names_the_organisation(qtbot, db, tmp_path):
    from cass_desktop.data import store_path
    from cass_desktop.sites.setup import set_up_head_office
    from cass_desktop.ui.shell.context import AppContext

    set_up_head_office(db, "Devon and Cornwall CASS")
    window = MainWindow(AppContext(db, store_path(tmp_path)))
    qtbot.addWidget(window)
    assert window.site_label.text() == "Head office: Devon and Cornwall CASS"
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert labels[-5:-1] == [
        "Devices",
        "Conflicts",
        "Possible duplicates",
        "Directory proposals",
    ]


def test_back_from_a_person_goes_back_to_where_they_were_opened(qtbot, context):
    """Issue 9, 13: Back from a person opened on Today went to Clients."""
    from PySide6.QtCore import Qt

    from cass_desktop.data import clients

    person = clients.create(context.db, {"given_name": "Jo", "family_name": "Pascoe"}, "PLY")
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show_section(0)  # Today
    context.open_client(person)
    assert window.stack.currentWidget() is window.client_page
    assert window.client_page.back.text() == "← Back to Today"
    qtbot.mouseClick(window.client_page.back, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.today
    window.show_section(2)  # the court diary
    context.open_client(person)
    assert window.client_page.back.text() == "← Back to Court diary"
    qtbot.mouseClick(window.client_page.back, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.diary


def test_the_stores_checks_start_after_the_window_shows_and_never_once_it_is_closed(qtbot, context):
    """The start-up checks wait on the window's own timer: a window closed before they start
    (a test over, the demo left) never starts them later on a store that has gone."""
    started: list[str] = []
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.start_checks_later(20, lambda: started.append("shown"))
    qtbot.waitUntil(lambda: started == ["shown"])

    closed = MainWindow(context)
    qtbot.addWidget(closed)
    closed.show()
    closed.start_checks_later(20, lambda: started.append("closed"))
    closed.close()
    qtbot.wait(100)
    assert started == ["shown"]


def test_keys_pressed_the_moment_the_window_shows_reach_pages_not_yet_built(qtbot, context):
    """Issue 12 (start-up): only Today is built before the first paint; every other page and
    Find (Ctrl+K) are built when first wanted. A key pressed as the window appears still
    opens them, ready to use: Ctrl+2 and typing a name finds the person, Ctrl+K finds them."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from cass_desktop.data import clients
    from tests.helpers.qt import type_into

    clients.create(context.db, {"given_name": "Morwenna", "family_name": "Pengelly"}, "PLY")
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=30_000)
    assert set(window._built) == {"today"}
    assert "search_popup" not in window.__dict__

    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page = window.stack.currentWidget()
    assert page is window.clients
    assert window.nav.currentRow() == 1
    type_into(qtbot, page.search, "Pengelly")
    qtbot.waitUntil(lambda: page.count_label.text() == "1 person", timeout=30_000)

    qtbot.keyClick(window.nav, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    popup = window.search_popup
    qtbot.waitUntil(popup.isVisible, timeout=30_000)
    type_into(qtbot, popup.query, "Morwenna")
    qtbot.waitUntil(lambda: popup.results.count() == 1, timeout=30_000)
    assert "Pengelly" in popup.results.item(0).text()

    popup.close()
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.referrals


def test_clicking_clients_on_a_persons_page_goes_back_to_the_list(qtbot, context):
    """Clients stays chosen while a person found there is open: clicking it goes back to the
    list, ready to type (it did nothing, as the chosen row did not change)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from tests.helpers.people import add_person

    person = add_person(context.db, "Morwenna", "Trevithick")
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=30_000)
    window.show_section(1)
    window.clients.search.setText("Morw")
    window.show_client(person)
    assert window.stack.currentWidget() is window.client_page
    assert window.nav.currentRow() == 1  # Clients
    where = window.nav.visualItemRect(window.nav.item(1)).center()
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.stack.currentWidget() is window.clients
    qtbot.waitUntil(window.clients.search.hasFocus, timeout=30_000)
    window.clients.search.insert("Trev")  # typed over what was searched for before
    assert window.clients.search.text() == "Trev"
    # A click on the page already shown changes nothing.
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.stack.currentWidget() is window.clients
