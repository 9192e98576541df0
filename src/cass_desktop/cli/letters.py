"""Letters: `letter` makes a referral's letter as a PDF; `template check` and `template send`
check a letter template (and, for head office, send it to every laptop)."""

from __future__ import annotations

import argparse
from pathlib import Path

from cass_desktop.app import durable
from cass_desktop.cli.command import Parser, UsageError
from cass_desktop.cli.store import data_dir, with_store


def register(commands) -> None:
    letter = commands.add_parser("letter", help="make a referral's letter as a PDF")
    letter.add_argument("--referral", required=True, help="the referral's id")
    letter.add_argument(
        "--template",
        default="referral-to-agency",
        help="which letter: referral-to-agency (the default), appointment-easy-read, "
        "consent-to-share, or one head office sent",
    )
    letter.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    letter.set_defaults(run=with_store(_letter, writes=True))

    template = commands.add_parser("template", help="check a letter template, or send one")
    template_commands = template.add_subparsers(
        dest="template_command", parser_class=Parser, required=True
    )
    for name, words in (
        ("check", "make a letter from a template file for a made-up person, as a laptop would"),
        ("send", "(head office) check a template file, then send it to every laptop"),
    ):
        sub = template_commands.add_parser(name, help=words)
        sub.add_argument("file", type=Path, help="the template (NAME.j2, UTF-8 text)")
        sub.add_argument("--name", help="the template it is (default: the file's name)")
    template.set_defaults(run=with_store(_template))


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
        letter = make_letter(db, args.referral, args.template, data_dir=data_dir(args), log=False)
    except (LetterError, SharingBlocked) as exc:
        raise UsageError(str(exc)) from None
    durable.write_atomically(out, letter.pdf)
    log_letter(db, letter, how="saved")
    print(f"Wrote {out}: {letter.title}, template version {letter.version}.")
    return 0


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
