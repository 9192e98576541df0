"""The first screen of an empty store: set up for my court, or explore with demo data."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.data import StoreError, sites
from cass_desktop.data.passphrase import PassphraseError
from cass_desktop.sites.setup import KNOWN_COURTS, SetupError, set_up_device, set_up_head_office
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.passphrase import NewPassphraseFields


class FirstRunPage(QWidget):
    """Emits `set_up` once the store has a site and worker, or `demo_requested`."""

    set_up = Signal()
    demo_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Welcome to CASS Desktop"))
        self.resize(760, 460)

        heading = QLabel(self.tr("Welcome to CASS Desktop"))
        heading.setStyleSheet("font-size: 20pt; font-weight: bold;")
        intro = QLabel(
            self.tr(
                "Keep track of the people you meet at court, their court dates, and the agencies "
                "you refer them to. Everything stays on this laptop until you export it to head "
                "office at the end of the day."
            )
        )
        intro.setWordWrap(True)

        known = list(KNOWN_COURTS)
        known += [s["name"] for s in sites.list_sites(context.db) if s["name"] not in known]
        self.site = QComboBox()
        self.site.setEditable(True)
        self.site.addItems(known)
        self.site.setCurrentText("")
        self.site.lineEdit().setPlaceholderText(self.tr("Choose or type your court or drop-in"))
        self.worker = QLineEdit()
        self.worker.setPlaceholderText(self.tr("Your name, as it should appear on letters"))
        self.error = QLabel()
        self.error.setObjectName("setupError")
        self.error.setStyleSheet(style.ERROR_STYLE)
        self.error.setWordWrap(True)
        self.start = QPushButton(self.tr("Set up for my court"))
        self.start.setDefault(True)
        self.start.clicked.connect(self._set_up)
        self.worker.returnPressed.connect(self._focus_passphrase)

        setup_box = QGroupBox(self.tr("Set up for my court"))
        form = QFormLayout(setup_box)
        form.addRow(self.tr("Court or drop-in:"), self.site)
        form.addRow(self.tr("Your name:"), self.worker)
        self.passphrase = NewPassphraseFields(
            words=lambda: [self.site.currentText(), self.worker.text()]
        )
        self.passphrase.second.returnPressed.connect(self._set_up)
        form.addRow(self.passphrase)
        form.addRow(self.error)
        form.addRow(self.start)
        _line_up(form, [self.site, self.worker], self.passphrase)

        demo_box = QGroupBox(self.tr("Just looking?"))
        demo_layout = QVBoxLayout(demo_box)
        demo_text = QLabel(
            self.tr(
                "Explore the app with made-up people, court dates and agencies. The demo is kept "
                "apart from your real records and never exported."
            )
        )
        demo_text.setWordWrap(True)
        self.demo = QPushButton(self.tr("Explore with demo data"))
        self.demo.clicked.connect(self.demo_requested)
        demo_layout.addWidget(demo_text)
        demo_layout.addWidget(self.demo)

        # Head office's own computer: rarer, so smaller and folded away until asked for.
        self.head_office_toggle = QPushButton(self.tr("Set up as head office…"))
        self.head_office_toggle.setFlat(True)
        self.head_office_toggle.setStyleSheet("text-decoration: underline; text-align: left;")
        self.head_office_toggle.clicked.connect(self._show_head_office)
        self.head_office_note = QLabel(
            self.tr("Only for head office's computer, which collects every court's exports.")
        )
        self.head_office_note.setStyleSheet("color: #555;")
        self.head_office_box = QGroupBox(self.tr("Set up as head office"))
        self.head_office_box.setObjectName("headOfficeSetup")
        ho_form = QFormLayout(self.head_office_box)
        ho_text = QLabel(
            self.tr(
                "Head office enrols each worker's laptop, takes in their exports and sends "
                "back updates. A store keeps the role it is set up with."
            )
        )
        ho_text.setWordWrap(True)
        self.organisation = QLineEdit()
        self.organisation.setPlaceholderText(self.tr("The organisation's name"))
        self.organisation.returnPressed.connect(
            lambda: self._focus_passphrase(self.head_office_passphrase)
        )
        self.head_office_error = QLabel()
        self.head_office_error.setObjectName("headOfficeError")
        self.head_office_error.setStyleSheet(style.ERROR_STYLE)
        self.head_office_error.setWordWrap(True)
        self.head_office_start = QPushButton(self.tr("Set up as head office"))
        self.head_office_start.clicked.connect(self._set_up_head_office)
        ho_form.addRow(ho_text)
        ho_form.addRow(self.tr("Organisation:"), self.organisation)
        self.head_office_passphrase = NewPassphraseFields(words=lambda: [self.organisation.text()])
        self.head_office_passphrase.second.returnPressed.connect(self._set_up_head_office)
        ho_form.addRow(self.head_office_passphrase)
        ho_form.addRow(self.head_office_error)
        ho_form.addRow(self.head_office_start)
        _line_up(ho_form, [self.organisation], self.head_office_passphrase)
        self.head_office_box.hide()
        head_office_row = QHBoxLayout()
        head_office_row.addWidget(self.head_office_toggle)
        head_office_row.addWidget(self.head_office_note)
        head_office_row.addStretch(1)

        boxes = QHBoxLayout()
        boxes.addWidget(setup_box, 3)
        boxes.addWidget(demo_box, 2)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        # The page scrolls when the screen is shorter than it (1024x700 with head office's part
        # open), so no text is squashed or cut off.
        content = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self.scroll = scroll
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(rule)
        layout.addLayout(boxes)
        layout.addStretch(1)
        layout.addLayout(head_office_row)
        layout.addWidget(self.head_office_box)
        # A store unlocked at start-up already has its passphrase (set-up was interrupted).
        self.passphrase.setVisible(not context.is_locked)
        self.head_office_passphrase.setVisible(not context.is_locked)

    def _focus_passphrase(self, fields: NewPassphraseFields | None = None) -> None:
        fields = fields or self.passphrase
        if fields.isVisible():
            fields.first.setFocus()
        elif fields is self.passphrase:
            self._set_up()
        else:
            self._set_up_head_office()

    def _lock(self, fields: NewPassphraseFields, error: QLabel) -> bool:
        """Lock the store with the passphrase typed, before anything private is written to it.
        Returns False (saying why) when the passphrase will not do or the store cannot be
        locked; the store is then as it was."""
        if self.context.is_locked:
            return True
        problem = fields.problem()
        if problem:
            error.setText(problem)
            fields.first.setFocus()
            return False
        try:
            self.context.protect(fields.text())
        except (StoreError, PassphraseError) as exc:
            error.setText(str(exc))
            return False
        fields.clear()
        fields.hide()
        return True

    def _set_up(self) -> None:
        # Say what is missing before the passphrase is used to lock the store.
        if not self.site.currentText().strip():
            self.error.setText(self.tr("Enter the court or drop-in you work at."))
            return
        if not self.worker.text().strip():
            self.error.setText(self.tr("Enter your name, as it should appear on letters."))
            return
        if not self._lock(self.passphrase, self.error):
            return
        try:
            set_up_device(self.context.db, self.site.currentText(), self.worker.text())
        except SetupError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        self.context.notify_changed()
        self.set_up.emit()

    def _show_head_office(self) -> None:
        self.head_office_box.show()
        self.head_office_toggle.hide()
        self.head_office_note.hide()
        self.organisation.setFocus()
        self.scroll.ensureWidgetVisible(self.organisation)

    def _set_up_head_office(self) -> None:
        if not self.organisation.text().strip():
            self.head_office_error.setText(self.tr("Enter the organisation's name."))
            return
        if not self._lock(self.head_office_passphrase, self.head_office_error):
            return
        try:
            set_up_head_office(self.context.db, self.organisation.text())
        except SetupError as exc:
            self.head_office_error.setText(str(exc))
            return
        self.head_office_error.clear()
        self.context.notify_changed()
        self.set_up.emit()


def _line_up(form: QFormLayout, fields: list[QWidget], passphrase: NewPassphraseFields) -> None:
    """The passphrase boxes start where the boxes above them start: one width for every label
    of the form and of the passphrase fields nested in it."""
    inner = passphrase.layout()
    labels = [form.labelForField(f) for f in fields]
    labels += [inner.labelForField(f) for f in (passphrase.first, passphrase.second)]
    width = max(label.sizeHint().width() for label in labels if label is not None)
    for label in labels:
        if label is not None:
            label.setMinimumWidth(width)
