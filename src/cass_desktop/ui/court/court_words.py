"""A court date in words, shared by the court diary and Today: the day, the outcome, and the
colours of what is still to do. Kept apart from the diary so that Today, the first page shown,
does not import the diary's page to say them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from cass_desktop.records import dates
from cass_desktop.records.vocab import OUTCOMES, label

MUTED = QColor("#6b6b6b")
WARNING = QColor("#b00020")


def long_date(day: dt.date) -> str:
    """Friday 27 November 2026."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_day(day: dt.date) -> str:
    """Fri 27 Nov 2026."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def outcome_words(row: Mapping[str, Any], *, short: bool = False) -> str:
    """The outcome as words, with the next date when the case comes back; '' for none yet.
    `short` gives the next date without its year (15 Dec 10:00), where room is short."""
    if not row.get("outcome"):
        return ""
    words = label(OUTCOMES, row["outcome"])
    if row.get("next_hearing_at"):
        when = row["next_hearing_at"]
        shown = dates.show_datetime(when)
        if short:
            try:
                moment = dt.datetime.fromisoformat(when[:16])
                shown = f"{moment.day} {moment:%b %H:%M}" if len(when) >= 16 else shown
            except ValueError:
                pass
        words = (
            QCoreApplication.translate("DiaryPage", "%1 · next %2")
            .replace("%1", words)
            .replace("%2", shown)
        )
    return words
