"""Head office's review of what the devices sent: who has gone quiet, conflicts to choose a
value for, and people who may have been recorded twice.

Every decision is itself a change that syncs: a chosen value is saved through the change log,
and a merge is a change to the duplicate's `merged_into` field, pointing it at the record
kept. Nothing is deleted or moved, so a merge can be undone by clearing that field.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from cass_desktop.data import changelog, clients
from cass_desktop.data import review as review_data
from cass_desktop.data import sync as sync_data
from cass_desktop.people.matching import DuplicatePair, duplicate_pairs
from cass_desktop.records import vocab
from cass_desktop.records.dates import parse_date, show_datetime
from cass_desktop.records.schema import SYNCED
from cass_desktop.records.words import (
    DATE_FIELDS,
    DATETIME_FIELDS,
    FLAG_WORDS,
    LINKS,
    TABLE_WORDS,
    VOCABULARIES,
    field_words,
    short_site,
    shown,
)
from cass_desktop.sync import identity

# A device not heard from for more than this many days is pointed out.
QUIET_DAYS = 2


class ReviewError(ValueError):
    """A review action that cannot be done; the message says why in plain words."""


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _stamp(now: dt.datetime | None) -> str:
    return (now or _utc_now()).astimezone(dt.UTC).isoformat(timespec="seconds")


def _local(stamp: str) -> str:
    """A stored UTC stamp as local time, ISO 8601 to the minute."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp[:16]
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().replace(tzinfo=None).isoformat(timespec="minutes")


# -- devices -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceStatus:
    device_id: str
    status: str  # enrolled | pending
    site: str  # the site's full name
    worker: str
    fingerprint: str
    last_bundle_at: str | None  # UTC, ISO 8601
    last_bundle_name: str | None
    days_quiet: int | None  # days since the last bundle, or since enrolment when none came
    never_received: bool  # no bundle from it has been applied yet
    held_seq: int  # its last change held here
    waiting: int  # its changes waiting for an earlier bundle
    refused: int = 0  # its changes refused (and not since applied by head office)
    card_site_id: str = ""  # the court its card names (what the laptop was set up for)
    site_id: str = ""  # the court head office assigned it (empty while it waits)

    @property
    def pending(self) -> bool:
        return self.status == "pending"

    @property
    def revoked(self) -> bool:
        return self.status == "revoked"

    @property
    def quiet(self) -> bool:
        """Enrolled, and nothing received for more than QUIET_DAYS days (since it was enrolled,
        when it has sent nothing yet)."""
        enrolled = self.status == "enrolled"
        return enrolled and self.days_quiet is not None and self.days_quiet > QUIET_DAYS

    @property
    def place(self) -> str:
        return short_site(self.site) or "Unnamed device"

    def summary(self) -> str:
        """One line in words: 'Bodmin: nothing for 3 days'."""
        if self.pending:
            return f"{self.place}: waiting for approval"
        if self.revoked:
            return f"{self.place}: revoked"
        if self.quiet:
            return f"{self.place}: nothing for {self.days_quiet} days"
        if self.never_received or self.days_quiet is None:
            return f"{self.place}: nothing received yet"
        if self.days_quiet == 0:
            return f"{self.place}: last bundle today"
        if self.days_quiet == 1:
            return f"{self.place}: last bundle yesterday"
        return f"{self.place}: last bundle {self.days_quiet} days ago"


def _days_since(stamp: str | None, now: dt.datetime) -> int | None:
    """Calendar days between a UTC stamp and now, both as the local clock shows them."""
    if not stamp:
        return None
    try:
        then = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if then.tzinfo is None:
        then = then.replace(tzinfo=dt.UTC)
    return max(0, (now.astimezone().date() - then.astimezone().date()).days)


def device_statuses(
    db: sqlite_utils.Database, now: dt.datetime | None = None
) -> list[DeviceStatus]:
    """Every device enrolled or waiting for approval: waiting ones first, then by site."""
    now = now or _utc_now()
    found = []
    for row in review_data.devices(db):
        card = identity.card_of(row)
        found.append(
            DeviceStatus(
                device_id=row["device_id"],
                status=row["status"],
                site=row["site_name"] or row["name"] or "",
                worker=row["worker"] or "",
                fingerprint=card.fingerprint(),
                last_bundle_at=row["last_bundle_at"],
                last_bundle_name=row["last_bundle_name"],
                days_quiet=_days_since(row["last_bundle_at"] or row["enrolled_at"], now),
                never_received=not row["last_bundle_at"],
                held_seq=row["held_seq"] or 0,
                waiting=row["waiting"] or 0,
                refused=row["refused"] or 0,
                card_site_id=card.site_id,
                site_id=row["site_id"] or "",
            )
        )
    return found


def approve_device(
    db: sqlite_utils.Database, device_id: str, fingerprint: str, court: str | None = None
) -> DeviceStatus:
    """Enrol a device that was listed when its bundle arrived first, with the fingerprint the
    person approving checked, at the court head office chooses (by default the court of its
    list the card names). Its bundles must then be imported again: the one that arrived before
    approval was not applied."""
    identity.approve_pending(db, device_id, fingerprint, court)
    return next(s for s in device_statuses(db) if s.device_id == device_id)


# -- conflicts -----------------------------------------------------------------------------


def can_type_value(table: str, field: str) -> bool:
    """Whether a person may type a value of their own (not for links, flags or fixed lists)."""
    return field not in LINKS and field not in FLAG_WORDS and (table, field) not in VOCABULARIES


def value_from_text(table: str, field: str, text: str) -> Any:
    """A typed value as it is stored; raises ReviewError saying what is wrong."""
    if not can_type_value(table, field):
        raise ReviewError(f"{field_words(field)} can only be one of the values shown.")
    text = text.strip()
    if not text:
        return None
    if field in DATE_FIELDS:
        try:
            return parse_date(text).isoformat()
        except ValueError as exc:
            raise ReviewError(f"{field_words(field)}: {exc}.") from None
    if field in DATETIME_FIELDS:
        day, _, time = text.partition(" ")
        try:
            stored = parse_date(day).isoformat()
            if time:
                stored += "T" + dt.time.fromisoformat(time.strip()).strftime("%H:%M")
        except ValueError:
            raise ReviewError(
                f"{field_words(field)}: type a date and time like 27/11/2026 10:30."
            ) from None
        return stored
    if SYNCED[table][field][0] == "INTEGER":
        try:
            return int(text)
        except ValueError:
            raise ReviewError(f"{field_words(field)} must be a whole number.") from None
    return text


@dataclass(frozen=True)
class Choice:
    value: Any
    shown: str  # the value in words
    source: str  # where it was made: "Plymouth (Alex Carter)" or "Head office"
    when: str  # when it was made, local time, ISO 8601 to the minute
    current: bool  # the value the record shows now


@dataclass(frozen=True)
class ConflictView:
    id: int
    table: str
    row_id: str
    field: str
    record: str  # the record in words: the person's name, or what the record is
    field_label: str
    client_id: str | None  # the person to open, when the record is about one
    choices: tuple[Choice, Choice]
    can_type: bool  # another value may be typed


def _when(hlc: str) -> str:
    try:
        wall_ms = int(hlc.split("-", 1)[0])
    except ValueError:
        return ""
    moment = dt.datetime.fromtimestamp(wall_ms / 1000, dt.UTC).astimezone()
    return moment.replace(tzinfo=None).isoformat(timespec="minutes")


def _person(row: dict[str, Any], prefix: str = "") -> str:
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


def _record_words(table: str, row: dict[str, Any] | None) -> str:
    kind = TABLE_WORDS.get(table, table)
    if row is None:
        return f"{kind} (not held here)"
    if table == "clients":
        return _person(row)
    if table in ("agencies", "sites", "workers", "documents"):
        return f"{kind}: {row.get('name') or 'no name'}"
    who = _person(row, "client_")
    if table == "hearings":
        return f"Court date of {who}, {show_datetime(row.get('starts_at'))}".rstrip(", ")
    if table == "consents":
        scope = vocab.label(vocab.CONSENT_SCOPES, row.get("scope")).lower()
        return f"Consent of {who}" + (f" ({scope})" if scope else "")
    if table == "contacts":
        return f"Contact note about {who}, {show_datetime(row.get('at'))}".rstrip(", ")
    if table == "needs":
        domain = vocab.label(vocab.NEED_DOMAINS, row.get("domain"))
        return f"Need of {who}" + (f" ({domain})" if domain else "")
    if table == "followups":
        what = row.get("what") or ""
        return f"Follow-up for {who}" + (f": {what}" if what else "")
    return f"{kind} of {who}"


def value_words(db: sqlite_utils.Database, table: str, field: str, value: Any) -> str:
    """A value of a field in words, as the conflicts list shows it (a link by its name)."""
    names: dict[str, dict[str, str]] = {}
    if field in LINKS and isinstance(value, str):
        names[LINKS[field]] = review_data.names_of(db, LINKS[field], [value])
    return shown(table, field, value, names)


def records_in_words(
    db: sqlite_utils.Database, keys: list[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """Records named in words, by (table, id): a person's name and reference, a court date of
    a person ... ('(not held here)' for one head office does not hold)."""
    records = review_data.describe_records(db, keys)
    return {key: _record_words(key[0], records.get(key)) for key in keys}


def _sources(db: sqlite_utils.Database) -> dict[str, str]:
    found = {changelog.device_id(db): "Head office"}
    for row in review_data.devices(db):
        place = short_site(row["site_name"] or row["name"]) or "a device"
        found[row["device_id"]] = f"{place} ({row['worker']})" if row["worker"] else place
    return found


def _load(value_json: str | None) -> Any:
    return None if value_json is None else json.loads(value_json)


def conflicts(db: sqlite_utils.Database) -> list[ConflictView]:
    """The conflicts still to review, oldest first, described in words."""
    rows = sync_data.open_conflicts(db)
    if not rows:
        return []
    records = review_data.describe_records(db, [(r["tbl"], r["row_id"]) for r in rows])
    linked: dict[str, set[str]] = {}
    for r in rows:
        if r["field"] in LINKS:
            for raw in (r["kept_value_json"], r["other_value_json"]):
                value = _load(raw)
                if isinstance(value, str):
                    linked.setdefault(LINKS[r["field"]], set()).add(value)
    names = {table: review_data.names_of(db, table, ids) for table, ids in linked.items()}
    sources = _sources(db)
    views = []
    for r in rows:
        table, field = r["tbl"], r["field"]
        record = records.get((table, r["row_id"]))
        if table == "clients":
            client_id = r["row_id"] if record else None
        else:
            client_id = record.get("client_id") if record else None
        choices = tuple(
            Choice(
                value=_load(r[f"{side}_value_json"]),
                shown=shown(table, field, _load(r[f"{side}_value_json"]), names),
                source=sources.get(r[f"{side}_device"], "another device"),
                when=_when(r[f"{side}_hlc"]),
                current=side == "kept",
            )
            for side in ("kept", "other")
        )
        views.append(
            ConflictView(
                id=r["id"],
                table=table,
                row_id=r["row_id"],
                field=field,
                record=_record_words(table, record),
                field_label=field_words(field),
                client_id=client_id,
                choices=choices,  # type: ignore[arg-type]
                can_type=can_type_value(table, field),
            )
        )
    return views


def conflict_count(db: sqlite_utils.Database) -> int:
    return sync_data.conflict_count(db)


def resolve_conflict(
    db: sqlite_utils.Database,
    conflict_id: int,
    value: Any,
    by: str | None,
    now: dt.datetime | None = None,
) -> None:
    """Keep `value` for the conflicting field: saved through the change log, so the choice is
    itself a change that reaches the devices; the conflict (and any other still open for the
    same field of the same record) is marked resolved, with who chose and when."""
    conflict = sync_data.get_conflict(db, conflict_id)
    if conflict is None:
        raise ReviewError("That conflict is no longer held.")
    if conflict["resolved_at"]:
        raise ReviewError(
            f"That conflict was already resolved by {conflict['resolved_by'] or 'someone'} "
            f"on {show_datetime(_local(conflict['resolved_at']))}."
        )
    table, row_id, field = conflict["tbl"], conflict["row_id"], conflict["field"]
    stamp = _stamp(now)
    with db.atomic():
        changelog.save(db, table, {field: value}, row_id, always=True)
        stored = changelog.get(db, table, row_id) or {}
        value_json = None if stored.get(field) is None else json.dumps(stored[field])
        for other in sync_data.open_conflicts(db):
            if (other["tbl"], other["row_id"], other["field"]) == (table, row_id, field):
                sync_data.mark_conflict_resolved(db, other["id"], value_json, by, stamp)


# -- possible duplicates -------------------------------------------------------------------


def possible_duplicates(
    db: sqlite_utils.Database, progress: Callable[[int, int], None] | None = None
) -> list[DuplicatePair]:
    """People held who may be one person, most alike first; pairs already judged to be
    different people and people already merged are left out."""
    people = review_data.people_for_matching(db)
    skip = review_data.not_duplicate_pairs(db)
    return duplicate_pairs(people, skip=skip, progress=progress)


def _live_client(db: sqlite_utils.Database, client_id: str) -> dict[str, Any]:
    client = clients.get(db, client_id)
    if client is None or client["deleted"]:
        raise ReviewError("That person's record is not held here any more.")
    return client


def merge_people(db: sqlite_utils.Database, duplicate_id: str, kept_id: str) -> None:
    """Mark `duplicate_id` as the same person as `kept_id`: one change to its `merged_into`.

    Its own records (court dates, contacts ...) stay where they are, and its page says which
    record it was merged into; nothing is deleted, so the merge can be undone.
    """
    if duplicate_id == kept_id:
        raise ReviewError("A record cannot be merged into itself.")
    duplicate = _live_client(db, duplicate_id)
    kept = _live_client(db, kept_id)
    if duplicate["merged_into"]:
        raise ReviewError(
            f"{_person(duplicate)} is already merged into another record; undo that first."
        )
    if kept["merged_into"]:
        target = merged_target(db, kept_id)
        where = _person(target) if target else "another record"
        raise ReviewError(
            f"{_person(kept)} is itself merged into {where}: keep that record instead."
        )
    clients.update(db, duplicate_id, {"merged_into": kept_id})


def undo_merge(db: sqlite_utils.Database, client_id: str) -> None:
    """The person is a record of their own again: `merged_into` cleared (itself a change)."""
    client = _live_client(db, client_id)
    if not client["merged_into"]:
        raise ReviewError(f"{_person(client)} is not merged into anyone.")
    clients.update(db, client_id, {"merged_into": None})


def not_the_same(
    db: sqlite_utils.Database,
    first_id: str,
    second_id: str,
    by: str | None,
    now: dt.datetime | None = None,
) -> None:
    """Two people a person has judged to be different: not offered as duplicates again."""
    review_data.mark_not_duplicate(db, first_id, second_id, _stamp(now), by)


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


def person_words(row: dict[str, Any]) -> str:
    """Name and reference of a person, for lists and messages."""
    return _person(row)
