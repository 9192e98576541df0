"""Head office's Proposals page: agency directory changes proposed by laptops."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.headoffice import ReviewError, proposals
from cass_desktop.headoffice.proposals import ProposalGroup
from cass_desktop.ui.headoffice.common import (
    heading,
    note,
    records_list,
    select_record,
    selected_record,
    who_is_reviewing,
)
from cass_desktop.ui.headoffice.sync_status import local_moment
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.pages import RefreshWhenShown
from cass_desktop.ui.shell.style import DONE_STYLE, ERROR_STYLE, NOTE_STYLE
from cass_desktop.ui.shell.tables import Column, RecordsModel


class ProposalsModel(RecordsModel):
    """The proposals (ProposalGroup), one an agency: each change on a line of its own."""

    AGENCY, CHANGES, FROM = range(3)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.columns = [
            Column(self.tr("Agency"), self._agency),
            Column(self.tr("What it proposes"), self._changes),
            Column(
                self.tr("From"),
                lambda g: f"{g.place}, {local_moment(g.received_at, always_date=True)}",
                sort=lambda g: f"{g.place.casefold()}\t{g.received_at or ''}",
            ),
        ]

    def _agency(self, group: ProposalGroup) -> str:
        return group.agency + (" " + self.tr("(new)") if group.new_agency else "")

    def _changes(self, group: ProposalGroup) -> str:
        if group.new_agency:
            lines = [self.tr("A new agency:")] + [
                f"{c.field_label}: {c.proposed}" for c in group.changes
            ]
        else:
            arrow = self.tr("%1: %2 → %3")
            lines = [
                arrow.replace("%1", c.field_label).replace("%2", c.held).replace("%3", c.proposed)
                for c in group.changes
            ]
        return "\n".join(lines)


class ProposalsPage(RefreshWhenShown, QWidget):
    """Changes to the agency directory workers made on their laptops: accept one to make it
    head office's (it goes to every laptop), or reject it (head office's value goes back)."""

    count_changed = Signal(int)

    AGENCY, CHANGES, FROM = ProposalsModel.AGENCY, ProposalsModel.CHANGES, ProposalsModel.FROM

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.views: list[ProposalGroup] = []
        self.count = proposals.proposal_count(context.db)
        self.model = ProposalsModel(self)
        self.proxy, self.table = records_list(self, self.model, "proposalsTable")
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.accept_button = QPushButton(self.tr("Accept: send to every laptop"))
        self.accept_button.setObjectName("acceptProposal")
        self.accept_button.clicked.connect(self.accept_selected)
        self.reject_button = QPushButton(self.tr("Reject: keep head office's value"))
        self.reject_button.setObjectName("rejectProposal")
        self.reject_button.clicked.connect(self.reject_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        self.message = QLabel()
        self.message.setObjectName("proposalsMessage")
        self.message.setWordWrap(True)
        self.empty = note(self.tr("No agency directory changes to decide."))
        self.empty.setStyleSheet(NOTE_STYLE + " font-size: 11pt; padding: 8px;")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Directory proposals")))
        layout.addWidget(
            note(
                self.tr(
                    "The agency directory is head office's. A worker's change to it shows on "
                    "their laptop at once and comes here as a proposal. Accept it to make it "
                    "head office's and send it to every laptop; reject it to send head "
                    "office's value back to that laptop."
                )
            )
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        context.changed.connect(self._data_changed)
        self._selection_changed()

    def nav_label(self) -> str:
        if self.count:
            return self.tr("Directory proposals (%1)").replace("%1", str(self.count))
        return self.tr("Directory proposals")

    def _data_changed(self) -> None:
        self._recount()  # the count in the navigation is kept up to date while hidden
        super()._data_changed()

    def _recount(self) -> None:
        count = proposals.proposal_count(self.context.db)
        if count != self.count:
            self.count = count
            self.count_changed.emit(count)

    def refresh(self) -> None:
        self._stale = False
        selected = self.selected()
        self.views = proposals.proposal_groups(self.context.db)
        self.model.set_rows(self.views)
        has_any = bool(self.views)
        self.table.setVisible(has_any)
        self.empty.setVisible(not has_any)
        if has_any and (
            selected is None or not select_record(self.table, lambda g: g.ids == selected.ids)
        ):
            self.table.selectRow(0)
        self._selection_changed()
        self._recount()

    def selected(self) -> ProposalGroup | None:
        return selected_record(self.table)

    def _selection_changed(self, *_args: object) -> None:
        chosen = self.selected() is not None
        self.accept_button.setEnabled(chosen)
        self.reject_button.setEnabled(chosen)

    def accept_selected(self) -> None:
        self._decide(proposals.accept_group, self.tr("Accepted: %1. It goes to every laptop."))

    def reject_selected(self) -> None:
        self._decide(
            proposals.reject_group,
            self.tr("Rejected: %1. Head office's values go back to %2."),
        )

    def _decide(self, decide, done: str) -> None:
        view = self.selected()
        if view is None:
            return
        try:
            decide(self.context.db, view, who_is_reviewing(self.context))
        except ReviewError as exc:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(str(exc))
            return
        self.message.setStyleSheet(DONE_STYLE)
        self.message.setText(done.replace("%1", view.words()).replace("%2", view.place))
        self.context.notify_changed()
        self.refresh()
