"""`keys`: cards, the public keys stores exchange, and head office enrolling, approving and
revoking laptops."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cass_desktop.cli.command import Parser, UsageError, yes_no
from cass_desktop.cli.store import data_dir, with_store


def register(commands) -> None:
    keys = commands.add_parser("keys", help="cards: exchange public keys with other stores")
    key_commands = keys.add_subparsers(dest="keys_command", parser_class=Parser, required=True)
    card = key_commands.add_parser("card", help="write this store's public card to a file")
    card.add_argument("--out", type=Path, required=True)
    trust = key_commands.add_parser("trust", help="(device) trust head office's card")
    trust.add_argument("file", type=Path)
    trust.add_argument(
        "--fingerprint",
        help="head office's fingerprint, read out to you by head office by phone; without a "
        "terminal to ask on, it is required, and a different one is refused",
    )
    fingerprint_help = (
        "the fingerprint the worker read out by phone; without a terminal to ask on, it is "
        "required, and a different one is refused"
    )
    court_help = (
        "the court or drop-in (name, short name, code or id) from head office's list to assign "
        "the laptop to (default: the one whose id is the card's); see `sites list`"
    )
    enrol = key_commands.add_parser(
        "enrol", help="(head office) enrol a device from its card, at a court head office chooses"
    )
    enrol.add_argument("file", type=Path)
    enrol.add_argument("--court", help=court_help)
    enrol.add_argument("--fingerprint", help=fingerprint_help)
    listing = key_commands.add_parser(
        "list", help="the stores this one knows, with their courts and fingerprints"
    )
    approve = key_commands.add_parser(
        "approve", help="(head office) enrol a device whose bundle arrived before its card"
    )
    approve.add_argument("device_id", help="the device's id (or its first characters)")
    approve.add_argument("--court", help=court_help)
    approve.add_argument("--fingerprint", help=fingerprint_help)
    reject = key_commands.add_parser(
        "reject", help="(head office) forget a device waiting for approval"
    )
    reject.add_argument("device_id", help="the device's id (or its first characters)")
    revoke = key_commands.add_parser(
        "revoke",
        help="(head office) stop trusting a laptop (lost, stolen, compromised): its later "
        "bundles are refused whole",
    )
    revoke.add_argument("device_id", help="the device's id (or its first characters)")
    revoke.add_argument("--yes", action="store_true", help="do not ask to confirm")
    secret = key_commands.add_parser(
        "age-identity", help="(head office) write the age identity, to read bundles with `age`"
    )
    secret.add_argument("--out", type=Path, required=True)
    for sub in (card, listing, reject, revoke, secret):
        sub.set_defaults(run=with_store(_keys))
    for sub in (trust, enrol, approve):  # these write: the clock is checked first
        sub.set_defaults(run=with_store(_keys, writes=True))


def _confirm_fingerprint(card, given: str | None, what: str, where: str | None = None) -> str:
    """The fingerprint the person checked: given with --fingerprint, or asked for on the
    terminal after showing it; without a terminal, --fingerprint is required. The refusal
    says where to read the fingerprint, never what it is: the check is only worth anything
    when it comes from the other person, read out by phone."""
    from cass_desktop.sync.keys import same_fingerprint

    shown = card.fingerprint()
    if given is not None:
        if not same_fingerprint(given, shown):
            raise UsageError(
                f"The fingerprint given is not that of {what}, so nothing was done; check the "
                "card with the worker again."
            )
        return shown
    where = where or (
        "the worker reads it from their laptop's Settings (or `cass-desktop keys card` on the "
        "laptop)"
    )
    if not sys.stdin.isatty():
        raise UsageError(
            f"nothing was done: phone to check the fingerprint of {what} ({where}) and give it "
            "with --fingerprint"
        )
    print(f"Fingerprint of {what}:\n\n    {shown}\n")
    print("Phone on a number you already know and ask them to read theirs out.")
    if not yes_no("Does every character match?"):
        raise UsageError("Not done: the fingerprint was not confirmed.")
    return shown


def find_device(db, text: str) -> dict:
    """A device known here by its id or the first characters of it (at least four)."""
    from cass_desktop.data import peers

    text = text.strip().lower()
    found = [p for p in peers.all_peers(db, "device") if p["device_id"] == text]
    if not found and len(text) >= 4:
        found = [p for p in peers.all_peers(db, "device") if p["device_id"].startswith(text)]
    if len(found) != 1:
        many = "more than one device" if found else "no device"
        raise UsageError(f"{many} has an id starting {text}; see `keys list`.")
    return found[0]


def _trust_fingerprint(db, args: argparse.Namespace) -> str:
    """`keys trust`: head office's fingerprint checked before its card is trusted, as
    `keys enrol` checks a laptop's."""
    from cass_desktop.sync import identity
    from cass_desktop.sync.keys import read_card

    if identity.role(db) != "device":
        raise UsageError("Only a device (a worker's laptop) trusts a head office card.")
    card = read_card(args.file)
    if card.role != "head-office":
        raise UsageError(f"{args.file.name} is a device's card, not head office's.")
    return _confirm_fingerprint(
        card,
        args.fingerprint,
        f"head office ({card.name or 'unnamed'})",
        "head office reads it from its Settings (or `cass-desktop keys card` there)",
    )


def _court_words(db, site_id: str | None) -> str:
    from cass_desktop.data import sites

    site = sites.get_site(db, site_id) if site_id else None
    return site["name"] if site else "no court"


def _keys(db, args: argparse.Namespace) -> int:
    from cass_desktop.data import peers, trust
    from cass_desktop.sync import identity
    from cass_desktop.sync.keys import CardError, read_card

    try:
        if args.keys_command == "card":
            card = identity.my_card(db)
            identity.write_card(db, args.out)
            print(f"Wrote {args.out} (fingerprint {card.fingerprint()}).")
        elif args.keys_command == "trust":
            shown = _trust_fingerprint(db, args)
            card = identity.trust_head_office(db, args.file, shown)
            print(f"Trusting head office {card.name} (fingerprint {card.fingerprint()}).")
            from cass_desktop.data import store_path
            from cass_desktop.maintenance import recovery

            if recovery.ensure_recovery(db, store_path(data_dir(args))):
                print("A forgotten passphrase can now be recovered with head office's key.")
        elif args.keys_command == "enrol":
            card = read_card(args.file)
            court = identity.court_for(db, card, args.court)
            who = f"{card.name or 'an unnamed site'} ({card.worker or 'no worker named'})"
            print(f"The card is of the laptop of {who}, device {card.device_id}.")
            print(f"Head office assigns it to {court['name']}.")
            if card.site_id != court["id"]:
                print(f"The card says the laptop is at {card.name or 'no court'}: not the same.")
            _confirm_fingerprint(card, args.fingerprint, "this laptop")
            enrolment = identity.enrol_device(db, card, court["id"])
            print(
                f"Enrolled {card.name} ({card.worker}), device {card.device_id}, at "
                f"{enrolment.court['name']} (fingerprint {card.fingerprint()})."
            )
        elif args.keys_command == "approve":
            peer = find_device(db, args.device_id)
            if peer["status"] != "pending":
                raise UsageError(f"Device {peer['device_id']} is not waiting for approval.")
            card = identity.card_of(peer)
            court = identity.court_for(db, card, args.court)
            print(
                f"Waiting for approval: the laptop of {card.worker or 'an unnamed worker'} at "
                f"{card.name or 'an unnamed site'}, device {card.device_id}."
            )
            print(f"Head office assigns it to {court['name']}.")
            if card.site_id != court["id"]:
                print(f"The card says the laptop is at {card.name or 'no court'}: not the same.")
            shown = _confirm_fingerprint(card, args.fingerprint, "this laptop")
            enrolment = identity.approve_pending(db, card.device_id, shown, court["id"])
            print(
                f"Enrolled {card.name} ({card.worker}), device {card.device_id}, at "
                f"{enrolment.court['name']} (fingerprint {card.fingerprint()}). Import its "
                "bundle again: nothing that came before approval was applied."
            )
        elif args.keys_command == "reject":
            peer = find_device(db, args.device_id)
            card = identity.reject_pending(db, peer["device_id"])
            print(f"Forgot the laptop of {card.worker or 'an unnamed worker'}, {card.device_id}.")
        elif args.keys_command == "revoke":
            peer = find_device(db, args.device_id)
            what = f"the laptop of {peer['worker'] or 'an unnamed worker'} at " + _court_words(
                db, peer["site_id"]
            )
            if not args.yes:
                if not sys.stdin.isatty():
                    raise UsageError(f"give --yes to revoke {what}")
                if not yes_no(f"Revoke {what}? Its later bundles will be refused."):
                    raise UsageError("Not revoked.")
            identity.revoke_device(db, peer["device_id"])
            print(f"Revoked {what}: its later bundles will be refused whole.")
        elif args.keys_command == "age-identity":
            identity.write_age_identity(db, args.out)
            print(f"Wrote {args.out}. Keep it secret: it opens every bundle sent to this store.")
        else:
            counts = trust.refused_counts(db)
            for peer in peers.all_peers(db):
                card = identity.card_of(peer)
                where = _court_words(db, peer["site_id"]) if peer["role"] == "device" else ""
                refused = counts.get(peer["device_id"], 0)
                print(
                    f"{peer['status']:9} {peer['role']:11} {peer['device_id']}  "
                    f"{peer['name']} {peer['worker'] or ''}  {card.fingerprint()}"
                    + (f"  court: {where}" if where else "")
                    + (f"  {refused} refused" if refused else "")
                )
    except CardError as exc:
        raise UsageError(str(exc)) from None
    return 0
