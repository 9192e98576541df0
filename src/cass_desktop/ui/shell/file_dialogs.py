"""Every file dialog of the app, so each starts in the folder last used.

The folder is remembered in this store's local settings (encrypted with the store, never
synced, since a folder's name may say whose files are in it): a worker who saved a letter to a
USB stick finds the stick there when importing a spreadsheet next. A dialog with a folder of
its own (letters saved, head office's bundles) also remembers that under its own `key` and
starts there; one whose folder is part of what it does (the backups folder) passes `start`.
Only folders that exist are remembered or started in.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from cass_desktop.data import local

LAST_FOLDER = "last_folder"


def _saved(db, key: str) -> Path | None:
    saved = local.get(db, key) if db is not None else None
    if isinstance(saved, str) and saved and Path(saved).is_dir():
        return Path(saved)
    return None


def last_folder(db, key: str | None = None, fallback: Path | None = None) -> Path:
    """The folder a file dialog starts in: its own remembered folder, else the one last used
    by any dialog, else `fallback` or the home folder."""
    return (_saved(db, key) if key else None) or _saved(db, LAST_FOLDER) or fallback or Path.home()


def remember_folder(db, chosen: str | Path, key: str | None = None) -> None:
    """Note the folder of a file (or a folder) the worker chose, for the next dialog."""
    if db is None or not chosen:
        return
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    if not folder.is_dir():
        return
    for name in {LAST_FOLDER, key or LAST_FOLDER}:
        if str(folder) != local.get(db, name):
            local.put(db, name, str(folder))


def _start(db, key, start, suggested, fallback=None) -> str:
    folder = Path(start) if start else last_folder(db, key, fallback)
    return str(folder / suggested) if suggested else str(folder)


def open_file(parent: QWidget | None, db, title: str, filters: str, *, key=None, start=None) -> str:
    """The file the worker chose to open ('' for none)."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, title, _start(db, key, start, None), filters
    )
    remember_folder(db, path, key)
    return path


def open_files(
    parent: QWidget | None, db, title: str, filters: str, *, key=None, start=None
) -> list[str]:
    paths, _filter = QFileDialog.getOpenFileNames(
        parent, title, _start(db, key, start, None), filters
    )
    if paths:
        remember_folder(db, paths[0], key)
    return list(paths)


def save_file(
    parent: QWidget | None,
    db,
    title: str,
    suggested: str | None,
    filters: str,
    *,
    key=None,
    start=None,
    remember: bool = True,
) -> str:
    """Where the worker chose to save ('' for nowhere), offering the `suggested` file name.
    With `remember` False the caller remembers the folder once the file is written."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, title, _start(db, key, start, suggested), filters
    )
    if remember:
        remember_folder(db, path, key)
    return path


def choose_folder(
    parent: QWidget | None, db, title: str, *, key=None, start=None, fallback=None
) -> str:
    """A folder the worker chose ('' for none); `fallback` where none was used before."""
    folder = QFileDialog.getExistingDirectory(parent, title, _start(db, key, start, None, fallback))
    remember_folder(db, folder, key)
    return folder
