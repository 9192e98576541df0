"""Who the person is, on their page: the name, the line of details under it, their risks,
the alerts (next in court, follow-ups overdue), the note of a merge, and the Profile tab.
Mixed into ClientPage (client_page.py), which calls `_build_header` and
`_build_profile` as it is made and the `_show_...` methods as it shows a person."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from cass_desktop.data import clients
from cass_desktop.people import merging
from cass_desktop.records import schema, vocab
from cass_desktop.records.dates import age_on, show_date, show_datetime, today
from cass_desktop.ui.shell import style

# The person's details shown on the Profile tab, labelled as records/schema.py declares them
# (the site by its name).
PROFILE_FIELDS = (
    "address",
    "postcode",
    "phone",
    "email",
    "preferred_contact",
    "communication_needs",
    "interpreter_language",
    "gender",
    "ethnicity",
    "site_name",
    "opened_on",
    "closed_on",
)
WARNING_STYLE = style.BLOCK_STYLE + " font-weight: bold;"
NOTICE_STYLE = style.WARNING_STYLE


class PersonHeader:
    """Mixed into ClientPage (before QWidget): the widgets saying who the person is."""

    def _build_header(self) -> None:
        self.name = QLabel()
        self.name.setObjectName("clientName")
        self.name.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel()
        self.details.setObjectName("clientDetails")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.risk = QLabel()
        self.risk.setObjectName("riskFlags")
        self.risk.setStyleSheet(WARNING_STYLE)
        self.risk.setWordWrap(True)
        self.alerts = QLabel()
        self.alerts.setObjectName("clientAlerts")
        self.alerts.setWordWrap(True)
        self.alerts.setTextFormat(Qt.TextFormat.RichText)
        # Merged by head office: which record this one now stands under, or which were merged
        # into it. Links open the other record.
        self.merged = QLabel()
        self.merged.setObjectName("mergedNote")
        self.merged.setWordWrap(True)
        self.merged.setTextFormat(Qt.TextFormat.RichText)
        self.merged.setStyleSheet(f"background: {style.INFO_BACKGROUND}; padding: 6px;")
        self.merged.linkActivated.connect(self.context.open_client)
        self.merged.hide()

    def _build_profile(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        self.profile: dict[str, QLabel] = {}
        for key in PROFILE_FIELDS:
            field = "site_id" if key == "site_name" else key
            label = self.tr(schema.label("clients", field)) + ":"
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.profile[key] = value
            form.addRow(label, value)
        self.profile_tab = self.tabs.addTab(page, self.tr("Profile"))

    def _show_header(
        self,
        client: dict[str, Any],
        hearing_rows: list[dict[str, Any]],
        followup_rows: list[dict[str, Any]],
        consent_rows: list[dict[str, Any]],
    ) -> None:
        self.name.setText(clients.display_name(client))
        parts = [client["reference"] or ""]
        if client["date_of_birth"]:
            age = age_on(client["date_of_birth"])
            born = self.tr("Born %1").replace("%1", show_date(client["date_of_birth"]))
            if age is not None:
                born += " " + self.tr("(age %1)").replace("%1", str(age))
            parts.append(born)
        else:
            parts.append(self.tr("Date of birth not known"))
        status = vocab.label(vocab.CLIENT_STATUSES, client["status"])
        if client["status"] == "closed" and client["closed_on"]:
            status = self.tr("Closed on %1").replace("%1", show_date(client["closed_on"]))
        parts.append(status)
        parts.append(
            self.tr("Keyworker: %1").replace("%1", client["keyworker_name"])
            if client["keyworker_name"]
            else self.tr("No keyworker")
        )
        self.details.setText("  ·  ".join(p for p in parts if p))

        flags = [line.strip() for line in (client["risk_flags"] or "").splitlines() if line.strip()]
        self.risk.setText(
            "⚠ " + self.tr("Risks to know about: %1").replace("%1", " · ".join(flags))
        )
        self.risk.setVisible(bool(flags))

        alerts = []
        now = today().isoformat()
        upcoming = [
            h for h in hearing_rows if (h["starts_at"] or "")[:10] >= now and not h["outcome"]
        ]
        if upcoming:
            nxt = min(upcoming, key=lambda h: h["starts_at"])
            where = nxt["court_name"] or ""
            alerts.append(
                self.tr("Next in court: %1").replace(
                    "%1", html.escape(f"{show_datetime(nxt['starts_at'])}, {where}".strip(", "))
                )
            )
        overdue = sum(1 for f in followup_rows if not f["done"] and (f["due_on"] or "") < now)
        if overdue:
            alerts.append(
                f"<span style='color:{style.OVERDUE}'><b>"
                + (
                    self.tr("1 follow-up overdue")
                    if overdue == 1
                    else self.tr("%1 follow-ups overdue").replace("%1", str(overdue))
                )
                + "</b></span>"
            )
        self.alerts.setText("  ·  ".join(alerts))
        self.alerts.setVisible(bool(alerts))

    def _show_merged(self, client: dict[str, Any]) -> None:
        """'This record was merged into Siân Ní Bhriain (PLY-…)', or the records merged into
        this one: nothing was moved, so each record's own notes stay where they were made."""
        db = self.context.db

        def link(row: dict[str, Any]) -> str:
            return (
                f"<a href='{html.escape(row['id'])}'>{html.escape(merging.person_words(row))}</a>"
            )

        parts = []
        if client.get("merged_into"):
            target = merging.merged_target(db, client["id"])
            if target is None:
                parts.append(
                    self.tr(
                        "This record was merged into another person's record, which is not "
                        "held here."
                    )
                )
            else:
                parts.append(
                    self.tr("This record was merged into %1.").replace("%1", link(target))
                    + " "
                    + self.tr("What was recorded here stays here.")
                )
        here = merging.merged_here(db, client["id"])
        if here:
            parts.append(
                self.tr("Also recorded as %1, merged into this record.").replace(
                    "%1", ", ".join(link(row) for row in here)
                )
            )
        self.merged.setText("<br>".join(parts))
        self.merged.setVisible(bool(parts))

    def _show_profile(self, client: dict[str, Any]) -> None:
        shown = dict(client)
        shown["preferred_contact"] = vocab.label(vocab.CONTACT_METHODS, client["preferred_contact"])
        shown["opened_on"] = show_date(client["opened_on"])
        shown["closed_on"] = show_date(client["closed_on"])
        for key, label in self.profile.items():
            value = shown.get(key)
            if value:
                label.setText(str(value))
                label.setStyleSheet("")
            else:
                label.setText(self.tr("Not recorded"))
                label.setStyleSheet("color: palette(mid);")
