"""Assessments: completed ones (synced, read-only) and drafts (local to this laptop).

A completed assessment is created once and never changed: there is no update here. A
correction is a new assessment whose `corrects` names the one it corrects. A draft is the
answers so far, saved as the worker types; it stays on this laptop until it is completed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from typing import Any

import sqlite_utils

from cass_desktop.data import audit, changelog

FORM_KIND = "form"  # documents.kind of an assessment form


def create(db: sqlite_utils.Database, values: Mapping[str, Any]) -> str:
    """Store a completed assessment (JSON values given as Python values or JSON text)."""
    stored = {k: _as_json(v) if k in _JSON else v for k, v in values.items()}
    return audit.save(db, "assessments", stored)


def get(db: sqlite_utils.Database, assessment_id: str) -> dict[str, Any] | None:
    return changelog.get(db, "assessments", assessment_id)


def for_client(db: sqlite_utils.Database, client_id: str) -> list[dict[str, Any]]:
    """The person's completed assessments, oldest first, with the completing worker's name."""
    return list(
        db.query(
            "SELECT a.*, w.name AS completed_by_name FROM assessments a "
            "LEFT JOIN workers w ON w.id = a.completed_by "
            "WHERE a.client_id = ? AND a.deleted = 0 ORDER BY a.completed_at, a.created",
            [client_id],
        )
    )


def corrected_ids(db: sqlite_utils.Database, client_id: str) -> set[str]:
    """The person's assessments that a later one corrects."""
    rows = db.execute(
        "SELECT corrects FROM assessments WHERE client_id = ? AND deleted = 0 "
        "AND corrects IS NOT NULL",
        [client_id],
    ).fetchall()
    return {r[0] for r in rows}


def iter_completed(db: sqlite_utils.Database, form_id: str | None = None) -> Iterator[dict]:
    """Every completed assessment (of one form, if given), for a report: scoring columns only."""
    sql = (
        "SELECT id, client_id, form_id, form_version, form_sha256, answers, completed_at "
        "FROM assessments WHERE deleted = 0"
    )
    params: list[Any] = []
    if form_id is not None:
        sql += " AND form_id = ?"
        params.append(form_id)
    cursor = db.execute(sql + " ORDER BY completed_at", params)
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))


def form_documents(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Head office's form definitions held here (the `documents` of kind 'form')."""
    return list(
        db.query(
            "SELECT * FROM documents WHERE kind = ? AND deleted = 0 ORDER BY name, version",
            [FORM_KIND],
        )
    )


def save_form_document(db: sqlite_utils.Database, form_id: str, content: str, version: int) -> str:
    """Head office keeps a form definition to send to every laptop (one row per version)."""
    held = db.execute(
        "SELECT id FROM documents WHERE kind = ? AND name = ? AND version = ? AND deleted = 0",
        [FORM_KIND, form_id, version],
    ).fetchone()
    values = {"kind": FORM_KIND, "name": form_id, "content": content, "version": version}
    return changelog.save(db, "documents", values, held[0] if held else None)


# -- drafts (local) ---------------------------------------------------------------------------


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def new_draft(
    db: sqlite_utils.Database,
    client_id: str,
    form_id: str,
    form_version: int,
    *,
    worker_id: str | None = None,
    corrects: str | None = None,
    answers: Mapping[str, Any] | None = None,
) -> str:
    draft_id = changelog.new_id()
    now = _now()
    with db.atomic():
        db.execute(
            "INSERT INTO assessment_drafts (id, client_id, form_id, form_version, answers, "
            "corrects, worker_id, started_at, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                draft_id,
                client_id,
                form_id,
                form_version,
                _as_json(dict(answers or {})),
                corrects,
                worker_id,
                now,
                now,
            ],
        )
    return draft_id


def save_draft(db: sqlite_utils.Database, draft_id: str, answers: Mapping[str, Any]) -> None:
    with db.atomic():
        db.execute(
            "UPDATE assessment_drafts SET answers = ?, saved_at = ? WHERE id = ?",
            [_as_json(dict(answers)), _now(), draft_id],
        )


def get_draft(db: sqlite_utils.Database, draft_id: str) -> dict[str, Any] | None:
    cursor = db.execute("SELECT * FROM assessment_drafts WHERE id = ?", [draft_id])
    row = cursor.fetchone()
    if row is None:
        return None
    found = dict(zip([d[0] for d in cursor.description], row, strict=True))
    found["answers"] = json.loads(found["answers"] or "{}")
    return found


def drafts_for_client(db: sqlite_utils.Database, client_id: str) -> list[dict[str, Any]]:
    cursor = db.execute(
        "SELECT id, form_id, form_version, started_at, saved_at, corrects, worker_id "
        "FROM assessment_drafts WHERE client_id = ? ORDER BY saved_at DESC",
        [client_id],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def delete_draft(db: sqlite_utils.Database, draft_id: str) -> None:
    with db.atomic():
        db.execute("DELETE FROM assessment_drafts WHERE id = ?", [draft_id])


_JSON = ("answers", "scores", "bands", "flags", "needs")


def _as_json(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
