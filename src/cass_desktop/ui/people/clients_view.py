"""The Clients page: everyone the service works with, searchable as you type.

Filter by open, closed, all or my (keyworker) people; type part of a name, a reference, a date
of birth (14/03/1990) or a phone number to narrow the list; click a heading to sort. Enter or a
double-click opens the person; New person (Ctrl+N) adds one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QHideEvent, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.data import clients, local
from cass_desktop.people import hold
from cass_desktop.ui.people.clients_model import (
    AGE,
    COURT,
    DATE_OF_BIRTH,
    FILTER_ALL,
    FILTER_CLOSED,
    FILTER_MINE,
    FILTER_OPEN,
    KEYWORKER,
    NAME,
    OPENED,
    REFERENCE,
    STATUS,
    ClientsModel,
)
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.pages import RefreshWhenShown
from cass_desktop.ui.shell.plain_table import PlainTextTable

if TYPE_CHECKING:
    from cass_desktop.ui.people.client_dialog import ClientDialog

SEARCH_DELAY_MS = 150


class _SearchBox(QLineEdit):
    """The search box: Down moves into the list, Enter opens the highlighted person."""

    def __init__(self, page: ClientsPage):
        super().__init__()
        self._page = page

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            self._page.table.setFocus()
            if not self._page.table.currentIndex().isValid():
                self._page.select_row(0)
            return
        super().keyPressEvent(event)


class _NameTakesTheRest(QObject):
    """The clients list's columns at their set widths and the name taking the rest; where
    that leaves the name less than NAME_ROOM (head office's Court column at 1024x700), the
    other columns narrow in proportion instead. Fixed widths: the list never measures its
    rows, so 100,000 people cost no more than 30."""

    WIDTHS = (
        (REFERENCE, 130),
        (DATE_OF_BIRTH, 110),
        (AGE, 50),
        (STATUS, 80),
        (KEYWORKER, 150),
        (OPENED, 110),
        (COURT, 150),
    )
    NAME_ROOM = 180  # what a laptop's list leaves the name at 1024x700

    def __init__(self, table: QTableView):
        super().__init__(table)
        self.table = table
        self.fit()
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        shown = [(c, w) for c, w in self.WIDTHS if not self.table.isColumnHidden(c)]
        others = sum(w for _c, w in shown)
        room = self.table.viewport().width() - self.NAME_ROOM
        scale = min(1.0, room / others) if others and room > 0 else 1.0
        header = self.table.horizontalHeader()
        for column, width in shown:
            header.resizeSection(column, max(40, int(width * scale)))


class ClientsPage(RefreshWhenShown, QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.dialog: ClientDialog | None = None
        self._stale = False

        self.model = ClientsModel(context.db, self)

        title = QLabel(self.tr("Clients"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.new_button = QPushButton(self.tr("New person"))
        self.new_button.setShortcut(QKeySequence("Ctrl+N"))
        self.new_button.setToolTip(self.tr("Add someone new (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_client)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.new_button)

        self.filters = QButtonGroup(self)
        self.filters.setExclusive(True)
        self.filter_buttons: dict[str, QPushButton] = {}
        filter_row = QHBoxLayout()
        filter_row.setSpacing(0)
        for key, label in (
            (FILTER_OPEN, self.tr("Open")),
            (FILTER_CLOSED, self.tr("Closed")),
            (FILTER_ALL, self.tr("All")),
            (FILTER_MINE, self.tr("Mine")),
        ):
            button = QPushButton(label)
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setProperty("filter", key)
            self.filters.addButton(button)
            self.filter_buttons[key] = button
            filter_row.addWidget(button)
        self.filter_buttons[FILTER_MINE].setToolTip(self.tr("People you are keyworker for"))
        # Head office is nobody's keyworker: no "Mine" there.
        self.filter_buttons[FILTER_MINE].setVisible(local.get(context.db, "role") != "head-office")
        self.filter_buttons[FILTER_OPEN].setChecked(True)
        self.filters.buttonClicked.connect(lambda _button: self.apply_filter())

        self.search = _SearchBox(self)
        self.search.setPlaceholderText(
            self.tr("Search by name, reference, date of birth (14/03/1990) or phone")
        )
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        self.search.textChanged.connect(self._search_soon)
        self.search.returnPressed.connect(self._open_from_search)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.search_now)

        self.count_label = QLabel()
        self.count_label.setObjectName("clientCount")
        # A fixed size: its words change on every keystroke, and a label that changes size
        # lays the whole page out again each time.
        self.count_label.setFixedSize(
            self.count_label.fontMetrics().horizontalAdvance(
                self.tr("%1 people or more…").replace("%1", "9,999,999")
            )
            + 8,
            self.count_label.sizeHint().height(),
        )
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        controls = QHBoxLayout()
        controls.addLayout(filter_row)
        controls.addSpacing(16)
        controls.addWidget(self.search, 1)
        controls.addSpacing(16)
        controls.addWidget(self.count_label)

        # Each row's words formatted once (when read) and laid out once: a keystroke's repaint
        # asks the model for 30 rows, not seven roles of 200 cells.
        self.table = PlainTextTable(self.model.texts_at, right=(AGE,))
        self.table.setObjectName("clientsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # Fixed row heights: the view never measures rows, so 100,000 cost no more than 30.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        # Head office holds every court's people: which court each is held at. A laptop
        # holds its own court's, so there the column says nothing and is hidden.
        self.table.setColumnHidden(COURT, local.get(context.db, "role") != "head-office")
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self._fit_columns = _NameTakesTheRest(self.table)
        header.setSortIndicator(NAME, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(self._open_index)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyClients")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(f"{style.NOTE_STYLE} font-size: 12pt;")
        self.body = QStackedWidget()
        self.body.addWidget(self.table)
        self.body.addWidget(self.empty_label)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(controls)
        layout.addWidget(self.body, 1)

        self.model.modelReset.connect(self._show_count)
        self.model.loaded.connect(self._show_count)
        context.changed.connect(self._data_changed)
        # Clicking a heading re-queries the store; turning sorting on runs the first query.
        self.table.setSortingEnabled(True)

    # What is listed ---------------------------------------------------------------------

    @property
    def current_filter(self) -> str:
        button = self.filters.checkedButton()
        return button.property("filter") if button else FILTER_OPEN

    def set_filter(self, which: str) -> None:
        self.filter_buttons[which].setChecked(True)
        self.apply_filter()

    def apply_filter(self) -> None:
        kept = self.selected_client_id()
        self.model.set_filter(self.current_filter, worker_id=self.context.worker_id)
        self.table.scrollToTop()  # a new list starts at its first row (unless kept is in it)
        self._reselect(kept)

    def _search_soon(self) -> None:
        self._search_timer.start()

    def search_now(self) -> None:
        """Filter by what is in the search box now (typing does this after a short pause)."""
        self._search_timer.stop()
        kept = self.selected_client_id()
        text = self.search.text().strip()
        if text != self.model.text:
            self.model.set_text(text)
            # The first matches at the top, however far the last list was scrolled (the
            # view keeps its place through a reset), unless the person chosen is among them.
            self.table.scrollToTop()
        self._reselect(kept)

    def refresh(self) -> None:
        """Query the store again, keeping the filter, search, sort and selected person."""
        self._stale = False
        self._search_timer.stop()
        kept = self.selected_client_id()
        text = self.search.text().strip()
        if text != self.model.text:
            self.model.set_text(text)
        else:
            self.model.reload()
        self._reselect(kept)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.table.hasFocus():
            # Ready to type a name: coming back to the list, what was searched for is kept
            # and chosen, so the next name typed replaces it.
            self.search.setFocus()
            self.search.selectAll()

    def hideEvent(self, event: QHideEvent) -> None:
        # A search still waiting must not fire once the page is gone (its store may be closed
        # by then); it is run when the page is next shown.
        if self._search_timer.isActive():
            self._search_timer.stop()
            self._stale = True
        super().hideEvent(event)

    def _show_count(self) -> None:
        rows = self.model.rowCount()
        text = self.model.text
        self.count_label.setText(self.tr("%1 people").replace("%1", f"{rows:,}"))
        if not self.model.complete:
            # The rest are being read while nobody types: the count follows in a moment.
            self.count_label.setText(self.tr("%1 people or more…").replace("%1", f"{rows:,}"))
        elif rows == 1:
            self.count_label.setText(self.tr("1 person"))
        if rows:
            self.body.setCurrentWidget(self.table)
            return
        if text:
            message = self.tr("Nobody here matches “%1”.").replace("%1", text)
            if self.current_filter != FILTER_ALL:
                message += " " + self.tr("Try All to look at closed cases too.")
        elif self.current_filter == FILTER_MINE:
            message = self.tr("You are not keyworker for anyone yet.")
        elif self.current_filter == FILTER_CLOSED:
            message = self.tr("No closed cases.")
        elif self.current_filter == FILTER_OPEN and self.model_has_anyone():
            message = self.tr("No open cases. Choose All to see everyone.")
        else:
            message = self.tr(
                "No one has been added yet. Press New person (Ctrl+N) to add someone."
            )
        self.empty_label.setText(message)
        self.body.setCurrentWidget(self.empty_label)

    def model_has_anyone(self) -> bool:
        return clients.count(self.context.db) > 0

    # Selecting and opening ----------------------------------------------------------------

    def selected_client_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.client_id_at(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, NAME)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def select_client(self, client_id: str, *, read_all: bool = True) -> bool:
        """Highlight a person in the list if the filter shows them."""
        row = self.model.row_of(client_id, read_all=read_all)
        if row is None:
            return False
        self.select_row(row)
        return True

    def _reselect(self, client_id: str | None) -> None:
        # Among the rows read so far: a keystroke never waits for everyone to be read.
        if client_id:
            self.select_client(client_id, read_all=False)

    def _open_index(self, index: QModelIndex) -> None:
        client_id = self.model.client_id_at(index.row()) if index.isValid() else None
        if client_id:
            self.context.open_client(client_id)

    def _open_from_search(self) -> None:
        self.search_now()
        index = self.table.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, NAME)
        self._open_index(index)

    def new_client(self) -> None:
        """Open the New person dialog; once added, the person is listed and opened."""
        # Imported when first wanted: the dialog's look-alike check brings the name matching
        # libraries (rapidfuzz, jellyfish, nameparser: 140 modules, 4 MB) the list never uses.
        from cass_desktop.ui.people.client_dialog import ClientDialog

        self.dialog = ClientDialog(self.context, self)
        self.dialog.accepted.connect(self._client_added)
        self.dialog.open()

    def _client_added(self) -> None:
        dialog = self.dialog
        if dialog is None or not dialog.client_id:
            return
        if self._stale or self.model.row_of(dialog.client_id, read_all=True) is None:
            self.refresh()
        if not self.select_client(dialog.client_id):
            # Hidden by the filter or the search: show everyone so they can be seen.
            self.search.clear()
            self.search_now()
            self.set_filter(FILTER_ALL)
            self.select_client(dialog.client_id)
        self.context.open_client(dialog.client_id)
        if hold.answer(self.context.db, dialog.client_id) == hold.NOT_ASKED:
            self.offer_consent_to_hold(dialog.client_id)

    def offer_consent_to_hold(self, client_id: str) -> QMessageBox:
        """Consent to hold is part of first contact: asked in New person, and offered again as
        soon as the person is added when it was not asked there."""
        name = clients.display_name(clients.get(self.context.db, client_id) or {})
        box = QMessageBox(self.window())
        box.setObjectName("offerConsentToHold")
        box.setWindowTitle(self.tr("Consent to hold their information"))
        box.setIcon(QMessageBox.Icon.Question)
        box.setText(
            self.tr(
                "%1 has been added. Record their consent to hold their information now?"
            ).replace("%1", name)
        )
        box.setInformativeText(
            self.tr("You can also do it later with Record consent on their page.")
        )
        self.record_now_button = box.addButton(
            self.tr("Record consent now"), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(self.tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(self.record_now_button)

        def chosen(_result: int) -> None:
            if box.clickedButton() is self.record_now_button:
                from cass_desktop.ui.people.record_dialogs import ConsentDialog  # (when chosen)

                self.consent_dialog = ConsentDialog(
                    self.context, self.window(), client_id=client_id, scope="hold"
                )
                self.consent_dialog.open()
            box.deleteLater()

        box.finished.connect(chosen)
        self.consent_offer = box
        box.open()
        return box
