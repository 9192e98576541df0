"""Settings from the command line, as on the Settings page: `settings retention` shows how many
years records are kept after the last work with a person, and who sets it; at head office
`--years N` sets it (privacy/retention.set_years, as Settings ▸ Retention does), sent to every
laptop with its next update. A laptop's is head office's: setting it there is refused."""

from __future__ import annotations

import argparse
import json

from cass_desktop.cli import store
from cass_desktop.cli.command import Parser, UsageError
from cass_desktop.cli.store import with_store


def register(commands) -> None:
    settings = commands.add_parser("settings", help="settings: how long records are kept")
    settings_commands = settings.add_subparsers(
        dest="settings_command", parser_class=Parser, required=True
    )
    retention = settings_commands.add_parser(
        "retention",
        help="how many years records are kept after the last work with a person; "
        "head office sets it with --years",
    )
    retention.add_argument(
        "--years",
        type=_whole_number,
        metavar="N",
        help="(head office) keep records this many years, sent to every laptop with its next "
        "update",
    )
    retention.add_argument("--json", action="store_true", help="one JSON object, for scripts")
    retention.set_defaults(run=with_store(_retention))


def _whole_number(text: str) -> int:
    """A whole number as typed (the range is the capability's to check)."""
    try:
        if len(text) <= 20:
            return int(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"“{text[:20]}” is not a whole number")


def _retention(db, args: argparse.Namespace) -> int:
    from cass_desktop.privacy import retention

    if args.years is not None:
        store.check_clock(db, args)
        try:
            retention.set_years(db, args.years)
        except retention.RetentionError as exc:
            raise UsageError(str(exc)) from None
    years = retention.years(db)
    laptop = retention.set_by_head_office(db)
    if args.json:
        shown = {
            "years": years,
            "set_here": not laptop,
            "from_head_office": laptop and retention.heard_from_head_office(db),
        }
        print(json.dumps(shown, ensure_ascii=False))
        return 0
    kept = f"{years} year" if years == 1 else f"{years} years"
    if args.years is not None:
        print(f"Saved: records are now kept {kept} after the last work with a person.")
    else:
        print(f"Records are kept {kept} after the last work with a person.")
    print(_set_by(db, laptop))
    return 0


def _set_by(db, laptop: bool) -> str:
    """Who sets the years, in the Settings page's words."""
    from cass_desktop.privacy import retention
    from cass_desktop.sync import identity

    if not laptop:
        if identity.role(db) == "head-office":
            return "Sent to every laptop with its next update from head office."
        return "This store's own setting."
    if retention.heard_from_head_office(db):
        return "Set by head office: it cannot be changed here."
    return "Set by head office: the default until head office's first update arrives."
