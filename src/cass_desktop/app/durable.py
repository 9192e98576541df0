"""Writing files so that a crash leaves the old file or the new one, and nobody else can read them.

The one place the program writes a file it means to keep: bundles, delivered copies, letters
saved as PDF, cards, key files, the age identity. Each is written to a temporary file made by
`tempfile.mkstemp` in the target's own folder (a random name, created exclusively and 0600, so
a symlink planted there is never followed), flushed to disk, renamed over the target in one
step (a symlink at the target is replaced, never written through) and the folder is flushed
too. Folders the app makes for itself are 0700. Nothing here knows what the files hold.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
PRIVATE_UMASK = 0o077
_POSIX = os.name == "posix"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def set_private_umask() -> int:
    """Make every file and folder this process creates private to its user (SQLite's
    write-ahead log and shared-memory files included). Returns the previous umask."""
    return os.umask(PRIVATE_UMASK)


@contextlib.contextmanager
def atomic_writer(
    path: Path | str,
    *,
    mode: int = PRIVATE_FILE,
    verify: Callable[[Path], None] | None = None,
) -> Iterator[BinaryIO]:
    """A binary file to write `path`'s new content into; it replaces `path` only when the
    block ends without an error (otherwise the temporary file is removed and `path` is as it
    was). `verify`, if given, is called with the temporary file once it is on disk, before
    it replaces `path`; it raises to stop the replacement."""
    path = Path(path)
    folder = path.parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        if _POSIX:
            os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        if verify is not None:
            verify(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    fsync_dir(folder)


def write_atomically(
    path: Path | str,
    data: bytes | Callable[[BinaryIO], object],
    *,
    mode: int = PRIVATE_FILE,
    verify: Callable[[Path], None] | None = None,
) -> Path:
    """Write `data` (bytes, or a function given the open file to write into) to `path`
    atomically, private to this user; returns `path`."""
    path = Path(path)
    with atomic_writer(path, mode=mode, verify=verify) as out:
        if callable(data):
            data(out)
        else:
            out.write(data)
    return path


def replace(source: Path | str, target: Path | str) -> None:
    """Move a finished file over `target` in one step, and make the rename durable."""
    fsync_file(source)
    os.replace(source, target)
    fsync_dir(Path(target).parent)


def create_private_file(path: Path | str) -> None:
    """Create `path` empty and 0600, refusing to follow a symlink there (an existing
    regular file is left as it is, and tightened)."""
    path = Path(path)
    flags = os.O_WRONLY | os.O_CREAT | _NOFOLLOW | _BINARY
    fd = os.open(path, flags, PRIVATE_FILE)
    try:
        _tighten_open(fd)
    finally:
        os.close(fd)


def open_private_append(path: Path | str) -> BinaryIO:
    """`path` opened to append to, created 0600 if it is new (a symlink is not followed);
    an existing file readable by others is tightened first."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW | _BINARY
    fd = os.open(path, flags, PRIVATE_FILE)
    try:
        _tighten_open(fd)
        return os.fdopen(fd, "ab")
    except BaseException:
        os.close(fd)
        raise


def _tighten_open(fd: int) -> None:
    """An open file that others or the group may read or write made this user's only."""
    if _POSIX:
        info = os.fstat(fd)
        if stat.S_IMODE(info.st_mode) & 0o077:
            os.fchmod(fd, stat.S_IMODE(info.st_mode) & ~0o077)


def private_dir(folder: Path | str) -> Path:
    """Make `folder` (and any missing parents) if need be, and keep it to this user (0700).
    An existing folder readable by others is tightened."""
    folder = Path(folder)
    if not folder.is_dir():
        folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    tighten(folder)
    return folder


def tighten(path: Path | str) -> None:
    """Take away every permission others and the group have on `path` (a file becomes at
    most 0600, a folder 0700). A symlink, and anything not ours to change, is left alone."""
    if not _POSIX:
        return
    try:
        info = os.lstat(path)
    except OSError:
        return
    if stat.S_ISLNK(info.st_mode) or info.st_uid != os.geteuid():
        return
    current = stat.S_IMODE(info.st_mode)
    if current & 0o077:
        with contextlib.suppress(OSError):
            os.chmod(path, current & ~0o077)


def tighten_folder(folder: Path | str, *, depth: int = 1) -> None:
    """Tighten `folder`, every file in it and (to `depth` levels) every folder in it."""
    folder = Path(folder)
    tighten(folder)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.is_symlink():
            continue
        if entry.is_dir():
            if depth > 0:
                tighten_folder(entry.path, depth=depth - 1)
        else:
            tighten(entry.path)


def fsync_file(path: Path | str) -> None:
    fd = os.open(path, os.O_RDONLY | _BINARY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path | str) -> None:
    """Flush a folder's entries (a rename into it) to disk, where the system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open a folder; its renames are durable without this
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
