"""The audit log: who looked at or changed whose record, when, on which laptop.

An append-only, hash-chained log (its SQL in data/audit.py; entries refused UPDATE and DELETE
in SQL). Every save of a person's records is recorded by data/ in the same transaction as the
save (`data.audit.save`); this package records the rest (a person's page shown, a letter
printed or saved, an export, an import, a backup, a restore, a subject access pack), checks
the chain (`chain.verify`), tells a person's history in words (`history`), and carries the log
to head office inside the export (`section`).

An entry holds ids, an action and field names, never a value typed about a person: the log
itself holds nothing personal beyond who worked on whose record.
"""

from __future__ import annotations

import sqlite_utils

from cass_desktop.data import audit as audit_data

VIEW = "view"
CREATE = "create"
EDIT = "edit"
IMPORTED = "imported"  # a person added from a spreadsheet (people/csv_import.py)
LETTER_PRINTED = "letter_printed"
LETTER_SAVED = "letter_saved"
LETTER_MADE = "letter_made"  # printed or saved, where the caller does not say which
EXPORT = "export"
IMPORT = "import"
BACKUP = "backup"
RESTORE = "restore"
SUBJECT_ACCESS = "subject_access"
ERASURE = "erasure"

# Every action an entry may hold, and how it reads in a person's history.
ACTIONS = {
    VIEW: "Looked at the record",
    CREATE: "Added",
    IMPORTED: "Imported from a spreadsheet",
    EDIT: "Changed",
    LETTER_PRINTED: "Printed a letter",
    LETTER_SAVED: "Saved a letter as a PDF",
    LETTER_MADE: "Printed or saved a letter",
    EXPORT: "Exported the day's work",
    IMPORT: "Imported a bundle",
    BACKUP: "Made a backup",
    RESTORE: "Restored a backup",
    SUBJECT_ACCESS: "Made a subject access pack",
    ERASURE: "Erased the record",
}

# How a record kind reads after "Added" and "Changed".
KIND_WORDS = {
    "clients": "details",
    "referrals": "a referral",
    "hearings": "a court date",
    "consents": "a consent decision",
    "contacts": "a contact note",
    "needs": "a need",
    "assessments": "an assessment",
    "followups": "a follow-up",
    "letters": "a letter",
}


def viewed(db: sqlite_utils.Database, client_id: str) -> None:
    """A person's page was shown."""
    audit_data.append(db, VIEW, "clients", client_id, client_id=client_id)


def letter(
    db: sqlite_utils.Database,
    client_id: str | None,
    *,
    how: str | None = None,
    template: str = "",
    letter_id: str | None = None,
) -> None:
    """A letter was printed (`how="printed"`), saved as a PDF (`"saved"`) or either (None);
    its template's name is the detail."""
    action = {"printed": LETTER_PRINTED, "saved": LETTER_SAVED}.get(how or "", LETTER_MADE)
    audit_data.append(
        db, action, "letters", letter_id, client_id=client_id, detail=_short(template)
    )


def event(db: sqlite_utils.Database, action: str, detail: str = "", **about: str | None) -> None:
    """Something done to the store as a whole (export, import, backup, restore) or to a person
    (subject access: `client_id=`); `detail` is short and names no one."""
    if action not in ACTIONS:
        raise ValueError(f"not an audit action: {action}")
    client_id = about.get("client_id")
    audit_data.append(
        db,
        action,
        "clients" if client_id else None,
        client_id,
        client_id=client_id,
        detail=_short(detail),
    )


def _short(text: str) -> str:
    return " ".join(str(text).split())[:200]
