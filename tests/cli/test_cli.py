"""The `cass-desktop` command: every way it can be pointed at the wrong thing.

Each error prints ONE line to stderr, exits non-zero, and leaves every file as it was.
Most tests call `main()` in-process (fast); `selftest` runs in a subprocess so its
QApplication does not clash with pytest-qt's.
"""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from cass_desktop import __version__
from cass_desktop.app.crashlog import LOG_NAME
from cass_desktop.data import open_store, store_path
from tests.helpers.cli import one_line_error, run

# A small but real PDF (what a worker might save by mistake as cass.db).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file in the folder with a hash of its bytes: compare before and after.

    SQLite's own sidecars are left out when they hold no data: reading a WAL-mode store, even
    over a read-only connection, makes an index file (-shm) and may leave an empty log (-wal).
    """
    files = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        if path.name.endswith("-shm") or (path.name.endswith("-wal") and not path.stat().st_size):
            continue
        files[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def run_subprocess(*argv: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "cass_desktop", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


# --- arguments ------------------------------------------------------------------------------


def test_version_prints_the_version_and_exits_zero(capsys):
    code, out, err = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"CASS Desktop {__version__}"
    assert err == ""


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["frobnicate"], ["invalid choice", "frobnicate", "--help"]),
        (["demo-data", "--clients", "0"], ["--clients", "at least 1"]),
        (["demo-data", "--clients", "-3"], ["--clients", "at least 1"]),
        (["demo-data", "--clients", "abc"], ["--clients", "“abc” is not a whole number"]),
        (["demo-data"], ["--clients"]),
        (["demo-data", "--clients", "5", "--seed", "x"], ["--seed"]),
        (["--no-such-option"], ["--no-such-option"]),
    ],
    ids=["unknown-command", "clients-0", "clients-negative", "clients-abc", "no-clients",
         "bad-seed", "unknown-option"],
)  # fmt: skip
def test_bad_arguments_are_one_line_with_exit_code_2(capsys, tmp_path, argv, words):
    before = snapshot(tmp_path)
    code, out, err = run(capsys, "--data-dir", str(tmp_path), *argv)
    assert code == 2
    one_line_error(code, out, err, *words)
    assert snapshot(tmp_path) == before  # no store made for a command that never ran


# --- the data folder ------------------------------------------------------------------------


def test_data_dir_that_does_not_exist_is_refused_and_not_created(capsys, tmp_path):
    missing = tmp_path / "no-such-folder"
    code, out, err = run(capsys, "--data-dir", str(missing), "demo-data", "--clients", "1")
    assert code == 1
    one_line_error(code, out, err, str(missing), "does not exist")
    assert not missing.exists()


def test_data_dir_that_is_a_file_is_refused_and_left_alone(capsys, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("court list for tomorrow\n")
    code, out, err = run(capsys, "--data-dir", str(a_file), "demo-data", "--clients", "1")
    assert code == 1
    one_line_error(code, out, err, str(a_file), "not a folder")
    assert a_file.read_text() == "court list for tomorrow\n"


# --- what is in cass.db ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"Name,Date of birth\nSam Jones,01/02/1990\n",
        PDF_BYTES,
        random.Random(7).randbytes(8192),
        # Starts like SQLite, then garbage: a file damaged part-way through.
        b"SQLite format 3\x00" + random.Random(8).randbytes(8192),
    ],
    ids=["text", "pdf", "random-bytes", "damaged-sqlite"],
)
def test_a_file_that_is_not_a_store_is_refused_untouched(capsys, tmp_path, content):
    store_path(tmp_path).write_bytes(content)
    before = snapshot(tmp_path)
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "demo-data", "--clients", "1")
    assert code == 1
    one_line_error(code, out, err, str(store_path(tmp_path)))
    assert snapshot(tmp_path) == before  # same bytes, and no -wal, -shm or backup beside it


def test_a_foreign_sqlite_database_is_refused_untouched(capsys, tmp_path):
    conn = sqlite3.connect(store_path(tmp_path))
    conn.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
    conn.execute("INSERT INTO recipes VALUES ('shepherd''s pie', 90)")
    conn.commit()
    conn.close()
    before = snapshot(tmp_path)
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "demo-data", "--clients", "1")
    assert code == 1
    one_line_error(code, out, err, "not a CASS Desktop store")
    assert snapshot(tmp_path) == before


def test_a_store_from_a_newer_version_is_refused_untouched(capsys, tmp_path):
    db = open_store(store_path(tmp_path))
    db["_sqlite_migrations"].insert(
        {"migration_set": "cass", "name": "m999_from_the_future", "applied_at": "2027-01-01"}
    )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    before = snapshot(tmp_path)
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "demo-data", "--clients", "1")
    assert code == 1
    one_line_error(code, out, err, "newer version")
    assert snapshot(tmp_path) == before


def test_a_folder_where_cass_db_should_be_is_one_line(capsys, tmp_path):
    store_path(tmp_path).mkdir()
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "demo-data", "--clients", "1")
    assert code == 1
    one_line_error(code, out, err, str(store_path(tmp_path)))
    assert store_path(tmp_path).is_dir()


def test_an_empty_cass_db_is_refused_untouched(capsys, tmp_path):
    # Decided: refuse, do not start afresh. The app never leaves an empty cass.db (a new store
    # is built beside it and renamed into place), so an empty one means something else went
    # wrong: a copy that failed, a full disk, a cloud-sync placeholder. Quietly starting a new
    # store there would hide that and split the worker's records across two stores.
    store_path(tmp_path).write_bytes(b"")
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "demo-data", "--clients", "1")
    assert code == 1
    one_line_error(code, out, err, str(store_path(tmp_path)), "empty file")
    assert snapshot(tmp_path) == {"cass.db": hashlib.sha256(b"").hexdigest()}


# --- faults in the program ------------------------------------------------------------------


def test_an_unexpected_error_is_one_line_and_the_traceback_goes_to_the_log(
    capsys, tmp_path, monkeypatch
):
    from cass_desktop import demo

    def broken(db: sqlite_utils.Database, **_kwargs: object) -> None:
        raise ZeroDivisionError("the demo maker divided by zero")

    monkeypatch.setattr(demo, "generate", broken)
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "demo-data", "--clients", "1")
    assert code == 1
    log = tmp_path / LOG_NAME
    one_line_error(
        code, out, err, "something went wrong", "ZeroDivisionError", "divided by zero", str(log)
    )
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "in broken" in text
    assert f"CASS Desktop {__version__} (demo-data)" in text


def test_gui_that_cannot_open_also_says_so_on_screen(capsys, tmp_path, qapp):
    # Started from a desktop icon there is no terminal, so the reason is shown in a window too.
    seen: list[str] = []

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text() + "\n" + box.informativeText())
            box.button(QMessageBox.StandardButton.Ok).click()
        else:
            QTimer.singleShot(20, close_box)

    QTimer.singleShot(0, close_box)
    missing = tmp_path / "gone"
    code, out, err = run(capsys, "--data-dir", str(missing), "gui")
    one_line_error(code, out, err, "does not exist")
    assert len(seen) == 1
    assert "could not open" in seen[0]
    assert f"The folder {missing} does not exist." in seen[0]


# --- selftest (a subprocess: it makes its own QApplication) ----------------------------------


def test_selftest_on_a_fresh_folder_passes_and_makes_a_store(tmp_path):
    result = run_subprocess("--data-dir", str(tmp_path), "selftest")
    assert result.returncode == 0, result.stderr
    assert "the main window was built" in result.stdout
    for check in ("resources", "encrypted store", "age encryption", "PDF letters"):
        assert f"selftest: {check}: ok" in result.stdout
    assert "Traceback" not in result.stderr
    assert "ERROR" not in result.stderr  # SQLCipher's wrong-key check must not log noise
    assert store_path(tmp_path).is_file()


def test_selftest_on_a_damaged_store_fails_in_one_line(tmp_path):
    store_path(tmp_path).write_bytes(PDF_BYTES)
    result = run_subprocess("--data-dir", str(tmp_path), "selftest")
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"cass-desktop: {store_path(tmp_path)} ")
    assert "not a CASS Desktop store" in lines[0]
    assert store_path(tmp_path).read_bytes() == PDF_BYTES


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="DISPLAY is how Linux says")
def test_gui_with_no_screen_says_so_in_one_line_instead_of_aborting(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    result = subprocess.run(
        [sys.executable, "-m", "cass_desktop", "--data-dir", str(tmp_path), "gui"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "cass-desktop: there is no screen to open the window on (DISPLAY is not set). "
        "Run it from the desktop, or try `cass-desktop selftest`."
    ]
    assert list(tmp_path.iterdir()) == []  # no store made for a window that never opened
