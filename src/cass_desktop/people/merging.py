"""Merging two records of one person, and undoing it; people judged to be different.

A merge is a change to the duplicate's `merged_into` field, pointing it at the record kept:
it syncs like any other change. Nothing is deleted or moved, so a merge can be undone by
clearing that field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from cass_desktop.data import clients, sites
from cass_desktop.data import review as review_data
from cass_desktop.records.stamps import stamp
from cass_desktop.records.words import short_site


class MergeError(ValueError):
    """A merge that cannot be done; the message says why in plain words."""


def person_words(row: dict[str, Any], prefix: str = "") -> str:
    """Name and reference of a person, for lists and messages (`prefix` for a row that holds
    the person's fields as client_given_name ...)."""
    name = clients.display_name(
        {
            "given_name": row.get(f"{prefix}given_name"),
            "family_name": row.get(f"{prefix}family_name"),
            "preferred_name": row.get(f"{prefix}preferred_name"),
        }
    )
    reference = row.get(f"{prefix}reference")
    if reference:
        return f"{name} ({reference})" if name else reference
    return name or "someone"


def _live_client(db: sqlite_utils.Database, client_id: str) -> dict[str, Any]:
    client = clients.get(db, client_id)
    if client is None or client["deleted"]:
        raise MergeError("That person's record is not held here any more.")
    return client


def merge_people(db: sqlite_utils.Database, duplicate_id: str, kept_id: str) -> None:
    """Mark `duplicate_id` as the same person as `kept_id`: one change to its `merged_into`.

    Its own records (court dates, contacts ...) stay where they are, and its page says which
    record it was merged into; nothing is deleted, so the merge can be undone.
    """
    if duplicate_id == kept_id:
        raise MergeError("A record cannot be merged into itself.")
    duplicate = _live_client(db, duplicate_id)
    kept = _live_client(db, kept_id)
    if duplicate["merged_into"]:
        raise MergeError(
            f"{person_words(duplicate)} is already merged into another record; undo that first."
        )
    if (duplicate.get("site_id") or None) != (kept.get("site_id") or None):
        # The laptop of the duplicate's court does not hold the kept record: merged, its person
        # would vanish there. Head office moves one to the other's court first.
        raise MergeError(
            f"{person_words(duplicate)} is at {_court(db, duplicate)} and "
            f"{person_words(kept)} at {_court(db, kept)}: move one person to the other's court "
            "first, then merge them, so the laptop that works with them keeps their record."
        )
    if kept["merged_into"]:
        target = merged_target(db, kept_id)
        where = person_words(target) if target else "another record"
        raise MergeError(
            f"{person_words(kept)} is itself merged into {where}: keep that record instead."
        )
    clients.update(db, duplicate_id, {"merged_into": kept_id})


def _court(db: sqlite_utils.Database, client: dict[str, Any]) -> str:
    site = sites.get_site(db, client["site_id"]) if client.get("site_id") else None
    return short_site(site["name"]) if site and site.get("name") else "no court"


def history_count(db: sqlite_utils.Database, client_id: str) -> int:
    """How many records (court dates, notes, needs, consents …) a person's record holds."""
    return review_data.history_count(db, client_id)


def undo_merge(db: sqlite_utils.Database, client_id: str) -> None:
    """The person is a record of their own again: `merged_into` cleared (itself a change)."""
    client = _live_client(db, client_id)
    if not client["merged_into"]:
        raise MergeError(f"{person_words(client)} is not merged into anyone.")
    clients.update(db, client_id, {"merged_into": None})


def not_the_same(
    db: sqlite_utils.Database,
    first_id: str,
    second_id: str,
    by: str | None,
    now: dt.datetime | None = None,
) -> None:
    """Two people a person has judged to be different: not offered as duplicates again."""
    review_data.mark_not_duplicate(db, first_id, second_id, stamp(now), by)


def merged_target(db: sqlite_utils.Database, client_id: str) -> dict[str, Any] | None:
    """The record a merged person's record now stands for, following merges of merges;
    None when the person is not merged (or the record kept is not held here)."""
    client = clients.get(db, client_id)
    seen = {client_id}
    target = None
    while client is not None and client.get("merged_into"):
        next_id = client["merged_into"]
        if next_id in seen:  # two records merged into each other on different machines
            break
        seen.add(next_id)
        client = clients.get(db, next_id)
        if client is not None:
            target = client
    return target


def merged_here(db: sqlite_utils.Database, client_id: str) -> list[dict[str, Any]]:
    """People whose records were merged into this one."""
    return review_data.merged_into_this(db, client_id)


def merged_people(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return review_data.merged_people(db)
