"""The client page's tabs of records, described as data: one `RecordTab` a tab.

A tab shows one kind of record about the person in a read-only table: its title, its
columns (and the one that takes the spare width), what it says when there is nothing yet
("No follow-ups yet"), what double-clicking a row does, the buttons under the table, the
dialog that opens the record chosen (`ClientPage.open_chosen`), the buttons enabled while a
row is chosen, and the page method told when the chosen row changes. `opens` names the
dialog and the keyword the record's id is given as; `dialog` is the function that opens it.
`build_tab` makes the tab from its description and sets, on the page, `<name>_table`,
`<name>_tab` (its index) and `<name>_empty` (the words shown instead of an empty table).

The Assessments tab is not one of these: it is a page of its own (ui/assessments/tab.py),
which the client page adds before the Timeline. To add a record tab: add a `RecordTab` to
`TABS` in the order it should appear, give the page the methods its `open`, `buttons` and
`chosen` name (`buttons` is the name of a page method returning the widgets under the table),
and fill it from `refresh()` with
`fill_tab(page, "<name>", rows, cells)`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.ui.court.hearing_dialog import HearingDialog
from cass_desktop.ui.people.record_dialogs import ContactDialog, FollowupDialog, NeedDialog
from cass_desktop.ui.referrals.referral_dialog import ReferralDialog
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.tables import records_table

ID_ROLE = Qt.ItemDataRole.UserRole
# Opens one record (context, parent, its id): the dialog to see and change it.
OpenRecord = Callable[[Any, QWidget, str], QDialog]


@dataclass(frozen=True)
class RecordTab:
    name: str  # the page's attributes: <name>_table, <name>_tab, <name>_empty
    title: str
    columns: tuple[str, ...]
    stretch: int  # the column that takes the spare width
    empty: str  # shown instead of an empty table
    open: str | None = None  # the page method a double-click on a row calls
    buttons: str | None = None  # the page method giving the widgets under the table
    intro: str | None = None  # the page method giving the widgets above the table
    # The dialog the record chosen in the table opens in, and the keyword its id is given as.
    opens: tuple[Callable[..., QDialog], str] | None = None
    enables: tuple[str, ...] = ()  # the page's buttons enabled while a row is chosen
    chosen: str | None = None  # the page method called when the chosen row changes
    # A tab that is a widget of its own (given the page), holding `.table` and `.empty`,
    # and filling itself: the History tab.
    widget: Callable[[Any], QWidget] | None = None

    @property
    def dialog(self) -> OpenRecord | None:
        """Opens the record chosen in the table (context, parent, its id), or None."""
        if self.opens is None:
            return None
        open_with, key = self.opens
        return lambda context, parent, record_id: open_with(context, parent, **{key: record_id})


def _history(page: Any) -> QWidget:
    from cass_desktop.ui.people.history_tab import HistoryTab

    return HistoryTab(page)


TABS = (
    RecordTab(
        "consents",
        "Consents",
        ("Date", "Consent", "With", "Decision", "How recorded", "Recorded by", "Notes"),
        stretch=6,
        empty="No consent recorded yet. Record consent (above) adds their decision.",
        intro="_consents_intro",
    ),
    RecordTab(
        "hearings",
        "Court dates",
        (
            "Date",
            "Time",
            "Court",
            "Room",
            "Case number",
            "Hearing",
            "Charge",
            "Outcome",
            "Next hearing",
        ),
        stretch=6,
        empty="No court dates yet. Add court date (above) adds one.",
        open="open_hearing",
        buttons="_hearings_buttons",
        opens=(HearingDialog, "hearing_id"),
    ),
    RecordTab(
        "needs",
        "Needs",
        ("Area of need", "How pressing", "Status", "Notes"),
        stretch=3,
        empty="No needs recorded yet. Add need (above) adds one.",
        open="edit_need",
        buttons="_needs_buttons",
        opens=(NeedDialog, "need_id"),
        enables=("edit_need_button", "need_status"),
        chosen="_need_chosen",
    ),
    RecordTab(
        "followups",
        "Follow-ups",
        ("Due", "What to do", "Who", "Done"),
        stretch=1,
        empty="No follow-ups yet. Add follow-up (above) adds one.",
        open="edit_followup",
        buttons="_followups_buttons",
        opens=(FollowupDialog, "followup_id"),
        chosen="_followup_chosen",
    ),
    RecordTab(
        "referrals",
        "Referrals",
        ("Status", "Agency", "Needs", "Made", "Appointment", "Follow up", "Reason"),
        stretch=6,
        empty="No referrals yet. New referral… (below) makes one.",
        open="open_referral",
        buttons="_referrals_buttons",
        opens=(ReferralDialog, "referral_id"),
        enables=("open_referral_button",),
    ),
    RecordTab(
        "timeline",
        "Timeline",
        ("When", "Kind", "Where", "How long", "Summary", "Worker"),
        stretch=4,
        empty="No contact notes yet. Add contact note (above) records one.",
        open="edit_contact",
        buttons="_timeline_buttons",
        opens=(ContactDialog, "contact_id"),
        enables=("edit_contact_button",),
    ),
    # Who looked at or changed the record (the audit log), and the subject access pack.
    RecordTab("history", "History", (), stretch=0, empty="", widget=_history),
)


TAB_NAMED = {tab.name: tab for tab in TABS}


def selected_id(table: QTableWidget) -> str | None:
    """The id of the record in the table's current row, or None."""
    item = table.item(table.currentRow(), 0) if table.currentRow() >= 0 else None
    return item.data(ID_ROLE) if item is not None else None


def chosen_changed(page: Any, tab: RecordTab) -> None:
    """Enable the tab's buttons for a chosen row, and tell the page (`tab.chosen`)."""
    chosen = selected_id(getattr(page, f"{tab.name}_table")) is not None
    for name in tab.enables:
        getattr(page, name).setEnabled(chosen)
    if tab.chosen:
        getattr(page, tab.chosen)()


def build_tab(page: Any, tab: RecordTab) -> int:
    """Make the tab described by `tab` on `page.tabs`; returns its index."""
    tr = page.tr
    if tab.widget is not None:
        widget = tab.widget(page)
        setattr(page, f"{tab.name}_widget", widget)
        setattr(page, f"{tab.name}_table", widget.table)
        setattr(page, f"{tab.name}_empty", widget.empty)
        index = page.tabs.addTab(widget, tr(tab.title))
        setattr(page, f"{tab.name}_tab", index)
        return index
    table = records_table([tr(column) for column in tab.columns], stretch=tab.stretch)
    table.setObjectName(f"{tab.name}Table")
    if tab.open:
        table.doubleClicked.connect(lambda _index: getattr(page, tab.open)())
    empty = QLabel(tr(tab.empty))
    empty.setObjectName(f"{tab.name}Empty")
    empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    empty.setStyleSheet(style.NOTE_STYLE + " font-size: 11pt; padding: 12px;")
    shown = QStackedWidget()
    shown.addWidget(table)
    shown.addWidget(empty)
    setattr(page, f"{tab.name}_table", table)
    setattr(page, f"{tab.name}_empty", empty)
    setattr(page, f"_{tab.name}_stack", shown)

    holder = QWidget()
    layout = QVBoxLayout(holder)
    for widget in getattr(page, tab.intro)() if tab.intro else ():
        layout.addWidget(widget)
    layout.addWidget(shown, 1)
    widgets: Sequence[QWidget] = getattr(page, tab.buttons)() if tab.buttons else ()
    if widgets:
        row = QHBoxLayout()
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
    if tab.enables or tab.chosen:
        table.itemSelectionChanged.connect(lambda: chosen_changed(page, tab))
    index = page.tabs.addTab(holder, tr(tab.title))
    setattr(page, f"{tab.name}_tab", index)
    return index


def fill_table(
    table: QTableWidget,
    rows: Sequence[dict[str, Any]],
    cells: Callable[[dict[str, Any]], Sequence[str]],
    style_cell: Callable[[dict[str, Any], QTableWidgetItem], None] | None = None,
) -> None:
    """Show `rows` in `table`, one a row, each cell holding the row's id."""
    table.setRowCount(0)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(cells(row)):
            item = QTableWidgetItem(text)
            item.setData(ID_ROLE, row["id"])
            item.setToolTip(text)
            if style_cell is not None:
                style_cell(row, item)
            table.setItem(r, c, item)


def fill_tab(
    page: Any,
    name: str,
    rows: Sequence[dict[str, Any]],
    cells: Callable[[dict[str, Any]], Sequence[str]],
    style_cell: Callable[[dict[str, Any], QTableWidgetItem], None] | None = None,
) -> None:
    """Fill the tab `name`'s table, or show its words for nothing yet; its buttons then
    follow the row chosen, if any."""
    table = getattr(page, f"{name}_table")
    fill_table(table, rows, cells, style_cell)
    stack: QStackedWidget = getattr(page, f"_{name}_stack")
    stack.setCurrentWidget(table if rows else getattr(page, f"{name}_empty"))
    chosen_changed(page, TAB_NAMED[name])
