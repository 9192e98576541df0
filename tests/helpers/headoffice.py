"""Head office's pages under test: a head-office store with laptops (two enrolled, one
waiting), and small ways of driving its tables and buttons."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QPoint, Qt

from cass_desktop.data import clients, store_path
from cass_desktop.records.dates import show_date_short
from cass_desktop.sites.setup import add_court, set_up_device, set_up_head_office
from cass_desktop.sync import identity
from cass_desktop.sync.exporter import export_device
from cass_desktop.sync.importer import import_file
from cass_desktop.ui.shell.context import AppContext
from tests.helpers.people import add_person
from tests.helpers.stores import connect, make_store


def shot(widget, name: str) -> None:
    """Keep a picture of the screen, for looking at what was built: only when the folder
    CASS_TEST_SHOTS names is given (nothing is written outside a test's own folders)."""
    folder = os.environ.get("CASS_TEST_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))


@dataclass
class HeadOffice:
    context: AppContext
    db: sqlite_utils.Database
    devices: dict[str, sqlite_utils.Database]
    outbox: Path

    def close(self) -> None:
        for store in [self.db, *self.devices.values()]:
            store.close()


def head_office_with_laptops(tmp_path: Path) -> HeadOffice:
    db = make_store(tmp_path, "head-office")
    set_up_head_office(db, "Devon and Cornwall CASS")
    add_court(db, "Newquay Drop-in")  # head office's list of courts: the three known, and this
    devices = {}
    for name, site, worker, enrol in (
        ("plymouth", "Plymouth Magistrates' Court", "Alex Carter", True),
        ("bodmin", "Bodmin Magistrates' Court", "Jo Pengelly", True),
        ("newquay", "Newquay Drop-in", "Morwenna Pascoe", False),
    ):
        device = make_store(tmp_path, name)
        set_up_device(device, site, worker)
        if enrol:
            connect(db, device, tmp_path)
        else:
            identity.trust_head_office(device, identity.write_card(db, tmp_path / "ho.card"))
        devices[name] = device
    outbox = tmp_path / "bundles"
    outbox.mkdir()
    return HeadOffice(AppContext(db, store_path(tmp_path / "head-office")), db, devices, outbox)


def person(device, given, family, born=None, phone=None):
    """A person saved on a laptop as its worker saves one (`born`: an ISO date)."""
    return add_person(device, given, family, date_of_birth=show_date_short(born), phone=phone or "")


def rows(table) -> int:
    """How many rows a list shows."""
    return table.model().rowCount()


def cell(table, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    """What a list shows on a row (as sorted) in a column: its text, or another role's."""
    return table.model().index(row, column).data(role)


def row_of(table, text: str) -> int:
    for row in range(rows(table)):
        if cell(table, row, 0) == text:
            return row
    raise AssertionError(f"{text} not listed")


def choose(qtbot, radio) -> None:
    """Click a radio button on its circle (its middle may be empty space past the words)."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_cell(qtbot, table, row: int, column: int = 0) -> None:
    table.scrollTo(table.model().index(row, column))
    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def double_click_cell(qtbot, table, row: int, column: int = 0) -> None:
    table.scrollTo(table.model().index(row, column))
    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def conflict(ho: HeadOffice) -> str:
    """Head office and Plymouth both change Aisling's phone: one conflict at head office."""
    ply = ho.devices["plymouth"]
    someone = person(ply, "Aisling", "Ó Briain", phone="07700 900000")
    import_file(ho.db, export_device(ply, ho.outbox))
    clients.update(ho.db, someone, {"phone": "07700 900001"})
    clients.update(ply, someone, {"phone": "07700 900002"})
    import_file(ho.db, export_device(ply, ho.outbox))
    return someone
