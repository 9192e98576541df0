"""A subject access pack: everything held about a person, as a readable PDF and as JSON.

One action (the person's page, or `subject-access PERSON_ID --out FOLDER`) gathers every
record about the person (and any records merged into theirs), their assessments still in
draft on this laptop, and the audit log's entries about them, and writes both files into a
new folder inside the one the worker chose. At head office, which holds every site's records
and every laptop's audit log, the pack covers every site.

The pack leaves the app on purpose, for the person: the files are written as they are (the
person must be able to open them), private to this user (0600, through app/durable.py),
only where the worker chooses, never to a temporary file. The worker is told so.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from cass_desktop import audit
from cass_desktop.app import durable
from cass_desktop.audit import history
from cass_desktop.data import access, clients
from cass_desktop.data import audit as audit_data
from cass_desktop.letters import access_pack
from cass_desktop.records import schema
from cass_desktop.records.dates import show_date
from cass_desktop.records.words import shown

FORMAT = "cass-desktop-subject-access"
VERSION = 1
# Every kind of record about a person, in the order the pack shows them, with its heading.
# tests/privacy/test_subject_access.py derives the kinds from records/schema.py: a kind added
# there fails it until it is here.
PACK_KINDS = {
    "clients": "Your details",
    "consents": "Consent decisions",
    "hearings": "Court dates",
    "contacts": "Contact notes",
    "needs": "Needs",
    "followups": "Follow-ups",
    "referrals": "Referrals to other agencies",
    "letters": "Letters made",
    "assessments": "Assessments",
}
# Fields kept out of the PDF (they are in the JSON): ids, fingerprints, and the raw JSON of
# an assessment (its answers are shown in words instead).
_NOT_SHOWN = {"sha256", "form_sha256", "scores", "bands", "flags", "needs", "answers"}


class SubjectAccessError(Exception):
    """No pack could be made; the message says why in plain words."""


@dataclass
class Pack:
    person: dict[str, Any]
    records: dict[str, list[dict[str, Any]]]
    drafts: list[dict[str, Any]]
    audit: list[dict[str, Any]]
    made_at: str
    made_by: str = ""
    sites: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "made_at": self.made_at,
            "made_by": self.made_by,
            "person_id": self.person["id"],
            "records": self.records,
            "assessment_drafts": self.drafts,
            "audit": self.audit,
        }


def gather(db: sqlite_utils.Database, client_id: str) -> Pack:
    person = clients.get(db, client_id) if client_id else None
    if person is None:
        raise SubjectAccessError(f"No one is held with the id {client_id[:64]}.")
    ids = audit_data.person_ids(db, client_id)
    records = {kind: access.about_person(db, kind, ids) for kind in PACK_KINDS}
    entries = audit_data.for_client(db, ids)
    for entry in entries:
        entry["what"] = history.what_words(entry)
    worker = audit_data.current_worker(db)
    names = access.names(db)
    return Pack(
        person=records["clients"][0] if records["clients"] else dict(person),
        records=records,
        drafts=access.drafts(db, ids),
        audit=entries,
        made_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        made_by=names["workers"].get(worker or "", ""),
    )


def _words(db: sqlite_utils.Database, pack: Pack) -> access_pack.Contents:
    """The pack as the PDF shows it: headings, and each record as labelled values in words."""
    names = access.names(db)
    sections = []
    for kind, heading in PACK_KINDS.items():
        items = []
        for row in pack.records[kind]:
            lines = []
            for name, declared in schema.fields(kind).items():
                value = row.get(name)
                if (
                    name in _NOT_SHOWN
                    or value in (None, "")
                    or (declared.kind == schema.LINK and (declared.link not in names))
                ):
                    continue
                if name == "deleted":
                    if value:
                        lines.append(("Deleted", "Yes (still held)"))
                    continue
                lines.append((declared.label or name, shown(kind, name, value, names)))
            if kind == "assessments" and row.get("answers"):
                lines.append(("Answers", _answers(row["answers"])))
            items.append(lines)
        sections.append((heading, items))
    drafts = [
        [("Form", d["form_id"]), ("Started", show_date(d["started_at"][:10]))] for d in pack.drafts
    ]
    sections.append(("Assessments not finished", drafts))
    seen = [
        (history.shown_time(e["at"]), e["worker_name"] or "unknown", e["what"]) for e in pack.audit
    ]
    person = pack.person
    return access_pack.Contents(
        name=clients.display_name(person),
        reference=person.get("reference") or "",
        made_on=pack.made_at[:10],
        sections=sections,
        history=seen,
    )


def _answers(raw: str) -> str:
    try:
        answers = json.loads(raw)
    except ValueError:
        return str(raw)
    if not isinstance(answers, dict):
        return str(answers)
    return "; ".join(f"{k}: {v}" for k, v in answers.items())


def write_pack(db: sqlite_utils.Database, client_id: str, folder: Path) -> Path:
    """Write a person's pack (subject-access.pdf and subject-access.json) into a new folder
    inside `folder`; returns the new folder. Recorded in the audit log."""
    pack = gather(db, client_id)
    contents = _words(db, pack)
    pdf = access_pack.build(contents)
    data = json.dumps(pack.as_json(), ensure_ascii=False, indent=1, default=str).encode()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = Path(folder) / f"subject-access-{contents.reference or 'person'}-{stamp}"
    try:
        if not Path(folder).is_dir():
            raise SubjectAccessError(f"The folder {folder} does not exist.")
        durable.private_dir(target)
        durable.write_atomically(target / "subject-access.pdf", pdf)
        durable.write_atomically(target / "subject-access.json", data)
    except OSError as exc:
        raise SubjectAccessError(
            f"The pack could not be written to {folder}: {exc.strerror or 'it cannot be used'}."
        ) from None
    audit.event(db, audit.SUBJECT_ACCESS, client_id=client_id)
    return target
