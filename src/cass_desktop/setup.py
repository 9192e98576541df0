"""Setting a store up for a court: its site and the worker using it."""

from __future__ import annotations

import re

import sqlite_utils

from cass_desktop.data import local, sites
from cass_desktop.data.store import is_protected
from cass_desktop.sync.identity import ensure_keys, role

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
        site = sites.find_site(db, site_name)
        if site is None:
            kind = "court" if "court" in site_name.lower() else "drop_in"
            site_id = sites.create_site(
                db, {"name": site_name, "code": site_code(site_name), "kind": kind}
            )
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
        ensure_keys(db)
    return site_id, worker_id


def set_up_head_office(db: sqlite_utils.Database, name: str) -> None:
    """Make this store head office: it enrols devices, merges their exports, sends updates."""
    name = " ".join(name.split())
    if not name:
        raise SetupError("Enter the organisation's name.")
    _check_protected(db)
    _check_role(db, "head-office")
    with db.atomic():
        local.put(db, "role", "head-office")
        local.put(db, "organisation", name)
        ensure_keys(db)
