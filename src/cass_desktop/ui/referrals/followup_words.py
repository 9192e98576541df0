"""What a referral's follow-up says: what is due, and when ('3 days overdue'). Apart from the
Referrals page (referrals_view.py) because Today's list of follow-ups shows these words as the
first window shows, and the page itself is built only when it is first opened."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication

from cass_desktop.records.dates import show_date, show_datetime


def _tr(text: str) -> str:
    return QCoreApplication.translate("Referrals", text)  # (the Referrals page's words)


def followup_words(row: dict[str, Any], day: dt.date) -> str:
    """What is due when following a referral up, from its status and appointment."""
    agency = row.get("agency_name") or _tr("the agency")
    status = row.get("status")
    appointment = row.get("appointment_at") or ""
    if status == "draft":
        return _tr("Still a draft: make the referral to %1, or close it").replace("%1", agency)
    if status == "did_not_attend":
        return _tr("Did not attend at %1: rebook, or close the referral").replace("%1", agency)
    if status == "declined":
        return _tr("%1 declined: find another service, or close the referral").replace("%1", agency)
    if status == "attended":
        return _tr("Went to %1: ask how it went, then close the referral").replace("%1", agency)
    if appointment:
        when = show_datetime(appointment)
        if appointment[:10] < day.isoformat():
            return (
                _tr("Appointment with %1 was %2: did they go?")
                .replace("%1", agency)
                .replace("%2", when)
            )
        return (
            _tr("Appointment with %1 on %2: remind them").replace("%1", agency).replace("%2", when)
        )
    if status == "accepted":
        return _tr("%1 accepted: check an appointment is booked").replace("%1", agency)
    made = show_date(row.get("made_on")) or _tr("recently")
    return _tr("Referred to %1 on %2: has %1 replied?").replace("%1", agency).replace("%2", made)


def due_words(due: str | None, day: dt.date) -> tuple[str, int]:
    """'Today', '3 days overdue' or the date, and how many days late (0 if not)."""
    if not due:
        return "", 0
    try:
        late = (day - dt.date.fromisoformat(due)).days
    except ValueError:
        return due, 0
    if late == 0:
        return _tr("Today"), 0
    if late == 1:
        return _tr("1 day overdue"), 1
    if late > 1:
        return _tr("%1 days overdue").replace("%1", str(late)), late
    return show_date(due), 0
