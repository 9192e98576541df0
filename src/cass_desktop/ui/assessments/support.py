"""A package of support: each open need with the agencies suggested for it, best first, each
one click from a supported referral prefilled with the need and the reason."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cass_desktop import assessments
from cass_desktop.assessments.support import ANYWHERE, IN_AREA
from cass_desktop.records import vocab
from cass_desktop.ui.referrals.referral_dialog import ReferralDialog
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext


def referral_reason(need: dict[str, Any]) -> str:
    """The reason a referral for this need starts with: the need in words and its notes."""
    parts = [vocab.label(vocab.NEED_DOMAINS, need["domain"])]
    level = vocab.label(vocab.NEED_LEVELS, need.get("level"))
    if level:
        parts.append(f"{level.lower()} need")
    text = ", ".join(parts)
    if need.get("notes"):
        text += f". {need['notes']}"
    return text


class SupportPanel(QGroupBox):
    """The package of support for one person: rebuilt by refresh()."""

    def __init__(self, context: AppContext, client_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Package of support"))
        self.setObjectName("packageOfSupport")
        self.context = context
        self.client_id = client_id
        self.dialog: ReferralDialog | None = None
        self.refer_buttons: list[tuple[str, str, QPushButton]] = []  # (need id, agency id, ...)
        self.layout_ = QVBoxLayout(self)
        self.body: QWidget | None = None

    def refresh(self) -> None:
        if self.body is not None:
            self.body.deleteLater()
        self.body = QWidget()
        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, 0, 0, 0)
        self.refer_buttons = []
        package = assessments.package_of_support(self.context.db, self.client_id)
        if not package:
            column.addWidget(QLabel(self.tr("No open needs are recorded for this person yet.")))
        for need, suggestions in package:
            column.addWidget(self._need_box(need, suggestions))
        column.addStretch(1)
        self.layout_.addWidget(self.body)

    def _need_box(self, need: dict[str, Any], suggestions: list[assessments.Suggestion]) -> QWidget:
        title = vocab.label(vocab.NEED_DOMAINS, need["domain"])
        extra = [
            w
            for w in (
                vocab.label(vocab.NEED_LEVELS, need.get("level")),
                vocab.label(vocab.URGENCY, need.get("urgency")),
            )
            if w
        ]
        if extra:
            title += f" ({', '.join(extra)})"
        box = QGroupBox(title)
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        if not suggestions:
            hint = QLabel(
                self.tr(
                    "No agency in the directory serves this need. Search the directory, or "
                    "ask head office to add one."
                )
            )
            hint.setWordWrap(True)
            grid.addWidget(hint, 0, 0, 1, 3)
        for row, suggestion in enumerate(suggestions):
            agency = suggestion.agency
            name = QLabel(f"<b>{html.escape(agency.get('name') or '')}</b>")
            name.setTextFormat(Qt.TextFormat.RichText)
            if suggestion.area == IN_AREA:
                where = self.tr("Covers %1").replace("%1", str(suggestion.covered).title())
            elif suggestion.area == ANYWHERE:
                where = self.tr("No area given")
            else:
                where = self.tr("Covers %1").replace("%1", agency.get("areas") or "")
            details = "  ·  ".join(w for w in (where, agency.get("phone") or "") if w)
            info = QLabel(details)
            info.setWordWrap(True)
            info.setStyleSheet(style.NOTE_STYLE)
            button = QPushButton(self.tr("Refer…"))
            button.setObjectName(f"refer_{need['domain']}_{row}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, n=need, a=agency["id"]: self.refer(n, a))
            grid.addWidget(name, row, 0)
            grid.addWidget(info, row, 1)
            grid.addWidget(button, row, 2)
            self.refer_buttons.append((need["id"], agency["id"], button))
        return box

    def refer(self, need: dict[str, Any], agency_id: str) -> ReferralDialog:
        """The referral dialog for this agency, prefilled with the need and the reason."""
        dialog = ReferralDialog(
            self.context, self.window(), client_id=self.client_id, agency_id=agency_id
        )
        for key, check in dialog.domain_checks.items():
            check.setChecked(key == need["domain"])
        dialog._domains_touched = True  # the need chose them, not the agency
        dialog.reason.setPlainText(referral_reason(need))
        index = dialog.urgency.findData(need.get("urgency") or "routine")
        dialog.urgency.setCurrentIndex(max(index, 0))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog
