"""A day's hearings as the diary shows them: the dates and outcomes in words, and the table
model of the hearings (used by the diary, and by Today for its court dates)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush, QFont

from cass_desktop.data import clients
from cass_desktop.records import dates
from cass_desktop.records.vocab import HEARING_TYPES, OUTCOMES, label
from cass_desktop.ui.shell.style import ERROR_COLOUR, MUTED_COLOUR
from cass_desktop.ui.shell.tables import RecordsModel, by_column

MUTED = MUTED_COLOUR
WARNING = ERROR_COLOUR


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


def _italic() -> QFont:
    font = QFont()
    font.setItalic(True)
    return font


class HearingsModel(RecordsModel):
    """One day's hearings, as listed by `data.hearings.on_day`."""

    TIME, COURT, COURTROOM, PERSON, REFERENCE, CASE, TYPE, CHARGE, SOLICITOR, OUTCOME = range(10)
    ROW_ROLE = RecordsModel.OBJECT_ROLE  # the whole row, as a dict

    def __init__(self, parent=None):
        super().__init__(parent)
        headers = [
            self.tr("Time"),
            self.tr("Court"),
            self.tr("Courtroom"),
            self.tr("Person"),
            self.tr("Reference"),
            self.tr("Case number"),
            self.tr("Hearing"),
            self.tr("Charge"),
            self.tr("Solicitor"),
            self.tr("Outcome"),
        ]
        self.columns = by_column(
            headers, text=self._text, sort=self._sort_key, tooltip=self._tooltip
        )
        no_outcome = self.columns[self.OUTCOME]
        self.columns[self.OUTCOME] = dataclasses.replace(
            no_outcome,
            colour=lambda row: None if row.get("outcome") else QBrush(MUTED),
            font=lambda row: None if row.get("outcome") else _italic(),
        )

    def row_of(self, hearing_id: str) -> int:  # type: ignore[override]
        """The row showing the hearing, or -1."""
        found = super().row_of(hearing_id)
        return -1 if found is None else found

    def _text(self, row: Mapping[str, Any], column: int) -> str:
        if column == self.TIME:
            return dates.show_time(row["starts_at"])
        if column == self.COURT:
            return row.get("court_name") or ""
        if column == self.COURTROOM:
            return row.get("courtroom") or ""
        if column == self.PERSON:
            return clients.display_name(row)
        if column == self.REFERENCE:
            return row.get("reference") or ""
        if column == self.CASE:
            return row.get("case_number") or ""
        if column == self.TYPE:
            return label(HEARING_TYPES, row.get("hearing_type"))
        if column == self.CHARGE:
            return " ".join((row.get("charge_summary") or "").split())
        if column == self.SOLICITOR:
            return row.get("solicitor") or ""
        if column == self.OUTCOME:
            return outcome_words(row) or self.tr("No outcome yet")
        return ""

    def _sort_key(self, row: Mapping[str, Any], column: int) -> str:
        if column == self.TIME:
            return f"{row['starts_at']}\t{row.get('courtroom') or ''}"
        if column == self.PERSON:
            return (
                f"{(row.get('family_name') or '').casefold()}\t"
                f"{(row.get('given_name') or '').casefold()}"
            )
        if column == self.OUTCOME:
            # Hearings still waiting for an outcome sort first.
            return outcome_words(row).casefold()
        return self._text(row, column).casefold()

    def _tooltip(self, row: Mapping[str, Any], column: int) -> str | None:
        if column == self.CHARGE and row.get("charge_summary"):
            return row["charge_summary"]
        if column == self.OUTCOME and row.get("outcome"):
            return outcome_words(row)
        if column == self.PERSON:
            return self.tr("Double-click or press Enter to open this hearing")
        return row.get("notes") or None
