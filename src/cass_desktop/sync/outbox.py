"""The outbox: exported bundles wait here until the destination folder can be reached.

The outbox is `<data dir>/outbox`. The destination is a folder head office collects from: a
network share or a folder a sync client (OneDrive, for example) copies to head office. Each
waiting bundle is copied there under a temporary name, flushed to disk, read back and checked
by SHA-256, and only then renamed to its own name and recorded as delivered. A folder that
cannot be reached, cannot be written or is full leaves the bundle in the outbox, with a plain
message saying why; the next attempt tries again.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import sqlite_utils

from cass_desktop.app import durable
from cass_desktop.data import changed_kinds, changelog, deliveries, hlc, local, peers
from cass_desktop.sync.bundle_name import SUFFIX

OUTBOX = "outbox"
DESTINATION_KEY = "destination_folder"
CHECK_KEY = "delivery_check"
CHECK_EVERY_MINUTES = 5
_CHUNK = 1 << 20
# cass-<site>-<device>-<first>-<last>-<yyyymmdd>-<hhmmss>.cassbundle
_RANGE = re.compile(r"-(\d+)-(\d+)-\d{8}-\d{6}" + re.escape(SUFFIX) + "$")

ProgressFn = Callable[[int, int, str], None]


class DeliveryError(Exception):
    """A bundle could not be delivered; the message is for a person."""


@dataclass
class DeliveryResult:
    """What one attempt to empty the outbox did."""

    destination: str | None
    delivered: list[str] = field(default_factory=list)  # reached the destination now
    waiting: list[str] = field(default_factory=list)  # still in the outbox
    problem: str | None = None  # why the waiting ones were not delivered
    checked_at: str = ""


@dataclass
class SyncState:
    """Everything the status bar and End of day show about getting work to head office."""

    role: str | None
    outbox: Path
    unexported: int  # changes made here and not yet in any bundle
    waiting: int  # bundles in the outbox not yet delivered
    destination: str | None
    last_delivered_at: str | None  # UTC, ISO 8601
    last_checked_at: str | None
    last_problem: str | None
    acked_seq: int
    acked_up_to: dt.datetime | None  # head office holds every change made up to this moment
    last_update_at: str | None  # when head office's last update was taken in
    head_office: str | None  # the trusted head office's name


def outbox_dir(data_dir: Path) -> Path:
    return data_dir / OUTBOX


def make_outbox(data_dir: Path) -> Path:
    """The outbox folder, made if need be and kept private to this user (0700, its files
    0600: an earlier version left them readable by others)."""
    folder = durable.private_dir(outbox_dir(data_dir))
    durable.tighten_folder(folder, depth=0)
    return folder


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def get_destination(db: sqlite_utils.Database) -> str | None:
    return local.get(db, DESTINATION_KEY) or None


def set_destination(db: sqlite_utils.Database, folder: str | Path | None) -> None:
    """Remember the destination folder (None forgets it)."""
    local.put(db, DESTINATION_KEY, str(folder) if folder else None)


def bundles_in_outbox(data_dir: Path) -> list[Path]:
    """Every bundle in the outbox, oldest first (a half-written `.part` file is not one)."""
    folder = outbox_dir(data_dir)
    try:
        found = [
            p
            for p in folder.iterdir()
            if p.name.endswith(SUFFIX) and not p.name.startswith(".") and p.is_file()
        ]
    except FileNotFoundError:
        return []
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name))


def waiting_bundles(db: sqlite_utils.Database, data_dir: Path) -> list[Path]:
    """Bundles in the outbox that have not been delivered."""
    delivered = deliveries.delivered_names(db)
    return [p for p in bundles_in_outbox(data_dir) if p.name not in delivered]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def destination_problem(folder: str | Path | None, *, try_writing: bool = False) -> str | None:
    """Why the destination folder cannot take bundles now, in words; None when it can.

    With `try_writing`, a small file is written and removed to check it can be written to.
    """
    if not folder:
        return (
            "No destination folder is set, so exports stay in the outbox. Choose one in "
            "Settings, or copy the files from the outbox to head office yourself."
        )
    path = Path(folder)
    try:
        if not path.exists():
            return _unreachable(path)
        if not path.is_dir():
            return f"The destination {path} is a file, not a folder. Choose a folder in Settings."
        if try_writing:
            probe = path / f".cass-check-{secrets.token_hex(4)}"
            with open(probe, "wb") as fh:
                fh.write(b"CASS Desktop checks it can write here; this file can be deleted.\n")
            probe.unlink()
    except OSError as exc:
        return words_for(exc, path)
    return None


def _unreachable(path: Path) -> str:
    return (
        f"The destination folder {path} cannot be reached. If it is a network share or a "
        "synced folder, check the laptop is connected to it; exports wait in the outbox "
        "until it can be reached."
    )


def words_for(exc: OSError, folder: Path) -> str:
    """A plain sentence for a failed copy."""
    code = exc.errno
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
        return (
            f"The destination folder {folder} is full, so the export stays in the outbox. "
            "Ask whoever looks after the folder to make room."
        )
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"CASS Desktop is not allowed to write to {folder} (it may be read-only), so the "
            "export stays in the outbox. Check the folder, or choose another in Settings."
        )
    if code in (errno.ENOENT, errno.ENOTDIR, errno.EHOSTDOWN, errno.ENETUNREACH, errno.ESTALE):
        return _unreachable(folder)
    reason = exc.strerror or str(exc)
    return f"Copying to {folder} failed ({reason}), so the export stays in the outbox."


def _copy(src: BinaryIO, dst: BinaryIO) -> None:
    while chunk := src.read(_CHUNK):
        dst.write(chunk)


def deliver_one(bundle: Path, folder: Path, sha256: str | None = None) -> tuple[str, int]:
    """Copy one bundle to `folder` and check the copy; returns (sha256, size).

    A file of the same name already there with the same content counts as delivered; one with
    other content (a damaged or partial copy) is replaced. Raises OSError or DeliveryError.
    """
    sha256 = sha256 or file_sha256(bundle)
    size = bundle.stat().st_size
    final = folder / bundle.name
    if final.is_file() and final.stat().st_size == size and file_sha256(final) == sha256:
        return sha256, size

    def check(copy: Path) -> None:
        if file_sha256(copy) != sha256:
            raise DeliveryError(
                f"The copy of {bundle.name} in {folder} did not match the export, so it was "
                "removed and the export stays in the outbox. It will be tried again."
            )

    with open(bundle, "rb") as src, durable.atomic_writer(final, verify=check) as dst:
        _copy(src, dst)
    return sha256, size


def deliver(
    db: sqlite_utils.Database,
    data_dir: Path,
    destination: str | Path | None = None,
    progress: ProgressFn | None = None,
) -> DeliveryResult:
    """Copy every waiting bundle in the outbox to the destination folder, and record each.

    `destination` defaults to the one set in Settings. Stops at the first failure (a full or
    unreachable folder fails the rest the same way); what is not delivered stays waiting.
    """
    folder = str(destination) if destination else get_destination(db)
    if outbox_dir(data_dir).is_dir():
        make_outbox(data_dir)
    waiting = waiting_bundles(db, data_dir)
    result = DeliveryResult(destination=folder, checked_at=_now())
    result.problem = destination_problem(folder, try_writing=False)
    if result.problem is None and folder:
        target = Path(folder)
        for done, bundle in enumerate(waiting):
            if progress:
                progress(done, len(waiting), f"Copying {bundle.name}")
            try:
                sha256, size = deliver_one(bundle, target)
            except DeliveryError as exc:
                result.problem = str(exc)
                break
            except OSError as exc:
                result.problem = words_for(exc, target)
                break
            deliveries.record(db, bundle.name, sha256, size, str(target), _now())
            result.delivered.append(bundle.name)
    delivered = set(result.delivered)
    result.waiting = [b.name for b in waiting if b.name not in delivered]
    local.put(db, CHECK_KEY, {"at": result.checked_at, "problem": result.problem})
    tidy(db, data_dir)
    return result


def check_now(db: sqlite_utils.Database, data_dir: Path) -> DeliveryResult:
    """Settings' "Check now": see that the folder can be written to, then deliver."""
    folder = get_destination(db)
    problem = destination_problem(folder, try_writing=True)
    if problem is not None:
        result = DeliveryResult(
            destination=folder,
            waiting=[b.name for b in waiting_bundles(db, data_dir)],
            problem=problem,
            checked_at=_now(),
        )
        local.put(db, CHECK_KEY, {"at": result.checked_at, "problem": problem})
        return result
    return deliver(db, data_dir)


def bundle_range(name: str) -> tuple[int, int] | None:
    """The first and last change numbers a device bundle's name says it holds."""
    match = _RANGE.search(name)
    return (int(match[1]), int(match[2])) if match else None


def tidy(db: sqlite_utils.Database, data_dir: Path) -> list[str]:
    """Remove delivered bundles head office has acknowledged holding; returns their names.

    A bundle not yet delivered, or holding a change head office has not confirmed, is kept.
    """
    acked = int(local.get(db, "acked_seq", 0))
    delivered = deliveries.delivered_names(db)
    removed = []
    for bundle in bundles_in_outbox(data_dir):
        span = bundle_range(bundle.name)
        if bundle.name in delivered and span is not None and span[1] <= acked:
            try:
                bundle.unlink()
            except OSError:
                continue
            removed.append(bundle.name)
    return removed


def unexported_summary(db: sqlite_utils.Database) -> dict[str, int]:
    """Records changed here since the last export was written, by kind (the status bar)."""
    exported = int(local.get(db, "exported_seq", 0))
    return changed_kinds.counts_by_table(db, changelog.device_id(db), exported)


def state(db: sqlite_utils.Database, data_dir: Path) -> SyncState:
    """Where this store's work stands on its way to head office (cheap: no file is read)."""
    acked = int(local.get(db, "acked_seq", 0))
    acked_up_to = None
    if acked:
        clock = deliveries.own_change_clock(db, changelog.device_id(db), acked)
        if clock:
            acked_up_to = dt.datetime.fromtimestamp(hlc.wall_ms_of(clock) / 1000, dt.UTC)
    last = deliveries.last_delivery(db)
    check = local.get(db, CHECK_KEY) or {}
    office = peers.head_office(db)
    return SyncState(
        role=local.get(db, "role"),
        outbox=outbox_dir(data_dir),
        unexported=local.unexported_count(db),
        waiting=len(waiting_bundles(db, data_dir)),
        destination=get_destination(db),
        last_delivered_at=last["delivered_at"] if last else None,
        last_checked_at=check.get("at"),
        last_problem=check.get("problem"),
        acked_seq=acked,
        acked_up_to=acked_up_to,
        last_update_at=local.get(db, "last_update_at"),
        head_office=office["name"] if office else None,
    )
