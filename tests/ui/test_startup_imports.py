"""Start-up imports only what the first window needs (issue 12: start-up within 3x a bare
window). Each case runs in a fresh process, as `cass-desktop` does: it runs the entry point
(`cass_desktop.cli.main`, with only --data-dir: the window, the default), and once the first
window is shown lists the modules loaded. A heavy module imported again at the top of a module
on the start-up path fails here, not only in bench/bench_startup.py's figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from cass_desktop import demo
from cass_desktop.cli import GROUP_NAMES
from cass_desktop.data import open_store, store_path
from tests.helpers.child import offscreen_child
from tests.helpers.stores import PASSPHRASE
from tests.helpers.stores import new_store as new_locked_store

# What the first window never needs, and what each costs to import (measured on the 2-core
# reference machine, idle): encryption (tens of ms each), letters and PDFs, the demo, the sync
# importer, the pages not shown first, and Qt's D-Bus module (0.1 s: sleep is listened for
# once the window shows). sqlite-utils' date parser (dateutil, for its command line) is made
# lazily (app/lazy_imports.py): it must never run before the first window; nor need
# importlib.resources (app/resources.py imports it when a resource is first asked for). Nor
# any command group (cli/__init__.py reads the window's options without them), the backups
# (maintenance/before_updates.py imports them for a store that needs migrating), a bundle's
# reader and the exporter (the status bar reads the outbox through sync/outbox.py alone), the
# Referrals page (Today's follow-up words are ui/referrals/followup_words.py), the search
# popup (built at the first Ctrl+K), the file dialogs, and the casework and drop-in rules
# (Today imports them when a follow-up is marked done or a draft resumed).
HEAVY = (
    "cryptography",
    "pyrage",
    "jinja2",
    "reportlab",
    "PIL",
    "rapidfuzz",
    "dateutil.parser._parser",
    "dateutil.tz",
    "importlib.resources",
    "PySide6.QtDBus",
    "PySide6.QtPdf",
    "PySide6.QtPrintSupport",
    "cass_desktop.letters",
    "cass_desktop.demo",
    "cass_desktop.forms",
    "cass_desktop.assessments",
    "cass_desktop.headoffice",
    "cass_desktop.people.matching",
    "cass_desktop.sync.importer",
    "cass_desktop.sync.bundle_writer",
    "cass_desktop.ui.court.diary_view",
    "cass_desktop.ui.people",
    "cass_desktop.ui.settings",
    "cass_desktop.ui.letters",
    "cass_desktop.ui.shell.first_run",
    "cass_desktop.ui.shell.passphrase",
    *(f"cass_desktop.cli.{name}" for name in GROUP_NAMES),
    "cass_desktop.audit",
    "cass_desktop.maintenance.backups",
    "cass_desktop.maintenance.restoring",
    "cass_desktop.records.values",
    "cass_desktop.sync.bundle",
    "cass_desktop.sync.exporter",
    "cass_desktop.sync.keys",
    "cass_desktop.ui.referrals.referrals_view",
    "cass_desktop.ui.shell.search_popup",
    "cass_desktop.ui.shell.file_dialogs",
    "cass_desktop.people.casework",
    "cass_desktop.people.hold",
    "cass_desktop.people.validation",
    "cass_desktop.referrals.drop_in",
)
# Before the passphrase is typed, the unlock window needs no page and no cipher: only Argon2's
# parameters are read with the key file (the people named on the lock screen).
HEAVY_BEFORE_UNLOCK = (
    *(name for name in HEAVY if name != "cass_desktop.ui.shell.passphrase"),
    "cass_desktop.ui.shell.main_window",
    "cass_desktop.ui.today",
    "cass_desktop.ui.headoffice",
)

CHILD = r"""
import json, sys
import cass_desktop.cli  # the entry point: `cass-desktop` runs cass_desktop.cli.main
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from cass_desktop.ui.shell import app as shell_app

report = {}
start = shell_app.Launcher.start


def started(launcher):
    start(launcher)
    locker = getattr(launcher.window, "locker", None)  # (the main window's idle lock)
    report["watching_app_before_paint"] = locker._watching_app if locker is not None else None

    def shown():
        from shibokensupport import feature
        from cass_desktop.ui.shell import sources
        report.update(
            window=type(launcher.window).__name__,
            modules=sorted(sys.modules),
            pyside_reads_sources=feature._mod_uses_pyside is not sources.uses_pyside,
        )
        QApplication.quit()

    QTimer.singleShot(0, shown)  # once the window has been shown and painted


shell_app.Launcher.start = started
code = cass_desktop.cli.main(["--data-dir", sys.argv[1]])
print(json.dumps({**report, "exit": code}))
"""


def _shown(data_dir: Path) -> dict:
    return offscreen_child(CHILD, data_dir)


def _first_window(data_dir: Path) -> tuple[str, set[str]]:
    shown = _shown(data_dir)
    return shown["window"], set(shown["modules"])


def _loaded(modules: set[str], heavy: tuple[str, ...]) -> list[str]:
    return sorted(
        name for name in heavy if any(m == name or m.startswith(name + ".") for m in modules)
    )


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory) -> Path:
    """A small plain demo store, set up: it opens straight into the main window."""
    folder = tmp_path_factory.mktemp("demo")
    db = open_store(store_path(folder))
    try:
        demo.generate(db, clients=30, seed=3)
    finally:
        db.close()
    return folder


def test_the_main_window_shows_without_heavy_modules(demo_folder):
    window, modules = _first_window(demo_folder)
    assert window == "MainWindow"
    assert "cass_desktop.ui.today.today_view" in modules  # the page it shows was built
    assert _loaded(modules, HEAVY) == []


def test_the_unlock_window_shows_before_any_page_or_cipher(tmp_path):
    db = new_locked_store(store_path(tmp_path))
    db.close()
    window, modules = _first_window(tmp_path)
    assert window == "UnlockWindow"
    assert _loaded(modules, HEAVY_BEFORE_UNLOCK) == []
    assert PASSPHRASE  # (the store is locked with the suite's passphrase: nothing typed yet)


def test_the_first_paint_hands_no_widgets_events_to_python(demo_folder):
    """Until the main window is first painted its idle lock watches the window alone, not
    every event of every widget (each widget's Python type and enums were made as it was
    first seen, a third of a second); and PySide6's check of each module imported after it
    reads no source file (ui/shell/sources.py)."""
    shown = _shown(demo_folder)
    assert shown["window"] == "MainWindow"
    assert shown["watching_app_before_paint"] is False
    assert shown["pyside_reads_sources"] is False
