"""Setting a store up for a court: its site and the worker using it."""

from __future__ import annotations

import re

import sqlite_utils

from cass_desktop.data import local, sites
from cass_desktop.data.store import is_protected

# Courts the service is known to work at, with the codes that prefix client references.
KNOWN_COURTS = {
    "Plymouth Magistrates' Court": "PLY",
    "Bodmin Magistrates' Court": "BOD",
    "Truro Magistrates' Court": "TRU",
}


class SetupError(ValueError):
    """Set-up details that cannot be used; the message says what to change."""


def site_code(name: str) -> str:
    """Three letters for a site's client references: PLY for Plymouth Magistrates' Court."""
    if name in KNOWN_COURTS:
        return KNOWN_COURTS[name]
    letters = re.sub(r"[^A-Za-z]", "", name)
    return (letters[:3] or "CAS").upper().ljust(3, "X")


def court_record(name: str) -> dict[str, str]:
    """What a court's (or drop-in's) site record holds when it is first made, the same on a
    laptop set up for it and at head office, so that a laptop's own record of its court
    restates exactly what head office holds."""
    name = " ".join(name.split())
    kind = "court" if "court" in name.lower() else "drop_in"
    return {"name": name, "code": site_code(name), "kind": kind}


def role(db: sqlite_utils.Database) -> str | None:
    """This store's role, as `sync.identity.role` (read here: sync's keys and cards are not
    imported at start-up)."""
    return local.get(db, "role")


def _ensure_keys(db: sqlite_utils.Database) -> None:
    from cass_desktop.sync.identity import ensure_keys  # (sync's keys: not at start-up)

    ensure_keys(db)


def is_set_up(db: sqlite_utils.Database) -> bool:
    if role(db) == "head-office":
        return True
    return bool(local.get(db, "site_id")) and bool(local.get(db, "worker_id"))


NEEDS_PASSPHRASE = (
    "Choose a passphrase first: a store is set up only once it is locked, so people's "
    "records are never kept on the laptop in the clear."
)


def _check_protected(db: sqlite_utils.Database) -> None:
    """Every store but the demo store is locked before it is set up."""
    if not is_protected(db) and not local.is_demo(db):
        raise SetupError(NEEDS_PASSPHRASE)


def _check_role(db: sqlite_utils.Database, wanted: str) -> None:
    current = role(db)
    if current is not None and current != wanted:
        held = "head office" if current == "head-office" else "a device"
        raise SetupError(
            f"This store is already set up as {held}; a store keeps the role it was set up with."
        )


def set_up_device(db: sqlite_utils.Database, site_name: str, worker_name: str) -> tuple[str, str]:
    """Make (or find) the site and the worker, and remember them as this laptop's.

    Returns (site id, worker id).
    """
    site_name = " ".join(site_name.split())
    worker_name = " ".join(worker_name.split())
    if not site_name:
        raise SetupError("Enter the court or drop-in you work at.")
    if not worker_name:
        raise SetupError("Enter your name, as it should appear on letters.")
    _check_protected(db)
    _check_role(db, "device")
    with db.atomic():
        # A court's id follows from its name, so head office's record of it has the same id.
        site_id = sites.site_id_for(site_name)
        site = sites.get_site(db, site_id) or sites.find_site(db, site_name)
        if site is None:
            site_id = sites.create_site(db, court_record(site_name), site_id)
        else:
            site_id = site["id"]
        worker = next(
            (
                w
                for w in sites.list_workers(db, site_id)
                if w["name"].casefold() == worker_name.casefold()
            ),
            None,
        )
        worker_id = (
            worker["id"]
            if worker
            else sites.create_worker(db, {"name": worker_name, "site_id": site_id})
        )
        local.put(db, "role", "device")
        local.put(db, "site_id", site_id)
        local.put(db, "worker_id", worker_id)
        _ensure_keys(db)
    return site_id, worker_id


def set_up_head_office(db: sqlite_utils.Database, name: str) -> None:
    """Make this store head office: it enrols devices, merges their exports, sends updates.

    Head office keeps the list of courts laptops are assigned to, starting with the courts the
    service is known to work at (KNOWN_COURTS); `add_court` adds more.
    """
    name = " ".join(name.split())
    if not name:
        raise SetupError("Enter the organisation's name.")
    _check_protected(db)
    _check_role(db, "head-office")
    with db.atomic():
        local.put(db, "role", "head-office")
        local.put(db, "organisation", name)
        _ensure_keys(db)
        for court in KNOWN_COURTS:
            if sites.get_site(db, sites.site_id_for(court)) is None:
                sites.create_site(db, court_record(court), sites.site_id_for(court))


def add_court(db: sqlite_utils.Database, name: str) -> str:
    """Head office adds a court or drop-in to its list, so laptops there can be enrolled.

    Returns its site id (the same id a laptop set up for it made).
    """
    if role(db) != "head-office":
        raise SetupError("Only head office keeps the list of courts.")
    name = " ".join(name.split())
    if not name:
        raise SetupError("Enter the court's or drop-in's name.")
    if len(name) > 200:
        raise SetupError("That name is too long for a court or drop-in.")
    site_id = sites.site_id_for(name)
    with db.atomic():
        held = sites.get_site(db, site_id)
        if held is not None and not held["deleted"]:
            raise SetupError(f"{held['name']} is already in head office's list of courts.")
        if held is not None:
            sites.update_site(db, site_id, {"deleted": 0})
        else:
            sites.create_site(db, court_record(name), site_id)
    return site_id


def courts(db: sqlite_utils.Database) -> list[dict]:
    """Head office's list of courts and drop-ins, by name."""
    return sites.list_sites(db)
