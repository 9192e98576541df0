"""A laptop takes head office's update through File ▸ Import update from head office."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from cass_desktop.data import agencies, changelog, local, store_path
from cass_desktop.data import sync as sync_data
from cass_desktop.sites.setup import set_up_device, set_up_head_office
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.main_window import MainWindow
from tests.helpers.stores import connect, make_store


def test_a_device_imports_head_offices_update_from_the_file_menu(qtbot, tmp_path, monkeypatch):
    ho = make_store(tmp_path, "head-office")
    set_up_head_office(ho, "Devon and Cornwall CASS")
    device = make_store(tmp_path, "plymouth")
    set_up_device(device, "Plymouth Magistrates' Court", "Alex Carter")
    connect(ho, device, tmp_path)
    import_file(ho, export_device(device, tmp_path))
    agencies.create(ho, {"name": "Shelter Plymouth", "domains": "housing"})
    update = export_update(ho, changelog.device_id(device), tmp_path)

    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: shown.append(args[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append("WARNING " + args[2]))
    window = MainWindow(AppContext(device, store_path(tmp_path / "plymouth")))
    qtbot.addWidget(window)
    assert window.import_update_action.isVisible()
    window.import_update([update])
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert "applied" in shown[0] and not shown[0].startswith("WARNING")
    assert [a["name"] for a in agencies.search(device)] == ["Shelter Plymouth"]
    assert local.get(device, "acked_seq") == sync_data.last_own_seq(device)

    # The same file again changes nothing and says so.
    window.import_update([update])
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=30_000)
    assert "applied 0 changes" in shown[1]


def test_a_file_that_is_not_an_update_is_refused_plainly(qtbot, context, tmp_path, monkeypatch):
    not_a_bundle = tmp_path / "minutes.pdf"
    not_a_bundle.write_bytes(b"%PDF-1.4 nothing to see")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.import_update([not_a_bundle])
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert shown == ["minutes.pdf is not a CASS Desktop bundle."]  # the file named once


def test_the_file_menu_item_opens_a_chooser_and_imports(qtbot, tmp_path, monkeypatch):
    """Chosen from the menu (QAction.triggered, which passes `checked`), the item asks for the
    files and imports them."""
    from PySide6.QtWidgets import QFileDialog

    ho = make_store(tmp_path, "head-office")
    set_up_head_office(ho, "Devon and Cornwall CASS")
    device = make_store(tmp_path, "plymouth")
    set_up_device(device, "Plymouth Magistrates' Court", "Alex Carter")
    connect(ho, device, tmp_path)
    import_file(ho, export_device(device, tmp_path))
    agencies.create(ho, {"name": "Shelter Plymouth", "domains": "housing"})
    update = export_update(ho, changelog.device_id(device), tmp_path)

    asked = []
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileNames",
        lambda *args, **kwargs: asked.append(args) or ([str(update)], ""),
    )
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: shown.append(args[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append("WARNING " + args[2]))
    window = MainWindow(AppContext(device, store_path(tmp_path / "plymouth")))
    qtbot.addWidget(window)
    window.import_update_action.trigger()
    assert asked, "no file chooser opened"
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert [a["name"] for a in agencies.search(device)] == ["Shelter Plymouth"]


def test_no_menu_item_or_button_is_connected_to_a_slot_with_a_default_argument():
    """QAction.triggered and QPushButton.clicked pass `checked` (False) to a slot that takes an
    argument, so `def slot(self, paths=None)` gets False for paths and silently does nothing.
    Every such connection in ui/ is to a slot that takes nothing."""
    import ast
    import re
    from pathlib import Path as P

    import cass_desktop.ui

    root = P(cass_desktop.ui.__file__).parent
    wrong = []
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        takes_args = {}
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef):
                names = [a.arg for a in node.args.args]
                takes_args[node.name] = len(names) - (names[:1] == ["self"]) > 0
        for match in re.finditer(r"\.(triggered|clicked|toggled)\.connect\(self\.(\w+)\)", text):
            if takes_args.get(match.group(2)):
                wrong.append(f"{path.name}: {match.group(0)}")
    assert wrong == []
