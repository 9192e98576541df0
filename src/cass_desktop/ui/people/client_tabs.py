"""What the person page's record tabs show: each tab (consents, court dates, needs,
follow-ups, referrals, the timeline) filled from the person's records, with its count in
the tab's title. Mixed into ClientPage (client_page.py), whose tabs record_tabs.TABS
describes."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QTableWidgetItem

from cass_desktop.data import consents
from cass_desktop.records import vocab
from cass_desktop.records.dates import show_date, show_datetime, show_time, today
from cass_desktop.ui.people.record_tabs import fill_tab
from cass_desktop.ui.referrals.followup_words import due_words, followup_words
from cass_desktop.ui.shell import style

OVERDUE = QColor(style.BLOCK_BACKGROUND)
OVERDUE_TEXT = style.OVERDUE_COLOUR
DONE_TEXT = style.MUTED_COLOUR


class RecordTabsShown:
    """Mixed into ClientPage (before QWidget): fills its record tabs from the rows given."""

    def consent_target(self, row: dict[str, Any]) -> str:
        if row["scope"] != "share":
            return ""
        if row["agency_id"]:
            return row["agency_name"] or self.tr("an agency no longer listed")
        return self.tr("any %1 service").replace(
            "%1", vocab.label(vocab.NEED_DOMAINS, row["agency_kind"]).lower()
        )

    def consent_sentence(self, row: dict[str, Any]) -> str:
        """Consent to hold information: given 27 Nov 2026."""
        if row["scope"] == "hold":
            what = self.tr("Consent to hold information")
        else:
            what = self.tr("Consent to share with %1").replace("%1", self.consent_target(row))
        decision = vocab.label(vocab.CONSENT_DECISIONS, row["decision"]).lower()
        return f"{what}: {decision} {show_date(row['decided_on'])}".strip()

    def _show_consents(self, rows: list[dict[str, Any]]) -> None:
        lines = []
        current = consents.current(self.context.db, self.client_id) if rows else []
        if not any(r["scope"] == "hold" for r in current):
            lines.append(
                f"<span style='color:{style.WARNING}'><b>"
                + html.escape(self.tr("Consent to hold information: not recorded yet"))
                + "</b></span>"
            )
        for row in current:
            text = html.escape(self.consent_sentence(row))
            lines.append(f"<b>{text}</b>" if row["decision"] == "given" else text)
        if not any(r["scope"] == "share" for r in current):
            lines.append(html.escape(self.tr("No consent to share information recorded.")))
        self.consent_summary.setText("<br>".join(lines))
        fill_tab(
            self,
            "consents",
            rows,
            lambda r: [
                show_date(r["decided_on"]),
                self.tr("Hold") if r["scope"] == "hold" else self.tr("Share"),
                self.consent_target(r),
                vocab.label(vocab.CONSENT_DECISIONS, r["decision"]),
                vocab.label(vocab.CONSENT_HOW, r["how_recorded"]),
                r["recorded_by_name"] or "",
                r["notes"] or "",
            ],
        )
        # Like every other tab: how many decisions are in force now.
        self.tabs.setTabText(self.consents_tab, self._count(self.tr("Consents"), len(current)))

    def _show_hearings(self, rows: list[dict[str, Any]]) -> None:
        now = today().isoformat()
        bold = QFont()
        bold.setBold(True)

        def style(row: dict[str, Any], item: QTableWidgetItem) -> None:
            if (row["starts_at"] or "")[:10] >= now:
                item.setFont(bold)

        fill_tab(
            self,
            "hearings",
            rows,
            lambda r: [
                show_date(r["starts_at"]),
                show_time(r["starts_at"]),
                r["court_name"] or "",
                r["courtroom"] or "",
                r["case_number"] or "",
                vocab.label(vocab.HEARING_TYPES, r["hearing_type"]),
                r["charge_summary"] or "",
                vocab.label(vocab.OUTCOMES, r["outcome"]),
                show_datetime(r["next_hearing_at"]),
            ],
            style,
        )
        self.open_hearing_button.setEnabled(bool(rows))
        self.tabs.setTabText(self.hearings_tab, self._count(self.tr("Court dates"), len(rows)))

    def _show_needs(self, rows: list[dict[str, Any]]) -> None:
        fill_tab(
            self,
            "needs",
            rows,
            lambda r: [
                vocab.label(vocab.NEED_DOMAINS, r["domain"]),
                vocab.label(vocab.NEED_LEVELS, r["level"]) or self.tr("Not assessed"),
                vocab.label(vocab.NEED_STATUSES, r["status"]),
                r["notes"] or "",
            ],
        )
        still = sum(1 for r in rows if r["status"] not in ("met", "declined"))
        self.tabs.setTabText(self.needs_tab, self._count(self.tr("Needs"), still))

    def _show_followups(self, rows: list[dict[str, Any]]) -> None:
        now = today().isoformat()

        def style(row: dict[str, Any], item: QTableWidgetItem) -> None:
            if row["done"]:
                item.setForeground(QBrush(DONE_TEXT))
            elif (row["due_on"] or "") < now:
                item.setBackground(QBrush(OVERDUE))
                item.setForeground(QBrush(OVERDUE_TEXT))

        def due(row: dict[str, Any]) -> str:
            text = show_date(row["due_on"])
            if not row["done"] and (row["due_on"] or "") < now:
                text += " " + self.tr("(overdue)")
            elif not row["done"] and row["due_on"] == now:
                text += " " + self.tr("(today)")
            return text

        fill_tab(
            self,
            "followups",
            rows,
            lambda r: [
                due(r),
                r["what"] or "",
                r["worker_name"] or "",
                self.tr("Done %1").replace("%1", show_date(r["done_on"])) if r["done"] else "",
            ],
            style,
        )
        open_count = sum(1 for r in rows if not r["done"])
        self.tabs.setTabText(self.followups_tab, self._count(self.tr("Follow-ups"), open_count))

    def _show_referrals(self, rows: list[dict[str, Any]]) -> None:
        day = today()

        def style(row: dict[str, Any], item: QTableWidgetItem) -> None:
            if row["status"] == "closed":
                item.setForeground(QBrush(DONE_TEXT))
            elif due_words(row["followup_due"], day)[1] > 0:
                item.setBackground(QBrush(OVERDUE))
                item.setForeground(QBrush(OVERDUE_TEXT))

        def follow_up(row: dict[str, Any]) -> str:
            if row["status"] == "closed" or not row["followup_due"]:
                return ""
            return due_words(row["followup_due"], day)[0]

        fill_tab(
            self,
            "referrals",
            rows,
            lambda r: [
                vocab.label(vocab.REFERRAL_STATUSES, r["status"]),
                r["agency_name"] or "",
                vocab.domain_labels(r["domains"]),
                show_date(r["made_on"]),
                show_datetime(r["appointment_at"]),
                follow_up(r),
                r["reason"] or "",
            ],
            style,
        )
        for r, row in enumerate(rows):
            item = self.referrals_table.item(r, 5)
            if item is not None and item.text():
                item.setToolTip(followup_words(row, day))
        still = sum(1 for r in rows if r["status"] != "closed")
        self.tabs.setTabText(self.referrals_tab, self._count(self.tr("Referrals"), still))

    def _show_timeline(self, rows: list[dict[str, Any]]) -> None:
        fill_tab(
            self,
            "timeline",
            rows,
            lambda r: [
                show_datetime(r["at"]),
                vocab.label(vocab.CONTACT_KINDS, r["kind"]),
                r["place"] or "",
                self.tr("%1 min").replace("%1", str(r["duration_minutes"]))
                if r["duration_minutes"]
                else "",
                r["summary"] or "",
                r["worker_name"] or "",
            ],
        )
        self.tabs.setTabText(self.timeline_tab, self._count(self.tr("Timeline"), len(rows)))

    @staticmethod
    def _count(title: str, count: int) -> str:
        return f"{title} ({count})" if count else title
