"""The agency directory: find a service by need, area or name, and see how to refer to it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.agencies import areas as area_data
from cass_desktop.data import agencies
from cass_desktop.records.vocab import NEED_DOMAINS, domain_labels
from cass_desktop.ui.agencies.agency_dialog import AgencyDialog
from cass_desktop.ui.agencies.agency_import_dialog import AgencyImportDialog
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.fields import reload_choices
from cass_desktop.ui.shell.pages import RefreshWhenShown
from cass_desktop.ui.shell.tables import Column, RecordsModel, records_view


class AgencyTableModel(RecordsModel):
    """Agencies found by the page's filters: one row each."""

    NAME, NEEDS, AREAS, PHONE, CONTACT = range(5)

    def __init__(self, parent=None):
        super().__init__(parent)
        inactive = lambda agency: None if agency["active"] else style.MUTED_COLOUR  # noqa: E731
        self.columns = [
            Column(self.tr("Name"), self._name, colour=inactive),
            Column(self.tr("Needs"), lambda a: domain_labels(a["domains"]), colour=inactive),
            Column(self.tr("Areas"), lambda a: a["areas"] or "", colour=inactive),
            Column(self.tr("Phone"), lambda a: a["phone"] or "", colour=inactive),
            Column(self.tr("Named contact"), lambda a: a["contact_name"] or "", colour=inactive),
        ]

    def agency(self, row: int) -> dict[str, Any]:
        return self.record(row)

    def _name(self, agency: dict[str, Any]) -> str:
        name = agency["name"] or ""
        return name if agency["active"] else name + " " + self.tr("(not active)")


class _Detail(QWidget):
    """Everything a worker needs when phoning the agency."""

    FIELDS = (
        "domains",
        "areas",
        "phone",
        "email",
        "contact_name",
        "address",
        "opening_hours",
        "referral_method",
        "referral_criteria",
        "notes",
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        labels = {
            "domains": self.tr("Needs"),
            "areas": self.tr("Areas"),
            "phone": self.tr("Phone"),
            "email": self.tr("Email"),
            "contact_name": self.tr("Named contact"),
            "address": self.tr("Address"),
            "opening_hours": self.tr("Opening hours"),
            "referral_method": self.tr("How to refer"),
            "referral_criteria": self.tr("Referral criteria"),
            "notes": self.tr("Notes"),
        }
        self.title = QLabel()
        self.title.setObjectName("agencyTitle")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.inactive = QLabel(
            self.tr("Not active: kept for the record, not offered for new referrals.")
        )
        self.inactive.setObjectName("agencyInactive")
        self.inactive.setStyleSheet(style.WARNING_STYLE)
        self.inactive.setWordWrap(True)
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.edit_button.setObjectName("editAgency")
        self.empty = QLabel(self.tr("Choose an agency to see how to refer to it."))
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #555;")

        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for name in self.FIELDS:
            value = QLabel()
            value.setObjectName(f"detail_{name}")
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            caption = QLabel(labels[name])
            caption.setStyleSheet("color: #444; font-weight: bold;")
            form.addRow(caption, value)
            self.values[name] = value
        self.form = QWidget()
        self.form.setLayout(form)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addLayout(top)
        layout.addWidget(self.inactive)
        layout.addWidget(self.form)
        layout.addStretch(1)
        self.show_agency(None)

    def show_agency(self, agency: dict[str, Any] | None) -> None:
        self.empty.setVisible(agency is None)
        for widget in (self.title, self.edit_button, self.form):
            widget.setVisible(agency is not None)
        self.inactive.setVisible(bool(agency) and not agency["active"])
        if agency is None:
            return
        self.title.setText(agency["name"] or "")
        for name, label in self.values.items():
            text = domain_labels(agency["domains"]) if name == "domains" else agency[name]
            if text:
                label.setText(str(text))
                label.setStyleSheet("")
            else:
                label.setText(self.tr("Not recorded"))
                label.setStyleSheet(f"color: {style.MUTED};")


class AgenciesPage(RefreshWhenShown, QWidget):
    """The directory: filter by need, area and words; details of the chosen agency beside."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.dialog: AgencyDialog | None = None
        self.import_dialog: AgencyImportDialog | None = None
        self._stale = False

        title = QLabel(self.tr("Agency directory"))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)

        self.search = QLineEdit()
        self.search.setObjectName("agencySearch")
        self.search.setPlaceholderText(self.tr("Search names, needs, areas, contacts and notes"))
        self.search.setClearButtonEnabled(True)
        self.need = QComboBox()
        self.need.setObjectName("needFilter")
        self.need.addItem(self.tr("Any need"), None)
        for key, words in NEED_DOMAINS.items():
            self.need.addItem(words, key)
        self.area = QComboBox()
        self.area.setObjectName("areaFilter")
        self.area.setMinimumContentsLength(14)
        self.area.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.include_inactive = QCheckBox(self.tr("Include inactive"))
        self.include_inactive.setObjectName("includeInactive")
        self.add_button = QPushButton(self.tr("&Add agency…"))
        self.add_button.setObjectName("addAgency")
        self.import_button = QPushButton(self.tr("&Import from CSV…"))
        self.import_button.setObjectName("importAgencies")

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(QLabel(self.tr("Need:")))
        filters.addWidget(self.need, 1)
        filters.addWidget(QLabel(self.tr("Area:")))
        filters.addWidget(self.area, 1)
        filters.addWidget(self.include_inactive)

        heading = QHBoxLayout()
        heading.addWidget(title, 1)
        heading.addWidget(self.add_button)
        heading.addWidget(self.import_button)

        self.model = AgencyTableModel(self)
        self.proxy, self.table = records_view(
            self, self.model, AgencyTableModel.SORT_ROLE, "agencyTable"
        )
        self.table.sortByColumn(AgencyTableModel.NAME, Qt.SortOrder.AscendingOrder)
        for column, width in ((0, 185), (1, 165), (2, 125), (3, 105)):
            self.table.setColumnWidth(column, width)
        self.count_label = QLabel()
        self.count_label.setObjectName("agencyCount")
        self.count_label.setWordWrap(True)

        self.detail = _Detail()
        scroll = QScrollArea()
        scroll.setWidget(self.detail)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMinimumWidth(320)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([680, 420])

        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

        self.search.textChanged.connect(self._filters_changed)
        self.need.currentIndexChanged.connect(self._filters_changed)
        self.area.currentIndexChanged.connect(self._filters_changed)
        self.include_inactive.toggled.connect(self._filters_changed)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        self.detail.edit_button.clicked.connect(self.edit_current)
        self.add_button.clicked.connect(self.add_agency)
        self.import_button.clicked.connect(self.import_csv)
        context.changed.connect(self._data_changed)
        self.refresh()

    # -- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the directory with the filters as they are, keeping the chosen agency."""
        self._stale = False
        keep = self.current_agency_id()
        self._load_areas()
        self._load_rows(keep)

    def _load_areas(self) -> None:
        listed = agencies.areas(self.context.db)
        known = {area_data.tree().key(name) for name in listed}
        # The towns and counties of the hierarchy too: Truro shows Cornwall's services even
        # when no agency names Truro itself.
        extra = [n for n in area_data.tree().names() if area_data.tree().key(n) not in known]
        also = self.tr("Also shows services covering %1")
        choices = []
        for name in sorted([*listed, *extra], key=str.casefold):
            covering = area_data.tree().covering(name)[1:]
            tip = also.replace("%1", self.tr(" or ").join(covering)) if covering else None
            choices.append((name, name, tip))
        reload_choices(self.area, self.tr("Any area"), choices)

    def _load_rows(self, keep: str | None) -> None:
        rows = agencies.search(
            self.context.db,
            self.search.text(),
            domain=self.need.currentData(),
            area=area_data.tree().covering(area) if (area := self.area.currentData()) else None,
            include_inactive=self.include_inactive.isChecked(),
        )
        self.model.set_rows(rows)
        self._show_count(len(rows))
        if keep and self._select(keep):
            return
        if self.proxy.rowCount():
            self.table.selectRow(0)
        else:
            self.detail.show_agency(None)

    def _show_count(self, found: int) -> None:
        filtered = bool(
            self.search.text().strip() or self.need.currentData() or self.area.currentData()
        )
        if found == 0 and not filtered:
            if self.include_inactive.isChecked() or not agencies.list_all(self.context.db):
                text = self.tr(
                    "The directory is empty. Add an agency, or import a list from a CSV file."
                )
            else:
                text = self.tr("No active agencies. Tick Include inactive to see the others.")
        elif found == 0:
            text = self.tr("No agency matches. Try fewer words, or another need or area.")
        elif found == 1:
            text = self.tr("1 agency")
        else:
            text = self.tr("%1 agencies").replace("%1", str(found))
        area = self.area.currentData()
        covering = area_data.tree().covering(area)[1:] if area else []
        if found and covering:
            text += " · " + self.tr("including services covering %1").replace(
                "%1", self.tr(" or ").join(covering)
            )
        self.count_label.setText(text)

    def _filters_changed(self, *_args) -> None:
        self._load_rows(self.current_agency_id())

    # -- choosing -------------------------------------------------------------------------

    def current_agency_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return index.data(AgencyTableModel.ID_ROLE)

    def current_agency(self) -> dict[str, Any] | None:
        index = self.table.currentIndex()
        return index.data(AgencyTableModel.OBJECT_ROLE) if index.isValid() else None

    def _select(self, agency_id: str) -> bool:
        row = self.model.row_of(agency_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        agency = current.data(AgencyTableModel.OBJECT_ROLE) if current.isValid() else None
        self.detail.show_agency(agency)

    def show_agency(self, agency_id: str) -> None:
        """Select an agency (from global search) and show its details, ready to edit.

        Filters that would hide it are cleared.
        """
        agency = agencies.get(self.context.db, agency_id)
        if agency is None or agency["deleted"]:
            return
        self._load_areas()
        if not self._select(agency_id):
            for widget in (self.search, self.need, self.area, self.include_inactive):
                widget.blockSignals(True)
            self.search.clear()
            self.need.setCurrentIndex(0)
            self.area.setCurrentIndex(0)
            if not agency["active"]:
                self.include_inactive.setChecked(True)
            for widget in (self.search, self.need, self.area, self.include_inactive):
                widget.blockSignals(False)
            self._load_rows(agency_id)
        self.detail.edit_button.setFocus()

    # -- adding, editing, importing -------------------------------------------------------

    def add_agency(self) -> None:
        self._open_dialog(None)

    def edit_current(self) -> None:
        agency_id = self.current_agency_id()
        if agency_id:
            self._open_dialog(agency_id)

    def _open_dialog(self, agency_id: str | None) -> None:
        dialog = AgencyDialog(self.context, self, agency_id=agency_id)
        self.dialog = dialog

        def done(result: int) -> None:
            if result and dialog.agency_id:
                self.refresh()
                if not self._select(dialog.agency_id):
                    self.show_agency(dialog.agency_id)
            dialog.deleteLater()
            if self.dialog is dialog:
                self.dialog = None

        dialog.finished.connect(done)
        dialog.open()

    def import_csv(self) -> None:
        dialog = AgencyImportDialog(self.context, self)
        self.import_dialog = dialog

        def done(_result: int) -> None:
            self.refresh()
            dialog.deleteLater()
            if self.import_dialog is dialog:
                self.import_dialog = None

        dialog.finished.connect(done)
        dialog.open()
