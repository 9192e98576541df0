"""Every file dialog of the app: it starts in the folder last used, remembered in this store's
local settings (encrypted with the store, never synced, since a folder's name may say whose
files are in it), so a worker who saved one letter to a USB stick finds it there next time."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from cass_desktop.data import local

_KEY = "last_folder"


def last_folder(db) -> Path:
    """The folder a file dialog starts in: the one last used if it is still there, or home."""
    saved = local.get(db, _KEY) if db is not None else None
    if isinstance(saved, str) and saved and Path(saved).is_dir():
        return Path(saved)
    return Path.home()


def remember_folder(db, chosen: str | Path) -> None:
    """Note the folder of a file (or a folder) the worker chose, for the next dialog."""
    if db is None or not chosen:
        return
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    if str(folder) != local.get(db, _KEY):
        local.put(db, _KEY, str(folder))


def _start(db, suggested: str | Path | None) -> str:
    """Where a dialog opens: a suggested file name in the last folder, or the folder itself."""
    folder = last_folder(db)
    if suggested:
        suggested = Path(suggested)
        if suggested.is_absolute():
            return str(suggested)
        return str(folder / suggested)
    return str(folder)


def open_file(parent: QWidget | None, db, title: str, filters: str) -> str:
    """The file the worker chose to open ('' for none), starting in the last folder."""
    path, _filter = QFileDialog.getOpenFileName(parent, title, _start(db, None), filters)
    remember_folder(db, path)
    return path


def open_files(parent: QWidget | None, db, title: str, filters: str) -> list[str]:
    paths, _filter = QFileDialog.getOpenFileNames(parent, title, _start(db, None), filters)
    if paths:
        remember_folder(db, paths[0])
    return paths


def save_file(
    parent: QWidget | None, db, title: str, suggested: str | Path | None, filters: str
) -> str:
    """Where the worker chose to save ('' for nowhere), starting in the last folder with the
    suggested name."""
    path, _filter = QFileDialog.getSaveFileName(parent, title, _start(db, suggested), filters)
    remember_folder(db, path)
    return path


def choose_folder(parent: QWidget | None, db, title: str) -> str:
    folder = QFileDialog.getExistingDirectory(parent, title, _start(db, None))
    remember_folder(db, folder)
    return folder
