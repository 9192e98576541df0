"""Restoring a backup: checking it whole, then putting it in place of the store.

Restoring checks everything before it changes anything: the file is a whole backup (sizes,
members, checksums), the key file is sound, the passphrase given opens it, the store inside
is a CASS Desktop store this version can open and passes a full integrity check, and it is a
backup of this store (the key file's store id; another store's backup needs `allow_other`).
Then the current store and key file are moved into a safety folder
(`before-restore-20261201-093000`) and the backup's put in their place. What a backup file
holds, and how one is made, is in backups.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import secrets
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from cass_desktop import audit
from cass_desktop.app import durable
from cass_desktop.data import StoreError
from cass_desktop.data import backup as _copy
from cass_desktop.data.keyfile import KeyFile, KeyFileError, WrongPassphrase, key_path
from cass_desktop.maintenance.backups import (
    KEY_MEMBER,
    NOTHING,
    STORE_MEMBER,
    BackupError,
    damaged,
    manifest_of,
    open_backup,
)


@dataclass(frozen=True)
class Checked:
    """A backup that has passed every check, unpacked into a private work folder."""

    source: Path
    folder: Path  # holds cass.db and cass.key, both encrypted
    made_at: str  # ISO 8601, from its manifest
    store_id: str
    facts: _copy.CopyFacts


@dataclass(frozen=True)
class Restored:
    backup: Path
    made_at: str
    safety_folder: Path | None


def check_backup(source: Path, passphrase: str, work_parent: Path) -> Checked:
    """Check the backup `source` whole, unpacked into a new private folder under
    `work_parent` (both files in it stay encrypted); raises BackupError, in one sentence,
    having changed nothing, at the first problem. The caller removes `folder` (`discard`)."""
    source = Path(source)
    work = durable.private_dir(Path(work_parent) / f".restoring-{secrets.token_hex(6)}")
    try:
        return _check_into(source, passphrase, work)
    except BaseException:
        discard(work)
        raise


def _check_into(source: Path, passphrase: str, work: Path) -> Checked:
    with open_backup(source) as zf:
        manifest = manifest_of(zf, source)
        if KEY_MEMBER not in zf.namelist():
            raise BackupError(
                f"The backup {source} has no key file in it, so it cannot be unlocked. {NOTHING}"
            )
        try:
            key_bytes = zf.read(KEY_MEMBER)
        except (zipfile.BadZipFile, OSError):
            raise _key_damaged(source) from None
        if hashlib.sha256(key_bytes).hexdigest() != manifest["key_sha256"]:
            raise _key_damaged(source)
        key_file = work / KEY_MEMBER
        durable.write_atomically(key_file, key_bytes)
        store_file = work / STORE_MEMBER
        digest = hashlib.sha256()
        try:
            durable.create_private_file(store_file)
            with zf.open(STORE_MEMBER) as src, open(store_file, "wb") as dst:
                for block in iter(lambda: src.read(1 << 20), b""):
                    digest.update(block)
                    dst.write(block)
                dst.flush()
                os.fsync(dst.fileno())
        except (zipfile.BadZipFile, EOFError, OSError, ValueError):
            raise damaged(source) from None
        if digest.hexdigest() != manifest["store_sha256"]:
            raise damaged(source)
    try:
        keys = KeyFile.read(key_file)
    except KeyFileError:
        raise _key_damaged(source) from None
    if keys is None or keys.store_id != manifest["store_id"]:
        raise _key_damaged(source)
    try:
        key, _wrap = keys.unlock(passphrase)
    except WrongPassphrase:
        raise BackupError(
            f"The passphrase does not open the backup {source.name}: give the passphrase the "
            f"store had when the backup was made. {NOTHING}"
        ) from None
    if not _copy.opens_with(store_file, key):
        raise damaged(source, "its key does not open it")
    if _copy.check_file(store_file, key, full=True):
        raise damaged(source, "its check found a fault")
    try:
        facts = _copy.facts(store_file, key)
    except StoreError as exc:
        raise BackupError(f"{source.name}: {exc}") from exc
    return Checked(source, work, manifest["made_at"], keys.store_id, facts)


def _key_damaged(source: Path) -> BackupError:
    return BackupError(
        f"The key file in the backup {source.name} is damaged, so it cannot be unlocked. {NOTHING}"
    )


def discard(work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)


def is_this_store(checked: Checked, store_file: Path) -> bool | None:
    """Whether the backup is of the store at `store_file` (the key file's random store id,
    which stays the same through passphrase changes); None when there is no store there."""
    try:
        current = KeyFile.read(key_path(store_file))
    except KeyFileError:
        current = None
    if current is None:
        return None if not Path(store_file).exists() else False
    return current.store_id == checked.store_id


def restore(
    checked: Checked,
    store_file: Path,
    *,
    allow_other: bool = False,
    now: dt.datetime | None = None,
) -> Restored:
    """Put the checked backup in place of the store at `store_file`. The current store and
    key file are moved first into a safety folder beside them; each step is one rename, and a
    failure puts back what had moved. The store must not be open (close every connection)."""
    store_file = Path(store_file)
    data_dir = store_file.parent
    same = is_this_store(checked, store_file)
    if same is False and not allow_other:
        site = f" ({checked.facts.site_name})" if checked.facts.site_name else ""
        raise BackupError(
            f"{checked.source.name} is a backup of another store{site}, not of this one. "
            f"Restore it only if you mean to replace this store with that one. {NOTHING}"
        )
    if any(Path(str(store_file) + s).exists() for s in ("-wal", "-shm")):
        raise BackupError(
            "The store is open in CASS Desktop or another program. Close it there and try "
            f"again. {NOTHING}"
        )
    now = now or dt.datetime.now()
    moved: list[tuple[Path, Path | None]] = []  # (where it is now, where it was; None: new)
    safety: Path | None = None
    current = [p for p in (store_file, key_path(store_file)) if p.exists() or p.is_symlink()]
    try:
        if current:
            safety = durable.private_dir(data_dir / f"before-restore-{now:%Y%m%d-%H%M%S}")
            for path in current:
                os.replace(path, safety / path.name)
                moved.append((safety / path.name, path))
        durable.fsync_dir(data_dir)
        os.replace(checked.folder / KEY_MEMBER, key_path(store_file))
        moved.append((key_path(store_file), None))
        durable.replace(checked.folder / STORE_MEMBER, store_file)
    except OSError as exc:
        for here, back in reversed(moved):
            with contextlib.suppress(OSError):
                if back is None:
                    here.unlink()
                else:
                    os.replace(here, back)
        raise BackupError(
            f"The backup could not be put in place ({exc.strerror or exc}). The store is as it was."
        ) from exc
    durable.fsync_dir(data_dir)
    discard(checked.folder)
    return Restored(checked.source, checked.made_at, safety)


def note_restored(db: sqlite_utils.Database, made_at: str) -> None:
    """The restore, in the restored store's own audit log (whichever way it was made)."""
    audit.event(db, audit.RESTORE, f"a backup made {made_at[:16]}")
