"""This store's role, keys and card, and the cards of the stores it trusts."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from cass_desktop.app import durable
from cass_desktop.data import StoreError, changelog, local, peers, sites
from cass_desktop.data.store import is_protected
from cass_desktop.records.words import short_site
from cass_desktop.sync.keys import ROLES as ROLES
from cass_desktop.sync.keys import (
    Card,
    CardError,
    Keys,
    card_from_body,
    read_card,
    same_fingerprint,
)


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
    if local.is_demo(db):
        raise CardError(
            "This store holds demo data (made-up people), so it has no card for head office: "
            "set up a store for your court to exchange cards."
        )
    keys = ensure_keys(db)
    this_role = role(db)
    if this_role is None:
        raise CardError("This store is not set up yet: set it up as a device or head office first.")
    worker_id = ""
    if this_role == "head-office":
        name = local.get(db, "organisation", "Head office")
        worker = ""
        site_id = ""
    else:
        site = sites.get_site(db, local.get(db, "site_id"))
        worker_row = sites.get_worker(db, local.get(db, "worker_id"))
        name = site["name"] if site else ""
        worker = worker_row["name"] if worker_row else ""
        worker_id = worker_row["id"] if worker_row else ""
        site_id = site["id"] if site else ""
    return Card(
        device_id=changelog.device_id(db),
        role=this_role,
        name=name,
        worker=worker,
        site_id=site_id,
        signing_public=keys.signing_public(),
        age_recipient=keys.recipient(),
        worker_id=worker_id,
    )


def write_card(db: sqlite_utils.Database, out: Path) -> Path:
    return durable.write_atomically(out, my_card(db).to_json().encode("utf-8"))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def laptop_words(court: str | None, worker: str | None, short_id: str = "") -> str:
    """A laptop as people know it: its court and its worker, "Bodmin's laptop (Jo Pengelly)",
    with the start of its id when that alone would name two ("(Jo Pengelly, 31aa2f)")."""
    place = short_site(court) if court else ""
    who = ", ".join(w for w in ((worker or "").strip(), short_id) if w)
    name = f"{place}'s laptop" if place else "A laptop"
    return f"{name} ({who})" if who else name


def laptop_names(db: sqlite_utils.Database) -> dict[str, str]:
    """Every device this store knows, by id, named by laptop_words: by the court head office
    assigned it (else the one its card names) and its worker, and by the first six characters
    of its id when two would otherwise read the same."""
    devices = peers.all_peers(db, "device")
    courts = {s["id"]: s["name"] for s in sites.list_sites(db)}
    plain = {
        d["device_id"]: laptop_words(courts.get(d.get("site_id") or "") or d["name"], d["worker"])
        for d in devices
    }
    seen: dict[str, int] = {}
    for words in plain.values():
        seen[words] = seen.get(words, 0) + 1
    named = {}
    for d in devices:
        device_id = d["device_id"]
        if seen[plain[device_id]] > 1:
            court = courts.get(d.get("site_id") or "") or d["name"]
            named[device_id] = laptop_words(court, d["worker"], device_id[:6])
        else:
            named[device_id] = plain[device_id]
    return named


def laptop_name(db: sqlite_utils.Database, device_id: str) -> str:
    """One device named as laptop_names names it."""
    return laptop_names(db).get(device_id) or "A laptop"


def _place(card: Card) -> str:
    return f"{card.name}'s laptop" if card.name else "this laptop"


def _first_up(text: str) -> str:
    return text[:1].upper() + text[1:]


def _different(card: Card, held: Card, waiting: bool) -> CardError:
    what = ", ".join(held.differences(card))
    if waiting:
        return CardError(
            f"A different card for {_place(held)} is already waiting for approval (it differs "
            f"in: {what}), so this one was not accepted; reject the waiting one first if this "
            "one is right."
        )
    return CardError(
        f"A different card for {_place(held)} is already enrolled (it differs in: {what}), "
        "so it was not accepted."
    )


def _legacy_same_keys(peer: dict, card: Card) -> bool:
    """A peer enrolled before cards were kept whole (no `card_json`), presenting a card with
    the very keys it was enrolled with: its full card is taken, its court kept."""
    return (
        not peer.get("card_json")
        and peer["signing_public"] == card.signing_public
        and peer["age_recipient"] == card.age_recipient
        and peer["role"] == card.role
    )


def trust_head_office(
    db: sqlite_utils.Database, path: Path, fingerprint: str | None = None
) -> Card:
    """A device takes head office's card: bundles go to it, updates from it are believed.
    With `fingerprint` (the one head office read out), a card with another is refused."""
    if role(db) != "device":
        raise CardError("Only a device (a worker's laptop) trusts a head office card.")
    card = read_card(path)
    if card.role != "head-office":
        raise CardError(f"{path.name} is a device's card, not head office's.")
    if fingerprint is not None and not same_fingerprint(fingerprint, card.fingerprint()):
        raise CardError(
            f"The fingerprint given is not that of {path.name}, so it was not trusted; check "
            "it with head office again."
        )
    existing = peers.get(db, card.device_id)
    if existing is not None and not _legacy_same_keys(existing, card):
        held = card_of(existing)
        if held != card:
            raise CardError(
                f"A different card for {held.name or 'head office'} is already trusted (it "
                f"differs in: {', '.join(held.differences(card))}), so {path.name} was not "
                "accepted."
            )
        return card
    _store_card(db, card, "trusted", site_id=None)
    return card


@dataclass(frozen=True)
class Enrolment:
    """A device enrolled at head office: its card, and the court head office assigned."""

    card: Card
    court: dict  # head office's site record of the court assigned
    claimed: str  # the court the card names (what the laptop was set up for)

    @property
    def claim_differs(self) -> bool:
        return self.card.site_id != self.court["id"]

    def note(self) -> str:
        """A plain sentence when the card names another court than the one assigned."""
        if not self.claim_differs:
            return ""
        claimed = self.claimed or "no court"
        return (
            f"The card says the laptop is at {claimed}, but head office assigned it to "
            f"{self.court['name']}."
        )


def court_for(db: sqlite_utils.Database, card: Card, wanted: str | None = None) -> dict:
    """The court to assign a device: `wanted` (a site id, name or code from head office's
    list), or else the court of head office's list whose id is the card's. Never a court
    head office does not hold."""
    if wanted:
        court = sites.get_site(db, wanted) or sites.find_site(db, wanted)
        if court is None or court["deleted"]:
            court = _court_by_short_name_or_id(db, wanted)
        return court
    court = sites.get_site(db, card.site_id) if card.site_id else None
    if court is None or court["deleted"]:
        named = card.name or "the court this laptop was set up for"
        raise CardError(
            f"{named} is not in head office's list of courts: choose the laptop's court, "
            "or add the court to the list first."
        )
    return court


def _court_by_short_name_or_id(db: sqlite_utils.Database, wanted: str) -> dict:
    """A court of head office's list by the name people use ('Bodmin' for Bodmin
    Magistrates' Court) or the first characters of its id (at least four), when only one
    court has it."""
    text = " ".join(wanted.split()).casefold()
    held = [s for s in sites.list_sites(db) if not s["deleted"]]
    found = [s for s in held if short_site(s["name"]).casefold() == text]
    if not found and len(text) >= 4:
        found = [s for s in held if s["id"].casefold().startswith(text)]
    if len(found) == 1:
        return found[0]
    if found:
        names = ", ".join(s["name"] for s in found)
        raise CardError(f"More than one court is called {wanted} ({names}): give its full name.")
    raise CardError(f"Head office has no court called {wanted} in its list of courts.")


def enrol_device(db: sqlite_utils.Database, card: Card, court: str | None = None) -> Enrolment:
    """Head office accepts a device: its bundles will be applied, within what its court allows.

    The court is head office's choice (`court`, or by default the court of head office's list
    whose id is the card's); the card only says what the laptop was set up with. Head office
    records the laptop's worker as its own change, so the laptop's own record of them is an
    echo. A card for a device already enrolled (or waiting) that differs in anything is
    refused.
    """
    if role(db) != "head-office":
        raise CardError("Only head office enrols devices.")
    if card.role != "device":
        raise CardError("That card is head office's, not a device's.")
    if card.device_id == changelog.device_id(db):
        raise CardError("That is this store's own card.")
    existing = peers.get(db, card.device_id)
    if existing is not None:
        held = card_of(existing)
        if existing["status"] == "revoked":
            raise CardError(
                f"Head office revoked {_place(held)}; a revoked laptop cannot be enrolled again."
            )
        if existing["status"] == "enrolled" and _legacy_same_keys(existing, card):
            peers.put(db, card.device_id, {"card_json": card.canonical().decode()})
            held = card
        if held != card:
            raise _different(card, held, existing["status"] == "pending")
        if existing["status"] == "enrolled":
            assigned = sites.get_site(db, existing["site_id"]) if existing["site_id"] else None
            if court and (assigned is None or court_for(db, card, court)["id"] != assigned["id"]):
                raise CardError(f"{_first_up(_place(held))} is already enrolled at another court.")
            return Enrolment(card, assigned or {"id": "", "name": ""}, card.name)
    chosen = court_for(db, card, court)
    with db.atomic():
        _store_card(db, card, "enrolled", site_id=chosen["id"])
        if card.worker_id and card.worker:
            sites.create_worker(db, {"name": card.worker, "site_id": chosen["id"]}, card.worker_id)
    return Enrolment(card, chosen, card.name)


def enrol_device_file(db: sqlite_utils.Database, path: Path, court: str | None = None) -> Enrolment:
    return enrol_device(db, read_card(path), court)


def note_unenrolled(db: sqlite_utils.Database, card: Card, bundle: str) -> None:
    """A bundle came from a device head office does not know: list it for approval.

    A device already waiting keeps the card it first came with: a later bundle with another
    card (other keys, another court) is refused, never taken in its place.
    """
    existing = peers.get(db, card.device_id)
    if existing and existing["status"] == "enrolled":
        return
    if existing and existing["status"] == "revoked":
        raise CardError("it comes from a laptop head office has revoked.")
    if existing:
        held = card_of(existing)
        if held != card:
            raise CardError(
                f"a different card for {_place(held)} is already waiting for approval, and it "
                "was not replaced."
            )
        peers.put(db, card.device_id, {"last_bundle_name": bundle})
        return
    _store_card(db, card, "pending", site_id=None, last_bundle_name=bundle)


def _store_card(
    db: sqlite_utils.Database, card: Card, status: str, *, site_id: str | None, **extra
) -> None:
    peers.put(
        db,
        card.device_id,
        {
            "role": card.role,
            "name": card.name,
            "worker": card.worker,
            "site_id": site_id,
            "signing_public": card.signing_public,
            "age_recipient": card.age_recipient,
            "card_json": card.canonical().decode(),
            "status": status,
            "enrolled_at": _now() if status != "pending" else None,
            **extra,
        },
    )


def card_of(peer: dict) -> Card:
    """The card a peer's row holds, exactly as it was presented."""
    if peer.get("card_json"):
        return card_from_body(json.loads(peer["card_json"]), "The card held")
    return Card(
        device_id=peer["device_id"],
        role=peer["role"],
        name=peer["name"] or "",
        worker=peer["worker"] or "",
        site_id=peer["site_id"] or "",
        signing_public=peer["signing_public"],
        age_recipient=peer["age_recipient"],
    )


def approve_pending(
    db: sqlite_utils.Database, device_id: str, fingerprint: str, court: str | None = None
) -> Enrolment:
    """Enrol a device listed because its bundle arrived before its card was enrolled.

    `fingerprint` is the one the person approving checked with the worker: a device is only
    approved together with its fingerprint, and a different one is refused.
    """
    peer = peers.get(db, device_id)
    if peer is None or peer["status"] != "pending":
        raise CardError(f"No device {device_id} is waiting for approval.")
    card = card_of(peer)
    if not same_fingerprint(fingerprint, card.fingerprint()):
        raise CardError(
            f"That is not the fingerprint of {_place(card)} waiting for approval, so it was "
            "not approved."
        )
    return enrol_device(db, card, court)


def reject_pending(db: sqlite_utils.Database, device_id: str) -> Card:
    """Forget a device waiting for approval (a card that did not match, say)."""
    peer = peers.get(db, device_id)
    if peer is None or peer["status"] != "pending":
        raise CardError(f"No device {device_id} is waiting for approval.")
    peers.forget(db, device_id)
    return card_of(peer)


def revoke_device(db: sqlite_utils.Database, device_id: str) -> Card:
    """Stop trusting an enrolled device (lost, stolen, compromised): its later bundles are
    refused whole, and no update is written for it."""
    if role(db) != "head-office":
        raise CardError("Only head office revokes devices.")
    peer = peers.get(db, device_id)
    if peer is None or peer["role"] != "device":
        raise CardError(f"No device has the id {device_id}.")
    if peer["status"] == "revoked":
        raise CardError(f"{_first_up(_place(card_of(peer)))} is already revoked.")
    peers.revoke(db, device_id, _now())
    return card_of(peer)


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
