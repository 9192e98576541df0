"""People: `look-alikes` shows who the New person check would show for a name, with scores
and reasons, writing nothing."""

from __future__ import annotations

import argparse
import json

from cass_desktop.cli.command import UsageError
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
