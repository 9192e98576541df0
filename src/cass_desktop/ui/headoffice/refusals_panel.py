"""The changes laptops sent and may not make, listed under Devices (of the laptop selected,
or of every laptop), and applying one as head office's own decision."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.headoffice import ReviewError, refusals
from cass_desktop.headoffice.devices import DeviceStatus
from cass_desktop.headoffice.refusals import RefusalView
from cass_desktop.ui.headoffice.common import (
    records_list,
    selected_record,
    who_is_reviewing,
)
from cass_desktop.ui.headoffice.sync_status import counted, local_moment
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.style import DONE_STYLE, ERROR_STYLE, NOTE
from cass_desktop.ui.shell.tables import Column, RecordsModel


class RefusalsModel(RecordsModel):
    """The refused changes (RefusalView), one a row; those since applied in grey."""

    LAPTOP, WHAT, RECORD, VALUE, WHEN = range(5)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        grey = QBrush(QColor(NOTE))

        def colour(view: RefusalView) -> QBrush | None:
            return grey if view.applied else None

        self.columns = [
            Column(self.tr("Laptop"), lambda v: v.place, colour=colour),
            Column(self.tr("What it tried"), self._reason, colour=colour),
            Column(self.tr("Record"), lambda v: v.record, colour=colour),
            Column(
                self.tr("Value it sent"), lambda v: f"{v.field_label}: {v.value}", colour=colour
            ),
            Column(
                self.tr("Received"),
                lambda v: local_moment(v.received_at, always_date=True),
                sort=lambda v: v.received_at or "",
                colour=colour,
            ),
        ]

    def _reason(self, view: RefusalView) -> str:
        if not view.applied:
            return view.reason
        return (
            view.reason
            + " "
            + self.tr("(Applied by %1.)").replace("%1", view.applied_by or self.tr("head office"))
        )


class RefusalsPanel(QWidget):
    """What laptops sent that they may not change: never applied nor passed on."""

    said = Signal(str, str)  # a message for the page to show, and its style
    applied = Signal()  # a refused change was applied as head office's decision

    R_LAPTOP, R_WHAT, R_RECORD, R_VALUE, R_WHEN = (
        RefusalsModel.LAPTOP,
        RefusalsModel.WHAT,
        RefusalsModel.RECORD,
        RefusalsModel.VALUE,
        RefusalsModel.WHEN,
    )

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.refused: list[RefusalView] = []
        self.title = QLabel()
        self.title.setObjectName("refusedTitle")
        self.title.setStyleSheet("font-weight: bold;")
        self.model = RefusalsModel(self)
        # What it tried, the longest, narrows first and wraps, so Record and Value stay on
        # screen.
        self.proxy, self.table = records_list(self, self.model, "refusedTable")
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.apply_button = QPushButton(self.tr("Apply as head office's decision"))
        self.apply_button.setObjectName("applyRefused")
        self.apply_button.clicked.connect(self.apply_selected)
        refused_buttons = QHBoxLayout()
        refused_buttons.addWidget(self.apply_button)
        refused_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        layout.addLayout(refused_buttons)

    def show_for(self, status: DeviceStatus | None) -> None:
        """The changes the selected laptop (or every laptop) sent and may not make."""
        self.refused = refusals.refusals(self.context.db, status.device_id if status else None)
        self.model.set_rows(self.refused)
        waiting = [v for v in self.refused if not v.applied]
        if status is None:
            title = counted(
                len(waiting),
                self.tr("%n change refused: laptops may not make it"),
                self.tr("%n changes refused: laptops may not make them"),
            )
        else:
            title = counted(
                len(waiting),
                self.tr("%1: %n change refused").replace("%1", status.laptop),
                self.tr("%1: %n changes refused").replace("%1", status.laptop),
            )
        applied = len(self.refused) - len(waiting)
        if applied:
            title += "  " + counted(
                applied,
                self.tr("(%n applied by head office)"),
                self.tr("(%n applied by head office)"),
            )
        self.title.setText(title + "  " + self.tr("(never applied, never sent to other laptops)"))
        has_any = bool(self.refused)
        for widget in (self.title, self.table, self.apply_button):
            widget.setVisible(has_any)
        self.setVisible(has_any)  # no room taken in the page's splitter when there are none
        self._selection_changed()

    def selected_refusal(self) -> RefusalView | None:
        return selected_record(self.table)

    def _selection_changed(self, *_args: object) -> None:
        view = self.selected_refusal()
        self.apply_button.setEnabled(view is not None and not view.applied)
        if view is not None and view.new_record and view.together > 1:
            self.apply_button.setText(
                self.tr("Apply the whole new record (%1 fields)").replace("%1", str(view.together))
            )
        else:
            self.apply_button.setText(self.tr("Apply this change as head office's decision"))

    def apply_selected(self) -> None:
        """Head office decides the refused change was right: it is saved as its own."""
        view = self.selected_refusal()
        if view is None:
            return
        try:
            done = refusals.apply_refused(self.context.db, view.id, who_is_reviewing(self.context))
        except ReviewError as exc:
            self.said.emit(str(exc), ERROR_STYLE)
            return
        if view.new_record:
            text = (
                self.tr(
                    "Applied as head office's own decision: a new record, %1, with its %2 fields."
                )
                .replace("%1", done.record)
                .replace("%2", str(view.together))
            )
        else:
            text = (
                self.tr("Applied as head office's own decision: one change, the %1 of %2.")
                .replace("%1", view.field_label.lower())
                .replace("%2", done.record)
            )
        self.said.emit(text, DONE_STYLE)
        self.context.notify_changed()
        self.applied.emit()
