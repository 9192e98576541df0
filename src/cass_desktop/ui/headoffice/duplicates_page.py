"""Head office's Possible duplicates page, with its merge dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.headoffice import duplicates
from cass_desktop.people import merging
from cass_desktop.people.matching import DuplicatePair
from cass_desktop.people.merging import MergeError
from cass_desktop.records.dates import show_date
from cass_desktop.records.words import short_site
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
from cass_desktop.ui.shell.style import DONE_STYLE, ERROR_STYLE
from cass_desktop.ui.shell.tables import Column, RecordsModel
from cass_desktop.ui.shell.tasks import Progress, run_in_background

# More pairs than anyone can check in one sitting are not listed; the most alike come first.
SHOWN_PAIRS = 500


def _person_line(row: dict[str, Any]) -> str:
    parts = [merging.person_words(row)]
    if row.get("date_of_birth"):
        parts.append(show_date(row["date_of_birth"]))
    if row.get("site_name"):
        parts.append(short_site(row["site_name"]))
    return ", ".join(parts)


class PairsModel(RecordsModel):
    """The possible duplicates (DuplicatePair), one pair a row, most alike first."""

    FIRST, SECOND, REASONS = range(3)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.columns = [
            Column(self.tr("One record"), lambda p: _person_line(p.first)),
            Column(self.tr("Another record"), lambda p: _person_line(p.second)),
            Column(self.tr("Why they may be one person"), lambda p: "; ".join(p.reasons)),
        ]


class MergedModel(RecordsModel):
    """The records merged into another (dicts of data.clients), and the one each went into."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.columns = [
            Column(self.tr("Record"), _person_line),
            Column(self.tr("Merged into"), self._into),
        ]

    def _into(self, person: dict[str, Any]) -> str:
        if not (person["kept_reference"] or person["kept_family_name"]):
            return self.tr("a record not held here")
        kept = {
            "given_name": person["kept_given_name"],
            "family_name": person["kept_family_name"],
            "preferred_name": person["kept_preferred_name"],
            "reference": person["kept_reference"],
        }
        return merging.person_words(kept)


class MergeDialog(QDialog):
    """Which record to keep: the other is marked as merged into it. Each record says its court
    and how much history it holds; the one with more is chosen to start with, and Enter does
    not merge (Cancel is the default: merging is a deliberate click)."""

    def __init__(
        self,
        pair: DuplicatePair,
        parent: QWidget | None = None,
        history: dict[str, int] | None = None,
    ):
        super().__init__(parent)
        self.pair = pair
        history = history or {}
        self.setWindowTitle(self.tr("Same person: merge"))
        intro = QLabel(
            self.tr(
                "Which record should be kept? The other will say it was merged into it and "
                "will no longer be listed among clients. Its court dates, notes and consents "
                "stay on it and can still be seen from the kept record. Nothing is deleted, "
                "and the merge can be undone."
            )
        )
        intro.setWordWrap(True)

        def choice(row: dict[str, Any]) -> QRadioButton:
            count = history.get(row["id"], 0)
            court = short_site(row.get("site_name")) or self.tr("no court")
            held = counted(count, self.tr("%n record of history"), self.tr("%n records of history"))
            return QRadioButton(
                self.tr("Keep %1 (at %2; %3)")
                .replace("%1", _person_line({**row, "site_name": None}))
                .replace("%2", court)
                .replace("%3", held)
            )

        self.keep_first = choice(pair.first)
        self.keep_second = choice(pair.second)
        first_more = history.get(pair.first["id"], 0) >= history.get(pair.second["id"], 0)
        (self.keep_first if first_more else self.keep_second).setChecked(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton(
            self.tr("Merge"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.merge_button.setAutoDefault(False)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.keep_first)
        layout.addWidget(self.keep_second)
        layout.addWidget(self.buttons)

    def kept_and_duplicate(self) -> tuple[str, str]:
        first, second = self.pair.first["id"], self.pair.second["id"]
        return (first, second) if self.keep_first.isChecked() else (second, first)


class DuplicatesPage(RefreshWhenShown, QWidget):
    """People who may have been recorded twice, across every site, with the reasons."""

    looked = Signal()  # a look through everyone finished and is shown

    FIRST, SECOND, REASONS = PairsModel.FIRST, PairsModel.SECOND, PairsModel.REASONS

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.pairs: list[DuplicatePair] = []
        self.merged: list[dict[str, Any]] = []
        self.dialog: MergeDialog | None = None
        self._looking = False
        self._stale = True

        self.status = QLabel()
        self.status.setObjectName("duplicatesStatus")
        self.status.setWordWrap(True)
        self.look_again = QPushButton(self.tr("Look again"))
        self.look_again.clicked.connect(self.look)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.look_again)

        self.model = PairsModel(self)
        self.proxy, self.table = records_list(self, self.model, "duplicatesTable")
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda _index: self.open_first())  # Enter, double-click
        self.open_first_button = QPushButton(self.tr("Open first person"))
        self.open_first_button.clicked.connect(self.open_first)
        self.open_second_button = QPushButton(self.tr("Open second person"))
        self.open_second_button.clicked.connect(self.open_second)
        self.merge_button = QPushButton(self.tr("Same person: merge…"))
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.clicked.connect(self.merge_selected)
        self.different_button = QPushButton(self.tr("Not the same person"))
        self.different_button.clicked.connect(self.different_selected)
        pair_buttons = QHBoxLayout()
        for button in (
            self.open_first_button,
            self.open_second_button,
            self.merge_button,
            self.different_button,
        ):
            pair_buttons.addWidget(button)
        pair_buttons.addStretch(1)
        self.message = QLabel()
        self.message.setObjectName("duplicatesMessage")
        self.message.setWordWrap(True)

        self.merged_title = QLabel(self.tr("Merged records"))
        self.merged_title.setStyleSheet("font-weight: bold;")
        self.merged_model = MergedModel(self)
        self.merged_proxy, self.merged_table = records_list(self, self.merged_model, "mergedTable")
        self.merged_table.setMaximumHeight(170)
        self.merged_table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.merged_table.activated.connect(lambda _index: self.open_merged())
        self.open_merged_button = QPushButton(self.tr("Open record"))
        self.open_merged_button.clicked.connect(self.open_merged)
        self.undo_button = QPushButton(self.tr("Undo merge"))
        self.undo_button.clicked.connect(self.undo_selected)
        merged_buttons = QHBoxLayout()
        merged_buttons.addWidget(self.open_merged_button)
        merged_buttons.addWidget(self.undo_button)
        merged_buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Possible duplicates")))
        layout.addWidget(
            note(
                self.tr(
                    "People who may have been recorded twice, at one site or at different "
                    "ones, most alike first. Open both records and check before merging."
                )
            )
        )
        layout.addLayout(status_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(pair_buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.merged_title)
        layout.addWidget(self.merged_table)
        layout.addLayout(merged_buttons)
        context.changed.connect(self._data_changed)
        self._selection_changed()

    def _data_changed(self) -> None:
        # Looking through everyone again takes seconds: only when next shown, or asked.
        self._stale = True
        self._show_merged()

    def refresh(self) -> None:
        self._show_merged()
        if self._stale:
            self.look()

    def look(self) -> None:
        """Look through everyone in the background (a few seconds for 100,000 people)."""
        if self._looking:
            return
        self._looking = True
        self._stale = False
        self.look_again.setEnabled(False)
        self.status.setText(self.tr("Looking through everyone held for possible duplicates…"))
        context = self.context

        def work(progress: Progress) -> list[DuplicatePair]:
            db = context.open_connection()
            try:
                return duplicates.possible_duplicates(db, progress=progress.report)
            finally:
                db.close()

        def done(pairs: list[DuplicatePair]) -> None:
            self._looking = False
            self.look_again.setEnabled(True)
            self.pairs = pairs
            self._show_pairs()
            self.looked.emit()

        def failed(exc: BaseException) -> None:
            self._looking = False
            self.look_again.setEnabled(True)
            self.status.setText(
                self.tr("Looking for duplicates failed: %1").replace("%1", str(exc))
            )

        run_in_background(self, work, done, on_error=failed)

    def _show_pairs(self) -> None:
        self.model.set_rows(self.pairs[:SHOWN_PAIRS])
        if not self.pairs:
            text = self.tr("No possible duplicates found.")
        elif len(self.pairs) > SHOWN_PAIRS:
            text = (
                self.tr("%1 pairs to check; the %2 most alike are listed.")
                .replace("%1", f"{len(self.pairs):,}")
                .replace("%2", str(SHOWN_PAIRS))
            )
        else:
            text = counted(
                len(self.pairs),
                self.tr("%n pair to check."),
                self.tr("%n pairs to check, most alike first."),
            )
        self.status.setText(text)
        self._selection_changed()

    def _show_merged(self) -> None:
        self.merged = merging.merged_people(self.context.db)
        self.merged_model.set_rows(self.merged)
        has_merged = bool(self.merged)
        for widget in (
            self.merged_title,
            self.merged_table,
            self.open_merged_button,
            self.undo_button,
        ):
            widget.setVisible(has_merged)
        self._selection_changed()

    def selected(self) -> DuplicatePair | None:
        return selected_record(self.table)

    def select_pair(self, first_id: str, second_id: str) -> bool:
        wanted = frozenset((first_id, second_id))
        return select_record(self.table, lambda pair: pair.ids == wanted)

    def _selected_merged(self) -> dict[str, Any] | None:
        return selected_record(self.merged_table)

    def _selection_changed(self, *_args: object) -> None:
        has_pair = self.selected() is not None
        for button in (
            self.open_first_button,
            self.open_second_button,
            self.merge_button,
            self.different_button,
        ):
            button.setEnabled(has_pair)
        has_merged = self._selected_merged() is not None
        self.open_merged_button.setEnabled(has_merged)
        self.undo_button.setEnabled(has_merged)

    def open_first(self) -> None:
        pair = self.selected()
        if pair is not None:
            self.context.open_client(pair.first["id"])

    def open_second(self) -> None:
        pair = self.selected()
        if pair is not None:
            self.context.open_client(pair.second["id"])

    def open_merged(self) -> None:
        person = self._selected_merged()
        if person is not None:
            self.context.open_client(person["id"])

    def _drop_pair(self, pair: DuplicatePair) -> None:
        """Take a decided pair, and any other pair with the merged person, off the list."""
        self.pairs = [p for p in self.pairs if p is not pair]
        self._show_pairs()

    def merge_selected(self) -> MergeDialog | None:
        pair = self.selected()
        if pair is None:
            return None
        history = {
            row["id"]: merging.history_count(self.context.db, row["id"])
            for row in (pair.first, pair.second)
        }
        self.dialog = MergeDialog(pair, self, history)
        self.dialog.accepted.connect(lambda: self._merge(self.dialog))
        self.dialog.open()
        return self.dialog

    def _merge(self, dialog: MergeDialog | None) -> None:
        if dialog is None:
            return
        kept, duplicate = dialog.kept_and_duplicate()
        try:
            merging.merge_people(self.context.db, duplicate, kept)
        except MergeError as exc:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(str(exc))
            return
        pair = dialog.pair
        kept_row = pair.first if pair.first["id"] == kept else pair.second
        merged_row = pair.second if kept_row is pair.first else pair.first
        self.pairs = [p for p in self.pairs if duplicate not in p.ids]
        self._show_pairs()
        self.message.setStyleSheet(DONE_STYLE)
        self.message.setText(
            self.tr("%1 is now merged into %2.")
            .replace("%1", merging.person_words(merged_row))
            .replace("%2", merging.person_words(kept_row))
        )
        self.context.notify_changed()
        self._stale = False  # the list was brought up to date here

    def different_selected(self) -> None:
        pair = self.selected()
        if pair is None:
            return
        merging.not_the_same(
            self.context.db, pair.first["id"], pair.second["id"], who_is_reviewing(self.context)
        )
        self._drop_pair(pair)
        self.message.setStyleSheet(DONE_STYLE)
        self.message.setText(
            self.tr("%1 and %2 will not be offered as duplicates again.")
            .replace("%1", merging.person_words(pair.first))
            .replace("%2", merging.person_words(pair.second))
        )

    def undo_selected(self) -> None:
        person = self._selected_merged()
        if person is None:
            return
        try:
            merging.undo_merge(self.context.db, person["id"])
        except MergeError as exc:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(str(exc))
            return
        self.message.setStyleSheet(DONE_STYLE)
        self.message.setText(
            self.tr("%1 is a record of its own again.").replace("%1", merging.person_words(person))
        )
        self.context.notify_changed()
        if self.isVisible():
            self.look()
