"""Records and their fields in words, as people read them: a table's and a field's name, a
site's short name, and a stored value shown as words (a date as 27 Nov 2026, a vocabulary key
as its label, a flag as Done / Not done, a link by the name of the record it points at).

Shared by the sync policy's refusals and head office's conflicts, refusals and proposals, so
every message names a field the same way. Pure Python: imports only records/.
"""

from __future__ import annotations

from typing import Any

from cass_desktop.records import vocab
from cass_desktop.records.dates import show_date, show_datetime


def short_site(name: str | None) -> str:
    """Bodmin for Bodmin Magistrates' Court: how people name a site in conversation."""
    name = (name or "").strip()
    for suffix in (" Magistrates' Court", " Magistrates’ Court", " Magistrates Court"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


TABLE_WORDS = {
    "clients": "Person",
    "hearings": "Court date",
    "consents": "Consent",
    "contacts": "Contact note",
    "needs": "Need",
    "followups": "Follow-up",
    "agencies": "Agency",
    "sites": "Site",
    "workers": "Worker",
    "documents": "Letter template or form",
    "referrals": "Referral",
    "letters": "Letter",
    "assessments": "Assessment",
}

FIELD_WORDS: dict[str, str] = {
    "reference": "Reference",
    "given_name": "Given name",
    "family_name": "Family name",
    "preferred_name": "Name they go by",
    "date_of_birth": "Date of birth",
    "gender": "Gender",
    "ethnicity": "Ethnicity",
    "address": "Address",
    "postcode": "Postcode",
    "phone": "Phone",
    "email": "Email",
    "preferred_contact": "Best way to contact",
    "communication_needs": "Communication needs",
    "interpreter_language": "Interpreter",
    "status": "Status",
    "opened_on": "Open since",
    "closed_on": "Closed on",
    "keyworker_id": "Keyworker",
    "site_id": "Site",
    "risk_flags": "Risks to know about",
    "merged_into": "Merged into",
    "deleted": "Deleted",
    "client_id": "Person",
    "scope": "Consent to",
    "agency_id": "Agency",
    "agency_kind": "Kind of agency",
    "decision": "Decision",
    "decided_on": "Decided on",
    "how_recorded": "How it was recorded",
    "recorded_by": "Recorded by",
    "notes": "Notes",
    "court_id": "Court",
    "starts_at": "Date and time",
    "courtroom": "Courtroom",
    "case_number": "Case number",
    "hearing_type": "Kind of hearing",
    "charge_summary": "Charges",
    "solicitor": "Solicitor",
    "outcome": "Outcome",
    "next_hearing_at": "Next hearing",
    "name": "Name",
    "domains": "Needs it helps with",
    "areas": "Areas covered",
    "referral_method": "How to refer",
    "referral_criteria": "Who it accepts",
    "opening_hours": "Opening hours",
    "contact_name": "Contact name",
    "active": "In use",
    "kind": "Kind",
    "at": "When",
    "place": "Where",
    "duration_minutes": "Minutes",
    "summary": "What happened",
    "worker_id": "Worker",
    "domain": "Area of need",
    "level": "Level",
    "due_on": "Due on",
    "what": "What to do",
    "done": "Done",
    "done_on": "Done on",
    "code": "Reference letters",
    "content": "Content",
    "version": "Version",
    "urgency": "Urgency",
    "form_id": "Form",
    "form_version": "Form version",
    "form_sha256": "Form fingerprint",
    "answers": "Answers",
    "scores": "Scores",
    "bands": "Bands",
    "flags": "Flags",
    "needs": "Needs found",
    "completed_by": "Completed by",
    "completed_at": "Completed at",
    "corrects": "Corrects",
}

DATE_FIELDS = {"date_of_birth", "opened_on", "closed_on", "decided_on", "due_on", "done_on"}
DATETIME_FIELDS = {"starts_at", "next_hearing_at", "at", "completed_at"}
VOCABULARIES: dict[tuple[str, str], dict[str, str]] = {
    ("clients", "status"): vocab.CLIENT_STATUSES,
    ("clients", "preferred_contact"): vocab.CONTACT_METHODS,
    ("hearings", "hearing_type"): vocab.HEARING_TYPES,
    ("hearings", "outcome"): vocab.OUTCOMES,
    ("needs", "domain"): vocab.NEED_DOMAINS,
    ("needs", "level"): vocab.NEED_LEVELS,
    ("needs", "status"): vocab.NEED_STATUSES,
    ("needs", "urgency"): vocab.URGENCY,
    ("assessments", "status"): vocab.ASSESSMENT_STATUSES,
    ("contacts", "kind"): vocab.CONTACT_KINDS,
    ("consents", "scope"): vocab.CONSENT_SCOPES,
    ("consents", "decision"): vocab.CONSENT_DECISIONS,
    ("consents", "how_recorded"): vocab.CONSENT_HOW,
    ("consents", "agency_kind"): vocab.NEED_DOMAINS,
    ("sites", "kind"): vocab.SITE_KINDS,
}
FLAG_WORDS = {
    "deleted": ("Deleted", "Not deleted"),
    "done": ("Done", "Not done"),
    "active": ("In use", "Not in use"),
}
# Fields holding another record's id, and the table it is in.
LINKS = {
    "keyworker_id": "workers",
    "worker_id": "workers",
    "site_id": "sites",
    "court_id": "sites",
    "agency_id": "agencies",
    "client_id": "clients",
    "merged_into": "clients",
    "completed_by": "workers",
    "corrects": "assessments",
}


# Fields named as nouns, for sentences such as "tried to change the summary of a Truro
# person's contact note", where the label shown beside the field on screen is a question or
# a phrase ("What happened", "Where", "Due on") that does not read after "the".
FIELD_NOUNS: dict[str, str] = {
    "phone": "phone number",
    "email": "email address",
    "preferred_name": "preferred name",
    "preferred_contact": "preferred way of contact",
    "interpreter_language": "interpreter language",
    "opened_on": "opening date",
    "closed_on": "closing date",
    "keyworker_id": "keyworker",
    "site_id": "court",
    "court_id": "court",
    "risk_flags": "risk notes",
    "merged_into": "merged record",
    "deleted": "deletion",
    "client_id": "person",
    "scope": "scope",
    "agency_id": "agency",
    "agency_kind": "kind of agency",
    "decided_on": "decision date",
    "how_recorded": "way it was recorded",
    "recorded_by": "name of whoever recorded it",
    "starts_at": "date and time",
    "hearing_type": "kind of hearing",
    "charge_summary": "charges",
    "next_hearing_at": "next hearing date",
    "domains": "needs it covers",
    "areas": "areas covered",
    "referral_method": "way to refer",
    "referral_criteria": "referral criteria",
    "active": "in-use setting",
    "at": "date and time",
    "place": "place",
    "duration_minutes": "length in minutes",
    "summary": "summary",
    "worker_id": "worker",
    "domain": "area of need",
    "due_on": "date it is due",
    "what": "task",
    "done": "completion mark",
    "done_on": "date done",
    "code": "reference letters",
    "made_at": "date and time it was made",
    "made_by": "name of whoever made it",
    "completed_at": "date and time it was completed",
    "completed_by": "name of whoever completed it",
    "made_on": "date it was made",
    "appointment_at": "appointment date and time",
    "consent_id": "consent record",
}


def field_noun(field: str) -> str:
    """A field as a noun in a sentence: "the summary of …", never "the what happened of …"."""
    return FIELD_NOUNS.get(field) or FIELD_WORDS.get(field, field.replace("_", " ")).lower()


def field_words(field: str) -> str:
    return FIELD_WORDS.get(field, field.replace("_", " ").capitalize())


def shown(table: str, field: str, value: Any, names: dict[str, dict[str, str]]) -> str:
    """A value in words; `names` holds the names of linked records, by table and id."""
    if value is None or value == "":
        return "(empty)"
    if field in FLAG_WORDS:
        yes, no = FLAG_WORDS[field]
        return yes if value else no
    if field in LINKS:
        return names.get(LINKS[field], {}).get(value) or "a record not held here"
    if (table, field) in VOCABULARIES:
        return vocab.label(VOCABULARIES[(table, field)], value)
    if table == "agencies" and field == "domains":
        return vocab.domain_labels(value)
    if field in DATE_FIELDS:
        return show_date(value)
    if field in DATETIME_FIELDS:
        return show_datetime(value)
    return str(value)
