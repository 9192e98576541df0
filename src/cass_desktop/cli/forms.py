"""`forms list | check | score | template`: assessment forms, for form authors. The work is in
forms/commands.py; head office's forms are read from the store when there is one."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from cass_desktop.cli import store
from cass_desktop.cli.command import Parser, UsageError, positive
from cass_desktop.cli.store import with_store
from cass_desktop.data import store_path
from cass_desktop.data.passphrase import is_locked


def register(commands) -> None:
    forms = commands.add_parser("forms", help="assessment forms, for form authors")
    form_commands = forms.add_subparsers(dest="forms_command", parser_class=Parser, required=True)
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
        sub.add_argument("--form-version", type=positive, help="that version (default: newest)")
    forms.set_defaults(run=lambda args, data_dir, key: _forms(args, _form_documents(data_dir, key)))
    send = form_commands.add_parser(
        "send", help="(head office) check a form definition, then send it to every laptop"
    )
    send.add_argument("file", type=Path, help="the definition (FORM.json, UTF-8)")
    send.set_defaults(run=with_store(_send, writes=True))


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
    if not path.exists() or (key is None and is_locked(path) and not store.can_ask()):
        return []
    from cass_desktop.data.assessments import form_documents

    db = store.open_(data_dir, key)
    try:
        return form_documents(db)
    finally:
        db.close()


def _send(db, args: argparse.Namespace) -> int:
    """`forms send FILE`: head office keeps the form to go out with every laptop's update."""
    from cass_desktop.assessments.sending import SendRefused, send_form
    from cass_desktop.forms.limits import MAX_BYTES

    path: Path = args.file
    if not path.is_file():
        raise UsageError(f"{path} is not a file; give the form definition (FORM.json).")
    if path.stat().st_size > MAX_BYTES:
        raise UsageError(f"{path.name} is larger than {MAX_BYTES // 1024} KiB, so it was not sent.")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{path.name} is not UTF-8 text, so it was not sent.") from None
    try:
        form_id, version = send_form(db, text, path.name)
    except SendRefused as exc:
        raise UsageError(str(exc)) from None
    print(f"Kept version {version} of “{form_id}”: it goes to every laptop with its next update.")
    return 0
