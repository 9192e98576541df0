"""What an assessment found: scores, bands and flags; the needs it proposes for the worker to
confirm; and the package of support for the person's open needs."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cass_desktop import assessments
from cass_desktop.forms.model import FormDefinition
from cass_desktop.records import vocab
from cass_desktop.records.dates import show_date
from cass_desktop.ui.assessments.support import SupportPanel
from cass_desktop.ui.shell import style as shell_style
from cass_desktop.ui.shell.context import AppContext

_SEVERITY_STYLE = shell_style.BADGE_STYLES


def _tr(text: str) -> str:
    return QCoreApplication.translate("Results", text)


def flag_label(label: str, severity: str) -> str:
    """A flag as a coloured box, in words: what the worker must see."""
    style = _SEVERITY_STYLE.get(severity, _SEVERITY_STYLE["warning"])
    mark = "⚠ " if severity in ("urgent", "warning") else ""
    return (
        f"<table width='100%' cellpadding='6' style='margin-top:4px; {style}'><tr><td>"
        f"<b>{mark}{html.escape(label)}</b></td></tr></table>"
    )


def score_lines(
    definition: FormDefinition,
    scores: Mapping[str, int | None],
    bands: Mapping[str, Any],
) -> list[str]:
    """One line per score: 'PHQ-9 total: 12 of 27, Moderate' (or not complete yet)."""
    lines = []
    for score in definition.scores:
        value = scores.get(score.id)
        label = html.escape(score.label)
        if value is None:
            lines.append(f"<b>{label}</b>: <i>{html.escape(_tr('not complete yet'))}</i>")
            continue
        band = bands.get(score.id)
        words = band.get("label") if isinstance(band, Mapping) else getattr(band, "label", "")
        text = _tr("%1 of %2").replace("%1", str(value)).replace("%2", str(score.high))
        if words:
            text += f", <b>{html.escape(str(words))}</b>"
        lines.append(f"<b>{label}</b>: {text}")
    return lines


class ProposedNeedRow:
    """One proposed need: tick to record it, with its domain, level and urgency to change."""

    def __init__(self, grid: QGridLayout, row: int, need: Mapping[str, Any]):
        self.need = need
        self.check = QCheckBox(str(need.get("label") or need.get("domain")))
        self.check.setChecked(True)
        self.domain = _combo(vocab.NEED_DOMAINS, need.get("store_as"), _tr("Choose the area…"))
        self.level = _combo(vocab.NEED_LEVELS, need.get("level"), _tr("Level…"))
        self.urgency = _combo(vocab.URGENCY, need.get("urgency"), _tr("Urgency…"))
        reasons = "; ".join(str(r) for r in need.get("reasons") or [])
        self.reason = QLabel(reasons)
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet(shell_style.NOTE_STYLE)
        grid.addWidget(self.check, row, 0)
        grid.addWidget(self.domain, row, 1)
        grid.addWidget(self.level, row, 2)
        grid.addWidget(self.urgency, row, 3)
        grid.addWidget(self.reason, row, 4)

    def confirmed(self, where: str) -> assessments.Confirmed | None:
        domain = self.domain.currentData()
        if not self.check.isChecked() or domain is None:
            return None
        reason = self.reason.text()
        return assessments.Confirmed(
            domain,
            self.level.currentData(),
            self.urgency.currentData(),
            f"{where}: {reason}" if reason else where,
        )


def _combo(words: Mapping[str, str], key: Any, blank: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(blank, None)
    for k, text in words.items():
        combo.addItem(_tr(text), k)
    index = combo.findData(key) if key is not None else 0
    combo.setCurrentIndex(max(index, 0))
    return combo


class ResultsPanel(QScrollArea):
    """The results of a completed assessment, its proposed needs and the package of support."""

    def __init__(self, context: AppContext, client_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.client_id = client_id
        self.done: assessments.Completed | None = None
        self.rows: list[ProposedNeedRow] = []
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.column = QVBoxLayout(body)
        self.summary = QLabel()
        self.summary.setObjectName("resultsSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.needs_box = QGroupBox(self.tr("Needs this assessment found"))
        needs_layout = QVBoxLayout(self.needs_box)
        self.needs_hint = QLabel(
            self.tr(
                "Tick the needs to record, and change the area, level or urgency where you "
                "judge differently. A need already open in the same area is updated, not "
                "added twice."
            )
        )
        self.needs_hint.setWordWrap(True)
        self.needs_grid = QGridLayout()
        self.needs_grid.setColumnStretch(4, 1)
        self.record_button = QPushButton(self.tr("Record the ticked needs"))
        self.record_button.setObjectName("recordNeeds")
        self.record_button.setAutoDefault(False)
        self.record_button.clicked.connect(self.record)
        self.recorded = QLabel()
        self.recorded.setObjectName("needsRecorded")
        self.recorded.setWordWrap(True)
        self.recorded.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.recorded)
        buttons.addStretch(1)
        needs_layout.addWidget(self.needs_hint)
        needs_layout.addLayout(self.needs_grid)
        needs_layout.addLayout(buttons)
        self.support = SupportPanel(context, client_id)
        self.column.addWidget(self.summary)
        self.column.addWidget(self.needs_box)
        self.column.addWidget(self.support)
        self.column.addStretch(1)
        self.setWidget(body)

    def show_assessment(self, done: assessments.Completed) -> None:
        self.done = done
        record = done.record
        parts = [
            "<span style='font-size:13pt; font-weight:bold'>"
            + html.escape(self.tr("Completed: %1").replace("%1", done.title))
            + "</span>"
        ]
        if done.definition is not None and done.definition.scored:
            parts.append("<br>".join(score_lines(done.definition, record.scores, record.bands)))
        for flag in record.flags:
            parts.append(flag_label(str(flag.get("label", "")), str(flag.get("severity", ""))))
        if not record.flags and not (done.definition and done.definition.scored):
            parts.append(html.escape(self.tr("No flags were raised.")))
        self.summary.setText("<br>".join(parts))
        for old in self.rows:
            for widget in (old.check, old.domain, old.level, old.urgency, old.reason):
                widget.deleteLater()
        self.rows = [
            ProposedNeedRow(self.needs_grid, n, need) for n, need in enumerate(record.needs)
        ]
        self.needs_box.setVisible(bool(self.rows))
        self.record_button.setEnabled(bool(self.rows))
        self.recorded.hide()
        self.support.refresh()

    def record(self) -> list[str]:
        """Record the ticked needs (through the assessments capability), then show support."""
        if self.done is None:
            return []
        where = self.tr("From %1 on %2").replace("%1", self.done.title)
        where = where.replace("%2", show_date(self.done.record.completed_at))
        chosen = [c for row in self.rows if (c := row.confirmed(where)) is not None]
        ids = assessments.record_needs(self.context.db, self.client_id, chosen)
        self.recorded.setText(
            self.tr("Recorded 1 need.")
            if len(ids) == 1
            else self.tr("Recorded %1 needs.").replace("%1", str(len(ids)))
        )
        self.recorded.show()
        self.context.notify_changed()
        self.support.refresh()
        return ids
