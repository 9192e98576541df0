"""Importing an agency directory from a CSV file: read, preview, then apply on confirmation.

The file's first row names its columns (``Name``, ``Needs``, ``Areas``, ``Phone`` ...; common
variants such as ``Agency`` or ``Phone number`` are understood). Each row becomes an agency
that is *added* (a new name), *updated* (the name matches an agency already held; only the
fields that differ change), *unchanged*, or *rejected* with the reason in plain words.
Nothing is written until `apply` is called. Reading the file and checking each row is
csv_rows.py's; see docs/agency-csv.md for the format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils
from rapidfuzz import fuzz, process

from cass_desktop.agencies.csv_rows import (
    FIELD_LABELS,
    ParsedFile,
    clean_text,
    normalise_areas,
    normalise_name,
    parse_domains,
    read_csv,
)
from cass_desktop.data import agencies

ADDED = "added"
UPDATED = "updated"
UNCHANGED = "unchanged"
REJECTED = "rejected"


# -- Comparing with the directory --------------------------------------------------------------


@dataclass(frozen=True)
class RowPlan:
    """What importing one row would do."""

    number: int
    name: str
    status: str  # ADDED | UPDATED | UNCHANGED | REJECTED
    values: dict[str, Any] = field(default_factory=dict)  # for ADDED: all; UPDATED: changes
    agency_id: str | None = None
    reason: str = ""

    @property
    def changed_fields(self) -> list[str]:
        return [f for f in FIELD_LABELS if f in self.values] if self.status == UPDATED else []

    @property
    def details(self) -> str:
        """The reason a row is rejected, or the fields an update changes, in words."""
        if self.status == REJECTED:
            return self.reason
        if self.status == UPDATED:
            return "changes " + ", ".join(FIELD_LABELS[f].lower() for f in self.changed_fields)
        if self.status == UNCHANGED:
            return self.reason or "already in the directory as it is"
        return ""

    @property
    def message(self) -> str:
        """'row 7: no agency name' and the like."""
        return f"row {self.number}: {self.details}" if self.details else f"row {self.number}"


@dataclass(frozen=True)
class Preview:
    parsed: ParsedFile
    rows: tuple[RowPlan, ...]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {s: self.count(s) for s in (ADDED, UPDATED, UNCHANGED, REJECTED)}

    @property
    def will_change(self) -> bool:
        return any(r.status in (ADDED, UPDATED) for r in self.rows)

    @property
    def rejected(self) -> list[RowPlan]:
        return [r for r in self.rows if r.status == REJECTED]


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int
    rejected: int
    added_ids: tuple[str, ...] = ()


def _same(fld: str, held: Any, new: Any) -> bool:
    if fld == "domains":
        return set(parse_domains(held or "")[0]) == set(parse_domains(new or "")[0])
    if fld == "areas":
        return normalise_areas(held).casefold() == normalise_areas(new).casefold()
    if fld == "active":
        return int(held if held is not None else 1) == int(new)
    return clean_text(None if held is None else str(held)) == clean_text(str(new))


class _NearNames:
    """Names an agency may already be held under: the same words with one more or fewer at
    the end (Tamar Housing Advice, Tamar Housing Advice Centre), or a slip or two of typing."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}  # normalised -> as written
        self.leading: dict[str, str] = {}  # a name's first words (two or more) -> as written

    def add(self, name: str) -> None:
        key = normalise_name(name)
        self.names.setdefault(key, name)
        words = key.split()
        for k in range(2, len(words)):
            self.leading.setdefault(" ".join(words[:k]), name)

    def like(self, name: str) -> str | None:
        key = normalise_name(name)
        if key in self.leading:
            return self.leading[key]
        words = key.split()
        for k in range(len(words) - 1, 1, -1):
            found = self.names.get(" ".join(words[:k]))
            if found is not None:
                return found
        if len(key) >= 8 and self.names:
            best = process.extractOne(key, self.names.keys(), scorer=fuzz.ratio, score_cutoff=92)
            if best is not None:
                return self.names[best[0]]
        return None


def plan(db: sqlite_utils.Database, parsed: ParsedFile) -> Preview:
    """Compare each row of a parsed file with the directory held now. Writes nothing."""
    held: dict[str, dict[str, Any]] = {}
    near = _NearNames()
    for agency in agencies.list_all(db):
        held.setdefault(normalise_name(agency["name"] or ""), agency)
        near.add(agency["name"] or "")
    in_file = _NearNames()
    seen: dict[str, int] = {}
    rows: list[RowPlan] = []
    for row in parsed.rows:
        if row.problems:
            rows.append(RowPlan(row.number, row.name, REJECTED, reason="; ".join(row.problems)))
            continue
        key = normalise_name(row.name)
        if key in seen:
            rows.append(
                RowPlan(row.number, row.name, REJECTED, reason=f"same agency as row {seen[key]}")
            )
            continue
        seen[key] = row.number
        current = held.get(key)
        if current is None and (like := near.like(row.name) or in_file.like(row.name)):
            where = "already in the directory" if near.like(row.name) else "earlier in this file"
            rows.append(
                RowPlan(
                    row.number,
                    row.name,
                    REJECTED,
                    reason=(
                        f"possible duplicate of {like}, {where}: if it is the same agency, "
                        "use that name to update it; if it is another, add it with Add agency"
                    ),
                )
            )
            continue
        in_file.add(row.name)
        if current is None:
            values = dict(row.values)
            values.setdefault("active", 1)
            rows.append(RowPlan(row.number, row.name, ADDED, values))
            continue
        changes = {
            f: v for f, v in row.values.items() if f != "name" and not _same(f, current.get(f), v)
        }
        if changes:
            rows.append(RowPlan(row.number, row.name, UPDATED, changes, current["id"]))
        else:
            rows.append(RowPlan(row.number, row.name, UNCHANGED, agency_id=current["id"]))
    return Preview(parsed, tuple(rows))


def preview(
    db: sqlite_utils.Database,
    path: Path | str,
    *,
    progress: Callable[[int, int, str], None] | None = None,
) -> Preview:
    """Read a CSV file and say what importing it would do. Writes nothing."""
    return plan(db, read_csv(path, progress=progress))


def apply(db: sqlite_utils.Database, preview: Preview) -> ImportResult:
    """Write the adds and updates of a previewed file, all in one transaction.

    The rows are compared with the directory again first, so an agency added since the
    preview is updated rather than added twice.
    """
    fresh = plan(db, preview.parsed)
    new = [r.values for r in fresh.rows if r.status == ADDED]
    changes = [(r.agency_id, r.values) for r in fresh.rows if r.status == UPDATED and r.agency_id]
    ids = agencies.save_import(db, new, changes)
    return ImportResult(
        added=len(new),
        updated=len(changes),
        unchanged=fresh.count(UNCHANGED),
        rejected=fresh.count(REJECTED),
        added_ids=tuple(ids),
    )
