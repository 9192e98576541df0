"""Quick drop-in capture: the rules for turning a draft (saved at every step, so nothing is
lost to an interruption) into records, in one transaction.

A draft is a plain dict:
- `person_id` (someone held) or `new` ({given_name, family_name, date_of_birth as typed});
- `hold`: "given", "refused" or "not_asked" (chosen at the consent step; None: not chosen);
- `share`: "given", "refused" or None (not asked);
- `why` (why they came), `needs` (need domain keys), `help` (help given there and then);
- `next`: "referral", "followup" or "come_back", with `next_text` and `next_on` (as typed).

Consent to hold decides what is kept (people/hold.py): refused, only the minimum is kept (the
person's name and date of birth, the refusal, and that they were seen), and anything more typed
on the later steps is refused in one sentence until it is cleared or consent is recorded. Consent to
share, when given or refused, is recorded for the kinds of service their needs call for.
Someone whose case is closed can come back: the visit is recorded as a contact after closure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from cass_desktop.data import clients, consents, contacts, court_day, followups, needs
from cass_desktop.people import hold, validation
from cass_desktop.records import dates
from cass_desktop.records.vocab import NEED_DOMAINS

STEPS = ("person", "consent", "why", "help", "next")
NEXT_STEPS = {
    "referral": "A referral",
    "followup": "A follow-up",
    "come_back": "Come back to the drop-in",
}


class CaptureRefused(ValueError):
    """A draft that cannot be saved yet; str() says what to do, in one sentence."""

    def __init__(self, step: str, message: str):
        super().__init__(message)
        self.step = step


@dataclass
class Finished:
    client_id: str | None
    contact_id: str | None


def person_problem(draft: Mapping[str, Any]) -> str | None:
    """Why the person step is not done yet, or None."""
    if draft.get("person_id"):
        return None
    new = draft.get("new") or {}
    if not (new.get("given_name") or "").strip() or not (new.get("family_name") or "").strip():
        return "Choose the person from the list, or give a new person's given and family names."
    problems = validation.check_client(_new_form(draft, dates.today()))
    return problems[0].message if problems else None


def _new_form(draft: Mapping[str, Any], today: dt.date) -> dict[str, str]:
    """A new person's details as the person form would hold them: their case opened today."""
    new = draft.get("new") or {}
    return {
        "given_name": new.get("given_name", ""),
        "family_name": new.get("family_name", ""),
        "date_of_birth": new.get("date_of_birth", ""),
        "status": "open",
        "opened_on": today.strftime("%d/%m/%Y"),
    }


def step_problem(step: str, draft: Mapping[str, Any]) -> str | None:
    """Why a step cannot be left yet (going forward), or None."""
    if step == "person":
        return person_problem(draft)
    if step == "consent" and draft.get("hold") not in HOLD_CHOICES:
        return (
            "Ask whether they agree to their information being held, and choose Yes or No "
            "(or Not yet asked)."
        )
    if draft.get("hold") == "refused" and _more_than_minimum(step, draft):
        return NOT_KEPT[step]
    if step == "next":
        if draft.get("next") == "followup" and not (draft.get("next_on") or "").strip():
            return "Give the date of the follow-up."
        if (draft.get("next_on") or "").strip():
            try:
                dates.parse_date(draft["next_on"])
            except ValueError as bad:
                return str(bad).capitalize() + "."
    return None


HOLD_CHOICES = ("given", "refused", "not_asked")
_NOT_KEPT = (
    "Not kept: they have not agreed to their information being held, so {} not saved; "
    "clear it, or go back and record their consent."
)
NOT_KEPT = {
    "why": _NOT_KEPT.format("why they came and their needs are"),
    "help": _NOT_KEPT.format("the help given is"),
    "next": _NOT_KEPT.format("a next step is"),
}


def _more_than_minimum(step: str, draft: Mapping[str, Any]) -> bool:
    """Whether a later step holds something that is more than the minimum."""
    if step == "why":
        return bool((draft.get("why") or "").strip() or draft.get("needs"))
    if step == "help":
        return bool((draft.get("help") or "").strip())
    if step == "next":
        return bool(
            draft.get("next")
            or (draft.get("next_text") or "").strip()
            or (draft.get("next_on") or "").strip()
        )
    return False


def summary(draft: Mapping[str, Any]) -> str:
    """The visit in words, for the contact's note."""
    lines = []
    if (draft.get("why") or "").strip():
        lines.append(f"Came because: {draft['why'].strip()}")
    picked = [NEED_DOMAINS[d] for d in draft.get("needs") or () if d in NEED_DOMAINS]
    if picked:
        lines.append("Needs: " + ", ".join(picked))
    if (draft.get("help") or "").strip():
        lines.append(f"Help given: {draft['help'].strip()}")
    if draft.get("next") in NEXT_STEPS:
        text = NEXT_STEPS[draft["next"]]
        more = " ".join(p for p in ((draft.get("next_text") or "").strip(), _on_words(draft)) if p)
        lines.append(f"Next: {text}" + (f": {more}" if more else ""))
    return "\n".join(lines) or "Drop-in visit"


def _on_words(draft: Mapping[str, Any]) -> str:
    text = (draft.get("next_on") or "").strip()
    if not text:
        return ""
    try:
        return "on " + dates.show_date(dates.parse_date(text).isoformat())
    except ValueError:
        return ""


def finish(
    db: sqlite_utils.Database,
    draft: Mapping[str, Any],
    *,
    draft_id: int | None = None,
    worker_id: str | None = None,
    site_id: str | None = None,
    site_code: str | None = None,
    now: dt.datetime | None = None,
) -> Finished:
    """Save a finished capture's records in one transaction. Raises CaptureRefused."""
    for step in STEPS:
        problem = step_problem(step, draft)
        if problem:
            raise CaptureRefused(step, problem)
    now = (now or dt.datetime.now()).replace(second=0, microsecond=0)
    today = now.date().isoformat()
    person_id = draft.get("person_id")
    if person_id and clients.get(db, person_id) is None:
        raise CaptureRefused("person", "That person is no longer held here; choose them again.")
    with db.atomic():
        if not person_id:
            values = validation.client_values(_new_form(draft, now.date()))
            values = {k: v for k, v in values.items() if v is not None}
            values.update(site_id=site_id, keyworker_id=worker_id)
            person_id = clients.create(db, values, site_code)
        consent = {
            "client_id": person_id,
            "decided_on": today,
            "how_recorded": "verbal",
            "recorded_by": worker_id,
        }
        answer = {"given": hold.YES, "refused": hold.NO}.get(draft["hold"], hold.NOT_ASKED)
        hold.record(db, person_id, answer, worker_id=worker_id, on=now.date())
        refused = hold.answer(db, person_id) == hold.NO
        for step in NOT_KEPT if refused else ():
            if _more_than_minimum(step, draft):  # said no before, and not asked again now
                raise CaptureRefused(step, NOT_KEPT[step])
        picked = [d for d in draft.get("needs") or () if d in NEED_DOMAINS]
        if not refused and draft.get("share") in ("given", "refused"):
            for domain in picked:
                consents.record(
                    db,
                    {
                        **consent,
                        "scope": "share",
                        "decision": draft["share"],
                        "agency_kind": domain,
                    },
                )
        contact_id = contacts.create(
            db,
            {
                "client_id": person_id,
                "kind": "drop_in",
                "at": now.isoformat(timespec="minutes"),
                "summary": "Drop-in visit (no consent to hold their information)"
                if refused
                else summary(draft),
                "worker_id": worker_id,
            },
        )
        if not refused:
            for domain in picked:
                if needs.open_in_domain(db, person_id, domain) is None:
                    needs.create(db, {"client_id": person_id, "domain": domain})
            _next_step(db, draft, person_id, worker_id, now.date())
        if draft_id is not None:
            court_day.finish_draft(db, draft_id, person_id)
    return Finished(person_id, contact_id)


def _next_step(
    db: sqlite_utils.Database,
    draft: Mapping[str, Any],
    person_id: str,
    worker_id: str | None,
    today: dt.date,
) -> None:
    kind = draft.get("next")
    text = (draft.get("next_text") or "").strip()
    on_text = (draft.get("next_on") or "").strip()
    due = dates.parse_date(on_text) if on_text else None
    if kind == "referral":
        what = "Make the referral" + (f": {text}" if text else "")
        due = due or today
    elif kind == "followup":
        what = text or "Follow up the drop-in visit"
    elif kind == "come_back" and due is not None:
        what = "Coming back to the drop-in" + (f": {text}" if text else "")
    else:
        return
    followups.create(
        db,
        {"client_id": person_id, "due_on": due.isoformat(), "what": what, "worker_id": worker_id},
    )


def draft_title(draft: Mapping[str, Any], name: str | None = None) -> str:
    """Who a draft is about, for Today's Resume list."""
    if name:
        return name
    new = draft.get("new") or {}
    typed = " ".join(p for p in (new.get("given_name"), new.get("family_name")) if p)
    return typed or draft.get("search") or "someone not named yet"
