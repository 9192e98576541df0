"""Opening a person's page the first time imports only what the page shows. Letters and the
subject access pack (reportlab, jinja2, QtPdf, QtPrintSupport) are imported when one is asked
for, and a court list's reader (the name matching libraries) when a list is read: with them,
the first person opened took 1.1 s of CPU on the reference machine, without them 0.4 s.

Run in a fresh process (a module imported by an earlier test would hide it), on a small
plain demo store, as the app opens it."""

from __future__ import annotations

from cass_desktop import demo
from cass_desktop.data import open_store, store_path
from tests.helpers.child import offscreen_child

NOT_FOR_THE_PAGE = (
    "reportlab",
    "jinja2",
    "rapidfuzz",
    "nameparser",
    "jellyfish",
    "PySide6.QtPdf",
    "PySide6.QtPrintSupport",
    "cass_desktop.letters",
    "cass_desktop.court.listing",
    "cass_desktop.privacy.subject_access",
)

CHILD = r"""
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from cass_desktop.data import open_store, store_path
from tests.helpers.child import offscreen_child
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.main_window import MainWindow

app = QApplication([])
folder = Path(sys.argv[1])
db = open_store(store_path(folder))
window = MainWindow(AppContext(db, store_path(folder)))
window.show()
app.processEvents()
person = db.execute("SELECT id FROM clients ORDER BY rowid LIMIT 1").fetchone()[0]
window.show_client(person)
app.processEvents()
shown = window.stack.currentWidget() is window.client_page
print(json.dumps({"shown": shown, "modules": sorted(sys.modules)}))
window.close()
db.close()
"""


def test_a_persons_page_opens_without_letters_or_name_matching(tmp_path):
    db = open_store(store_path(tmp_path))
    try:
        demo.generate(db, clients=12, seed=5)
    finally:
        db.close()
    found = offscreen_child(CHILD, tmp_path)
    assert found["shown"]
    modules = set(found["modules"])
    loaded = [
        name
        for name in NOT_FOR_THE_PAGE
        if any(m == name or m.startswith(name + ".") for m in modules)
    ]
    assert loaded == []
