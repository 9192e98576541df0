"""The synced tables and their fields: the one list the store, the change log and sync share.

Each synced table also has `id` (a UUID made where the record was created), `created` and
`updated` (clocks, kept by the change log) and `deleted` (a field like any other).

Each field is declared once here with its kind: the SQL type and default the store needs, and
what any value of it may be (its size, its vocabulary, the table it links to), so that a value
arriving from outside can be checked before it is stored. Vocabularies are named here and
held, with the words shown for them, in `cass_desktop.records.vocab`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

# What a field holds. The SQL type follows from the kind.
TEXT = "text"  # one line
LONG_TEXT = "long_text"  # may hold line breaks
DATE = "date"  # 2026-11-27
DATETIME = "datetime"  # 2026-11-27T10:00, seconds and a UTC offset allowed
FLAG = "flag"  # 0 or 1
NUMBER = "number"  # a whole number from `low` to `high`
CHOICE = "choice"  # one key of the vocabulary `vocab`
CHOICES = "choices"  # comma-separated keys of the vocabulary `vocab`
LINK = "link"  # the id of a record in the table `link`
HASH = "hash"  # 64 hex characters (a SHA-256)
DOCUMENT = "document"  # a template or form definition sent by head office

KINDS = (TEXT, LONG_TEXT, DATE, DATETIME, FLAG, NUMBER, CHOICE, CHOICES, LINK, HASH, DOCUMENT)
_INTEGER_KINDS = (FLAG, NUMBER)

# The longest value of each kind, in characters, unless a field says otherwise.
DEFAULT_SIZE = {TEXT: 200, LONG_TEXT: 10_000, CHOICES: 500, DOCUMENT: 512 * 1024}


class Field(NamedTuple):
    """One synced field. `sql` and `default` come first, so `field[0]` is its SQL type."""

    sql: str
    default: Any
    kind: str
    size: int | None = None  # longest text; None: DEFAULT_SIZE for the kind
    vocab: str | None = None  # CHOICE and CHOICES: the vocabulary's name in records/vocab.py
    link: str | None = None  # LINK: the table linked to
    low: int | None = None  # NUMBER: the smallest value
    high: int | None = None  # NUMBER: the largest value

    @property
    def max_chars(self) -> int | None:
        return self.size if self.size is not None else DEFAULT_SIZE.get(self.kind)


def _f(kind: str, default: Any = None, **spec: Any) -> Field:
    return Field("INTEGER" if kind in _INTEGER_KINDS else "TEXT", default, kind, **spec)


def text(size: int | None = None) -> Field:
    return _f(TEXT, size=size)


def long_text(size: int | None = None) -> Field:
    return _f(LONG_TEXT, size=size)


def choice(vocab: str, default: str | None = None) -> Field:
    return _f(CHOICE, default, vocab=vocab)


def choices(vocab: str) -> Field:
    return _f(CHOICES, vocab=vocab)


def link(table: str) -> Field:
    return _f(LINK, link=table)


def flag(default: int = 0) -> Field:
    return _f(FLAG, default)


def number(low: int, high: int, default: int | None = None) -> Field:
    return _f(NUMBER, default, low=low, high=high)


DELETED = flag(0)

SYNCED: dict[str, dict[str, Field]] = {
    "sites": {
        "name": text(),
        "code": text(8),  # three letters, prefixes client references: PLY, BOD, TRU
        "kind": choice("SITE_KINDS", "court"),
        "address": long_text(1000),
        "phone": text(40),
        "deleted": DELETED,
    },
    "workers": {
        "name": text(),
        "site_id": link("sites"),
        "email": text(),
        "phone": text(40),
        "deleted": DELETED,
    },
    "clients": {
        "reference": text(32),
        "given_name": text(100),
        "family_name": text(100),
        "preferred_name": text(100),
        "date_of_birth": _f(DATE),
        "gender": text(100),
        "ethnicity": text(),
        "address": long_text(1000),
        "postcode": text(16),
        "phone": text(40),
        "email": text(),
        "preferred_contact": choice("CONTACT_METHODS"),
        "communication_needs": long_text(2000),
        "interpreter_language": text(100),
        "status": choice("CLIENT_STATUSES", "open"),
        "opened_on": _f(DATE),
        "closed_on": _f(DATE),
        "keyworker_id": link("workers"),
        "site_id": link("sites"),
        "risk_flags": long_text(4000),
        # Set when head office finds this is the same person as another record: points at
        # the record kept. Nothing is deleted, so the merge can be undone.
        "merged_into": link("clients"),
        "deleted": DELETED,
    },
    "consents": {
        "client_id": link("clients"),
        "scope": choice("CONSENT_SCOPES"),  # hold | share
        "agency_id": link("agencies"),  # share with a named agency ...
        "agency_kind": choice("NEED_DOMAINS"),  # ... or with a kind of agency (a need domain)
        "decision": choice("CONSENT_DECISIONS"),  # given | refused | withdrawn
        "decided_on": _f(DATE),
        "how_recorded": choice("CONSENT_HOW"),  # verbal | signed form | ...
        "recorded_by": link("workers"),
        "notes": long_text(),
        "deleted": DELETED,
    },
    "hearings": {
        "client_id": link("clients"),
        "court_id": link("sites"),
        "starts_at": _f(DATETIME),  # local date and time, ISO 8601: 2026-11-27T10:00
        "courtroom": text(100),
        "case_number": text(64),
        "hearing_type": choice("HEARING_TYPES"),
        "charge_summary": long_text(2000),
        "solicitor": text(),
        "outcome": choice("OUTCOMES"),
        "outcome_detail": long_text(2000),  # the sentence, or the bail conditions
        "next_hearing_at": _f(DATETIME),
        # A reporting restriction or a youth case on the list: printed and exported with
        # initials only beyond the app (docs/court-lists.md).
        "restricted": flag(0),
        "notes": long_text(),
        "deleted": DELETED,
    },
    "agencies": {
        "name": text(),
        "domains": choices("NEED_DOMAINS"),  # need domains served
        "areas": text(1000),  # comma separated
        "address": long_text(1000),
        "phone": text(100),
        "email": text(),
        "referral_method": long_text(2000),
        "referral_criteria": long_text(2000),
        "opening_hours": long_text(1000),
        "contact_name": text(),
        "notes": long_text(),
        "active": flag(1),
        "deleted": DELETED,
    },
    "contacts": {
        "client_id": link("clients"),
        "kind": choice("CONTACT_KINDS"),  # court | drop-in | phone | outreach | home visit
        "at": _f(DATETIME),
        "place": text(),
        "duration_minutes": number(0, 24 * 60),
        "summary": long_text(),
        "worker_id": link("workers"),
        "deleted": DELETED,
    },
    "needs": {
        "client_id": link("clients"),
        "domain": choice("NEED_DOMAINS"),
        "level": choice("NEED_LEVELS"),  # low | medium | high
        "urgency": choice("URGENCY"),  # routine | soon | urgent; none on needs recorded before
        "status": choice("NEED_STATUSES", "identified"),
        "notes": long_text(),
        "deleted": DELETED,
    },
    "followups": {
        "client_id": link("clients"),
        "due_on": _f(DATE),
        "what": long_text(2000),
        "done": flag(0),
        "done_on": _f(DATE),
        "worker_id": link("workers"),
        "deleted": DELETED,
    },
    "referrals": {
        # A supported referral: a named agency, a reason in the worker's words, the consent
        # (or the lawful reason) that lets information be shared, and the support given.
        "client_id": link("clients"),
        "agency_id": link("agencies"),
        "domains": choices("NEED_DOMAINS"),  # need domains it addresses
        "reason": long_text(),
        "urgency": choice("URGENCY", "routine"),  # routine | soon | urgent
        "info_shared": long_text(4000),  # what information is shared, in words
        "consent_id": link("consents"),  # the consent to share that covers it ...
        "lawful_basis": choice("LAWFUL_BASES"),  # ... or the lawful reason to share without it
        "lawful_reason": long_text(4000),  # the worker's words for that reason
        "support": choices("SUPPORT_KINDS"),  # phoned_ahead, appointment_made, accompanied ...
        "contact_name": text(),  # the named person at the agency
        "appointment_at": _f(DATETIME),
        "appointment_place": long_text(1000),
        "status": choice("REFERRAL_STATUSES", "draft"),
        "made_on": _f(DATE),
        "followup_due": _f(DATE),
        "outcome": long_text(4000),
        "notes": long_text(),
        "worker_id": link("workers"),
        "deleted": DELETED,
    },
    "letters": {
        # Each letter made, logged against its referral: which template and version, and the
        # SHA-256 of the PDF, so the same letter can be shown to be the one that was sent.
        "referral_id": link("referrals"),
        "client_id": link("clients"),
        "template": text(64),
        "template_version": text(64),
        "sha256": _f(HASH),
        "made_at": _f(DATETIME),
        "made_by": link("workers"),
        "deleted": DELETED,
    },
    "assessments": {
        # A completed assessment, read-only (a correction is a new one naming it in
        # `corrects`): the form's id, version and fingerprint, every answer shown, and the
        # scores, bands, flags and proposed needs worked out then, as JSON (forms.Assessment).
        "client_id": link("clients"),
        "form_id": text(64),
        "form_version": number(1, 1_000_000),
        "form_sha256": _f(HASH),
        "answers": long_text(512 * 1024),
        "scores": long_text(64 * 1024),
        "bands": long_text(64 * 1024),
        "flags": long_text(64 * 1024),
        "needs": long_text(64 * 1024),
        "status": choice("ASSESSMENT_STATUSES", "completed"),
        "completed_by": link("workers"),
        "completed_at": _f(DATETIME),
        "corrects": link("assessments"),
        "deleted": DELETED,
    },
    "documents": {
        # Letter templates and assessment forms head office sends to every device.
        "kind": choice("DOCUMENT_KINDS"),  # letter_template | form
        "name": text(64),
        "content": _f(DOCUMENT),
        "version": number(1, 1_000_000, 1),
        "deleted": DELETED,
    },
}

INDEXES: dict[str, list[tuple[str, ...]]] = {
    "workers": [("site_id",)],
    "clients": [
        ("date_of_birth",),
        ("status",),
        ("keyworker_id",),
        ("opened_on",),
    ],
    "consents": [("client_id",)],
    # Covering the court diary's month view, so it never reads the (wide) hearing rows.
    "hearings": [("starts_at", "court_id", "deleted", "client_id"), ("client_id",)],
    "agencies": [("name",)],
    "contacts": [("client_id", "at"), ("at",)],
    "needs": [("client_id",)],
    "followups": [("due_on",), ("client_id",)],
    "referrals": [("client_id",), ("agency_id",), ("status", "followup_due")],
    "letters": [("referral_id",), ("made_at",)],
    "assessments": [("client_id", "completed_at"), ("form_id", "completed_at")],
}


def fields(table: str) -> dict[str, Field]:
    try:
        return SYNCED[table]
    except KeyError:
        raise ValueError(f"unknown table: {table}") from None
