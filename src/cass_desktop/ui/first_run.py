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
    QVBoxLayout,
    QWidget,
)

from cass_desktop.data import sites
from cass_desktop.setup import KNOWN_COURTS, SetupError, set_up_device
from cass_desktop.ui.context import AppContext


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
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.start = QPushButton(self.tr("Set up for my court"))
        self.start.setDefault(True)
        self.start.clicked.connect(self._set_up)
        self.worker.returnPressed.connect(self._set_up)

        setup_box = QGroupBox(self.tr("Set up for my court"))
        form = QFormLayout(setup_box)
        form.addRow(self.tr("Court or drop-in:"), self.site)
        form.addRow(self.tr("Your name:"), self.worker)
        form.addRow(self.error)
        form.addRow(self.start)

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

        boxes = QHBoxLayout()
        boxes.addWidget(setup_box, 3)
        boxes.addWidget(demo_box, 2)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(rule)
        layout.addLayout(boxes)
        layout.addStretch(1)

    def _set_up(self) -> None:
        try:
            set_up_device(self.context.db, self.site.currentText(), self.worker.text())
        except SetupError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        self.context.notify_changed()
        self.set_up.emit()
