"""The `cass-desktop` command. The GUI is imported only when it is needed."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from cass_desktop import __version__
from cass_desktop.app import durable
from cass_desktop.app.paths import default_data_dir
from cass_desktop.data import StoreError, open_store, store_path
from cass_desktop.data.passphrase import (
    PassphraseError,
    check_new_passphrase,
    is_locked,
    locked_message,
    new_passphrase_problem,
)
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
    parser.add_argument(
        "--clock-is-right",
        action="store_true",
        help="go on even though this computer's date and time look wrong",
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
    fingerprint_help = (
        "the fingerprint the worker read out by phone; without a terminal to ask on, it is "
        "required, and a different one is refused"
    )
    court_help = (
        "the court or drop-in (name, code or id) from head office's list to assign the laptop "
        "to (default: the one whose id is the card's); see `sites list`"
    )
    enrol = key_commands.add_parser(
        "enrol", help="(head office) enrol a device from its card, at a court head office chooses"
    )
    enrol.add_argument("file", type=Path)
    enrol.add_argument("--court", help=court_help)
    enrol.add_argument("--fingerprint", help=fingerprint_help)
    key_commands.add_parser(
        "list", help="the stores this one knows, with their courts and fingerprints"
    )
    approve = key_commands.add_parser(
        "approve", help="(head office) enrol a device whose bundle arrived before its card"
    )
    approve.add_argument("device_id", help="the device's id (or its first characters)")
    approve.add_argument("--court", help=court_help)
    approve.add_argument("--fingerprint", help=fingerprint_help)
    reject = key_commands.add_parser(
        "reject", help="(head office) forget a device waiting for approval"
    )
    reject.add_argument("device_id", help="the device's id (or its first characters)")
    revoke = key_commands.add_parser(
        "revoke",
        help="(head office) stop trusting a laptop (lost, stolen, compromised): its later "
        "bundles are refused whole",
    )
    revoke.add_argument("device_id", help="the device's id (or its first characters)")
    revoke.add_argument("--yes", action="store_true", help="do not ask to confirm")
    secret = key_commands.add_parser(
        "age-identity", help="(head office) write the age identity, to read bundles with `age`"
    )
    secret.add_argument("--out", type=Path, required=True)

    refused = commands.add_parser(
        "refused",
        help="(head office) changes laptops sent that they may not make (another court's "
        "people, templates, sites...), with the reason, and applying one as head office's own",
    )
    refused_commands = refused.add_subparsers(dest="refused_command", parser_class=_Parser)
    refused_list = refused_commands.add_parser("list", help="list them, newest first (default)")
    refused_list.add_argument("--device", help="only this device's (its id or first characters)")
    refused_apply = refused_commands.add_parser(
        "apply", help="apply a refused change as head office's own decision"
    )
    refused_apply.add_argument("id", type=int, help="the number `refused list` shows")

    proposals = commands.add_parser(
        "proposals", help="(head office) agency directory changes laptops proposed"
    )
    proposal_commands = proposals.add_subparsers(dest="proposal_command", parser_class=_Parser)
    proposal_commands.add_parser("list", help="list them, oldest first (default)")
    for verb, words in (
        ("accept", "take the proposed value as head office's: it goes to every laptop"),
        ("reject", "keep head office's value and send it again to the laptop"),
    ):
        decide = proposal_commands.add_parser(verb, help=words)
        decide.add_argument("id", type=int, help="the number `proposals list` shows")

    site_parser = commands.add_parser(
        "sites", help="(head office) the list of courts laptops are assigned to"
    )
    site_commands = site_parser.add_subparsers(dest="sites_command", parser_class=_Parser)
    site_commands.add_parser("list", help="list them (default)")
    add_site = site_commands.add_parser("add", help="add a court or drop-in to the list")
    add_site.add_argument("name")

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

    forms = commands.add_parser("forms", help="assessment forms, for form authors")
    form_commands = forms.add_subparsers(dest="forms_command", parser_class=_Parser, required=True)
    form_commands.add_parser("list", help="the forms held: id, version, title, source, licence")
    check = form_commands.add_parser("check", help="check a form definition file")
    check.add_argument("file", type=Path)
    score = form_commands.add_parser("score", help="score an answers file: scores, bands, flags")
    score.add_argument("form_id")
    score.add_argument("answers", type=Path, help="ANSWERS.json (see forms template)")
    score.add_argument("--partial", action="store_true", help="allow unanswered questions")
    template = form_commands.add_parser("template", help="an ANSWERS.json to fill in")
    template.add_argument("form_id")
    for sub in (score, template):
        sub.add_argument("--form-version", type=_positive, help="that version (default: newest)")
    template = commands.add_parser("template", help="check a letter template, or send one")
    template_commands = template.add_subparsers(
        dest="template_command", parser_class=_Parser, required=True
    )
    for name, words in (
        ("check", "make a letter from a template file for a made-up person, as a laptop would"),
        ("send", "(head office) check a template file, then send it to every laptop"),
    ):
        sub = template_commands.add_parser(name, help=words)
        sub.add_argument("file", type=Path, help="the template (NAME.j2, UTF-8 text)")
        sub.add_argument("--name", help="the template it is (default: the file's name)")
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


def _check_clock(db, args: argparse.Namespace) -> None:
    """Commands that write refuse to while this computer's clock is obviously wrong: the
    changes they made would carry that clock for ever (head office refuses them)."""
    from cass_desktop.sync.clocks import startup_warning

    warning = None if args.clock_is_right else startup_warning(db)
    if warning is not None:
        raise UsageError(f"{warning} (If it is right, add --clock-is-right.)")


def _writes(args: argparse.Namespace) -> bool:
    if args.command == "keys":
        return args.keys_command in ("trust", "enrol", "approve")
    return args.command in ("setup", "export", "import", "letter", "demo-data")


def _demo_data(data_dir: Path, people: int, seed: int, key: str | None) -> int:
    """Made beside the store and moved into place whole (demo.make_store): killed part way,
    it leaves no demo, and running it again starts afresh."""
    from cass_desktop import demo

    path = store_path(data_dir)
    if is_locked(path):  # a real store: refused without asking for its passphrase
        raise StoreError(demo.locked_refusal(path))
    if path.exists():  # only a store holding nothing is replaced by the demo
        db = _open(data_dir, key)
        try:
            refused = demo.refusal(db, f"The store in {data_dir}")
        finally:
            db.close()
        if refused:
            raise StoreError(refused)
    started = time.perf_counter()
    try:
        demo.make_store(path, clients=people, seed=seed)
    except demo.DemoRefused as exc:
        raise StoreError(str(exc)) from None
    elapsed = time.perf_counter() - started
    print(json.dumps({"clients": people, "seed": seed, "seconds": round(elapsed, 2)}))
    return 0


def _selftest(data_dir: Path, key: str | None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from cass_desktop.maintenance.selfcheck import run_checks
    from cass_desktop.ui.shell.app import selftest

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
            _check_clock(None, args)  # demo data goes in an empty store: no clock of its own
            return _demo_data(data_dir, args.clients, args.seed, key)
        if command == "selftest":
            return _selftest(data_dir, key)
        if command == "forms":
            return _forms(args, _form_documents(data_dir, key))
        if command in _STORE_COMMANDS:
            if command == "setup":
                words = [w for w in (args.site, args.worker, args.name) if w]
                db = _open_for_setup(data_dir, key, words)
            else:
                db = _open(data_dir, key)
            try:
                if _writes(args):
                    _check_clock(db, args)
                return _STORE_COMMANDS[command](db, args)
            finally:
                db.close()
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


def _yes_no(question: str) -> bool:
    """Ask a yes/no question on the terminal."""
    answer = input(f"{question} (y/n) ").strip().casefold()
    return answer in ("y", "yes")


def _confirm_fingerprint(card, given: str | None, what: str) -> str:
    """The fingerprint the person checked: given with --fingerprint, or asked for on the
    terminal after showing it; without a terminal, --fingerprint is required."""
    from cass_desktop.sync.keys import same_fingerprint

    shown = card.fingerprint()
    if given is not None:
        if not same_fingerprint(given, shown):
            raise UsageError(
                f"The fingerprint given is not that of {what}, so nothing was done; check the "
                "card with the worker again."
            )
        return shown
    if not sys.stdin.isatty():
        raise UsageError(
            f"read the fingerprint to the worker by phone and give it with --fingerprint "
            f"(it is {shown})"
        )
    print(f"Fingerprint of {what}:\n\n    {shown}\n")
    print("Phone the worker on a number you already know and ask them to read theirs.")
    if not _yes_no("Does every character match?"):
        raise UsageError("Not done: the fingerprint was not confirmed.")
    return shown


def _find_device(db, text: str) -> dict:
    """A device known here by its id or the first characters of it (at least four)."""
    from cass_desktop.data import peers

    text = text.strip().lower()
    found = [p for p in peers.all_peers(db, "device") if p["device_id"] == text]
    if not found and len(text) >= 4:
        found = [p for p in peers.all_peers(db, "device") if p["device_id"].startswith(text)]
    if len(found) != 1:
        many = "more than one device" if found else "no device"
        raise UsageError(f"{many} has an id starting {text}; see `keys list`.")
    return found[0]


def _court_words(db, site_id: str | None) -> str:
    from cass_desktop.data import sites

    site = sites.get_site(db, site_id) if site_id else None
    return site["name"] if site else "no court"


def _keys(db, args: argparse.Namespace) -> int:
    from cass_desktop.data import peers, trust
    from cass_desktop.sync import identity
    from cass_desktop.sync.keys import CardError, read_card

    try:
        if args.keys_command == "card":
            card = identity.my_card(db)
            identity.write_card(db, args.out)
            print(f"Wrote {args.out} (fingerprint {card.fingerprint()}).")
        elif args.keys_command == "trust":
            card = identity.trust_head_office(db, args.file)
            print(f"Trusting head office {card.name} (fingerprint {card.fingerprint()}).")
        elif args.keys_command == "enrol":
            card = read_card(args.file)
            court = identity.court_for(db, card, args.court)
            who = f"{card.name or 'an unnamed site'} ({card.worker or 'no worker named'})"
            print(f"The card is of the laptop of {who}, device {card.device_id}.")
            print(f"Head office assigns it to {court['name']}.")
            if card.site_id != court["id"]:
                print(f"The card says the laptop is at {card.name or 'no court'}: not the same.")
            _confirm_fingerprint(card, args.fingerprint, "this laptop")
            enrolment = identity.enrol_device(db, card, court["id"])
            print(
                f"Enrolled {card.name} ({card.worker}), device {card.device_id}, at "
                f"{enrolment.court['name']} (fingerprint {card.fingerprint()})."
            )
        elif args.keys_command == "approve":
            peer = _find_device(db, args.device_id)
            if peer["status"] != "pending":
                raise UsageError(f"Device {peer['device_id']} is not waiting for approval.")
            card = identity.card_of(peer)
            court = identity.court_for(db, card, args.court)
            print(
                f"Waiting for approval: the laptop of {card.worker or 'an unnamed worker'} at "
                f"{card.name or 'an unnamed site'}, device {card.device_id}."
            )
            print(f"Head office assigns it to {court['name']}.")
            if card.site_id != court["id"]:
                print(f"The card says the laptop is at {card.name or 'no court'}: not the same.")
            shown = _confirm_fingerprint(card, args.fingerprint, "this laptop")
            enrolment = identity.approve_pending(db, card.device_id, shown, court["id"])
            print(
                f"Enrolled {card.name} ({card.worker}), device {card.device_id}, at "
                f"{enrolment.court['name']} (fingerprint {card.fingerprint()}). Import its "
                "bundle again: nothing that came before approval was applied."
            )
        elif args.keys_command == "reject":
            peer = _find_device(db, args.device_id)
            card = identity.reject_pending(db, peer["device_id"])
            print(f"Forgot the laptop of {card.worker or 'an unnamed worker'}, {card.device_id}.")
        elif args.keys_command == "revoke":
            peer = _find_device(db, args.device_id)
            what = f"the laptop of {peer['worker'] or 'an unnamed worker'} at " + _court_words(
                db, peer["site_id"]
            )
            if not args.yes:
                if not sys.stdin.isatty():
                    raise UsageError(f"give --yes to revoke {what}")
                if not _yes_no(f"Revoke {what}? Its later bundles will be refused."):
                    raise UsageError("Not revoked.")
            identity.revoke_device(db, peer["device_id"])
            print(f"Revoked {what}: its later bundles will be refused whole.")
        elif args.keys_command == "age-identity":
            identity.write_age_identity(db, args.out)
            print(f"Wrote {args.out}. Keep it secret: it opens every bundle sent to this store.")
        else:
            counts = trust.refused_counts(db)
            for peer in peers.all_peers(db):
                card = identity.card_of(peer)
                where = _court_words(db, peer["site_id"]) if peer["role"] == "device" else ""
                refused = counts.get(peer["device_id"], 0)
                print(
                    f"{peer['status']:9} {peer['role']:11} {peer['device_id']}  "
                    f"{peer['name']} {peer['worker'] or ''}  {card.fingerprint()}"
                    + (f"  court: {where}" if where else "")
                    + (f"  {refused} refused" if refused else "")
                )
    except CardError as exc:
        raise UsageError(str(exc)) from None
    return 0


def _refused(db, args: argparse.Namespace) -> int:
    from cass_desktop.headoffice import oversight
    from cass_desktop.headoffice.review import ReviewError
    from cass_desktop.sync.identity import role

    if role(db) != "head-office":
        raise UsageError("only head office keeps the changes laptops were refused")
    try:
        if args.refused_command == "apply":
            view = oversight.apply_refused(db, args.id, _who(db))
            print(f"Applied as head office's own decision: {view.record}, {view.field_label}.")
            return 0
    except ReviewError as exc:
        raise UsageError(str(exc)) from None
    device = getattr(args, "device", None)
    views = oversight.refusals(db, _find_device(db, device)["device_id"] if device else None)
    if not views:
        print("No changes were refused.")
    for view in views:
        state = f"  (applied by {view.applied_by or 'head office'})" if view.applied else ""
        print(f"{view.id:6}  {view.received_at[:10]}  {view.reason}{state}")
        print(f"        {view.record}: {view.field_label} to {view.value}")
    return 0


def _who(db) -> str:
    from cass_desktop.data import local

    return local.get(db, "organisation") or "Head office"


def _proposals(db, args: argparse.Namespace) -> int:
    from cass_desktop.headoffice import oversight
    from cass_desktop.headoffice.review import ReviewError
    from cass_desktop.sync.identity import role

    if role(db) != "head-office":
        raise UsageError("only head office decides on agency directory proposals")
    try:
        if args.proposal_command == "accept":
            oversight.accept_proposal(db, args.id, _who(db))
            print("Accepted: the value is head office's now and goes to every laptop.")
            return 0
        if args.proposal_command == "reject":
            oversight.reject_proposal(db, args.id, _who(db))
            print("Rejected: head office's value goes back to the laptop.")
            return 0
    except ReviewError as exc:
        raise UsageError(str(exc)) from None
    views = oversight.proposals(db)
    if not views:
        print("No agency directory proposals to decide.")
    for view in views:
        new = " (a new agency)" if view.new_agency else ""
        print(f"{view.id:6}  {view.place}: {view.agency}{new}, {view.field_label}")
        print(f"        from {view.held} to {view.proposed}")
    return 0


def _sites(db, args: argparse.Namespace) -> int:
    from cass_desktop.sites.setup import SetupError, add_court, courts
    from cass_desktop.sync.identity import role

    if role(db) != "head-office":
        raise UsageError("only head office keeps the list of courts")
    if args.sites_command == "add":
        try:
            site_id = add_court(db, args.name)
        except SetupError as exc:
            raise UsageError(str(exc)) from None
        print(f"Added {' '.join(args.name.split())} to head office's list of courts ({site_id}).")
        return 0
    for site in courts(db):
        print(f"{site['code'] or '':5} {site['name']}  {site['id']}")
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
    from cass_desktop.referrals.consent import SharingBlocked

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


def _forms(args: argparse.Namespace, documents: Iterable[Mapping[str, Any]] = ()) -> int:
    """`forms list | check | score | template`. No store is needed; `documents` (the store's
    documents rows) add head office's forms to what `forms list` shows."""
    from cass_desktop.forms.commands import run

    outcome = run(args.forms_command, vars(args), documents)
    for line in outcome.out:
        print(line)
    for line in outcome.err:
        print(line, file=sys.stderr)
    return outcome.code


def _form_documents(data_dir: Path, key: str | None) -> list[dict[str, Any]]:
    """Head office's forms held in the store, when there is one to read (a locked store with
    no passphrase given and nobody at a terminal: the bundled forms only)."""
    path = store_path(data_dir)
    if not path.exists() or (key is None and is_locked(path) and not _can_ask()):
        return []
    from cass_desktop.data.assessments import form_documents

    db = _open(data_dir, key)
    try:
        return form_documents(db)
    finally:
        db.close()


def _template(db, args: argparse.Namespace) -> int:
    from cass_desktop.letters import LetterError, check_template, send_template

    path: Path = args.file
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not saved as plain text (UTF-8).") from None
    name = args.name or path.name.removesuffix(".j2")
    try:
        if args.template_command == "check":
            check_template(name, text, str(path))
            print(f"{path} is fine: a letter “{name}” was made from it for a made-up person.")
        else:
            version = send_template(db, name, text, str(path))
            print(
                f"Checked {path} and kept it as head office's template “{name}”, version "
                f"{version}: it goes to every laptop with their next update."
            )
    except LetterError as exc:
        raise UsageError(str(exc)) from None
    return 0


_STORE_COMMANDS = {
    "setup": _setup,
    "keys": _keys,
    "refused": _refused,
    "proposals": _proposals,
    "sites": _sites,
    "export": _export,
    "import": _import,
    "letter": _letter,
    "template": _template,
}
