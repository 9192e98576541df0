"""`backup --out FILE` and `restore FILE`: an encrypted backup of the store, and putting one
back (maintenance/backups.py and restoring.py do the work)."""

from __future__ import annotations

import argparse
from pathlib import Path

from cass_desktop.cli import store
from cass_desktop.cli.command import UsageError, yes_no
from cass_desktop.data import store_path
from cass_desktop.maintenance import backups, restoring
from cass_desktop.records.dates import show_date, show_time


def register(commands) -> None:
    backup = commands.add_parser(
        "backup", help="write an encrypted backup of the store (it opens with its passphrase)"
    )
    backup.add_argument(
        "--out",
        type=Path,
        help="the backup file to write (default: a dated file in the backup folder, which is "
        "then rotated)",
    )
    backup.set_defaults(run=store.with_store(_backup))
    restore = commands.add_parser(
        "restore", help="put a backup in place of the store (the current one is kept aside)"
    )
    restore.add_argument("file", type=Path, help="the .cassbackup file")
    restore.add_argument("--yes", action="store_true", help="do not ask to confirm")
    restore.add_argument(
        "--other-store",
        action="store_true",
        help="allow a backup of another store (another laptop's) to replace this one",
    )
    restore.set_defaults(run=_restore)


def _backup(db, args: argparse.Namespace) -> int:
    data_dir = store.data_dir(args)
    try:
        made = backups.make_backup(db, store_path(data_dir), args.out)
    except backups.BackupError as exc:
        raise UsageError(str(exc)) from exc
    print(f"Backed up to {made}. It opens with this store's passphrase as it is today.")
    return 0


def _restore(args: argparse.Namespace, data_dir: Path, key: str | None) -> int:
    source: Path = args.file
    if key is None:
        if not store.can_ask():
            raise UsageError(
                "Give the backup's passphrase (--passphrase-file or CASS_PASSPHRASE); "
                "nothing has been changed."
            )
        key = store.ask(f"Passphrase the store had when {source.name} was made (it is not shown): ")
        if not key:
            raise UsageError("No passphrase was typed; nothing has been changed.")
    store_file = store_path(data_dir)
    try:
        checked = restoring.check_backup(source, key, data_dir)
    except backups.BackupError as exc:
        raise UsageError(str(exc)) from exc
    try:
        same = restoring.is_this_store(checked, store_file)
        where = f" of {checked.facts.site_name}" if checked.facts.site_name else ""
        made = f"on {show_date(checked.made_at)} at {show_time(checked.made_at)}"
        if same is False and not args.other_store:
            raise UsageError(
                f"{source.name} is a backup of another store{where}, not of this one; add "
                "--other-store if you mean to replace this store with it. Nothing has been "
                "changed."
            )
        if not args.yes:
            if not store.can_ask():
                raise UsageError("give --yes to restore the backup; nothing has been changed")
            question = (
                f"Replace the store in {data_dir} with the backup{where} made {made}? "
                "The current store is kept aside."
                if store_file.exists()
                else f"Restore the backup{where} made {made} into {data_dir}?"
            )
            if not yes_no(question):
                raise UsageError("Not restored; nothing has been changed.")
        try:
            done = restoring.restore(checked, store_file, allow_other=args.other_store)
        except backups.BackupError as exc:
            raise UsageError(str(exc)) from exc
    finally:
        restoring.discard(checked.folder)
    _note_restored(store_file, key, checked.made_at)
    print(f"Restored the backup made {made}.")
    if done.safety_folder is not None:
        print(f"The store as it was is kept in {done.safety_folder}.")
    return 0


def _note_restored(store_file: Path, key: str, made_at: str) -> None:
    """The restore, in the restored store's own audit log (it opens with the backup's key)."""
    from cass_desktop.data import open_store

    db = open_store(store_file, key=key, create=False)
    try:
        restoring.note_restored(db, made_at)
    finally:
        db.close()
