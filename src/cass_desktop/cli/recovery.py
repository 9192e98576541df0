"""`recover --identity FILE`: a forgotten passphrase replaced with head office's key file
(maintenance/recovery.py does the work)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cass_desktop.cli import store
from cass_desktop.cli.command import UsageError
from cass_desktop.data import store_path
from cass_desktop.data.passphrase import PassphraseError, new_passphrase_problem
from cass_desktop.maintenance import recovery


def register(commands) -> None:
    recover = commands.add_parser(
        "recover",
        help="set a new passphrase when it was forgotten, with head office's key file "
        "(head office writes it with `keys age-identity --out FILE`)",
    )
    recover.add_argument(
        "--identity", type=Path, required=True, help="head office's age identity file"
    )
    recover.add_argument(
        "--person", help="whose passphrase to replace, by name (when several people use it)"
    )
    recover.set_defaults(run=_recover)


def _new_passphrase() -> str:
    if not store.can_ask():
        raise UsageError(
            "Give the new passphrase with --passphrase-file or CASS_PASSPHRASE; nothing has "
            "been changed."
        )
    for _attempt in range(3):
        first = store.ask("New passphrase (it is not shown as you type): ")
        problem = new_passphrase_problem(first, first)
        if problem is None:
            second = store.ask("The same passphrase again: ")
            problem = new_passphrase_problem(first, second)
            if problem is None:
                return first
        print(f"cass-desktop: {problem}", file=sys.stderr)
    raise UsageError("No passphrase was chosen; nothing has been changed.")


def _recover(args: argparse.Namespace, data_dir: Path, key: str | None) -> int:
    """`key` (--passphrase-file or CASS_PASSPHRASE) is the NEW passphrase here."""
    new = key if key is not None else _new_passphrase()
    try:
        done = recovery.recover(store_path(data_dir), args.identity, new, person=args.person)
    except (recovery.RecoveryError, PassphraseError) as exc:
        raise UsageError(str(exc)) from exc
    who = f" for {done.name}" if done.name else ""
    print(f"A new passphrase is set{who}: unlock with it from now on.")
    return 0
