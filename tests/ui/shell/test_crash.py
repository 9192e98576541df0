"""An unexpected error in the GUI is logged to the data folder and shown in plain words."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from cass_desktop.app.crashlog import LOG_NAME, MAX_LOG_BYTES, write_crash_log
from cass_desktop.ui.shell.crash import CrashHandler, error_box, install_crash_handler

# pytest-qt would otherwise catch the errors first; here the app's own handler must.
pytestmark = pytest.mark.qt_no_exception_capture


class BoxCloser:
    """Watches for message boxes while a test runs, notes what they said, presses OK."""

    def __init__(self) -> None:
        self.seen: list[QMessageBox] = []
        self.texts: list[str] = []
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._close)
        self._timer.start()

    def _close(self) -> None:
        # Not activeModalWidget(): which window is active depends on the tests run before.
        for box in QApplication.allWidgets():
            if isinstance(box, QMessageBox) and box.isVisible() and box not in self.seen:
                self.seen.append(box)
                self.texts.append(f"{box.windowTitle()}\n{box.text()}\n{box.informativeText()}")
                box.button(QMessageBox.StandardButton.Ok).click()

    def stop(self) -> None:
        self._timer.stop()


@pytest.fixture
def handler(qapp, tmp_path: Path) -> Iterator[CrashHandler]:
    before = sys.excepthook, threading.excepthook
    installed = install_crash_handler(tmp_path)
    yield installed
    installed.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


@pytest.fixture
def closer(qapp) -> Iterator[BoxCloser]:
    watcher = BoxCloser()
    yield watcher
    watcher.stop()


def broken_button(qtbot, message: str) -> QPushButton:
    button = QPushButton("Print letter")
    qtbot.addWidget(button)

    def on_click() -> None:
        raise RuntimeError(message)

    button.clicked.connect(on_click)
    button.show()
    return button


def test_an_error_in_a_button_is_shown_plainly_and_logged(qtbot, handler, closer, tmp_path, capfd):
    button = broken_button(qtbot, "letter template has no {{ name }}")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    assert len(closer.texts) == 1
    shown = closer.texts[0]
    assert "Something went wrong in CASS Desktop, but your saved work is safe." in shown
    assert str(tmp_path / LOG_NAME) in shown
    assert "RuntimeError: letter template has no {{ name }}" in shown
    assert "Traceback" not in shown  # the traceback is behind "Show Details…", not in the text
    assert "Traceback (most recent call last)" in closer.seen[0].detailedText()

    log = (tmp_path / LOG_NAME).read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log
    assert "in on_click" in log
    assert "RuntimeError: letter template has no {{ name }}" in log
    assert handler.last_log == tmp_path / LOG_NAME

    err = capfd.readouterr().err
    assert "cass-desktop: unexpected error: RuntimeError" in err

    # The app carries on: the same button can be pressed again and is handled again.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(closer.texts) == 2
    assert (tmp_path / LOG_NAME).read_text(encoding="utf-8").count("==== ") == 2


def test_an_error_that_keeps_repeating_is_shown_three_times_then_only_logged(
    qtbot, handler, closer, tmp_path
):
    button = broken_button(qtbot, "paint failed")
    for _ in range(5):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(closer.texts) == 3
    assert (tmp_path / LOG_NAME).read_text(encoding="utf-8").count("==== ") == 5


def test_an_error_on_a_background_thread_is_logged_and_shown_on_the_main_thread(
    qtbot, handler, closer, tmp_path
):
    def work() -> None:
        raise ValueError("export folder vanished")

    thread = threading.Thread(target=work, name="export-thread")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(closer.texts) == 1, timeout=30_000)
    assert "ValueError: export folder vanished" in closer.texts[0]
    log = (tmp_path / LOG_NAME).read_text(encoding="utf-8")
    assert "(export-thread)" in log
    assert "ValueError: export folder vanished" in log


def test_ctrl_c_is_not_reported_as_a_fault(qtbot, handler, closer, tmp_path):
    handler.handle(KeyboardInterrupt, KeyboardInterrupt(), None)
    qtbot.wait(50)
    assert closer.texts == []
    assert not (tmp_path / LOG_NAME).exists()


def test_error_box_without_a_log_file_says_so(qtbot):
    box = error_box("OSError: disk full", "Traceback…", "")
    qtbot.addWidget(box)
    assert "could not be saved to a file" in box.informativeText()
    assert "OSError: disk full" in box.informativeText()


def _raise_and_log(data_dir: Path | None) -> Path | None:
    try:
        raise LookupError("no such hearing")
    except LookupError as exc:
        return write_crash_log(data_dir, type(exc), exc, exc.__traceback__)


def test_with_no_data_folder_nothing_is_written_not_even_to_the_temporary_folder(
    tmp_path, monkeypatch
):
    # (Earlier versions fell back to the temporary folder, where others can read it.)
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    assert _raise_and_log(tmp_path / "gone") is None
    assert _raise_and_log(None) is None
    assert list((tmp_path / "tmp").iterdir()) == []
    assert not (tmp_path / "gone").exists()


# What a worker typed. (Held here, not in the lines that raise, because a traceback shows
# the program's own source lines, as it should: those are code, not people's details.)
TYPED = {"name": "Siân Pascoe", "phone": "07700 900123", "email": "jo@example.org"}
BORN = "14/03/1991"


def _save_client(name: str, phone: str, email: str) -> None:
    raise ValueError(f"could not save {name!r} with phone {phone} ({email})")


def test_the_log_keeps_where_it_happened_but_not_what_was_typed(tmp_path):
    try:
        try:
            _save_client(**TYPED)
        except ValueError as inner:
            raise RuntimeError(f"saving “{TYPED['name']}” born {BORN} failed: {inner}") from inner
    except RuntimeError as exc:
        exc.add_note(f"while saving '{TYPED['name']}'")
        written = write_crash_log(tmp_path, type(exc), exc, exc.__traceback__, where="save")
    assert written == tmp_path / LOG_NAME
    log = written.read_text(encoding="utf-8")
    for typed in ("Siân", "Pascoe", "07700", "900123", "jo@example.org", BORN, "1991"):
        assert typed not in log
    # Where it happened is all there: files, lines, functions and the source lines.
    assert "in _save_client" in log and "in test_the_log_keeps_where_it_happened" in log
    assert f'File "{__file__}", line ' in log
    assert 'raise ValueError(f"could not save {name!r} with phone {phone} ({email})")' in log
    assert "ValueError: could not save <text> with phone <number> (<email>)" in log
    assert "RuntimeError: saving <text> born <date> failed:" in log
    assert "The above exception was the direct cause" in log
    assert "while saving <text>" in log
    assert (written.stat().st_mode & 0o777) == 0o600


def test_an_existing_log_readable_by_others_is_made_private(tmp_path):
    log = tmp_path / LOG_NAME
    log.write_text("", encoding="utf-8")
    log.chmod(0o644)
    assert _raise_and_log(tmp_path) == log
    assert (log.stat().st_mode & 0o777) == 0o600
    assert "LookupError: no such hearing" in log.read_text(encoding="utf-8")


def test_a_full_log_is_moved_aside_and_a_new_one_started(tmp_path):
    log = tmp_path / LOG_NAME
    log.write_text("x" * (MAX_LOG_BYTES + 1), encoding="utf-8")
    assert _raise_and_log(tmp_path) == log
    assert (tmp_path / (LOG_NAME + ".1")).stat().st_size == MAX_LOG_BYTES + 1
    assert log.read_text(encoding="utf-8").startswith("==== ")
