"""The store a command works on: the data folder, the passphrase (given, or asked for at the
terminal), opening it, and the clock check before a command writes.

`with_store` makes a command that needs the store: it opens it, checks the clock if the
command writes, runs it, and closes the store whatever happens."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cass_desktop.app import durable
from cass_desktop.app.paths import default_data_dir
from cass_desktop.cli.command import UsageError
from cass_desktop.data import StoreError, open_store, store_path
from cass_desktop.data.passphrase import is_locked, locked_message

# What the parser calls for a command: (its arguments, the data folder, the passphrase given).
Run = Callable[[argparse.Namespace, Path, "str | None"], int]


def data_dir(args: argparse.Namespace) -> Path:
    if args.data_dir is None:
        return durable.private_dir(default_data_dir())
    if not args.data_dir.exists():
        raise StoreError(f"The folder {args.data_dir} does not exist.")
    if not args.data_dir.is_dir():
        raise StoreError(f"{args.data_dir} is a file, not a folder; --data-dir needs a folder.")
    return args.data_dir


def passphrase(args: argparse.Namespace) -> str | None:
    """The passphrase from --passphrase-file (its first line) or CASS_PASSPHRASE, if given."""
    if args.passphrase_file is not None:
        try:
            text = args.passphrase_file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise UsageError(f"{args.passphrase_file} is not a text file.") from None
        lines = text.splitlines()
        key = lines[0] if lines else ""
        if not key:
            raise UsageError(f"The first line of {args.passphrase_file} is empty.")
        return key
    return os.environ.get("CASS_PASSPHRASE") or None


def can_ask() -> bool:
    """Whether a person is at a terminal to type a passphrase (hidden) into."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def ask(prompt: str) -> str:
    """A passphrase typed at the terminal, not shown as it is typed."""
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise UsageError("No passphrase was typed; nothing has been changed.") from None


def unlock_key(path: Path, key: str | None) -> str | None:
    """The passphrase to open the store at `path` with: the one given, or (for a locked store
    and a person at a terminal) one asked for; one plain line when neither."""
    if key is not None or not is_locked(path):
        return key
    if not can_ask():
        raise StoreError(locked_message(path))
    typed = ask(f"Passphrase for {path} (it is not shown as you type): ")
    if not typed:
        raise UsageError("No passphrase was typed; nothing has been changed.")
    return typed


def open_(data_dir: Path, key: str | None):
    """The store in `data_dir`, unlocked with `key` (or a passphrase asked for at the
    terminal); one plain line if it is locked and no passphrase was given."""
    path = store_path(data_dir)
    return open_store(path, key=unlock_key(path, key))


def check_clock(db, args: argparse.Namespace) -> None:
    """Commands that write refuse to while this computer's clock is obviously wrong: the
    changes they made would carry that clock for ever (head office refuses them)."""
    from cass_desktop.sync.clocks import startup_warning

    warning = None if args.clock_is_right else startup_warning(db)
    if warning is not None:
        raise UsageError(f"{warning} (If it is right, add --clock-is-right.)")


def with_store(
    command: Callable[[Any, argparse.Namespace], int],
    *,
    writes: bool = False,
    opener: Callable[[Path, str | None, argparse.Namespace], Any] | None = None,
) -> Run:
    """A command run against the store: `command(db, args)` with the store opened (by
    `opener`, or as every command opens it), the clock checked first if it `writes`, and the
    store closed after, whatever happens."""

    def run(args: argparse.Namespace, folder: Path, key: str | None) -> int:
        db = opener(folder, key, args) if opener else open_(folder, key)
        try:
            if writes:
                check_clock(db, args)
            return command(db, args)
        finally:
            db.close()

    return run
