"""Sync: `export` and `import` bundles, and head office's `refused` changes, agency
directory `proposals` and list of courts (`sites`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cass_desktop.cli.command import Parser, UsageError
from cass_desktop.cli.keys import find_device
from cass_desktop.cli.store import with_store


def register(commands) -> None:
    refused = commands.add_parser(
        "refused",
        help="(head office) changes laptops sent that they may not make (another court's "
        "people, templates, sites...), with the reason, and applying one as head office's own",
    )
    refused_commands = refused.add_subparsers(dest="refused_command", parser_class=Parser)
    refused_list = refused_commands.add_parser("list", help="list them, newest first (default)")
    refused_list.add_argument("--device", help="only this device's (its id or first characters)")
    refused_apply = refused_commands.add_parser(
        "apply", help="apply a refused change as head office's own decision"
    )
    refused_apply.add_argument("id", type=int, help="the number `refused list` shows")
    refused.set_defaults(run=with_store(_refused))

    proposals = commands.add_parser(
        "proposals", help="(head office) agency directory changes laptops proposed"
    )
    proposal_commands = proposals.add_subparsers(dest="proposal_command", parser_class=Parser)
    proposal_commands.add_parser("list", help="list them, oldest first (default)")
    for verb, words in (
        ("accept", "take the proposed value as head office's: it goes to every laptop"),
        ("reject", "keep head office's value and send it again to the laptop"),
    ):
        decide = proposal_commands.add_parser(verb, help=words)
        decide.add_argument("id", type=int, help="the number `proposals list` shows")
    proposals.set_defaults(run=with_store(_proposals))

    site_parser = commands.add_parser(
        "sites", help="(head office) the list of courts laptops are assigned to"
    )
    site_commands = site_parser.add_subparsers(dest="sites_command", parser_class=Parser)
    site_commands.add_parser("list", help="list them (default)")
    add_site = site_commands.add_parser("add", help="add a court or drop-in to the list")
    add_site.add_argument("name")
    site_parser.set_defaults(run=with_store(_sites))

    export = commands.add_parser("export", help="write a bundle: the day's work, or an update")
    export.add_argument("--out", type=Path, required=True, help="folder to write the bundle in")
    export.add_argument("--for", dest="for_device", help="(head office) the device to update")
    export.set_defaults(run=with_store(_export, writes=True))

    imp = commands.add_parser("import", help="verify and apply bundles")
    imp.add_argument("files", type=Path, nargs="+")
    imp.set_defaults(run=with_store(_import, writes=True))


def _refused(db, args: argparse.Namespace) -> int:
    from cass_desktop.headoffice import ReviewError, refusals
    from cass_desktop.sync.identity import role

    if role(db) != "head-office":
        raise UsageError("only head office keeps the changes laptops were refused")
    try:
        if args.refused_command == "apply":
            view = refusals.apply_refused(db, args.id, _who(db))
            print(f"Applied as head office's own decision: {view.record}, {view.field_label}.")
            return 0
    except ReviewError as exc:
        raise UsageError(str(exc)) from None
    device = getattr(args, "device", None)
    views = refusals.refusals(db, find_device(db, device)["device_id"] if device else None)
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
    from cass_desktop.headoffice import ReviewError, proposals
    from cass_desktop.sync.identity import role

    if role(db) != "head-office":
        raise UsageError("only head office decides on agency directory proposals")
    try:
        if args.proposal_command == "accept":
            proposals.accept_proposal(db, args.id, _who(db))
            print("Accepted: the value is head office's now and goes to every laptop.")
            return 0
        if args.proposal_command == "reject":
            proposals.reject_proposal(db, args.id, _who(db))
            print("Rejected: head office's value goes back to the laptop.")
            return 0
    except ReviewError as exc:
        raise UsageError(str(exc)) from None
    views = proposals.proposals(db)
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
            device = find_device(db, args.for_device)["device_id"]
            path = export_update(db, device, args.out)
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
        to_see = result.refused or result.warning
        print(result.describe(), file=sys.stderr if to_see else sys.stdout)
    return 1 if any(r.refused for r in results) else 0
