"""`selftest`: open the store, build the main window offscreen, and run the self-checks."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from cass_desktop.cli.store import unlock_key
from cass_desktop.data import store_path


def register(commands) -> None:
    selftest = commands.add_parser(
        "selftest", help="open the store and build the main window offscreen"
    )
    selftest.set_defaults(run=_run)


def _run(args: argparse.Namespace, data_dir: Path, key: str | None) -> int:
    return _selftest(data_dir, key)


def _selftest(data_dir: Path, key: str | None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from cass_desktop.maintenance.selfcheck import run_checks
    from cass_desktop.ui.shell.app import selftest

    code = selftest(data_dir, unlock_key(store_path(data_dir), key))
    print("selftest: the store opened and the main window was built.")
    failed = 0
    for result in run_checks():
        if result.ok:
            print(f"selftest: {result.name}: ok ({result.detail})")
        else:
            failed += 1
            print(f"cass-desktop: selftest: {result.name} failed: {result.detail}", file=sys.stderr)
    return code or (1 if failed else 0)
