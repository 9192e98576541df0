"""Adding a person, or changing their details.

While a new person's name and date of birth are typed, people already held who may be the
same person are listed beside the form (`matching`), so the worker can open that record
instead of making a second one. What was typed is checked by `validation`; each problem is
shown under its field in plain words, and nothing is saved until they are put right. The
panel of look-alikes is lookalikes_panel.py. A new person is asked for their consent to hold
their information (yes, no, not yet asked: hold_question.py); for someone who said no, the
dialog says only the minimum is kept and refuses more, in one sentence (people/hold.py's rule).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.data import clients, sites
from cass_desktop.people import saving, validation
from cass_desktop.people.lookalikes import Likeness
from cass_desktop.records import dates, schema, vocab
from cass_desktop.ui.people.hold_question import HoldQuestion
from cass_desktop.ui.people.lookalikes_panel import LookalikesPanel
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.dialogs import DialogShell, FieldProblem

GENDERS = ("Female", "Male", "Non-binary", "Prefer not to say")
# The Census 2021 ethnic groups for England and Wales.
ETHNICITIES = (
    "Asian or Asian British: Bangladeshi",
    "Asian or Asian British: Chinese",
    "Asian or Asian British: Indian",
    "Asian or Asian British: Pakistani",
    "Asian or Asian British: any other Asian background",
    "Black, Black British, Caribbean or African: African",
    "Black, Black British, Caribbean or African: Caribbean",
    "Black, Black British, Caribbean or African: any other Black background",
    "Mixed or multiple: White and Asian",
    "Mixed or multiple: White and Black African",
    "Mixed or multiple: White and Black Caribbean",
    "Mixed or multiple: any other mixed background",
    "White: English, Welsh, Scottish, Northern Irish or British",
    "White: Irish",
    "White: Gypsy or Irish Traveller",
    "White: Roma",
    "White: any other White background",
    "Other: Arab",
    "Other: any other ethnic group",
    "Prefer not to say",
)

_HINT_STYLE = style.NOTE_STYLE


class ClientDialog(HoldQuestion, LookalikesPanel, DialogShell):
    """A new person (no `client_id`) or the details of one already held.

    On accept the person has been saved and `context.notify_changed()` called; `client_id`
    holds their id. When the worker chooses to open someone already held instead, the dialog
    is rejected and `opened_existing_id` holds that person's id; with `open_existing=False`
    (a caller picking a person, such as the hearing dialog) that person is not opened, the
    caller uses `opened_existing_id`.
    """

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        client_id: str | None = None,
        *,
        open_existing: bool = True,
    ):
        super().__init__(parent)
        self.save_button.setText(self.tr("Save changes") if client_id else self.tr("Add person"))
        self.context = context
        self.discard_question = (
            "Discard the changes to this person?" if client_id else "Discard this new person?"
        )
        # False when the caller only wants to know which person was chosen (a picker).
        self._open_existing = open_existing
        self.client_id = client_id
        self.opened_existing_id: str | None = None
        self._existing: dict[str, Any] | None = (
            clients.get(context.db, client_id) if client_id else None
        )
        if client_id and self._existing is None:
            raise ValueError(f"no client {client_id}")
        self._creating = client_id is None
        self._show_all_problems = False
        self._loading = True
        self._touched: set[str] = set()
        self._last_touched: str | None = None
        self.errors: dict[str, QLabel] = {}
        self.matches_found: list[tuple[Mapping[str, Any], Likeness]] = []

        self._build()
        self._load()
        self._hold_changed()
        self._loading = False
        self._revalidate()

        self._match_timer = QTimer(self)
        self._match_timer.setSingleShot(True)
        self._match_timer.setInterval(250)
        self._match_timer.timeout.connect(self.check_matches)
        if self._creating:
            for edit in (self.given_name, self.family_name, self.date_of_birth):
                edit.textChanged.connect(self._match_timer.start)
        self.given_name.setFocus()

    # Building ------------------------------------------------------------------------------

    def _build(self) -> None:
        if self._creating:
            self.setWindowTitle(self.tr("New person"))
        else:
            self.setWindowTitle(
                self.tr("Details of %1").replace("%1", clients.display_name(self._existing))
            )
        self.setObjectName("clientDialog")
        self.resize(1140 if self._creating else 840, 660 if self._creating else 600)

        # About them
        self.given_name = QLineEdit()
        self.family_name = QLineEdit()
        self.preferred_name = QLineEdit()
        self.date_of_birth = QLineEdit()
        self.dob_hint = QLabel()
        self.dob_hint.setStyleSheet(_HINT_STYLE)
        self.gender = self._choice(GENDERS)
        self.ethnicity = self._choice(ETHNICITIES)
        about = QGroupBox(self.tr("About them"))
        form = self._form(about)
        self._row(form, self.given_name, "given_name")
        self._row(form, self.family_name, "family_name")
        self._row(form, self.preferred_name, "preferred_name")
        self._row(form, self.date_of_birth, "date_of_birth", self.dob_hint)
        self._row(form, self.gender, "gender")
        self._row(form, self.ethnicity, "ethnicity")

        # Communication
        self.communication_needs = QPlainTextEdit()
        self.communication_needs.setTabChangesFocus(True)
        self.communication_needs.setFixedHeight(60)
        self.interpreter_language = QLineEdit()
        talk = QGroupBox(self.tr("Communication"))
        form = self._form(talk)
        self._row(form, self.communication_needs, "communication_needs")
        self._row(form, self.interpreter_language, "interpreter_language")

        # Contact details
        self.address = QPlainTextEdit()
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(60)
        self.postcode = QLineEdit()
        self.postcode.setMaximumWidth(120)
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.preferred_contact = QComboBox()
        self.preferred_contact.addItem(self.tr("Not said"), None)
        for key, words in vocab.CONTACT_METHODS.items():
            self.preferred_contact.addItem(self.tr(words), key)
        contact = QGroupBox(self.tr("Contact details"))
        form = self._form(contact)
        self._row(form, self.address, "address")
        self._row(form, self.postcode, "postcode")
        self._row(form, self.phone, "phone")
        self._row(form, self.email, "email")
        self._row(form, self.preferred_contact, "preferred_contact")

        # Their case with the service
        self.status = QComboBox()
        for key, words in vocab.CLIENT_STATUSES.items():
            self.status.addItem(self.tr(words), key)
        self.opened_on = QLineEdit()
        self.closed_on = QLineEdit()
        self.keyworker = QComboBox()
        self.risk_flags = QPlainTextEdit()
        self.risk_flags.setTabChangesFocus(True)
        self.risk_flags.setFixedHeight(72)
        case = QGroupBox(self.tr("Their case"))
        form = self._form(case)
        self._row(form, self.status, "status")
        self._row(form, self.opened_on, "opened_on")
        self._row(form, self.closed_on, "closed_on")
        self._row(form, self.keyworker, "keyworker_id")
        self._row(form, self.risk_flags, "risk_flags")
        self.status.currentIndexChanged.connect(self._status_changed)

        left = QVBoxLayout()
        left.addWidget(about)
        left.addWidget(self._hold_box())
        left.addWidget(talk)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(contact)
        right.addWidget(case)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        body = QHBoxLayout()
        body.addLayout(columns, 1)
        self.matches_panel = self._build_matches_panel()
        self.matches_panel.setVisible(self._creating)
        body.addWidget(self.matches_panel)

        self.summary = self.error
        self.summary.setObjectName("problemSummary")
        footer = QHBoxLayout()
        footer.addWidget(self.summary, 1)
        footer.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        if self._existing:
            heading = QLabel(
                self.tr("Reference %1").replace("%1", self._existing["reference"] or "")
            )
            heading.setStyleSheet("font-weight: bold;")
            layout.addWidget(heading)
        layout.addLayout(body, 1)
        layout.addLayout(footer)

        for name, widget in self._inputs().items():
            signal = (
                widget.currentIndexChanged
                if isinstance(widget, QComboBox) and not widget.isEditable()
                else widget.editTextChanged
                if isinstance(widget, QComboBox)
                else widget.textChanged
            )
            signal.connect(self._revalidate)
            if isinstance(widget, QLineEdit):
                widget.editingFinished.connect(lambda n=name: self._touch(n))
        self.date_of_birth.textChanged.connect(self._show_dob_hint)

    @staticmethod
    def _form(box: QGroupBox) -> QFormLayout:
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        return form

    def _choice(self, options: tuple[str, ...]) -> QComboBox:
        """A list to pick from that also takes the person's own words."""
        box = QComboBox()
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        box.addItem("")
        for option in options:
            box.addItem(self.tr(option))
        box.setMinimumContentsLength(16)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        return box

    def _row(
        self,
        form: QFormLayout,
        widget: QWidget,
        name: str,
        extra: QWidget | None = None,
    ) -> None:
        """A field labelled as records/schema.py declares it, its hint and longest length
        from there too, with the line under it kept for what is wrong with it."""
        field = schema.fields("clients")[name]
        label = self.tr(field.label)
        edit = widget.lineEdit() if isinstance(widget, QComboBox) else widget
        if field.help and isinstance(edit, QLineEdit | QPlainTextEdit):
            edit.setPlaceholderText(self.tr(field.help))
        if isinstance(edit, QLineEdit) and field.max_chars:
            edit.setMaxLength(field.max_chars)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if extra is not None:
            column.addWidget(extra)
        error = FieldProblem(f"error_{name}")
        column.addWidget(error)
        self.errors[name] = error
        widget.setMinimumWidth(200)
        if isinstance(widget, QLineEdit):  # never squeezed when the dialog is short
            widget.setMinimumHeight(widget.sizeHint().height())
        caption = QLabel(label)
        caption.setBuddy(widget)
        form.addRow(caption, holder)

    def _inputs(self) -> dict[str, QWidget]:
        return {
            "given_name": self.given_name,
            "family_name": self.family_name,
            "preferred_name": self.preferred_name,
            "date_of_birth": self.date_of_birth,
            "gender": self.gender,
            "ethnicity": self.ethnicity,
            "address": self.address,
            "postcode": self.postcode,
            "phone": self.phone,
            "email": self.email,
            "preferred_contact": self.preferred_contact,
            "communication_needs": self.communication_needs,
            "interpreter_language": self.interpreter_language,
            "status": self.status,
            "opened_on": self.opened_on,
            "closed_on": self.closed_on,
            "keyworker_id": self.keyworker,
            "risk_flags": self.risk_flags,
        }

    # Loading and reading the form -------------------------------------------------------------

    def _load(self) -> None:
        row = self._existing or {}
        site_id = row.get("site_id") or self.context.site_id
        self.keyworker.addItem(self.tr("No keyworker"), None)
        workers = sites.list_workers(self.context.db, site_id) if site_id else []
        if row.get("keyworker_id") and all(w["id"] != row["keyworker_id"] for w in workers):
            held = sites.get_worker(self.context.db, row["keyworker_id"])
            if held:
                workers.append(held)
        for worker in workers:
            self.keyworker.addItem(worker["name"], worker["id"])
        if not row:
            self._select(self.keyworker, self.context.worker_id)
            self.opened_on.setText(dates.today().strftime("%d/%m/%Y"))
            self._status_changed()
            return
        for name in ("given_name", "family_name", "preferred_name", "postcode", "phone"):
            getattr(self, name).setText(row.get(name) or "")
        self.email.setText(row.get("email") or "")
        self.interpreter_language.setText(row.get("interpreter_language") or "")
        self.date_of_birth.setText(dates.show_date_short(row.get("date_of_birth")))
        self.opened_on.setText(dates.show_date_short(row.get("opened_on")))
        self.closed_on.setText(dates.show_date_short(row.get("closed_on")))
        self.gender.setCurrentText(row.get("gender") or "")
        self.ethnicity.setCurrentText(row.get("ethnicity") or "")
        self.address.setPlainText(row.get("address") or "")
        self.communication_needs.setPlainText(row.get("communication_needs") or "")
        self.risk_flags.setPlainText(row.get("risk_flags") or "")
        self._select(self.preferred_contact, row.get("preferred_contact"))
        self._select(self.status, row.get("status") or "open")
        self._select(self.keyworker, row.get("keyworker_id"))
        self._status_changed()
        self._show_dob_hint()

    @staticmethod
    def _select(box: QComboBox, key: Any) -> None:
        index = box.findData(key)
        if index < 0 and key:  # a key from a newer version: show it as it is
            box.addItem(str(key), key)
            index = box.count() - 1
        box.setCurrentIndex(max(index, 0))

    def form(self) -> dict[str, Any]:
        """What is typed, field by field, as text (keys for the lists)."""
        values: dict[str, Any] = {}
        for name, widget in self._inputs().items():
            if isinstance(widget, QLineEdit):
                values[name] = widget.text()
            elif isinstance(widget, QPlainTextEdit):
                values[name] = widget.toPlainText()
            elif isinstance(widget, QComboBox) and widget.isEditable():
                values[name] = widget.currentText()
            elif isinstance(widget, QComboBox):
                values[name] = widget.currentData()
        if self._creating:
            values["hold_consent"] = self._hold_answer()
        return values

    # Reacting to typing -------------------------------------------------------------------

    def _status_changed(self) -> None:
        closed = self.status.currentData() == "closed"
        self.closed_on.setEnabled(closed)
        if self._loading:
            return  # show what is held; closing by hand is what fills in today's date
        if closed and not self.closed_on.text().strip():
            self.closed_on.setText(dates.today().strftime("%d/%m/%Y"))
        elif not closed:
            self.closed_on.clear()

    def _show_dob_hint(self) -> None:
        text = self.date_of_birth.text().strip()
        hint = ""
        if text:
            try:
                born = dates.parse_date(text)
            except ValueError:
                born = None
            if born is not None and born <= dates.today():
                age = dates.age_on(born.isoformat())
                hint = self.tr("%1, age %2").replace("%1", dates.show_date(born.isoformat()))
                hint = hint.replace("%2", str(age))
        self.dob_hint.setText(hint)

    def _touch(self, name: str) -> None:
        self._touched.add(name)
        self._last_touched = name
        self._revalidate()

    def _revalidate(self) -> list[validation.Problem]:
        """Check the form; show the problems with fields already visited (all, after Save)."""
        problems = saving.form_problems(
            self.context.db, self.form(), None if self._creating else self.client_id
        )
        shown: dict[str, str] = {}
        for problem in problems:
            if self._show_all_problems or problem.field in self._touched:
                shown.setdefault(problem.field, problem.message)
        for name, label in self.errors.items():
            message = shown.get(name)
            label.setText(self.tr(message) if message else "")
            label.setVisible(bool(message))
        refusal = next((p.message for p in problems if p.message.startswith("Not saved:")), "")
        if self._show_all_problems and refusal:
            self.summary.setText(self.tr(refusal))  # the rule on holding, in full
        elif self._show_all_problems and problems:
            count = len({p.field for p in problems})
            self.summary.setText(
                self.tr("Put right the thing marked in red before saving.")
                if count == 1
                else self.tr("Put right the %1 things marked in red before saving.").replace(
                    "%1", str(count)
                )
            )
        else:
            # The whole message for the field just left, beside the buttons where it moves
            # nothing: the line under a field holds only what fits on it.
            self.summary.setText(shown.get(self._last_touched or "", ""))
        self.summary.setVisible(bool(self.summary.text()))
        return problems

    def hideEvent(self, event: QHideEvent) -> None:
        # A check still waiting must not fire after the dialog is gone (its store may be
        # closed by then).
        self._match_timer.stop()
        super().hideEvent(event)

    # Finishing ------------------------------------------------------------------------------

    def submit(self) -> None:
        self.save()

    def save(self) -> bool:
        """Save if everything typed is usable; otherwise show what to put right."""
        self._show_all_problems = True
        problems = self._revalidate()
        if problems:
            first = self._inputs().get(problems[0].field) or next(
                iter(self.hold_buttons.values()), self.given_name
            )
            first.setFocus()
            return False
        site = self.context.site
        try:
            self.client_id = saving.save_client(
                self.context.db,
                self.form(),
                None if self._creating else self.client_id,
                site_id=self.context.site_id,
                site_code=site["code"] if site else None,
                worker_id=self.context.worker_id,
            )
        except saving.ClientInvalid:  # checked above; the form cannot have changed since
            return False
        except Exception as exc:  # the store refused: say so, keep what was typed
            QMessageBox.warning(
                self,
                self.windowTitle(),
                self.tr("The details could not be saved: %1").replace("%1", str(exc)),
            )
            return False
        self._creating = False
        self.context.notify_changed()
        self.accept()
        return True
