"""Head office's Conflicts page: edits of one detail made without seeing each other."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.headoffice import ReviewError, conflicts
from cass_desktop.headoffice.conflicts import Choice, ConflictView
from cass_desktop.records.dates import show_datetime
from cass_desktop.ui.headoffice.common import (
    heading,
    note,
    records_list,
    select_record,
    selected_record,
    who_is_reviewing,
)
from cass_desktop.ui.headoffice.sync_status import counted
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.pages import RefreshWhenShown
from cass_desktop.ui.shell.style import DONE_STYLE, ERROR_STYLE, NOTE_STYLE
from cass_desktop.ui.shell.tables import Column, RecordsModel


def _cell_text(choice: Choice) -> str:
    """The value, and under it where and when it was made."""
    return f"{choice.shown}\n{choice.source}, {show_datetime(choice.when)}"


class ConflictsModel(RecordsModel):
    """The conflicts (ConflictView), one a row: the record, the detail, both values."""

    RECORD, DETAIL, SHOWN, OTHER = range(4)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.columns = [
            Column(self.tr("Record"), lambda v: v.record),
            Column(self.tr("Detail"), lambda v: v.field_label),
            Column(self.tr("Shown now"), lambda v: _cell_text(v.choices[0])),
            Column(self.tr("Other value"), lambda v: _cell_text(v.choices[1])),
        ]


class ConflictsPage(RefreshWhenShown, QWidget):
    """Edits of one detail made without seeing each other: choose the right value."""

    count_changed = Signal(int)

    RECORD, DETAIL, SHOWN, OTHER = (
        ConflictsModel.RECORD,
        ConflictsModel.DETAIL,
        ConflictsModel.SHOWN,
        ConflictsModel.OTHER,
    )

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.views: list[ConflictView] = []
        self.count = conflicts.conflict_count(context.db)

        self.summary = QLabel()
        self.summary.setObjectName("conflictsSummary")
        self.summary.setWordWrap(True)
        self.model = ConflictsModel(self)
        self.proxy, self.table = records_list(self, self.model, "conflictsTable")
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.table.activated.connect(lambda _index: self._open_person())  # Enter, double-click

        self.detail = QGroupBox(self.tr("Choose the right value"))
        self.record_label = QLabel()
        self.record_label.setObjectName("conflictRecord")
        self.record_label.setWordWrap(True)
        self.record_label.setStyleSheet("font-weight: bold;")
        self.open_person = QPushButton(self.tr("Open person"))
        self.open_person.clicked.connect(self._open_person)
        top = QHBoxLayout()
        top.addWidget(self.record_label, 1)
        top.addWidget(self.open_person)
        self.choice_group = QButtonGroup(self)
        self.first_choice = QRadioButton()
        self.second_choice = QRadioButton()
        self.other_choice = QRadioButton(self.tr("Another value:"))
        self.other_text = QLineEdit()
        self.other_text.setObjectName("otherValue")
        self.other_text.textEdited.connect(lambda _t: self.other_choice.setChecked(True))
        for index, button in enumerate((self.first_choice, self.second_choice, self.other_choice)):
            self.choice_group.addButton(button, index)
        other_row = QHBoxLayout()
        other_row.addWidget(self.other_choice)
        other_row.addWidget(self.other_text, 1)
        self.keep_button = QPushButton(self.tr("Keep this value"))
        self.keep_button.setObjectName("keepValue")
        self.keep_button.clicked.connect(self.resolve_selected)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        keep_row = QHBoxLayout()
        keep_row.addWidget(self.keep_button)
        keep_row.addWidget(self.error, 1)
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.addLayout(top)
        detail_layout.addWidget(self.first_choice)
        detail_layout.addWidget(self.second_choice)
        detail_layout.addLayout(other_row)
        detail_layout.addLayout(keep_row)

        self.empty = note(self.tr("No conflicts to review."))
        self.empty.setStyleSheet(NOTE_STYLE + " font-size: 11pt; padding: 8px;")
        self.done = QLabel()
        self.done.setObjectName("conflictDone")
        self.done.setStyleSheet(DONE_STYLE)
        self.done.setWordWrap(True)
        self.done.hide()

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Conflicts to review")))
        layout.addWidget(
            note(
                self.tr(
                    "Two people changed the same detail without seeing each other's change. "
                    "The newer one is shown meanwhile. Choose the right value, or type it: "
                    "your choice is sent to the laptops like any other change."
                )
            )
        )
        layout.addWidget(self.summary)
        layout.addWidget(self.done)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)
        context.changed.connect(self._data_changed)

    def nav_label(self) -> str:
        if self.count:
            return self.tr("Conflicts (%1)").replace("%1", str(self.count))
        return self.tr("Conflicts")

    def _recount(self) -> None:
        count = conflicts.conflict_count(self.context.db)
        if count != self.count:
            self.count = count
            self.count_changed.emit(count)

    def _data_changed(self) -> None:
        self._recount()  # the count in the navigation is kept up to date while hidden
        super()._data_changed()

    def refresh(self) -> None:
        self._stale = False
        selected = self.selected()
        self.views = conflicts.conflicts(self.context.db)
        self.model.set_rows(self.views)
        has_any = bool(self.views)
        self.table.parentWidget().setVisible(has_any)
        self.empty.setVisible(not has_any)
        self.summary.setText(
            counted(
                len(self.views),
                self.tr("%n conflict to review."),
                self.tr("%n conflicts to review."),
            )
            if has_any
            else ""
        )
        self.summary.setVisible(has_any)
        if has_any and (
            selected is None or not select_record(self.table, lambda v: v.id == selected.id)
        ):
            self.table.selectRow(0)
        self._show_selected()
        self._recount()

    def selected(self) -> ConflictView | None:
        return selected_record(self.table)

    def _choice_text(self, choice: Choice) -> str:
        text = self.tr("%1 — from %2, %3").replace("%1", choice.shown)
        text = text.replace("%2", choice.source).replace("%3", show_datetime(choice.when))
        if choice.current:
            text += " " + self.tr("(shown now)")
        return text

    def _show_selected(self, *_args: object) -> None:
        view = self.selected()
        self.detail.setEnabled(view is not None)
        self.error.clear()
        if view is None:
            self.record_label.clear()
            for button in (self.first_choice, self.second_choice):
                button.setText("")
            self.open_person.hide()
            return
        self.record_label.setText(
            self.tr("%1 — %2").replace("%1", view.record).replace("%2", view.field_label)
        )
        self.first_choice.setText(self._choice_text(view.choices[0]))
        self.second_choice.setText(self._choice_text(view.choices[1]))
        self.other_choice.setVisible(view.can_type)
        self.other_text.setVisible(view.can_type)
        self.other_text.clear()
        self.choice_group.setExclusive(False)
        for button in self.choice_group.buttons():
            button.setChecked(False)
        self.choice_group.setExclusive(True)
        self.open_person.setVisible(view.client_id is not None)

    def _open_person(self) -> None:
        view = self.selected()
        if view is not None and view.client_id:
            self.context.open_client(view.client_id)

    def resolve_selected(self) -> bool:
        view = self.selected()
        if view is None:
            return False
        chosen = self.choice_group.checkedId()
        if chosen < 0:
            self.error.setText(self.tr("Choose one of the values, or type another."))
            return False
        try:
            if chosen == 2:
                value = conflicts.value_from_text(view.table, view.field, self.other_text.text())
            else:
                value = view.choices[chosen].value
            conflicts.resolve_conflict(
                self.context.db, view.id, value, who_is_reviewing(self.context)
            )
        except ReviewError as exc:
            self.error.setText(str(exc))
            return False
        self.done.show()
        self.done.setText(
            self.tr("%1: %2 kept.")
            .replace("%1", f"{view.record} — {view.field_label}")
            .replace(
                "%2",
                view.choices[chosen].shown if chosen < 2 else self.other_text.text().strip(),
            )
        )
        self.context.notify_changed()
        self.refresh()
        return True
