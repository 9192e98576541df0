"""A person's rights: `subject-access` writes their pack; `retention --due` lists the
people whose records are due for review; `erase` erases a person's record."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cass_desktop.cli import store
from cass_desktop.cli.command import UsageError, yes_no
from cass_desktop.cli.store import with_store


def register(commands) -> None:
    pack = commands.add_parser(
        "subject-access",
        help="write everything held about a person (a PDF and a JSON file) into a folder",
    )
    pack.add_argument("person", metavar="PERSON_ID", help="the person's id")
    pack.add_argument("--out", type=Path, required=True, help="the folder to write the pack in")
    pack.set_defaults(run=with_store(_subject_access, writes=True))
    retention = commands.add_parser(
        "retention", help="the people whose records are due for review (writes nothing)"
    )
    retention.add_argument("--due", action="store_true", help="list the people due")
    retention.add_argument("--json", action="store_true", help="one JSON object, for scripts")
    retention.set_defaults(run=with_store(_retention))
    erase = commands.add_parser(
        "erase",
        help="erase a person's record here, at head office and on every laptop (asks first)",
    )
    erase.add_argument("person", metavar="PERSON_ID", help="the person's id")
    erase.add_argument(
        "--reason",
        required=True,
        help="why: retention, asked (right to erasure), error (recorded in error), or words",
    )
    erase.add_argument("--yes", action="store_true", help="do not ask to confirm")
    erase.set_defaults(run=with_store(_erase, writes=True))


def _subject_access(db, args: argparse.Namespace) -> int:
    from cass_desktop.privacy.subject_access import SubjectAccessError, write_pack

    try:
        folder = write_pack(db, args.person[:64], args.out)
    except SubjectAccessError as exc:
        raise UsageError(str(exc)) from None
    print(
        f"Wrote the subject access pack to {folder} (subject-access.pdf and "
        "subject-access.json). It is not encrypted, so that the person can read it: keep it "
        "safe until it is given to them."
    )
    return 0


def _retention(db, args: argparse.Namespace) -> int:
    from cass_desktop.privacy import retention
    from cass_desktop.records.dates import show_date

    years = retention.years(db)
    due = retention.due(db)
    if args.json:
        print(json.dumps({"years": years, "due": [d.as_json() for d in due]}, ensure_ascii=False))
        return 0
    if not due:
        print(f"No one is due for review (records are kept {years} years).")
        return 0
    print(f"{len(due)} due for review (records are kept {years} years after the last work):")
    for d in due:
        last = show_date(d.last_activity) if d.last_activity else "nothing dated"
        print(f"{d.reference}  {d.name}: last worked with {last}, due {show_date(d.due_on)}")
    return 0


def _erase(db, args: argparse.Namespace) -> int:
    from cass_desktop.data import clients
    from cass_desktop.privacy import erasure

    person_id = args.person[:64]
    try:
        words = erasure.reason_words(args.reason)
        person = erasure.check(db, person_id)
    except erasure.ErasureError as exc:
        raise UsageError(str(exc)) from None
    if not args.yes:
        if not store.can_ask():
            raise UsageError("give --yes to erase this record; nothing has been changed")
        name = clients.display_name(person)
        reference = f" ({person['reference']})" if person.get("reference") else ""
        question = (
            f"Erase {name}{reference} for good ({words})? Their details and "
            "records are removed here, at head office and on every laptop; this cannot be undone."
        )
        if not yes_no(question):
            raise UsageError("Not erased; nothing has been changed.")
    try:
        done = erasure.erase_person(db, person_id, args.reason)
    except erasure.ErasureError as exc:
        raise UsageError(str(exc)) from None
    print(f"{done.words()}. The erasure goes to head office with the next export.")
    return 0
