from cass_desktop.ui.main_window import MainWindow


def test_main_window_shows_site_worker_and_pending_changes(qtbot, context):
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    assert window.site_label.text() == "Plymouth Magistrates' Court"
    assert window.worker_label.text() == "Alex Carter"
    assert "not yet exported" in window.pending_label.text()
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Today",
        "Clients",
        "Court diary",
        "Agencies",
        "Referrals",
        "Settings",
    ]
