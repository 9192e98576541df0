"""The service's fixed vocabularies: stored keys and the words shown for them."""

from __future__ import annotations

NEED_DOMAINS: dict[str, str] = {
    "housing": "Housing and homelessness",
    "money": "Money and debt",
    "substances": "Drugs and alcohol",
    "mental_health": "Mental health",
    "physical_health": "Physical health",
    "learning_disability": "Learning disability",
    "trauma": "Trauma and abuse",
    "work_education": "Work, training and education",
    "family": "Family and relationships",
    "benefits": "Benefits",
    "legal": "Legal advice",
    # The domains liaison and diversion services report, added with assessments (issue 10).
    # "substances" stays for needs and agencies recorded before: it means drugs, alcohol or
    # both, and matches either (DOMAIN_COVERS); new needs take "drugs" or "alcohol".
    "self_harm": "Self-harm and suicidal thoughts",
    "communication": "Speech, language and communication",
    "drugs": "Drugs",
    "alcohol": "Alcohol",
    "charge_related": "Charge-related vulnerability",
}

# Domains that overlap: an agency serving the key also serves each domain listed, and a need
# in the key is met by an agency serving any of them (the older "substances" is both).
DOMAIN_COVERS: dict[str, tuple[str, ...]] = {
    "substances": ("drugs", "alcohol"),
    "drugs": ("substances",),
    "alcohol": ("substances",),
}

NEED_LEVELS = {"low": "Low", "medium": "Medium", "high": "High"}
NEED_STATUSES = {
    "identified": "Identified",
    "being_met": "Being met",
    "met": "Met",
    "declined": "Declined help",
}

CLIENT_STATUSES = {"open": "Open", "closed": "Closed"}

HEARING_TYPES = {
    "first_appearance": "First appearance",
    "remand": "Remand",
    "adjournment": "Adjournment",
    "trial": "Trial",
    "sentencing": "Sentencing",
    "other": "Other",
}

OUTCOMES = {
    "adjourned": "Adjourned",
    "remanded_custody": "Remanded in custody",
    "conditional_bail": "Conditional bail",
    "unconditional_bail": "Unconditional bail",
    "sent_crown_court": "Sent to the Crown Court",
    "sentenced": "Sentenced",
    "dismissed": "Dismissed or withdrawn",
    "warrant": "Warrant issued / failed to appear",
    "other": "Other",
}
# Outcomes after which the case comes back to court.
OUTCOMES_WITH_NEXT_DATE = {
    "adjourned",
    "remanded_custody",
    "conditional_bail",
    "unconditional_bail",
    "sent_crown_court",
}
# Outcomes that need words of their own: the sentence, or the bail conditions.
OUTCOMES_WITH_DETAIL = {"sentenced": "The sentence", "conditional_bail": "The bail conditions"}

CONTACT_KINDS = {
    "court": "At court",
    "drop_in": "Drop-in",
    "phone": "Phone",
    "outreach": "Outreach",
    "home_visit": "Home visit",
}

CONTACT_METHODS = {
    "phone": "Phone call",
    "text": "Text message",
    "email": "Email",
    "letter": "Letter",
    "in_person": "In person",
}

CONSENT_SCOPES = {"hold": "To hold their information", "share": "To share their information"}
CONSENT_DECISIONS = {"given": "Given", "refused": "Refused", "withdrawn": "Withdrawn"}
# Consent to hold, as asked at first contact (people/hold.py): the answer in force is the
# latest decision to hold recorded in `consents` (given: yes; refused or withdrawn: no; none
# recorded: not yet asked).
HOLD_ANSWERS = {
    "yes": "Yes: they agree to their information being held",
    "no": "No: they do not agree",
    "not_asked": "Not yet asked",
}
CONSENT_HOW = {
    "verbal": "Verbally, in person",
    "phone": "Verbally, by phone",
    "signed": "Signed form",
    "electronic": "Electronically",
}

SITE_KINDS = {"court": "Magistrates' court", "drop_in": "Drop-in"}

# What head office sends in `documents`.
DOCUMENT_KINDS = {"letter_template": "Letter template", "form": "Assessment form"}


def label(vocab: dict[str, str], key: str | None) -> str:
    """The words for a stored key; an unknown key (from a newer version) is shown as it is."""
    if not key:
        return ""
    return vocab.get(key, key)


def domain_labels(keys: str | None) -> str:
    """Comma-separated domain keys as words."""
    return ", ".join(label(NEED_DOMAINS, k.strip()) for k in (keys or "").split(",") if k.strip())


REFERRAL_STATUSES = {
    "draft": "Draft",
    "made": "Made",
    "accepted": "Accepted",
    "attended": "Attended",
    "did_not_attend": "Did not attend",
    "declined": "Declined",
    "closed": "Closed",
}
# Statuses that need the consent (or lawful reason) check: information has gone to the agency.
REFERRAL_STATUSES_SHARED = {"made", "accepted", "attended", "did_not_attend", "declined"}
# Waiting to hear back from the agency.
REFERRAL_STATUSES_AWAITING = {"made"}

URGENCY = {"routine": "Routine", "soon": "Within a week", "urgent": "Urgent: today"}

# Assessments: completed ones are stored and synced; a draft stays on the laptop it was
# started on (data/assessments.py) until it is completed.
ASSESSMENT_STATUSES = {"completed": "Completed"}

SUPPORT_KINDS = {
    "phoned_ahead": "Phoned ahead",
    "appointment_made": "Appointment made",
    "accompanied": "Went with them",
    "warm_handover": "Warm handover in person",
}

# Lawful reasons to share without consent (UK GDPR and the Data Protection Act 2018).
LAWFUL_BASES = {
    "safeguarding": "Safeguarding: a risk of harm to them or someone else",
    "vital_interests": "To protect their life (vital interests)",
    "crime_prevention": "Preventing or detecting crime",
    "legal_duty": "A legal duty or court order",
}
