"""Adding or editing one agency in the directory."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.agencies import directory
from cass_desktop.agencies.csv_rows import clean_text, domains_text, normalise_areas
from cass_desktop.data import agencies, local
from cass_desktop.records import schema
from cass_desktop.records.vocab import NEED_DOMAINS
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.dialogs import DialogShell

_TEXT_FIELDS = ("name", "phone", "email", "contact_name", "areas")
_LONG_FIELDS = ("address", "referral_method", "referral_criteria", "opening_hours", "notes")


class AgencyDialog(DialogShell):
    """Every detail of an agency; saves through agencies/directory.py (the rules) and tells
    the app it changed.

    `agency_id` is None for a new agency until it is saved, then holds its id.
    """

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, agency_id: str | None = None
    ):
        super().__init__(parent)
        self.context = context
        self.discard_question = (
            "Discard the changes to this agency?" if agency_id else "Discard this new agency?"
        )
        self.agency_id = agency_id
        self._held: dict[str, Any] = {}
        if agency_id:
            self._held = agencies.get(context.db, agency_id) or {}
        self._duplicate_confirmed: str | None = None
        self.setWindowTitle(
            self.tr("Edit agency: %1").replace("%1", self._held.get("name") or "")
            if self._held
            else self.tr("New agency")
        )
        self.resize(860, 540)

        self.inputs: dict[str, QLineEdit | QPlainTextEdit] = {}
        # Each field's hint and longest length are declared in records/schema.py.
        declared = schema.fields("agencies")
        for name in _TEXT_FIELDS:
            edit = QLineEdit()
            edit.setPlaceholderText(self.tr(declared[name].help))
            edit.setMaxLength(declared[name].max_chars or 200)
            self.inputs[name] = edit
        for name in _LONG_FIELDS:
            box = QPlainTextEdit()
            box.setPlaceholderText(self.tr(declared[name].help))
            box.setTabChangesFocus(True)
            box.setFixedHeight(64 if name != "notes" else 96)
            self.inputs[name] = box
        for name, widget in self.inputs.items():
            widget.setObjectName(name)
            widget.setAccessibleName(name.replace("_", " "))

        self.duplicate_warning = QLabel()
        self.duplicate_warning.setObjectName("duplicateWarning")
        self.duplicate_warning.setWordWrap(True)
        self.duplicate_warning.setStyleSheet(style.WARNING_STYLE)
        self.duplicate_warning.hide()

        self.domain_boxes: dict[str, QCheckBox] = {}
        needs = QGroupBox(self.tr("Needs it helps with"))
        grid = QGridLayout(needs)
        for i, (key, words) in enumerate(NEED_DOMAINS.items()):
            box = QCheckBox(words)
            box.setObjectName(f"domain_{key}")
            self.domain_boxes[key] = box
            grid.addWidget(box, i // 2, i % 2)

        self.active = QCheckBox(self.tr("Active: offer this agency for new referrals"))
        self.active.setObjectName("active")
        self.active.setChecked(True)

        left = QFormLayout()
        left.addRow(self.tr("&Name"), self.inputs["name"])
        left.addRow("", self.duplicate_warning)
        left.addRow(self.tr("&Phone"), self.inputs["phone"])
        left.addRow(self.tr("E&mail"), self.inputs["email"])
        left.addRow(self.tr("Named &contact"), self.inputs["contact_name"])
        left.addRow(self.tr("A&reas"), self.inputs["areas"])
        left.addRow(self.tr("A&ddress"), self.inputs["address"])
        left.addRow(self.tr("Opening &hours"), self.inputs["opening_hours"])
        left.addRow("", self.active)

        right = QVBoxLayout()
        right.addWidget(needs)
        right_form = QFormLayout()
        right_form.addRow(self.tr("How to &refer"), self.inputs["referral_method"])
        right_form.addRow(self.tr("Referral cr&iteria"), self.inputs["referral_criteria"])
        right_form.addRow(self.tr("No&tes"), self.inputs["notes"])
        right.addLayout(right_form)
        right.addStretch(1)

        left_column = QVBoxLayout()
        left_column.addLayout(left)
        left_column.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left_column, 1)
        columns.addLayout(right, 1)

        self.error.setObjectName("error")
        self.error.setStyleSheet(style.ERROR_STYLE + " font-weight: bold;")
        self.save_button.setText(self.tr("&Save"))
        self.save_button.setObjectName("save")

        # The directory is head office's: a laptop's change is a proposal it accepts or not.
        self.proposal_note = QLabel(
            self.tr(
                "Your change shows on this laptop at once. The directory is head office's: "
                "it is sent there as a proposal, and reaches other laptops once head office "
                "accepts it."
            )
        )
        self.proposal_note.setObjectName("proposalNote")
        self.proposal_note.setWordWrap(True)
        self.proposal_note.setStyleSheet(style.NOTE_STYLE)
        self.proposal_note.setVisible(local.get(context.db, "role") == "device")

        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.proposal_note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self._fill()
        self.inputs["name"].textChanged.connect(self._name_changed)
        self._name_changed(self.inputs["name"].text())

    def _fill(self) -> None:
        held = self._held
        if not held:
            return
        for name, widget in self.inputs.items():
            value = held.get(name) or ""
            if isinstance(widget, QLineEdit):
                widget.setText(value)
            else:
                widget.setPlainText(value)
        keys = {k.strip() for k in (held.get("domains") or "").split(",") if k.strip()}
        for key, box in self.domain_boxes.items():
            box.setChecked(key in keys)
        self.active.setChecked(bool(held.get("active", 1)))

    def _text(self, name: str) -> str:
        widget = self.inputs[name]
        text = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
        return clean_text(text)

    def _name_changed(self, text: str) -> None:
        if (
            self._duplicate_confirmed
            and self._duplicate_confirmed != " ".join(text.split()).casefold()
        ):
            self._duplicate_confirmed = None
            self.save_button.setText(self.tr("&Save"))
        other = agencies.name_taken(self.context.db, text, exclude_id=self.agency_id)
        if other is None:
            self.duplicate_warning.hide()
            return
        detail = f" ({other['phone']})" if other.get("phone") else ""
        self.duplicate_warning.setText(
            self.tr("There is already an agency called “%1”%2 in the directory.")
            .replace("%1", other["name"])
            .replace("%2", detail)
        )
        self.duplicate_warning.show()

    def _fail(self, message: str, field: str | None = None) -> None:
        self.error.setText(message)
        self.error.show()
        if field:
            self.inputs[field].setFocus()

    def values(self) -> dict[str, Any]:
        """The agency as typed, in the form it is stored."""
        known = set(NEED_DOMAINS)
        kept = {  # needs from a newer version of the app have no box here: keep them
            k.strip()
            for k in (self._held.get("domains") or "").split(",")
            if k.strip() and k.strip() not in known
        }
        ticked = {key for key, box in self.domain_boxes.items() if box.isChecked()}
        values: dict[str, Any] = {
            name: (self._text(name) or None) for name in (*_TEXT_FIELDS, *_LONG_FIELDS)
        }
        values["name"] = " ".join(self._text("name").split()) or None
        values["areas"] = normalise_areas(self._text("areas")) or None
        values["domains"] = domains_text(ticked | kept)
        values["active"] = 1 if self.active.isChecked() else 0
        return values

    def submit(self) -> None:
        self.save()

    def save(self) -> None:
        values = self.values()
        folded = (values["name"] or "").casefold()
        try:
            self.agency_id = directory.save_agency(
                self.context.db,
                values,
                self.agency_id,
                keep_both=self._duplicate_confirmed == folded,
            )
        except directory.NameTaken as taken:
            self._duplicate_confirmed = folded
            self._fail(
                self.tr(
                    "There is already an agency called “%1”. Press Save again to keep both, "
                    "or change the name."
                ).replace("%1", taken.other["name"]),
                "name",
            )
            self.save_button.setText(self.tr("&Save anyway"))
            return
        except directory.AgencyInvalid as invalid:
            self._fail(str(invalid), invalid.field)
            return
        self.context.notify_changed()
        self.accept()
