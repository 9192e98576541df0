"""`setup`: set a store up as a device or as head office, locking it with a passphrase."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cass_desktop.cli.command import UsageError
from cass_desktop.cli.store import ask, can_ask, open_, with_store
from cass_desktop.data import open_store, store_path
from cass_desktop.data.passphrase import (
    PassphraseError,
    check_new_passphrase,
    is_locked,
    new_passphrase_problem,
)
from cass_desktop.sync.identity import ROLES


def register(commands) -> None:
    setup = commands.add_parser("setup", help="set this store up as a device or as head office")
    setup.add_argument("--role", choices=ROLES, required=True)
    setup.add_argument("--site", help="(device) the court or drop-in it works at")
    setup.add_argument("--worker", help="(device) the worker using it")
    setup.add_argument("--name", help="(head office) the organisation's name")
    setup.set_defaults(run=with_store(_setup, writes=True, opener=_open_for_setup))


_SETUP_NEEDS_PASSPHRASE = (
    "setup needs a passphrase to lock the store with: give it with --passphrase-file or "
    "CASS_PASSPHRASE, or run it in a terminal to be asked for one."
)


def _new_passphrase(words: list[str]) -> str:
    """A new passphrase typed twice at the terminal (hidden), checked as the app checks it."""
    print(
        "Choose a passphrase to lock this store: a few uncommon words together are hard to "
        "guess and easy to remember. It cannot be recovered if it is forgotten.",
        file=sys.stderr,
    )
    for _attempt in range(3):
        first = ask("New passphrase (it is not shown as you type): ")
        problem = new_passphrase_problem(first, first, words=words)
        if problem is None:
            second = ask("The same passphrase again: ")
            problem = new_passphrase_problem(first, second, words=words)
            if problem is None:
                return first
        print(f"cass-desktop: {problem}", file=sys.stderr)
    raise UsageError("No passphrase was chosen; nothing has been changed.")


def _open_for_setup(data_dir: Path, key: str | None, args: argparse.Namespace):
    """`setup` locks a new store, or a plain one in place, with a passphrase: the one given,
    or one asked for twice at the terminal. Without one it is refused: no store is set up
    plain."""
    words = [w for w in (args.site, args.worker, args.name) if w]
    path = store_path(data_dir)
    if is_locked(path):
        return open_(data_dir, key)
    if key is None:
        if not can_ask():
            raise UsageError(_SETUP_NEEDS_PASSPHRASE)
        key = _new_passphrase(words)
    from cass_desktop.data.passphrase import encrypt_in_place

    try:
        check_new_passphrase(key, words=words)
    except PassphraseError as exc:
        raise UsageError(str(exc)) from None
    if not path.exists():
        return open_store(path, key=key)
    db = open_store(path)
    try:
        encrypt_in_place(db, path, key)
    except BaseException:
        db.close()
        raise
    return db


def _setup(db, args: argparse.Namespace) -> int:
    from cass_desktop.sites.setup import SetupError, set_up_device, set_up_head_office

    try:
        if args.role == "device":
            if not args.site or not args.worker:
                raise UsageError("a device needs --site and --worker")
            set_up_device(db, args.site, args.worker)
            print(f"Set up as a device at {args.site} for {args.worker}.")
        else:
            if not args.name:
                raise UsageError("head office needs --name")
            set_up_head_office(db, args.name)
            print(f"Set up as head office for {args.name}.")
    except SetupError as exc:
        raise UsageError(str(exc)) from None
    return 0
