"""The `cass-desktop` command: the parser, the error handling, and the GUI (the default). The
GUI is imported only when it is needed.

Each command group is a module here that registers its own parsers and, on each, the function
that runs it (`set_defaults(run=...)`; `store.with_store` for one that needs the store). A new
command is one new module with a `register(commands)`, named in `GROUP_NAMES` (see
docs/architecture.md).

The groups are imported only when the command line names a command or asks for help: opening
the window (the default, with only the options below) reads its options with the options'
parser alone, as the command groups together import most of the program (issue 12: start-up).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path
from types import ModuleType

from cass_desktop import __version__
from cass_desktop.app import durable
from cass_desktop.cli import store
from cass_desktop.cli.command import Parser, UsageError
from cass_desktop.data import StoreError
from cass_desktop.maintenance.before_updates import backing_up_before_updates

# The command groups (modules of this package), in the order `--help` lists them.
GROUP_NAMES = (
    "demo",
    "selftest",
    "find",
    "setup",
    "keys",
    "sync",
    "letters",
    "forms",
    "court",
    "people",
    "backup",
    "recovery",
    "audit",
    "privacy",
    "settings",
)


def groups() -> tuple[ModuleType, ...]:
    """The command group modules, imported now."""
    return tuple(importlib.import_module(f"cass_desktop.cli.{name}") for name in GROUP_NAMES)


class _NotUnderstood(Exception):
    """The options alone could not read the command line: the whole parser reads it."""


class _OptionsParser(Parser):
    def error(self, message: str) -> None:
        raise _NotUnderstood(message)


def _add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"CASS Desktop {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="folder holding the store (default: this user's data folder)",
    )
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help="the store's passphrase is the first line of FILE (or set CASS_PASSPHRASE); "
        "with setup, the new store is locked with it. Without either, it is asked for at "
        "the terminal (not shown as it is typed)",
    )
    parser.add_argument(
        "--clock-is-right",
        action="store_true",
        help="go on even though this computer's date and time look wrong",
    )


def _parser() -> argparse.ArgumentParser:
    parser = Parser(prog="cass-desktop", description="CASS Desktop: court liaison and diversion.")
    _add_options(parser)
    commands = parser.add_subparsers(dest="command", parser_class=Parser)
    commands.add_parser("gui", help="open the app (the default)")
    for group in groups():
        group.register(commands)
    return parser


def _window_args(argv: list[str] | None) -> argparse.Namespace | None:
    """The options, when the command line is only options (open the window, the default),
    read without importing a command group; None when it names a command, asks for help or
    is not understood: the whole parser then reads it (and refuses it in its own words)."""
    options = _OptionsParser(prog="cass-desktop", add_help=False)
    _add_options(options)
    options.set_defaults(command=None)
    try:
        args, rest = options.parse_known_args(sys.argv[1:] if argv is None else argv)
    except _NotUnderstood:
        return None
    return None if rest else args


def main(argv: list[str] | None = None) -> int:
    # Everything this process makes (the store's write-ahead log, exports, letters, logs) is
    # private to this user from the moment it exists.
    previous = durable.set_private_umask()
    try:
        with backing_up_before_updates():
            return _main(argv)
    finally:
        os.umask(previous)


def _main(argv: list[str] | None) -> int:
    args = _window_args(argv)
    if args is None:
        args = _parser().parse_args(argv)
    command = args.command or "gui"
    data_dir: Path | None = None
    try:
        data_dir = store.data_dir(args)
        key = store.passphrase(args)
        if command != "gui":
            return args.run(args, data_dir, key)
        from cass_desktop.ui.shell.crash import can_show_windows

        if not can_show_windows():  # Qt would abort with a page of plugin messages
            return _fail(
                command,
                "there is no screen to open the window on (DISPLAY is not set). "
                "Run it from the desktop, or try `cass-desktop selftest`.",
            )
        from cass_desktop.ui.shell.app import run_gui

        return run_gui(data_dir, key)
    except UsageError as exc:
        return _fail(command, str(exc))
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
        from cass_desktop.app.crashlog import summary, write_crash_log

        log = write_crash_log(data_dir, type(exc), exc, exc.__traceback__, where=command)
        detail = f" The details are in {log}." if log else ""
        return _fail(command, f"something went wrong: {summary(exc)}.{detail}")


def _fail(command: str, message: str) -> int:
    print(f"cass-desktop: {message}", file=sys.stderr)
    if command == "gui":
        # Opened from a desktop icon there may be no terminal: say it on screen as well.
        try:
            from cass_desktop.ui.shell.crash import show_startup_error

            show_startup_error(message)
        except Exception:  # no display at all: the line on stderr is all we can do
            pass
    return 1
