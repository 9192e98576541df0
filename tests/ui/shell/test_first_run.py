from PySide6.QtCore import Qt

from cass_desktop import demo
from cass_desktop.data import local, sites, store_path
from cass_desktop.sites.setup import is_set_up
from cass_desktop.ui.shell.app import Launcher
from cass_desktop.ui.shell.first_run import FirstRunPage
from cass_desktop.ui.shell.main_window import MainWindow


def test_empty_store_opens_on_the_first_run_screen(qtbot, tmp_path):
    launcher = Launcher(tmp_path)
    launcher.start()
    qtbot.addWidget(launcher.window)
    assert isinstance(launcher.window, FirstRunPage)


def test_setting_up_for_my_court_opens_the_main_window(qtbot, tmp_path):
    launcher = Launcher(tmp_path)
    launcher.start()
    first = launcher.window
    first.site.setCurrentText("")
    qtbot.keyClicks(first.site.lineEdit(), "Bodmin Magistrates' Court")
    qtbot.keyClicks(first.worker, "Jo Pengelly")
    qtbot.keyClicks(first.passphrase.first, "granite harbour lantern")
    qtbot.keyClicks(first.passphrase.second, "granite harbour lantern")
    qtbot.mouseClick(first.start, Qt.MouseButton.LeftButton)
    window = launcher.window
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow)
    db = launcher.context.db
    assert is_set_up(db)
    assert sites.get_site(db, local.get(db, "site_id"))["code"] == "BOD"
    assert window.site_label.text() == "Bodmin Magistrates' Court"
    assert window.worker_label.text() == "Jo Pengelly"


def test_setup_without_a_name_says_what_is_missing(qtbot, context):
    first = FirstRunPage(context)
    qtbot.addWidget(first)
    first.site.setCurrentText("Truro Magistrates' Court")
    qtbot.mouseClick(first.start, Qt.MouseButton.LeftButton)
    assert "your name" in first.error.text()


def test_explore_with_demo_data_fills_a_separate_store(qtbot, tmp_path):
    launcher = Launcher(tmp_path)
    launcher.start()
    # Not handed to qtbot: the launcher closes and deletes the first-run page itself.
    qtbot.mouseClick(launcher.window.demo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(launcher.window, MainWindow), timeout=60000)
    window = launcher.window
    qtbot.addWidget(window)
    assert window.context.is_demo
    assert window.context.store_file.parent == tmp_path / "demo"
    assert "demo" in window.windowTitle()
    assert window.demo_banner is not None and window.demo_banner.isVisible()
    assert local.is_demo(window.context.db)
    # The real store is still empty and not set up.
    assert not is_set_up(launcher.context.db)
    assert launcher.context.db.execute("SELECT count(*) FROM clients").fetchone()[0] == 0


def test_a_demo_interrupted_half_way_is_made_again(qtbot, tmp_path):
    # What an interrupted making leaves: a half-built store beside the demo folder.
    half = tmp_path / "demo.creating"
    half.mkdir()
    (half / "cass.db").write_bytes(b"half a store")
    launcher = Launcher(tmp_path)
    launcher.start()
    # Not handed to qtbot: the launcher closes and deletes the first-run page itself.
    qtbot.mouseClick(launcher.window.demo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(launcher.window, MainWindow), timeout=60_000)
    qtbot.addWidget(launcher.window)
    assert launcher.window.context.db.execute("SELECT count(*) FROM clients").fetchone()[0] > 0
    assert not half.exists()


def test_a_demo_opened_by_its_folder_is_shown_as_demo(qtbot, tmp_path):
    """`--data-dir` pointing at the demo folder: the store itself says it is demo."""
    folder = tmp_path / "demo"
    folder.mkdir()
    demo.make_store(store_path(folder), clients=5, seed=4)
    launcher = Launcher(folder)
    launcher.start()
    window = launcher.window
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow)
    assert window.context.is_demo
    assert "demo data" in window.windowTitle()
    assert window.demo_banner is not None and window.demo_banner.isVisible()
    assert "made up" in window.demo_banner.text()


def test_a_real_store_has_no_demo_banner(qtbot, device_db, tmp_path):
    from cass_desktop.ui.shell.context import AppContext

    window = MainWindow(AppContext(device_db, store_path(tmp_path)))
    qtbot.addWidget(window)
    assert not window.context.is_demo
    assert window.demo_banner is None
    assert "demo" not in window.windowTitle()


def test_no_words_are_cut_off_on_a_small_screen_even_with_head_office_open(qtbot, tmp_path):
    # Issue 9 #11: on a 1024x700 screen the head-office part squashed the passphrase advice
    # into two clipped lines; the page scrolls instead, every label at its full height.
    from PySide6.QtWidgets import QLabel

    launcher = Launcher(tmp_path)
    launcher.start()
    first = launcher.window
    qtbot.addWidget(first)
    first.setFixedSize(1024, 460)  # shorter than the page, as on a 1024x700 screen
    first.show()
    qtbot.mouseClick(first.head_office_toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: first.head_office_box.isVisible())
    qtbot.wait(50)  # let the layout settle
    wrapped = [
        label
        for label in first.findChildren(QLabel)
        if label.isVisible() and label.wordWrap() and label.text()
    ]
    assert wrapped
    for label in wrapped:
        assert label.height() >= label.heightForWidth(label.width()), label.text()[:60]


def test_the_passphrase_boxes_line_up_with_the_boxes_above(qtbot, tmp_path):
    # Issue 9 #11: the passphrase boxes started further right than Court and Your name.
    from PySide6.QtCore import QPoint

    launcher = Launcher(tmp_path)
    launcher.start()
    first = launcher.window
    qtbot.addWidget(first)
    first.show()
    qtbot.mouseClick(first.head_office_toggle, Qt.MouseButton.LeftButton)
    qtbot.wait(50)  # let the layout settle

    def left(widget) -> int:
        return widget.mapTo(first, QPoint(0, 0)).x()

    assert left(first.site) == left(first.worker) == left(first.passphrase.first)
    assert left(first.passphrase.first) == left(first.passphrase.second)
    assert left(first.organisation) == left(first.head_office_passphrase.first)
