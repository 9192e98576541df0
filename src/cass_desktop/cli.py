"""The `cass-desktop` command. The GUI is imported only when it is needed."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from cass_desktop import __version__
from cass_desktop.data import StoreError, open_store, store_path
from cass_desktop.paths import default_data_dir


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one clear line, not a usage dump
        self.exit(2, f"cass-desktop: {message} (see cass-desktop --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cass-desktop", description="CASS Desktop: court liaison and diversion.")
    parser.add_argument("--version", action="version", version=f"CASS Desktop {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="folder holding the store (default: this user's data folder)",
    )
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    commands.add_parser("gui", help="open the app (the default)")
    demo = commands.add_parser("demo-data", help="fill a store with realistic made-up data")
    demo.add_argument("--clients", type=_positive, required=True, help="how many people")
    demo.add_argument("--seed", type=int, default=1, help="same seed, same data")
    commands.add_parser("selftest", help="open the store and build the main window offscreen")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _data_dir(args: argparse.Namespace) -> Path:
    if args.data_dir is None:
        folder = default_data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    if not args.data_dir.is_dir():
        raise StoreError(f"The folder {args.data_dir} does not exist.")
    return args.data_dir


def _demo_data(data_dir: Path, clients: int, seed: int) -> int:
    from cass_desktop import demo

    db = open_store(store_path(data_dir))
    try:
        if db.execute("SELECT count(*) FROM clients").fetchone()[0]:
            raise StoreError(
                f"The store in {data_dir} already holds people; demo data goes in an empty folder."
            )
        started = time.perf_counter()
        demo.generate(db, clients=clients, seed=seed)
        elapsed = time.perf_counter() - started
    finally:
        db.close()
    print(json.dumps({"clients": clients, "seed": seed, "seconds": round(elapsed, 2)}))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "gui"
    try:
        data_dir = _data_dir(args)
        if command == "demo-data":
            return _demo_data(data_dir, args.clients, args.seed)
        if command == "selftest":
            import os

            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
            from cass_desktop.ui.app import selftest

            code = selftest(data_dir)
            print("selftest: the store opened and the main window was built.")
            return code
        from cass_desktop.ui.app import run_gui

        return run_gui(data_dir)
    except StoreError as exc:
        print(f"cass-desktop: {exc}", file=sys.stderr)
        return 1
