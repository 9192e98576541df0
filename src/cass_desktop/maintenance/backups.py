"""Backups of the store: making, reading and rotating them, and the store's integrity checks.

A backup is one file, `cass-backup-2026-12-01-093000.cassbackup`: a zip (stored, not
compressed: encrypted pages do not compress) of three members:

- `backup.json`: what it is (format, version, when, why, the key file's store id, the
  laptop's device id, sizes and SHA-256 of the two others). Nothing personal.
- `cass.db`: the whole store, copied with SQLite's backup API into a file encrypted with the
  same store key (data/backup.py); it is never written in the clear, not even for a moment.
- `cass.key`: the store's key file as it was, so the backup opens with the passphrases of its
  day, even after the passphrase has been changed.

One file rather than a pair, so that the store and the key that opens it cannot be separated
on a USB stick, and rotation deletes both at once. Backups are made daily (the first start of
a day, in the background, after a full integrity check) and on request, into a folder the
worker may point at a USB stick (default: `backups` in the data folder, 0700, files 0600,
written atomically through app/durable.py, never through a symlink). Rotation keeps the
newest backup of each of the last 7 days that have one and of each of the last 4 weeks, and
the newest made before an update.

Restoring one (checking it whole, then putting it in place) is in restoring.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import secrets
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from cass_desktop import audit
from cass_desktop.app import durable
from cass_desktop.data import StoreError, local
from cass_desktop.data import backup as _copy
from cass_desktop.data import sync as sync_data
from cass_desktop.data.keyfile import KeyFile, key_path, read_beside

FORMAT = "cass-desktop-backup"
VERSION = 1
SUFFIX = ".cassbackup"
MANIFEST = "backup.json"
STORE_MEMBER = "cass.db"
KEY_MEMBER = "cass.key"
DEFAULT_FOLDER = "backups"
DEFAULT_DAILY = 7
DEFAULT_WEEKLY = 4
MAX_BACKUP_BYTES = 16 << 30  # 16 GiB: far beyond any laptop's store
_MAX_MANIFEST = 64 << 10
_MAX_KEY_FILE = 1 << 20
_NAME = re.compile(r"^cass-backup-(\d{4}-\d{2}-\d{2})-(\d{6})(?:-[a-z-]+)?\.cassbackup$")
NOTHING = "Nothing has been changed."

# Local settings (data.local), never synced.
FOLDER_SETTING = "backup_folder"
DAILY_SETTING = "backup_keep_daily"
WEEKLY_SETTING = "backup_keep_weekly"
LAST_SETTING = "backup_last"  # {"at": ISO, "file": str}
CHECKED_SETTING = "integrity_last"  # {"at": ISO, "ok": bool, "full": bool}


class BackupError(StoreError):
    """A backup that cannot be made or restored; the message is one plain sentence."""


@dataclass(frozen=True)
class Backup:
    path: Path
    made: dt.datetime  # local time, from its name


# Settings -------------------------------------------------------------------------------------
def default_folder(data_dir: Path) -> Path:
    return Path(data_dir) / DEFAULT_FOLDER


def folder(db: sqlite_utils.Database, data_dir: Path) -> Path:
    chosen = local.get(db, FOLDER_SETTING)
    return Path(chosen) if isinstance(chosen, str) and chosen else default_folder(data_dir)


def set_folder(db: sqlite_utils.Database, chosen: Path | None) -> None:
    if chosen is not None:
        _check_folder(Path(chosen))
    local.put(db, FOLDER_SETTING, str(chosen) if chosen else None)


def keep(db: sqlite_utils.Database) -> tuple[int, int]:
    """How many daily and weekly backups are kept."""
    return (
        _count(local.get(db, DAILY_SETTING), DEFAULT_DAILY),
        _count(local.get(db, WEEKLY_SETTING), DEFAULT_WEEKLY),
    )


def set_keep(db: sqlite_utils.Database, daily: int, weekly: int) -> None:
    if not (1 <= daily <= 366 and 0 <= weekly <= 520):
        raise BackupError("Keep between 1 and 366 daily backups and up to 520 weekly ones.")
    local.put(db, DAILY_SETTING, int(daily))
    local.put(db, WEEKLY_SETTING, int(weekly))


def _count(value: object, default: int) -> int:
    return (
        value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default
    )


def last_backup(db: sqlite_utils.Database) -> tuple[str, str] | None:
    """When the last backup was made (ISO 8601) and its file, or None."""
    last = local.get(db, LAST_SETTING)
    if isinstance(last, dict) and isinstance(last.get("at"), str):
        return last["at"], str(last.get("file", ""))
    return None


# Making ---------------------------------------------------------------------------------------
def _check_folder(target: Path) -> None:
    if target.is_symlink():
        raise BackupError(
            f"The backup folder {target} is a link to somewhere else; backups are not written "
            f"through links. Choose the folder itself. {NOTHING}"
        )
    if target.exists() and not target.is_dir():
        raise BackupError(f"{target} is a file, not a folder. {NOTHING}")


def backup_name(now: dt.datetime, reason: str = "") -> str:
    tail = f"-{reason}" if reason else ""
    return f"cass-backup-{now:%Y-%m-%d-%H%M%S}{tail}{SUFFIX}"


def make_backup(
    db: sqlite_utils.Database,
    store_file: Path,
    out: Path | None = None,
    *,
    reason: str = "",
    now: dt.datetime | None = None,
    rotate_after: bool = True,
) -> Path:
    """Back up the locked store open as `db` (its file `store_file`) to `out`, or into the
    backup folder under a dated name (then the folder is rotated); returns the file.
    Raises BackupError, having written nothing, when it cannot."""
    store_file = Path(store_file)
    if getattr(db, "store_key", None) is None:
        raise BackupError(
            "This store is not locked with a passphrase, so it is not backed up: a backup "
            "would hold people's records in the clear. Lock it first (Settings ▸ Passphrase)."
        )
    now = now or dt.datetime.now().astimezone()
    automatic = out is None
    target = folder(db, store_file.parent) / backup_name(now, reason) if automatic else Path(out)
    _check_folder(target.parent)
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give the name of the backup file. {NOTHING}")
    if automatic:
        durable.private_dir(target.parent)
    elif not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist. {NOTHING}")
    keys = _key_file(store_file)
    key_bytes = keys.path.read_bytes()
    work = store_file.parent / f".cass-backup-{secrets.token_hex(6)}.db"
    # What this backup is sure to hold from each laptop: taken before the copy begins. Head
    # office tells each laptop, which forgets only what a restore of this backup would hold.
    held = sync_data.held_by_device(db)
    try:
        _copy.copy_into(db, work)
        facts = _copy.facts(work, db.store_key)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "made_at": now.isoformat(timespec="seconds"),
            "reason": reason or ("daily" if automatic else "on request"),
            "store_id": keys.store_id,
            "device_id": facts.device_id,
            "store_bytes": work.stat().st_size,
            "store_sha256": _sha256_file(work),
            "key_sha256": hashlib.sha256(key_bytes).hexdigest(),
        }

        def write(out_file) -> None:
            with zipfile.ZipFile(out_file, "w", compression=zipfile.ZIP_STORED) as zf:
                zf.writestr(MANIFEST, json.dumps(manifest, indent=2) + "\n")
                zf.writestr(KEY_MEMBER, key_bytes)
                zf.write(work, STORE_MEMBER)

        def verify(written: Path) -> None:
            read_manifest(written)  # whole and readable, or it does not replace anything

        try:
            durable.write_atomically(target, write, verify=verify)
        except OSError as exc:
            raise BackupError(
                f"The backup could not be written to {target.parent} "
                f"({exc.strerror or exc}). {NOTHING}"
            ) from exc
    except StoreError as exc:
        if isinstance(exc, BackupError):
            raise
        raise BackupError(str(exc)) from exc
    finally:
        _remove_with_sidecars(work)
    with db.atomic():
        local.put(db, LAST_SETTING, {"at": manifest["made_at"], "file": str(target)})
        sync_data.note_backed_up(db, held)
        audit.event(db, audit.BACKUP, manifest["reason"])
    if automatic and rotate_after:
        daily, weekly = keep(db)
        rotate(target.parent, daily=daily, weekly=weekly)
    return target


def _key_file(store_file: Path) -> KeyFile:
    return read_beside(
        store_file,
        BackupError,
        f"The key file {key_path(store_file)} is missing, so a backup could not be opened "
        f"again. {NOTHING}",
    )


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _remove_with_sidecars(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


# Rotation -------------------------------------------------------------------------------------
def backups_in(where: Path) -> list[Backup]:
    """The backups made under dated names in `where`, newest first (links are ignored)."""
    found = []
    try:
        entries = list(os.scandir(where))
    except OSError:
        return []
    for entry in entries:
        match = _NAME.match(entry.name)
        if not match or entry.is_symlink() or not entry.is_file():
            continue
        try:
            made = dt.datetime.strptime(match[1] + match[2], "%Y-%m-%d%H%M%S")
        except ValueError:
            continue
        found.append(Backup(Path(entry.path), made))
    return sorted(found, key=lambda b: (b.made, b.path.name), reverse=True)


BEFORE_UPDATE = "before-update"  # the reason named in a backup made before a migration


def to_keep(backups: Iterable[Backup], *, daily: int, weekly: int) -> set[Path]:
    """The newest backup of each of the `daily` most recent days that have one, and of each
    of the `weekly` most recent ISO weeks that have one; and always the newest made before an
    update, the one way back to the version before it, which a daily backup later the same
    day would otherwise push out."""
    backups = list(backups)
    kept: set[Path] = set()
    updates = [b for b in backups if b.path.name.endswith(f"-{BEFORE_UPDATE}{SUFFIX}")]
    if updates:
        kept.add(max(updates, key=lambda b: (b.made, b.path.name)).path)
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    for backup in sorted(backups, key=lambda b: (b.made, b.path.name), reverse=True):
        day = backup.made.date()
        week = tuple(day.isocalendar())[:2]
        if day not in days and len(days) < daily:
            days.add(day)
            kept.add(backup.path)
        if week not in weeks and len(weeks) < weekly:
            weeks.add(week)  # type: ignore[arg-type]
            kept.add(backup.path)
    return kept


def rotate(where: Path, *, daily: int, weekly: int) -> list[Path]:
    """Delete the dated backups in `where` that the rotation does not keep; returns them."""
    backups = backups_in(where)
    kept = to_keep(backups, daily=daily, weekly=weekly)
    removed = []
    for backup in backups:
        if backup.path not in kept:
            with contextlib.suppress(OSError):
                backup.path.unlink()
                removed.append(backup.path)
    if removed:
        durable.fsync_dir(where)
    return removed


# Daily work and integrity ------------------------------------------------------------------------
def backup_due(db: sqlite_utils.Database, today: dt.date | None = None) -> bool:
    """Whether today's automatic backup is still to be made (a locked store only)."""
    if getattr(db, "store_key", None) is None:
        return False
    last = last_backup(db)
    today = today or dt.date.today()
    if last is None:
        return True
    try:
        return dt.datetime.fromisoformat(last[0]).astimezone().date() < today
    except ValueError:
        return True


def check_integrity(db: sqlite_utils.Database, *, full: bool) -> list[str]:
    """The store's check (quick at start-up, full daily); the result is remembered."""
    problems = _copy.check(db, full=full)
    stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    with contextlib.suppress(Exception):  # a damaged store may refuse the write too
        local.put(db, CHECKED_SETTING, {"at": stamp, "ok": not problems, "full": full})
    return problems


def damaged_message(db: sqlite_utils.Database | None, data_dir: Path) -> str:
    """What to say when the store fails its check: what it means and what to do."""
    where = default_folder(data_dir)
    if db is not None:
        with contextlib.suppress(Exception):
            where = folder(db, data_dir)
    found = backups_in(where)
    text = (
        "The store failed its check: part of the file is damaged, so some records may be "
        "wrong or missing. Stop entering new work, "
    )
    if found:
        newest = found[0]
        text += (
            f"and restore the last good backup, {newest.path.name} made on "
            f"{newest.made:%d %b %Y at %H:%M} (Settings ▸ Backups ▸ Restore…, or "
            f"`cass-desktop restore {newest.path}`)."
        )
    else:
        text += (
            f"and restore a backup if you have one (no backup was found in {where}); "
            "otherwise ask head office for help."
        )
    return text


def startup_check(db: sqlite_utils.Database, data_dir: Path) -> str | None:
    """The quick check run when the store opens in the app: None when it is sound, otherwise
    the message to show."""
    if not check_integrity(db, full=False):
        return None
    return damaged_message(db, data_dir)


@dataclass(frozen=True)
class DailyResult:
    backup: Path | None
    problem: str | None


def daily(db: sqlite_utils.Database, store_file: Path) -> DailyResult:
    """The first start of a day: a full integrity check, then (if it passed and today's is
    still due) a backup and the rotation. For a background thread's own connection."""
    if check_integrity(db, full=True):
        return DailyResult(None, damaged_message(db, Path(store_file).parent))
    if not backup_due(db):
        return DailyResult(None, None)
    try:
        return DailyResult(make_backup(db, store_file), None)
    except BackupError as exc:
        return DailyResult(None, f"Today's backup could not be made: {exc}")


# Reading a backup file ------------------------------------------------------------------------
def damaged(source: Path, why: str = "") -> BackupError:
    detail = f" ({why})" if why else ""
    return BackupError(
        f"{source} is not a whole CASS Desktop backup: it is damaged or cut short{detail}. "
        f"{NOTHING}"
    )


def open_backup(source: Path) -> zipfile.ZipFile:
    if source.is_symlink() or not source.is_file():
        raise BackupError(f"There is no backup file at {source}. {NOTHING}")
    size = source.stat().st_size
    if size == 0:
        raise damaged(source, "it is empty")
    if size > MAX_BACKUP_BYTES:
        raise BackupError(f"{source} is far too large to be a CASS Desktop backup. {NOTHING}")
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise damaged(source) from None
    limits = {MANIFEST: _MAX_MANIFEST, KEY_MEMBER: _MAX_KEY_FILE, STORE_MEMBER: size}
    infos = zf.infolist()
    names = [info.filename for info in infos]
    if len(names) != len(set(names)) or any(name not in limits for name in names):
        zf.close()
        raise damaged(source, "it holds files a backup does not")
    for info in infos:
        if (
            info.flag_bits & 0x1
            or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
            or info.file_size > limits[info.filename]
        ):
            zf.close()
            raise damaged(source)
    if MANIFEST not in names or STORE_MEMBER not in names:
        zf.close()
        raise damaged(source, "part of it is missing")
    return zf


def read_manifest(source: Path) -> dict:
    with open_backup(source) as zf:
        return manifest_of(zf, source)


def manifest_of(zf: zipfile.ZipFile, source: Path) -> dict:
    try:
        body = json.loads(zf.read(MANIFEST).decode("utf-8"))
    except (zipfile.BadZipFile, UnicodeDecodeError, ValueError, OSError):
        raise damaged(source) from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise damaged(source)
    version = body.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise BackupError(
            f"{source} was made by a newer version of CASS Desktop. Install the newer version "
            f"to restore it. {NOTHING}"
        )
    wanted = {"made_at": str, "store_id": str, "store_sha256": str, "key_sha256": str}
    if version != VERSION or any(not isinstance(body.get(k), t) for k, t in wanted.items()):
        raise damaged(source)
    return body


def before_migrations(db: sqlite_utils.Database, store_file: Path, first_pending: str) -> Path:
    """The backup made before a locked store is updated to this version's schema (data/store
    calls it, once, before the first pending migration runs): a whole .cassbackup in the
    backup folder, named `…-before-update`, kept in the rotation like the daily ones."""
    del first_pending  # the name says only that it was made before an update
    return make_backup(db, store_file, reason=BEFORE_UPDATE)
