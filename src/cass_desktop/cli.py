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
    if not args.data_dir.exists():
        raise StoreError(f"The folder {args.data_dir} does not exist.")
    if not args.data_dir.is_dir():
        raise StoreError(f"{args.data_dir} is a file, not a folder; --data-dir needs a folder.")
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


def _selftest(data_dir: Path) -> int:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from cass_desktop.selfcheck import run_checks
    from cass_desktop.ui.app import selftest

    code = selftest(data_dir)
    print("selftest: the store opened and the main window was built.")
    failed = 0
    for result in run_checks():
        if result.ok:
            print(f"selftest: {result.name}: ok ({result.detail})")
        else:
            failed += 1
            print(f"cass-desktop: selftest: {result.name} failed: {result.detail}", file=sys.stderr)
    return code or (1 if failed else 0)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "gui"
    data_dir: Path | None = None
    try:
        data_dir = _data_dir(args)
        if command == "demo-data":
            return _demo_data(data_dir, args.clients, args.seed)
        if command == "selftest":
            return _selftest(data_dir)
        from cass_desktop.ui.crash import can_show_windows

        if not can_show_windows():  # Qt would abort with a page of plugin messages
            return _fail(
                command,
                "there is no screen to open the window on (DISPLAY is not set). "
                "Run it from the desktop, or try `cass-desktop selftest`.",
            )
        from cass_desktop.ui.app import run_gui

        return run_gui(data_dir)
    except StoreError as exc:
        # A store or folder that cannot be used: one line saying why; nothing was changed.
        return _fail(command, str(exc))
    except OSError as exc:
        # A file that cannot be read or written (permissions, a folder where a file should be).
        where = f" ({exc.filename})" if exc.filename else ""
        return _fail(command, f"{exc.strerror or exc}{where}.")
    except KeyboardInterrupt:
        print("cass-desktop: stopped.", file=sys.stderr)
        return 130
    except Exception as exc:
        # A fault in the program: the traceback goes to the log, the person gets one line.
        from cass_desktop.crashlog import summary, write_crash_log

        log = write_crash_log(data_dir, type(exc), exc, exc.__traceback__, where=command)
        detail = f" The details are in {log}." if log else ""
        return _fail(command, f"something went wrong: {summary(exc)}.{detail}")


def _fail(command: str, message: str) -> int:
    print(f"cass-desktop: {message}", file=sys.stderr)
    if command == "gui":
        # Opened from a desktop icon there may be no terminal: say it on screen as well.
        try:
            from cass_desktop.ui.crash import show_startup_error

            show_startup_error(message)
        except Exception:  # no display at all: the line on stderr is all we can do
            pass
    return 1
