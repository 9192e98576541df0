"""People: `look-alikes` shows who the New person check would show for a name, with scores
and reasons, writing nothing; `people import FILE.csv` brings people in from a spreadsheet
after showing what it would do (docs/people-csv.md)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cass_desktop.cli import store
from cass_desktop.cli.command import Parser, UsageError, yes_no
from cass_desktop.cli.store import with_store


def register(commands) -> None:
    looks = commands.add_parser(
        "look-alikes",
        help="who the New person check would show for a name (writes nothing)",
    )
    looks.add_argument("--given", default="", help="given name, as a worker would type it")
    looks.add_argument("--family", default="", help="family name, as a worker would type it")
    looks.add_argument("--dob", default=None, metavar="DD/MM/YYYY", help="date of birth")
    looks.add_argument("--json", action="store_true", help="one JSON object, for scripts")
    looks.set_defaults(run=with_store(_lookalikes))

    people = commands.add_parser("people", help="people: bring them in from a spreadsheet")
    people_commands = people.add_subparsers(
        dest="people_command", parser_class=Parser, required=True
    )
    importing = people_commands.add_parser(
        "import",
        help="show what importing a CSV file of people would do, then import it if confirmed",
    )
    importing.add_argument("file", type=Path, help="the CSV file (see docs/people-csv.md)")
    importing.add_argument(
        "--yes", action="store_true", help="import without asking (after showing the preview)"
    )
    importing.set_defaults(run=with_store(_import, writes=True))


def _lookalikes(db, args: argparse.Namespace) -> int:
    """The people the New person check would show, most alike first, with scores and reasons."""
    from cass_desktop.data import clients
    from cass_desktop.people.candidates import find_lookalikes
    from cass_desktop.people.names import Name, fold
    from cass_desktop.records.dates import parse_date, show_date

    given, family = (args.given or "").strip()[:200], (args.family or "").strip()[:200]
    if len(fold(given) + fold(family)) < 2:
        raise UsageError("give at least two letters of a name with --given or --family")
    born = None
    if args.dob:
        try:
            born = parse_date(args.dob[:40])
        except ValueError as exc:
            raise UsageError(f"--dob: {exc}") from None
    found = find_lookalikes(db, Name(given=given, family=family), born)
    shown = [
        {
            "id": row["id"],
            "reference": row.get("reference"),
            "name": clients.display_name(row),
            "date_of_birth": row.get("date_of_birth"),
            "score": likeness.score,
            "flagged": likeness.likely(),
            "reasons": likeness.reasons,
        }
        for row, likeness in found
    ]
    if args.json:
        print(json.dumps({"given": given, "family": family, "people": shown}, ensure_ascii=False))
        return 0
    if not shown:
        print("No one already held looks like this person.")
        return 0
    for person in shown:
        born_words = (
            f", born {show_date(person['date_of_birth'])}" if person["date_of_birth"] else ""
        )
        judged = "may be the same person" if person["flagged"] else "same name, born another day"
        print(f"{person['name']} ({person['reference']}{born_words}): {judged}")
        print(f"  {round(person['score'] * 100)}%: {'; '.join(person['reasons'])}")
    return 0


def _import(db, args: argparse.Namespace) -> int:
    """Show each row's fate (Add, Possible duplicate, Not imported), then save if confirmed."""
    from cass_desktop.people import csv_import

    try:
        preview = csv_import.preview(db, args.file)
    except csv_import.ImportFileError as exc:
        raise UsageError(f"{exc} Nothing has been changed.") from None
    words = {
        csv_import.ADDED: "Add",
        csv_import.DUPLICATE: "Possible duplicate",
        csv_import.REJECTED: "Not imported",
    }
    for row in preview.rows:
        line = f"row {row.number}: {words[row.status]}: {row.name}"
        print(f"{line}: {row.reason}" if row.reason else line)
    counts = preview.counts
    duplicates, rows = counts[csv_import.DUPLICATE], len(preview.rows)
    print(
        f"{counts[csv_import.ADDED]} to add, {duplicates} possible "
        f"duplicate{'' if duplicates == 1 else 's'} and {counts[csv_import.REJECTED]} not "
        f"imported, of {rows} row{'' if rows == 1 else 's'}."
    )
    if preview.ignored:
        print(f"Columns not used: {', '.join(preview.ignored)}.")
    if not preview.will_change:
        print("Nothing to import; nothing has been changed.")
        return 0
    if not args.yes:
        if not store.can_ask():
            raise UsageError("give --yes to import these people; nothing has been changed")
        adding = counts[csv_import.ADDED]
        if not yes_no(f"Add {'1 person' if adding == 1 else f'{adding} people'}?"):
            print("Nothing has been changed.")
            return 0
    result = csv_import.apply(db, preview)
    added = "1 person" if result.added == 1 else f"{result.added} people"
    print(f"Added {added}. Possible duplicates and rows not imported were left out.")
    return 0
