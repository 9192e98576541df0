"""The `cass-desktop` command. The GUI is imported only when it is needed."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import time
from pathlib import Path

from cass_desktop import __version__, durable
from cass_desktop.data import StoreError, open_store, store_path
from cass_desktop.data.passphrase import (
    PassphraseError,
    check_new_passphrase,
    is_locked,
    locked_message,
    new_passphrase_problem,
)
from cass_desktop.paths import default_data_dir
from cass_desktop.sync.identity import ROLES


class UsageError(Exception):
    """A command that cannot be done as asked; the message says why in plain words."""


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
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help="the store's passphrase is the first line of FILE (or set CASS_PASSPHRASE); "
        "with setup, the new store is locked with it. Without either, it is asked for at "
        "the terminal (not shown as it is typed)",
    )
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    commands.add_parser("gui", help="open the app (the default)")
    demo = commands.add_parser("demo-data", help="fill a store with realistic made-up data")
    demo.add_argument("--clients", type=_positive, required=True, help="how many people")
    demo.add_argument("--seed", type=int, default=1, help="same seed, same data")
    commands.add_parser("selftest", help="open the store and build the main window offscreen")

    setup = commands.add_parser("setup", help="set this store up as a device or as head office")
    setup.add_argument("--role", choices=ROLES, required=True)
    setup.add_argument("--site", help="(device) the court or drop-in it works at")
    setup.add_argument("--worker", help="(device) the worker using it")
    setup.add_argument("--name", help="(head office) the organisation's name")

    keys = commands.add_parser("keys", help="cards: exchange public keys with other stores")
    key_commands = keys.add_subparsers(dest="keys_command", parser_class=_Parser, required=True)
    card = key_commands.add_parser("card", help="write this store's public card to a file")
    card.add_argument("--out", type=Path, required=True)
    trust = key_commands.add_parser("trust", help="(device) trust head office's card")
    trust.add_argument("file", type=Path)
    enrol = key_commands.add_parser("enrol", help="(head office) enrol a device from its card")
    enrol.add_argument("file", type=Path)
    key_commands.add_parser("list", help="the stores this one knows, with their fingerprints")
    approve = key_commands.add_parser(
        "approve", help="(head office) enrol a device whose bundle arrived before its card"
    )
    approve.add_argument("device_id")
    secret = key_commands.add_parser(
        "age-identity", help="(head office) write the age identity, to read bundles with `age`"
    )
    secret.add_argument("--out", type=Path, required=True)

    export = commands.add_parser("export", help="write a bundle: the day's work, or an update")
    export.add_argument("--out", type=Path, required=True, help="folder to write the bundle in")
    export.add_argument("--for", dest="for_device", help="(head office) the device to update")

    imp = commands.add_parser("import", help="verify and apply bundles")
    imp.add_argument("files", type=Path, nargs="+")

    letter = commands.add_parser("letter", help="make a referral's letter as a PDF")
    letter.add_argument("--referral", required=True, help="the referral's id")
    letter.add_argument(
        "--template",
        default="referral-to-agency",
        help="which letter: referral-to-agency (the default), appointment-easy-read, "
        "consent-to-share, or one head office sent",
    )
    letter.add_argument("--out", type=Path, required=True, help="the PDF file to write")
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
        return durable.private_dir(default_data_dir())
    if not args.data_dir.exists():
        raise StoreError(f"The folder {args.data_dir} does not exist.")
    if not args.data_dir.is_dir():
        raise StoreError(f"{args.data_dir} is a file, not a folder; --data-dir needs a folder.")
    return args.data_dir


def _passphrase(args: argparse.Namespace) -> str | None:
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


def _can_ask() -> bool:
    """Whether a person is at a terminal to type a passphrase (hidden) into."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _ask(prompt: str) -> str:
    """A passphrase typed at the terminal, not shown as it is typed."""
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise UsageError("No passphrase was typed; nothing has been changed.") from None


def _unlock_key(path: Path, key: str | None) -> str | None:
    """The passphrase to open the store at `path` with: the one given, or (for a locked store
    and a person at a terminal) one asked for; one plain line when neither."""
    if key is not None or not is_locked(path):
        return key
    if not _can_ask():
        raise StoreError(locked_message(path))
    typed = _ask(f"Passphrase for {path} (it is not shown as you type): ")
    if not typed:
        raise UsageError("No passphrase was typed; nothing has been changed.")
    return typed


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
        first = _ask("New passphrase (it is not shown as you type): ")
        problem = new_passphrase_problem(first, first, words=words)
        if problem is None:
            second = _ask("The same passphrase again: ")
            problem = new_passphrase_problem(first, second, words=words)
            if problem is None:
                return first
        print(f"cass-desktop: {problem}", file=sys.stderr)
    raise UsageError("No passphrase was chosen; nothing has been changed.")


def _open(data_dir: Path, key: str | None):
    """The store in `data_dir`, unlocked with `key` (or a passphrase asked for at the
    terminal); one plain line if it is locked and no passphrase was given."""
    path = store_path(data_dir)
    return open_store(path, key=_unlock_key(path, key))


def _open_for_setup(data_dir: Path, key: str | None, words: list[str]):
    """`setup` locks a new store, or a plain one in place, with a passphrase: the one given,
    or one asked for twice at the terminal. Without one it is refused: no store is set up
    plain."""
    path = store_path(data_dir)
    if is_locked(path):
        return _open(data_dir, key)
    if key is None:
        if not _can_ask():
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


def _demo_data(data_dir: Path, people: int, seed: int, key: str | None) -> int:
    from cass_desktop import demo
    from cass_desktop.data import clients

    db = _open(data_dir, key)
    try:
        if clients.count(db):
            raise StoreError(
                f"The store in {data_dir} already holds people; demo data goes in an empty folder."
            )
        started = time.perf_counter()
        demo.generate(db, clients=people, seed=seed)
        elapsed = time.perf_counter() - started
    finally:
        db.close()
    print(json.dumps({"clients": people, "seed": seed, "seconds": round(elapsed, 2)}))
    return 0


def _selftest(data_dir: Path, key: str | None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from cass_desktop.selfcheck import run_checks
    from cass_desktop.ui.app import selftest

    code = selftest(data_dir, _unlock_key(store_path(data_dir), key))
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
    # Everything this process makes (the store's write-ahead log, exports, letters, logs) is
    # private to this user from the moment it exists.
    previous = durable.set_private_umask()
    try:
        return _main(argv)
    finally:
        os.umask(previous)


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "gui"
    data_dir: Path | None = None
    try:
        data_dir = _data_dir(args)
        key = _passphrase(args)
        if command == "demo-data":
            return _demo_data(data_dir, args.clients, args.seed, key)
        if command == "selftest":
            return _selftest(data_dir, key)
        if command in _STORE_COMMANDS:
            if command == "setup":
                words = [w for w in (args.site, args.worker, args.name) if w]
                db = _open_for_setup(data_dir, key, words)
            else:
                db = _open(data_dir, key)
            try:
                return _STORE_COMMANDS[command](db, args)
            finally:
                db.close()
        from cass_desktop.ui.crash import can_show_windows

        if not can_show_windows():  # Qt would abort with a page of plugin messages
            return _fail(
                command,
                "there is no screen to open the window on (DISPLAY is not set). "
                "Run it from the desktop, or try `cass-desktop selftest`.",
            )
        from cass_desktop.ui.app import run_gui

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


def _setup(db, args: argparse.Namespace) -> int:
    from cass_desktop.setup import SetupError, set_up_device, set_up_head_office

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


def _keys(db, args: argparse.Namespace) -> int:
    from cass_desktop.data import peers
    from cass_desktop.sync import identity
    from cass_desktop.sync.keys import CardError

    try:
        if args.keys_command == "card":
            card = identity.my_card(db)
            identity.write_card(db, args.out)
            print(f"Wrote {args.out} (fingerprint {card.fingerprint()}).")
        elif args.keys_command == "trust":
            card = identity.trust_head_office(db, args.file)
            print(f"Trusting head office {card.name} (fingerprint {card.fingerprint()}).")
        elif args.keys_command == "enrol":
            card = identity.enrol_device_file(db, args.file)
            print(
                f"Enrolled {card.name} ({card.worker}), device {card.device_id} "
                f"(fingerprint {card.fingerprint()})."
            )
        elif args.keys_command == "approve":
            card = identity.approve_pending(db, args.device_id)
            print(f"Enrolled {card.name} ({card.worker}), device {card.device_id}.")
        elif args.keys_command == "age-identity":
            identity.write_age_identity(db, args.out)
            print(f"Wrote {args.out}. Keep it secret: it opens every bundle sent to this store.")
        else:
            for peer in peers.all_peers(db):
                card = identity.card_of(peer)
                print(
                    f"{peer['status']:9} {peer['role']:11} {peer['device_id']}  "
                    f"{peer['name']} {peer['worker'] or ''}  {card.fingerprint()}"
                )
    except CardError as exc:
        raise UsageError(str(exc)) from None
    return 0


def _export(db, args: argparse.Namespace) -> int:
    from cass_desktop.sync.exporter import ExportError, export_device, export_update

    if not args.out.is_dir():
        raise UsageError(f"The folder {args.out} does not exist.")
    try:
        if args.for_device:
            path = export_update(db, args.for_device, args.out)
        else:
            path = export_device(db, args.out)
    except ExportError as exc:
        raise UsageError(str(exc)) from None
    if path is None:
        print("Nothing new to export: head office has every change made here.")
    else:
        print(path)
    return 0


def _import(db, args: argparse.Namespace) -> int:
    from cass_desktop.sync.importer import import_files

    results = import_files(db, args.files)
    for result in results:
        print(result.describe(), file=sys.stderr if result.refused else sys.stdout)
    return 1 if any(r.refused for r in results) else 0


def _letter(db, args: argparse.Namespace) -> int:
    from cass_desktop.letters import LetterError, log_letter, make_letter
    from cass_desktop.referrals import SharingBlocked

    out: Path = args.out
    if out.is_dir():
        raise UsageError(f"{out} is a folder; --out needs the name of the PDF file to write.")
    if not out.parent.is_dir():
        raise UsageError(f"The folder {out.parent} does not exist.")
    # Nothing is logged unless the file is written: make the letter, write it beside the
    # file asked for, put it in place, and only then log it.
    try:
        letter = make_letter(db, args.referral, args.template, data_dir=_data_dir(args), log=False)
    except (LetterError, SharingBlocked) as exc:
        raise UsageError(str(exc)) from None
    durable.write_atomically(out, letter.pdf)
    log_letter(db, letter)
    print(f"Wrote {out}: {letter.title}, template version {letter.version}.")
    return 0


_STORE_COMMANDS = {
    "setup": _setup,
    "keys": _keys,
    "export": _export,
    "import": _import,
    "letter": _letter,
}
