"""The court day: `court-list` matches a court list (HMCTS JSON, CSV or text) against the
people held, writing nothing: each listed person with their candidates and confidences."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cass_desktop.cli.command import UsageError
from cass_desktop.cli.store import with_store


def register(commands) -> None:
    court_list = commands.add_parser(
        "court-list",
        help="match a court list (HMCTS JSON, CSV or text) against the people held, "
        "writing nothing: each listed person with their candidates and confidences",
    )
    court_list.add_argument("file", type=Path)
    court_list.add_argument("--court", required=True, help="the court (name or code)")
    court_list.add_argument("--date", required=True, help="the hearing day, YYYY-MM-DD")
    court_list.add_argument("--json", action="store_true", help="one JSON document")
    court_list.set_defaults(run=with_store(_court_list))


def _court_list(db, args: argparse.Namespace) -> int:
    """Each listed person with their candidates, as the import preview offers them."""
    import datetime as dt

    from cass_desktop.court.day_list import read_file
    from cass_desktop.court.list_matching import describe, match_list
    from cass_desktop.court.listing import ListRefused
    from cass_desktop.data import court_day, sites

    try:
        day = dt.date.fromisoformat(args.date)
    except ValueError:
        raise UsageError(f"“{args.date}” is not a date; give it as YYYY-MM-DD.") from None
    site = sites.find_site(db, args.court)
    court_id = site["id"] if site else None
    path: Path = args.file
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give the court list file.")
    with path.open("rb") as handle:
        data = handle.read(20 * 1024 * 1024 + 1)
    try:
        read = read_file(data, path.name, on=day)
    except ListRefused as exc:
        raise UsageError(str(exc)) from None
    if read.mapping is not None and read.mapping.problem:
        raise UsageError(read.mapping.problem)
    cases = read.court_list.cases
    rejected = court_day.rejected_for(db, court_id, day.isoformat())
    matches = match_list(db, cases, on=day, rejected=rejected)
    if args.json:
        out = {
            "court": site["name"] if site else args.court,
            "date": day.isoformat(),
            "list": read.court_list.kind_name,
            "listed": [
                {
                    "name": m.case.name_as_listed,
                    "where": m.case.source,
                    "date_of_birth": m.case.date_of_birth,
                    "age": m.case.age,
                    "time": m.case.time,
                    "courtroom": m.case.courtroom,
                    "case_number": m.case.case_number,
                    "restricted": m.case.reporting_restriction or m.case.youth,
                    "candidates": [
                        {
                            "id": c.person_id,
                            "reference": c.person.get("reference"),
                            "given_name": c.person.get("given_name"),
                            "family_name": c.person.get("family_name"),
                            "date_of_birth": c.person.get("date_of_birth"),
                            "confidence": c.confidence,
                            "likely": c.likely,
                            "reasons": list(c.reasons),
                        }
                        for c in m.candidates
                    ],
                }
                for m in matches
            ],
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    where = site["name"] if site else args.court
    print(f"{read.court_list.kind_name}, {where}, {day:%d/%m/%Y}: {len(cases)} listed.")
    for m in matches:
        case = m.case
        marks = []
        if case.youth:
            marks.append("youth case")
        if case.reporting_restriction:
            marks.append("reporting restriction")
        extra = f" [{', '.join(marks)}: do not publish]" if marks else ""
        print(f"{case.time or '--:--'} {case.name_as_listed}{extra}")
        if not m.candidates:
            print("    no one held fits")
        for c in m.candidates:
            print(f"    {'likely' if c.likely else 'possible'}: {describe(c)}")
    return 0
