"""`find TEXT`: what Find (Ctrl+K) lists for the text, in the same order, writing nothing."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cass_desktop.cli.store import unlock_key
from cass_desktop.data import StoreError, open_store, store_path


def register(commands) -> None:
    find = commands.add_parser(
        "find", help="what Find (Ctrl+K) lists for TEXT, in the same order; writes nothing"
    )
    find.add_argument("text", metavar="TEXT", help="part of a name, a reference, a date or phone")
    find.add_argument("--json", action="store_true", help="one JSON object a line")
    find.set_defaults(run=_find)


def _find(args: argparse.Namespace, data_dir: Path, key: str | None) -> int:
    """Print what Find (Ctrl+K) lists for the text, as the window lists it: people, then
    agencies. Nothing is written: a folder with no store is refused, not given one."""
    from cass_desktop.data.finding import find
    from cass_desktop.records.dates import show_date
    from cass_desktop.records.vocab import domain_labels

    path = store_path(data_dir)
    if not path.exists():
        raise StoreError(f"There is no store in {data_dir}.")
    db = open_store(path, key=unlock_key(path, key), create=False)
    try:
        results = find(db, args.text[:200])
    finally:
        db.close()
    for found in results:
        if args.json:
            print(json.dumps(found.as_dict(), ensure_ascii=False))
        elif found.kind == "client":
            born = f"  ·  born {show_date(found.date_of_birth)}" if found.date_of_birth else ""
            print(f"{found.name}  ·  {found.reference}{born}")
        else:
            print(f"{found.name}  ·  agency  ·  {domain_labels(found.domains)}")
    if not results and not args.json:
        print(f"Nobody and no agency matches “{args.text[:200]}”.", file=sys.stderr)
    return 0
