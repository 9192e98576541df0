"""Conflicts for head office to choose a value for, described in words, and resolving them;
and records and values in words, as head office's lists show them."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from cass_desktop.data import changelog
from cass_desktop.data import review as review_data
from cass_desktop.data import sync as sync_data
from cass_desktop.headoffice import ReviewError
from cass_desktop.people.merging import person_words
from cass_desktop.records import vocab
from cass_desktop.records.dates import parse_date, show_datetime
from cass_desktop.records.schema import SYNCED
from cass_desktop.records.stamps import load as _load
from cass_desktop.records.stamps import local as _local
from cass_desktop.records.stamps import stamp as _stamp
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


def _record_words(table: str, row: dict[str, Any] | None) -> str:
    kind = TABLE_WORDS.get(table, table)
    if row is None:
        return f"{kind} (not held here)"
    if table == "clients":
        return person_words(row)
    if table in ("agencies", "sites", "workers", "documents"):
        return f"{kind}: {row.get('name') or 'no name'}"
    who = person_words(row, "client_")
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


# Characters of a value shown in a list of refusals or proposals.
_LONGEST_SHOWN = 300


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _LONGEST_SHOWN else text[: _LONGEST_SHOWN - 1] + "…"


def device_places(db: sqlite_utils.Database) -> dict[str, str]:
    """Each device by id, as people know it: "Truro's laptop (Morwenna Pascoe)" (the court head
    office assigned it and its worker; the start of its id too when that names two)."""
    found = {changelog.device_id(db): "Head office"}
    found.update(identity.laptop_names(db))
    return found


def short_value_words(db: sqlite_utils.Database, table: str, field: str, value: Any) -> str:
    """A value in words, on one line and cut short, for lists of refusals and proposals."""
    return _short(value_words(db, table, field, value))
