"""`forms list | check | score | template`: assessment forms, for form authors. No store is
needed; the work is in forms/commands.py."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from cass_desktop.cli.command import Parser, positive


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
    forms.set_defaults(run=lambda args, data_dir, key: _forms(args))


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
