"""Clocks: a change from the future is refused, and a computer whose own clock is obviously
wrong is told so at start, before it writes anything."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from cass_desktop import RELEASE_DATE
from cass_desktop.cli import main
from cass_desktop.data import hlc, local, store_path
from cass_desktop.data.hlc import HLC
from cass_desktop.sites.setup import set_up_device
from cass_desktop.sync import clocks, identity
from cass_desktop.ui.shell.app import Launcher
from cass_desktop.ui.shell.clock_warning import ClockWarning
from cass_desktop.ui.shell.first_run import FirstRunPage
from tests.helpers.bundles import assert_plain
from tests.helpers.stores import PASSPHRASE, new_store

RELEASED = dt.datetime.fromisoformat(RELEASE_DATE).replace(tzinfo=dt.UTC)


def _at(db, when: dt.datetime) -> None:
    """The store's newest clock, as if it had made or taken in a change at `when`."""
    local.put(db, "hlc", HLC(int(when.timestamp() * 1000), 0, "0" * 16).encode())


def test_a_right_clock_says_nothing(device_db):
    assert clocks.startup_warning(None) is None
    assert clocks.startup_warning(device_db) is None
    newest = RELEASED + dt.timedelta(days=30)
    _at(device_db, newest)
    assert clocks.startup_warning(device_db, newest - dt.timedelta(days=6)) is None
    assert clocks.startup_warning(device_db, newest + dt.timedelta(days=365)) is None


@pytest.mark.parametrize(
    ("now", "newest", "words"),
    [
        (dt.datetime(2001, 1, 1, tzinfo=dt.UTC), None, "1 January 2001, before this version"),
        (RELEASED + dt.timedelta(days=20), RELEASED + dt.timedelta(days=60), "already holds"),
        (RELEASED + dt.timedelta(days=900), RELEASED + dt.timedelta(days=10), "years after"),
        (dt.datetime(2286, 3, 3, tzinfo=dt.UTC), None, "3 March 2286, years after this version"),
    ],
)
def test_a_clock_years_out_is_told_in_one_sentence(device_db, now, newest, words):
    if newest is not None:
        _at(device_db, newest)
    warning = clocks.startup_warning(device_db, now)
    assert_plain(warning)
    assert words in warning


def test_the_margin_never_goes_past_the_clocks_format():
    assert clocks.latest_allowed(0) == f"{clocks.FUTURE_MARGIN_MS:013d}"
    assert clocks.latest_allowed(10**15) == str(hlc.MAX_WALL_MS)
    assert len(clocks.latest_allowed()) == 13


def test_a_laptop_is_named_by_its_court_as_held(office):
    ho, truro = office.head_office, office.device("truro")
    assert clocks.laptop_name(ho, identity.my_card(truro).device_id) == "Truro's laptop"
    assert clocks.laptop_name(ho, "f" * 16) == "the laptop"


# -- The command line ------------------------------------------------------------------------


def _run(capsys, *argv: str) -> tuple[int, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    return code, capsys.readouterr().err


def test_commands_that_write_refuse_while_the_clock_is_wrong(
    tmp_path, capsys, monkeypatch, cass_passphrase
):
    folder = tmp_path / "store"
    folder.mkdir()
    db = new_store(store_path(folder))
    set_up_device(db, "Truro Magistrates' Court", "Sam Okafor")
    db.close()
    monkeypatch.setattr(clocks, "_now", lambda: dt.datetime(2001, 1, 1, tzinfo=dt.UTC))
    code, err = _run(capsys, "--data-dir", str(folder), "export", "--out", str(tmp_path))
    assert code == 1
    assert err.startswith("cass-desktop: This computer's clock says 1 January 2001")
    assert "--clock-is-right" in err and len(err.splitlines()) == 1
    code, err = _run(capsys, "--data-dir", str(folder), "keys", "trust", str(tmp_path / "x"))
    assert code == 1 and "1 January 2001" in err
    # Past the clock, with the flag: it is the missing head office that stops the export.
    code, err = _run(
        capsys, "--data-dir", str(folder), "--clock-is-right", "export", "--out", str(tmp_path)
    )
    assert code == 1 and "clock" not in err and "head office" in err
    # Reading is fine: listing keys writes nothing.
    assert _run(capsys, "--data-dir", str(folder), "keys", "list")[0] == 0
    # demo-data goes in an empty store, and is refused too.
    empty = tmp_path / "empty"
    empty.mkdir()
    code, err = _run(capsys, "--data-dir", str(empty), "demo-data", "--clients", "1")
    assert code == 1 and "1 January 2001" in err


# -- The window ------------------------------------------------------------------------------


def _answer(qtbot, choose: str, seen: list[str]) -> None:
    """When the warning is up, note what it says and press one of its buttons."""

    tries = [0]

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, ClockWarning):
            tries[0] += 1
            if tries[0] < 1500:  # 30 s, then give up: the test's assertions say why
                QTimer.singleShot(20, press)
            return
        seen.append(box.text())
        if choose == "quit":
            box.quit_button.click()
        else:
            box.go_on_button.click()

    QTimer.singleShot(0, press)


def test_a_wrong_clock_is_shown_before_the_main_window_and_can_quit(qtbot, tmp_path, monkeypatch):
    db = new_store(store_path(tmp_path))
    set_up_device(db, "Truro Magistrates' Court", "Sam Okafor")
    _at(db, dt.datetime.now(dt.UTC))
    db.close()
    monkeypatch.setattr(clocks, "_now", lambda: dt.datetime(2286, 3, 3, tzinfo=dt.UTC))
    seen: list[str] = []
    _answer(qtbot, "quit", seen)
    launcher = Launcher(tmp_path, PASSPHRASE)
    launcher.start()
    assert seen and "3 March 2286" in seen[0]
    assert launcher.quit and launcher.window is None and launcher.context is None


def test_going_on_past_the_warning_opens_the_app(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(clocks, "_now", lambda: dt.datetime(2001, 1, 1, tzinfo=dt.UTC))
    seen: list[str] = []
    _answer(qtbot, "go on", seen)
    launcher = Launcher(tmp_path)
    launcher.start()
    qtbot.addWidget(launcher.window)
    assert seen and "1 January 2001" in seen[0]
    assert not launcher.quit and isinstance(launcher.window, FirstRunPage)


def test_a_laptop_behind_head_office_says_both_dates(office, monkeypatch):
    """A laptop whose clock is days behind refuses head office's update, and the sentence gives
    both clocks, as either may be the wrong one."""
    from cass_desktop.data import clients
    from cass_desktop.sync.exporter import export_device, export_update
    from cass_desktop.sync.importer import import_file
    from tests.helpers.bundles import dump

    ho, ply = office.head_office, office.device("plymouth")
    import_file(ho, export_device(ply, office.outbox))
    clients.create(ho, {"given_name": "Rhys", "site_id": local.get(ply, "site_id")})
    update = export_update(ho, identity.my_card(ply).device_id, office.outbox)
    behind = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
    monkeypatch.setattr(clocks, "_now", lambda: behind)
    before = dump(ply)
    refused = import_file(ply, update).refused
    assert_plain(refused)
    assert "head office's clock said" in refused
    assert f"more than a day after this laptop's ({behind.day} {behind:%B %Y})" in refused
    assert dump(ply) == before
    monkeypatch.setattr(clocks, "_now", lambda: dt.datetime.now(dt.UTC))
    assert import_file(ply, update).merge.applied > 0
