"""This store's role, keys and card, and the cards of the stores it trusts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlite_utils

from cass_desktop import durable
from cass_desktop.data import StoreError, changelog, local, peers, sites
from cass_desktop.data.store import is_protected
from cass_desktop.sync.keys import Card, CardError, Keys, read_card

ROLES = ("device", "head-office")


def role(db: sqlite_utils.Database) -> str | None:
    return local.get(db, "role")


NOT_PROTECTED = (
    "This store is not locked with a passphrase, so it cannot hold keys, export or write a "
    "card. Lock it first in Settings ▸ Passphrase ▸ Protect with a passphrase… (or run "
    "`cass-desktop setup` again with --passphrase-file)."
)


class NeedsPassphrase(CardError, StoreError):
    """A plain store (not the demo) asked to hold or use keys: it must be locked first."""


def require_protected(db: sqlite_utils.Database) -> None:
    """Refuse a store that is not locked with a passphrase (the demo store excepted)."""
    if not is_protected(db) and not local.is_demo(db):
        raise NeedsPassphrase(NOT_PROTECTED)


def ensure_keys(db: sqlite_utils.Database) -> Keys:
    """This store's keys, made the first time they are needed and kept in the store. A store
    that is not locked with a passphrase (other than the demo) is refused: its private keys
    would be readable by anyone with the laptop's files."""
    require_protected(db)
    stored = local.get(db, "keys")
    if stored:
        return Keys(**stored)
    keys = Keys.generate()
    local.put(
        db, "keys", {"signing_private": keys.signing_private, "age_identity": keys.age_identity}
    )
    return keys


def my_card(db: sqlite_utils.Database) -> Card:
    keys = ensure_keys(db)
    this_role = role(db)
    if this_role is None:
        raise CardError("This store is not set up yet: set it up as a device or head office first.")
    if this_role == "head-office":
        name = local.get(db, "organisation", "Head office")
        worker = ""
        site_id = ""
    else:
        site = sites.get_site(db, local.get(db, "site_id"))
        worker_row = sites.get_worker(db, local.get(db, "worker_id"))
        name = site["name"] if site else ""
        worker = worker_row["name"] if worker_row else ""
        site_id = site["id"] if site else ""
    return Card(
        device_id=changelog.device_id(db),
        role=this_role,
        name=name,
        worker=worker,
        site_id=site_id,
        signing_public=keys.signing_public(),
        age_recipient=keys.recipient(),
    )


def write_card(db: sqlite_utils.Database, out: Path) -> Path:
    return durable.write_atomically(out, my_card(db).to_json().encode("utf-8"))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def trust_head_office(db: sqlite_utils.Database, path: Path) -> Card:
    """A device takes head office's card: bundles go to it, updates from it are believed."""
    if role(db) != "device":
        raise CardError("Only a device (a worker's laptop) trusts a head office card.")
    card = read_card(path)
    if card.role != "head-office":
        raise CardError(f"{path.name} is a device's card, not head office's.")
    _store_card(db, card, "trusted")
    return card


def enrol_device(db: sqlite_utils.Database, card: Card) -> None:
    """Head office accepts a device: its bundles will be applied."""
    if role(db) != "head-office":
        raise CardError("Only head office enrols devices.")
    if card.role != "device":
        raise CardError("That card is head office's, not a device's.")
    if card.device_id == changelog.device_id(db):
        raise CardError("That is this store's own card.")
    _store_card(db, card, "enrolled")


def enrol_device_file(db: sqlite_utils.Database, path: Path) -> Card:
    card = read_card(path)
    enrol_device(db, card)
    return card


def note_unenrolled(db: sqlite_utils.Database, card: Card, bundle: str) -> None:
    """A bundle came from a device head office does not know: list it for approval."""
    existing = peers.get(db, card.device_id)
    if existing and existing["status"] == "enrolled":
        return
    _store_card(db, card, "pending", last_bundle_name=bundle)


def _store_card(db: sqlite_utils.Database, card: Card, status: str, **extra) -> None:
    existing = peers.get(db, card.device_id)
    if (
        existing
        and existing["signing_public"] != card.signing_public
        and existing["status"] != "pending"
    ):
        raise CardError(
            "A different card for the same store is already held; its keys do not match, "
            "so it was not accepted."
        )
    peers.put(
        db,
        card.device_id,
        {
            "role": card.role,
            "name": card.name,
            "worker": card.worker,
            "site_id": card.site_id or None,
            "signing_public": card.signing_public,
            "age_recipient": card.age_recipient,
            "status": status,
            "enrolled_at": _now() if status != "pending" else None,
            **extra,
        },
    )


def card_of(peer: dict) -> Card:
    """The card a peer's row holds."""
    return Card(
        device_id=peer["device_id"],
        role=peer["role"],
        name=peer["name"] or "",
        worker=peer["worker"] or "",
        site_id=peer["site_id"] or "",
        signing_public=peer["signing_public"],
        age_recipient=peer["age_recipient"],
    )


def approve_pending(db: sqlite_utils.Database, device_id: str) -> Card:
    """Enrol a device listed because its bundle arrived before its card was enrolled."""
    peer = peers.get(db, device_id)
    if peer is None or peer["status"] != "pending":
        raise CardError(f"No device {device_id} is waiting for approval.")
    card = card_of(peer)
    enrol_device(db, card)
    return card


def write_age_identity(db: sqlite_utils.Database, out: Path) -> Path:
    """Head office's age identity, so bundles can be read with the standard `age` tool."""
    if role(db) != "head-office":
        raise CardError("Only head office's identity opens device bundles.")
    keys = ensure_keys(db)
    text = (
        f"# CASS Desktop head office: {local.get(db, 'organisation', '')}\n"
        f"# public key: {keys.recipient()}\n{keys.age_identity}\n"
    )
    return durable.write_atomically(out, text.encode("utf-8"))
