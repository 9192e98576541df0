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
    """One synced field. `sql` and `default` come first, so `field[0]` is its SQL type.

    Besides what the store needs, each field says how people read it: `label` (British
    English, as a form shows it: "Date of birth", "Known as"), `help` (the hint shown in an
    empty box), `edit` (whether a worker types or picks it in a dialog, rather than the app
    setting it) and, for a flag, `words` (how its two values read: "Done", "Not done"). The
    dialogs, the person's page, validation, head office's conflicts and the refusal sentences
    all take their field words from here (records/words.py), so a field is never named two
    ways, and a field added here without words fails a test.
    """

    sql: str
    default: Any
    kind: str
    size: int | None = None  # longest text; None: DEFAULT_SIZE for the kind
    vocab: str | None = None  # CHOICE and CHOICES: the vocabulary's name in records/vocab.py
    link: str | None = None  # LINK: the table linked to
    low: int | None = None  # NUMBER: the smallest value
    high: int | None = None  # NUMBER: the largest value
    label: str = ""
    help: str = ""
    edit: bool = True
    words: tuple[str, str] | None = None  # FLAG: what 1 and 0 read as

    @property
    def max_chars(self) -> int | None:
        return self.size if self.size is not None else DEFAULT_SIZE.get(self.kind)


def _f(kind: str, default: Any = None, **spec: Any) -> Field:
    return Field("INTEGER" if kind in _INTEGER_KINDS else "TEXT", default, kind, **spec)


def text(label: str, size: int | None = None, **more: Any) -> Field:
    return _f(TEXT, size=size, label=label, **more)


def long_text(label: str, size: int | None = None, **more: Any) -> Field:
    return _f(LONG_TEXT, size=size, label=label, **more)


def date(label: str, **more: Any) -> Field:
    return _f(DATE, label=label, **more)


def datetime(label: str, **more: Any) -> Field:
    return _f(DATETIME, label=label, **more)


def choice(label: str, vocab: str, default: str | None = None, **more: Any) -> Field:
    return _f(CHOICE, default, vocab=vocab, label=label, **more)


def choices(label: str, vocab: str, **more: Any) -> Field:
    return _f(CHOICES, vocab=vocab, label=label, **more)


def link(label: str, table: str, **more: Any) -> Field:
    return _f(LINK, link=table, label=label, **more)


def flag(label: str, default: int, words: tuple[str, str], **more: Any) -> Field:
    return _f(FLAG, default, label=label, words=words, **more)


def number(label: str, low: int, high: int, default: int | None = None, **more: Any) -> Field:
    return _f(NUMBER, default, low=low, high=high, label=label, **more)


DELETED = flag("Deleted", 0, ("Deleted", "Not deleted"), edit=False)
# Set by the app from where the record is made (the person it is about, the worker at the
# keyboard), never typed.
_SET = {"edit": False}

SYNCED: dict[str, dict[str, Field]] = {
    "sites": {
        "name": text("Name"),
        # three letters, prefixes client references: PLY, BOD, TRU
        "code": text("Reference letters", 8),
        "kind": choice("Kind", "SITE_KINDS", "court"),
        "address": long_text("Address", 1000),
        "phone": text("Phone", 40),
        "deleted": DELETED,
    },
    "workers": {
        "name": text("Name"),
        "site_id": link("Site", "sites"),
        "email": text("Email"),
        "phone": text("Phone", 40),
        "deleted": DELETED,
    },
    "clients": {
        "reference": text("Reference", 32, **_SET),
        "given_name": text("First name", 100),
        "family_name": text("Family name", 100),
        "preferred_name": text("Known as", 100, help="If different from their first name"),
        "date_of_birth": date("Date of birth", help="dd/mm/yyyy"),
        "gender": text("Gender", 100),
        "ethnicity": text("Ethnicity"),
        "address": long_text("Address", 1000, help="Or “No fixed abode”"),
        "postcode": text("Postcode", 16),
        "phone": text("Phone", 40, help="07700 900123"),
        "email": text("Email"),
        "preferred_contact": choice("Best way to contact", "CONTACT_METHODS"),
        "communication_needs": long_text(
            "Communication needs",
            2000,
            help="For example: reads little, needs letters read out; hard of hearing",
        ),
        "interpreter_language": text(
            "Interpreter (language)", 100, help="Leave empty if none is needed"
        ),
        "status": choice("Status", "CLIENT_STATUSES", "open"),
        "opened_on": date("Opened", help="dd/mm/yyyy"),
        "closed_on": date("Closed", help="dd/mm/yyyy"),
        "keyworker_id": link("Keyworker", "workers"),
        "site_id": link("Site", "sites", **_SET),
        "risk_flags": long_text(
            "Risks to know about",
            4000,
            help="Anything colleagues should know to keep them and staff safe, in your own "
            "words. For example: finds waiting rooms hard; see with a colleague.",
        ),
        # Set when head office finds this is the same person as another record: points at
        # the record kept. Nothing is deleted, so the merge can be undone.
        "merged_into": link("Merged into", "clients", **_SET),
        "deleted": DELETED,
        # Set once, by erasure (data.purge): the person's values and their records' are gone
        # everywhere, and later changes to them are dropped wherever they arrive.
        "purged": flag("Erased", 0, ("Erased", "Not erased"), edit=False),
    },
    "consents": {
        "client_id": link("Person", "clients", **_SET),
        "scope": choice("Consent to", "CONSENT_SCOPES"),  # hold | share
        "agency_id": link("Agency", "agencies"),  # share with a named agency ...
        # ... or with a kind of agency (a need domain)
        "agency_kind": choice("Kind of agency", "NEED_DOMAINS"),
        "decision": choice("Decision", "CONSENT_DECISIONS"),  # given | refused | withdrawn
        "decided_on": date("Date decided"),
        "how_recorded": choice("How it was recorded", "CONSENT_HOW"),  # verbal | signed form
        "recorded_by": link("Recorded by", "workers", **_SET),
        "notes": long_text("Notes", help="Anything they asked to be kept back, for example"),
        "deleted": DELETED,
    },
    "hearings": {
        "client_id": link("Person", "clients"),
        "court_id": link("Court", "sites"),
        # local date and time, ISO 8601: 2026-11-27T10:00
        "starts_at": datetime("Date and time"),
        "courtroom": text("Courtroom", 100, help="For example: 3"),
        "case_number": text("Case number", 64),
        "hearing_type": choice("Kind of hearing", "HEARING_TYPES"),
        "charge_summary": long_text("Charge", 2000, help="In brief, as on the court list"),
        "solicitor": text("Solicitor", help="Name and firm, or duty solicitor"),
        "outcome": choice("Outcome", "OUTCOMES"),
        # the sentence, or the bail conditions
        "outcome_detail": long_text(
            "Outcome details", 2000, help="The sentence, or the bail conditions"
        ),
        "next_hearing_at": datetime("Next hearing"),
        # A reporting restriction or a youth case on the list: printed and exported with
        # initials only beyond the app (docs/court-lists.md).
        "restricted": flag("Reporting restriction", 0, ("Reporting restricted", "Not restricted")),
        "notes": long_text("Notes"),
        "deleted": DELETED,
    },
    "agencies": {
        "name": text("Name", help="The agency's name, as people know it"),
        "domains": choices("Needs it helps with", "NEED_DOMAINS"),  # need domains served
        "areas": text(  # comma separated
            "Areas", 1000, help="Places covered, separated by commas: Plymouth, South Hams"
        ),
        "address": long_text("Address", 1000, help="Where the agency is"),
        "phone": text("Phone", 100, help="The number to ring for referrals"),
        "email": text("Email", help="someone@agency.org.uk"),
        "referral_method": long_text(
            "How to refer", 2000, help="Phone, referral form, drop-in, supported call…"
        ),
        "referral_criteria": long_text("Referral criteria", 2000, help="Who the agency accepts"),
        "opening_hours": long_text(
            "Opening hours", 1000, help="When they can be reached, e.g. Mon–Fri 9:00–17:00"
        ),
        "contact_name": text("Named contact", help="The person to ask for"),
        "notes": long_text("Notes", help="Anything a worker should know before phoning"),
        "active": flag("In use", 1, ("In use", "Not in use")),
        "deleted": DELETED,
    },
    "contacts": {
        "client_id": link("Person", "clients", **_SET),
        # court | drop-in | phone | outreach | home visit
        "kind": choice("Kind of contact", "CONTACT_KINDS"),
        "at": datetime("Date and time"),
        "place": text("Place", help="Where you saw or spoke to them"),
        "duration_minutes": number("Minutes", 0, 24 * 60),
        "summary": long_text(
            "Summary", help="What happened, what they said they need, what was agreed"
        ),
        "worker_id": link("Worker", "workers"),
        "deleted": DELETED,
    },
    "needs": {
        "client_id": link("Person", "clients", **_SET),
        "domain": choice("Area of need", "NEED_DOMAINS"),
        "level": choice("How pressing", "NEED_LEVELS"),  # low | medium | high
        # routine | soon | urgent; none on needs recorded before. Chosen where an assessment's
        # proposed needs are recorded (ui/assessments/results.py), not in the need dialog.
        "urgency": choice("Urgency", "URGENCY", edit=False),
        "status": choice("Status", "NEED_STATUSES", "identified"),
        "notes": long_text("Notes", help="What the need is, and what is being done about it"),
        "deleted": DELETED,
    },
    "followups": {
        "client_id": link("Person", "clients", **_SET),
        "due_on": date("Due by"),
        "what": long_text(
            "What to do", 2000, help="For example: ring Shelter to check the appointment"
        ),
        "done": flag("Done", 0, ("Done", "Not done"), edit=False),
        "done_on": date("Done on", edit=False),
        "worker_id": link("Who will do it", "workers"),
        "deleted": DELETED,
    },
    "referrals": {
        # A supported referral: a named agency, a reason in the worker's words, the consent
        # (or the lawful reason) that lets information be shared, and the support given.
        "client_id": link("Person", "clients"),
        "agency_id": link("Agency", "agencies"),
        "domains": choices("Needs it addresses", "NEED_DOMAINS"),
        "reason": long_text("Reason"),
        "urgency": choice("Urgency", "URGENCY", "routine"),  # routine | soon | urgent
        "info_shared": long_text("Information shared", 4000),  # what is shared, in words
        "consent_id": link("Consent", "consents"),  # the consent to share that covers it ...
        # ... or the lawful reason to share without it
        "lawful_basis": choice("Lawful reason to share", "LAWFUL_BASES"),
        "lawful_reason": long_text("Why it is lawful", 4000),  # the worker's words for it
        # phoned_ahead, appointment_made, accompanied ...
        "support": choices("Support given", "SUPPORT_KINDS"),
        "contact_name": text("Named contact"),  # the named person at the agency
        "appointment_at": datetime("Appointment"),
        "appointment_place": long_text("Appointment place", 1000),
        "status": choice("Status", "REFERRAL_STATUSES", "draft"),
        "made_on": date("Made on", edit=False),
        "followup_due": date("Follow up by"),
        "outcome": long_text("Outcome", 4000),
        "notes": long_text("Notes"),
        "worker_id": link("Worker", "workers", **_SET),
        "deleted": DELETED,
    },
    "letters": {
        # Each letter made, logged against its referral: which template and version, and the
        # SHA-256 of the PDF, so the same letter can be shown to be the one that was sent.
        "referral_id": link("Referral", "referrals", **_SET),
        "client_id": link("Person", "clients", **_SET),
        "template": text("Template", 64, **_SET),
        "template_version": text("Template version", 64, **_SET),
        "sha256": _f(HASH, label="Fingerprint", edit=False),
        "made_at": datetime("Made at", **_SET),
        "made_by": link("Made by", "workers", **_SET),
        "deleted": DELETED,
    },
    "assessments": {
        # A completed assessment, read-only (a correction is a new one naming it in
        # `corrects`): the form's id, version and fingerprint, every answer shown, and the
        # scores, bands, flags and proposed needs worked out then, as JSON (forms.Assessment).
        "client_id": link("Person", "clients", **_SET),
        "form_id": text("Form", 64, **_SET),
        "form_version": number("Form version", 1, 1_000_000, **_SET),
        "form_sha256": _f(HASH, label="Form fingerprint", edit=False),
        "answers": long_text("Answers", 512 * 1024, **_SET),
        "scores": long_text("Scores", 64 * 1024, **_SET),
        "bands": long_text("Bands", 64 * 1024, **_SET),
        "flags": long_text("Flags", 64 * 1024, **_SET),
        "needs": long_text("Needs found", 64 * 1024, **_SET),
        "status": choice("Status", "ASSESSMENT_STATUSES", "completed", **_SET),
        "completed_by": link("Completed by", "workers", **_SET),
        "completed_at": datetime("Completed at", **_SET),
        "corrects": link("Corrects", "assessments", **_SET),
        "deleted": DELETED,
    },
    "documents": {
        # Letter templates and assessment forms head office sends to every device.
        "kind": choice("Kind", "DOCUMENT_KINDS", **_SET),  # letter_template | form
        "name": text("Name", 64, **_SET),
        "content": _f(DOCUMENT, label="Content", edit=False),
        "version": number("Version", 1, 1_000_000, 1, **_SET),
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


# Without consent to hold (people/hold.py, docs/security.md): the fields of each table kept
# about someone who said no. A table not named keeps nothing for them (needs, follow-ups,
# assessments, letters); a referral is kept only with a lawful reason to share without
# consent (referrals/saving.py). The person's reference, site, case dates and keyworker are
# how the service knows it saw them; a court date is as heard in open court (not the worker's
# notes); a contact is the fact they were seen (when, where, by whom), never what was said.
HOLD_MINIMUM: dict[str, tuple[str, ...]] = {
    "clients": (
        "reference",
        "given_name",
        "family_name",
        "preferred_name",
        "date_of_birth",
        "status",
        "opened_on",
        "closed_on",
        "keyworker_id",
        "site_id",
        "merged_into",
        "deleted",
        "purged",
    ),
    "hearings": tuple(name for name in SYNCED["hearings"] if name != "notes"),
    "contacts": ("client_id", "kind", "at", "place", "duration_minutes", "worker_id", "deleted"),
    "consents": tuple(SYNCED["consents"]),
}


def label(table: str, name: str) -> str:
    """How people read a field: "Date of birth"."""
    return fields(table)[name].label


def editable(table: str) -> tuple[str, ...]:
    """The fields a worker types or picks in the table's dialog, in the order declared."""
    return tuple(name for name, field in fields(table).items() if field.edit)


def fields(table: str) -> dict[str, Field]:
    try:
        return SYNCED[table]
    except KeyError:
        raise ValueError(f"unknown table: {table}") from None
