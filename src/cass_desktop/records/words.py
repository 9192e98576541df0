"""Records and their fields in words, as people read them: a table's and a field's name, a
site's short name, and a stored value shown as words (a date as 27 Nov 2026, a vocabulary key
as its label, a flag as Done / Not done, a link by the name of the record it points at).

Shared by the sync policy's refusals, head office's conflicts, refusals and proposals, the
dialogs and the person's page, so every message names a field the same way. The words and the
lists of dates, vocabularies, flags and links are derived from records/schema.py, where each
field is declared once. Pure Python: imports only records/.
"""

from __future__ import annotations

from typing import Any

from cass_desktop.records import schema, vocab
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


def _declared() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    by_name: dict[str, str] = {}
    by_table: dict[tuple[str, str], str] = {}
    for table, declared in schema.SYNCED.items():
        for name, field in declared.items():
            by_table[(table, name)] = field.label
            by_name.setdefault(name, field.label)
    return by_name, by_table


# Every field's words come from its declaration in records/schema.py. A name used by several
# tables reads as the first table declares it (table_field_words gives each table's own).
FIELD_WORDS, TABLE_FIELD_WORDS = _declared()

_ALL = [(t, n, f) for t, declared in schema.SYNCED.items() for n, f in declared.items()]
DATE_FIELDS = {n for _t, n, f in _ALL if f.kind == schema.DATE}
DATETIME_FIELDS = {n for _t, n, f in _ALL if f.kind == schema.DATETIME}
VOCABULARIES: dict[tuple[str, str], dict[str, str]] = {
    (t, n): getattr(vocab, f.vocab) for t, n, f in _ALL if f.kind == schema.CHOICE and f.vocab
}
CHOICE_LISTS: dict[tuple[str, str], dict[str, str]] = {
    (t, n): getattr(vocab, f.vocab) for t, n, f in _ALL if f.kind == schema.CHOICES and f.vocab
}
FLAG_WORDS = {n: f.words for _t, n, f in _ALL if f.kind == schema.FLAG and f.words}
# Records shown by their name (head office can look these names up); a link to any other
# table (a consent, a referral) is shown as it is held.
NAMED_TABLES = ("workers", "sites", "agencies", "clients", "documents")
# Fields holding another record's id, and the table it is in.
LINKS = {n: f.link for _t, n, f in _ALL if f.kind == schema.LINK and f.link in NAMED_TABLES}


def table_field_words(table: str, field: str) -> str:
    """A field's words in one table ("Kind of contact" for a contact's kind)."""
    return TABLE_FIELD_WORDS.get((table, field)) or field_words(field)


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
    "level": "level of need",
    "followup_due": "follow-up date",
    "lawful_reason": "reason it is lawful",
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
    if (table, field) == ("agencies", "domains"):
        return vocab.domain_labels(value)
    if field in DATE_FIELDS:
        return show_date(value)
    if field in DATETIME_FIELDS:
        return show_datetime(value)
    return str(value)
