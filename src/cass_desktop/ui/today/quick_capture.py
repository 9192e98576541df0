"""Quick drop-in capture from Today: keyboard first, a step at a time (Enter moves on), saved
as a draft at every step and whenever it is closed, so an interruption loses nothing; resumed
from Today. The rules and the saving are `referrals.drop_in`. (Over 500 lines: each of the
five steps' pages is built here, one method each, so the whole flow reads in one place.)"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.data import clients, court_day
from cass_desktop.people import hold
from cass_desktop.people.candidates import find_lookalikes
from cass_desktop.people.names import Name
from cass_desktop.records import dates
from cass_desktop.records.vocab import NEED_DOMAINS
from cass_desktop.referrals import drop_in
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.fields import with_mnemonics

PERSON_ROLE = Qt.ItemDataRole.UserRole


class QuickCapture(QDialog):
    """Person, consent, why they came and needs, help given, next step."""

    finished_capture = Signal(str)  # the person's id ('' when nothing was kept)

    TITLES = (
        "1 of 5 · Who is it?",
        "2 of 5 · Consent",
        "3 of 5 · Why they came",
        "4 of 5 · Help given today",
        "5 of 5 · What happens next",
    )

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, draft_id: int | None = None
    ):
        super().__init__(parent)
        self.context = context
        self.setObjectName("quickCapture")
        self.setWindowTitle(self.tr("Quick drop-in"))
        self.draft_id = draft_id
        self.step = 0
        self._loading = False
        self._done = False
        self._lookalikes_shown = False
        self.saver = QTimer(self)
        self.saver.setSingleShot(True)
        self.saver.setInterval(800)
        self.saver.timeout.connect(self.save_draft)
        self.step_notes: list[QLabel] = []

        self.title = QLabel()
        self.title.setObjectName("captureTitle")
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.pages = QStackedWidget()
        self.pages.addWidget(self._person_page())
        self.pages.addWidget(self._consent_page())
        self.pages.addWidget(self._why_page())
        self.pages.addWidget(self._help_page())
        self.pages.addWidget(self._next_page())
        self.error = QLabel()
        self.error.setObjectName("captureError")
        self.error.setWordWrap(True)
        self.error.setMinimumHeight(self.fontMetrics().height() * 2 + 4)  # fields never move
        self.error.setStyleSheet(style.ERROR_STYLE)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("captureSaved")
        self.saved_label.setStyleSheet(style.NOTE_STYLE)
        self.back_button = QPushButton(self.tr("◀ &Back"))
        self.next_button = QPushButton(self.tr("&Next ▶"))
        self.next_button.setObjectName("captureNext")
        self.next_button.setDefault(True)
        self.next_button.setAutoDefault(True)
        self.back_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved_label, 1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        QShortcut(QKeySequence("Alt+Left"), self, activated=self.go_back)
        self.resize(640, 480)
        if draft_id is not None:
            self._load(draft_id)
        self._show_step()

    # -- pages -----------------------------------------------------------------------------

    def _person_page(self) -> QWidget:
        page = QWidget()
        self.search = QLineEdit()
        self.search.setObjectName("captureSearch")
        self.search.setPlaceholderText(self.tr("Type their name, reference or date of birth"))
        self.results = QListWidget()
        self.results.setObjectName("captureResults")
        new = QGroupBox(self.tr("Or someone new"))
        self.given = QLineEdit()
        self.given.setObjectName("captureGiven")
        self.family = QLineEdit()
        self.family.setObjectName("captureFamily")
        self.born = QLineEdit()
        self.born.setObjectName("captureBorn")
        self.born.setPlaceholderText("27/11/1990")
        form = QFormLayout(new)
        form.addRow(self.tr("&Given name:"), self.given)
        form.addRow(self.tr("&Family name:"), self.family)
        form.addRow(self.tr("&Date of birth:"), self.born)
        column = QVBoxLayout(page)
        label = QLabel(self.tr("&Find them:"))
        label.setBuddy(self.search)
        column.addWidget(label)
        column.addWidget(self.search)
        column.addWidget(self.results, 1)
        column.addWidget(new)
        self.search.textChanged.connect(self._search)
        self.search.installEventFilter(self)
        for edit in (self.given, self.family, self.born):
            edit.textChanged.connect(self._new_person_typed)
        self.results.currentItemChanged.connect(lambda *_: self._changed())
        self.results.itemActivated.connect(lambda _item: self.go_next())
        return page

    def _consent_page(self) -> QWidget:
        page = QWidget()
        self.hold_yes = QRadioButton(self.tr("&Yes: they agree to their information being held"))
        self.hold_yes.setObjectName("holdYes")
        self.hold_no = QRadioButton(self.tr("N&o: they do not agree"))
        self.hold_no.setObjectName("holdNo")
        self.hold_unasked = QRadioButton(self.tr("Not yet as&ked (ask them at the next contact)"))
        self.hold_unasked.setObjectName("holdNotAsked")
        self.hold_group = QButtonGroup(page)
        for button in (self.hold_yes, self.hold_no, self.hold_unasked):
            self.hold_group.addButton(button)
        self.share_yes = QRadioButton(
            self.tr("Y&es: they agree to it being shared with services for their needs")
        )
        self.share_yes.setObjectName("shareYes")
        self.share_no = QRadioButton(self.tr("No, they do &not"))
        self.share_unasked = QRadioButton(self.tr("Not &asked yet"))
        self.share_unasked.setChecked(True)
        self.share_group = QButtonGroup(page)
        for button in (self.share_yes, self.share_no, self.share_unasked):
            self.share_group.addButton(button)
        hold_frame = QGroupBox(self.tr("Consent to hold their information"))
        hold_box = QVBoxLayout(hold_frame)
        hold_box.addWidget(self.hold_yes)
        hold_box.addWidget(self.hold_no)
        hold_box.addWidget(self.hold_unasked)
        self.minimum_note = QLabel(
            self.tr(
                "Without their consent only the minimum is kept: %1. Nothing else typed "
                "from here on is saved."
            ).replace("%1", self.tr(hold.MINIMUM_WORDS))
        )
        self.minimum_note.setObjectName("captureMinimumNote")
        self.minimum_note.setWordWrap(True)
        self.minimum_note.setStyleSheet(style.STRONG_WARNING_STYLE)
        self.minimum_note.setVisible(False)
        hold_box.addWidget(self.minimum_note)
        share = QGroupBox(self.tr("Consent to share it (if offered)"))
        share_box = QVBoxLayout(share)
        for button in (self.share_yes, self.share_no, self.share_unasked):
            share_box.addWidget(button)
        column = QVBoxLayout(page)
        column.addWidget(hold_frame)
        column.addWidget(share)
        column.addStretch(1)
        self.hold_group.buttonToggled.connect(lambda *_: self._changed())
        self.hold_group.buttonToggled.connect(lambda *_: self.error.clear())
        self.hold_group.buttonToggled.connect(lambda *_: self._show_minimum())
        self.share_group.buttonToggled.connect(lambda *_: self._changed())
        return page

    def _why_page(self) -> QWidget:
        page = QWidget()
        self.why = QLineEdit()
        self.why.setObjectName("captureWhy")
        self.why.setMaxLength(2000)
        self.need_boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        # Each need box has an Alt-key letter of its own, clear of Why (W), Back and Next.
        labels = with_mnemonics([self.tr(words) for words in NEED_DOMAINS.values()], "wbn")
        for n, (key, label) in enumerate(zip(NEED_DOMAINS, labels, strict=True)):
            box = QCheckBox(label)
            box.setObjectName(f"need_{key}")
            box.toggled.connect(lambda *_: self._changed())
            self.need_boxes[key] = box
            grid.addWidget(box, n // 2, n % 2)
        column = QVBoxLayout(page)
        label = QLabel(self.tr("&Why they came, in a few words:"))
        label.setBuddy(self.why)
        column.addWidget(label)
        column.addWidget(self.why)
        column.addWidget(QLabel(self.tr("Quick needs check (the full screening can follow):")))
        column.addLayout(grid)
        column.addStretch(1)
        self._step_note(column)
        self.why.textChanged.connect(lambda *_: self._changed())
        return page

    def _help_page(self) -> QWidget:
        page = QWidget()
        self.help = QLineEdit()
        self.help.setObjectName("captureHelp")
        self.help.setMaxLength(4000)
        column = QVBoxLayout(page)
        label = QLabel(self.tr("&Help given there and then (advice, a call made, a leaflet):"))
        label.setBuddy(self.help)
        label.setWordWrap(True)
        column.addWidget(label)
        column.addWidget(self.help)
        column.addStretch(1)
        self._step_note(column)
        self.help.textChanged.connect(lambda *_: self._changed())
        return page

    def _next_page(self) -> QWidget:
        page = QWidget()
        self.next_group = QButtonGroup(page)
        self.next_buttons: dict[str, QRadioButton] = {}
        column = QVBoxLayout(page)
        for key, words, mnemonic in (
            ("referral", "A &referral to make", ""),
            ("followup", "A &follow-up on a date", ""),
            ("come_back", "&Come back to the drop-in", ""),
        ):
            button = QRadioButton(self.tr(words) + mnemonic)
            button.setObjectName(f"next_{key}")
            self.next_group.addButton(button)
            self.next_buttons[key] = button
            column.addWidget(button)
        self.next_text = QLineEdit()
        self.next_text.setObjectName("captureNextText")
        self.next_on = QLineEdit()
        self.next_on.setObjectName("captureNextOn")
        self.next_on.setPlaceholderText("27/11/2026")
        form = QFormLayout()
        form.addRow(self.tr("&What:"), self.next_text)
        form.addRow(self.tr("Wh&en:"), self.next_on)
        column.addLayout(form)
        column.addStretch(1)
        self._step_note(column)
        self.next_group.buttonToggled.connect(lambda *_: self._changed())
        self.next_text.textChanged.connect(lambda *_: self._changed())
        self.next_on.textChanged.connect(lambda *_: self._changed())
        return page

    # -- the draft -------------------------------------------------------------------------

    def draft(self) -> dict[str, Any]:
        item = self.results.currentItem()
        person = item.data(PERSON_ROLE) if item is not None else None

        def choice(pairs) -> str | None:
            return next((key for key, button in pairs if button.isChecked()), None)

        return {
            "search": self.search.text(),
            "person_id": person,
            "person_name": item.text() if person else None,
            "new": {
                "given_name": self.given.text(),
                "family_name": self.family.text(),
                "date_of_birth": self.born.text(),
            },
            "hold": choice(
                (
                    ("given", self.hold_yes),
                    ("refused", self.hold_no),
                    ("not_asked", self.hold_unasked),
                )
            ),
            "share": choice((("given", self.share_yes), ("refused", self.share_no))),
            "why": self.why.text(),
            "needs": [k for k, box in self.need_boxes.items() if box.isChecked()],
            "help": self.help.text(),
            "next": choice(self.next_buttons.items()),
            "next_text": self.next_text.text(),
            "next_on": self.next_on.text(),
        }

    def _changed(self) -> None:
        if not self._loading:
            self.saver.start()

    def save_draft(self) -> None:
        self.saver.stop()
        draft = self.draft()
        self.draft_id = court_day.save_draft(
            self.context.db,
            self.draft_id,
            drop_in.STEPS[self.step],
            {**draft, "step": self.step},
            draft.get("person_id"),
        )
        self.saved_label.setText(self.tr("Draft saved"))

    def _load(self, draft_id: int) -> None:
        row = court_day.get_draft(self.context.db, draft_id)
        if row is None:
            self.draft_id = None
            return
        draft = row["draft"]
        self._loading = True
        try:
            self.search.setText(draft.get("search") or "")
            if draft.get("person_id"):
                person = clients.get(self.context.db, draft["person_id"])
                if person is not None:
                    self._show_people([person], keep=draft["person_id"])
            new = draft.get("new") or {}
            self.given.setText(new.get("given_name") or "")
            self.family.setText(new.get("family_name") or "")
            self.born.setText(new.get("date_of_birth") or "")
            self.hold_yes.setChecked(draft.get("hold") == "given")
            self.hold_no.setChecked(draft.get("hold") == "refused")
            self.hold_unasked.setChecked(draft.get("hold") == "not_asked")
            self.share_yes.setChecked(draft.get("share") == "given")
            self.share_no.setChecked(draft.get("share") == "refused")
            self.why.setText(draft.get("why") or "")
            for key, box in self.need_boxes.items():
                box.setChecked(key in (draft.get("needs") or ()))
            self.help.setText(draft.get("help") or "")
            if draft.get("next") in self.next_buttons:
                self.next_buttons[draft["next"]].setChecked(True)
            self.next_text.setText(draft.get("next_text") or "")
            self.next_on.setText(draft.get("next_on") or "")
            self.step = min(max(int(draft.get("step") or 0), 0), len(drop_in.STEPS) - 1)
        finally:
            self._loading = False

    # -- finding the person ----------------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:
        # Down from the search box goes into the list, so the keyboard never leaves the flow.
        if (
            watched is self.search
            and event.type() == event.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self.results.count()
        ):
            self.results.setFocus()
            if self.results.currentRow() < 0:
                self.results.setCurrentRow(0)
            return True
        return super().eventFilter(watched, event)

    def _search(self, text: str) -> None:
        if self._loading:
            return
        found = clients.search(self.context.db, text, limit=12) if text.strip() else []
        self._show_people(found)
        self._changed()

    def _show_people(self, people, keep: str | None = None, prefix: str = "") -> None:
        self.results.clear()
        for person in people:
            born = dates.show_date(person.get("date_of_birth"))
            text = clients.display_name(person)
            extra = " · ".join(p for p in (person.get("reference"), born and f"born {born}") if p)
            item = QListWidgetItem(prefix + text + (f" ({extra})" if extra else ""))
            item.setData(PERSON_ROLE, person["id"])
            self.results.addItem(item)
            if keep and person["id"] == keep:
                self.results.setCurrentItem(item)

    def _new_person_typed(self) -> None:
        if self._loading:
            return
        self._lookalikes_shown = False
        self.results.setCurrentItem(None)
        self._changed()

    def _lookalikes(self) -> list:
        new = self.draft()["new"]
        name = Name(given=new["given_name"].strip(), family=new["family_name"].strip())
        born = None
        if new["date_of_birth"].strip():
            try:
                born = dates.parse_date(new["date_of_birth"]).isoformat()
            except ValueError:
                born = None
        return [row for row, _ in find_lookalikes(self.context.db, name, born)]

    # -- moving through the steps ----------------------------------------------------------

    def _show_step(self) -> None:
        self.pages.setCurrentIndex(self.step)
        self.title.setText(self.tr(self.TITLES[self.step]))
        self.back_button.setEnabled(self.step > 0)
        last = self.step == len(drop_in.STEPS) - 1
        self.next_button.setText(self.tr("&Save the visit") if last else self.tr("&Next ▶"))
        first = (
            self.search,
            self.hold_group.checkedButton() or self.hold_yes,
            self.why,
            self.help,
            next((b for b in self.next_buttons.values() if b.isChecked()), None)
            or self.next_buttons["referral"],
        )[self.step]
        first.setFocus()

    def _show_minimum(self) -> None:
        """Say, while No is chosen, that only the minimum is kept (and on the later steps)."""
        refused = self.hold_no.isChecked()
        self.minimum_note.setVisible(refused)
        for note in self.step_notes:
            note.setVisible(refused)

    def _step_note(self, column: QVBoxLayout) -> None:
        note = QLabel(
            self.tr(
                "They have not agreed to their information being held: nothing on this page "
                "is kept. Leave it empty, or go back and record their consent."
            )
        )
        note.setObjectName("captureStepNote")
        note.setWordWrap(True)
        note.setStyleSheet(style.STRONG_WARNING_STYLE)
        note.setVisible(False)
        self.step_notes.append(note)
        column.insertWidget(0, note)

    def go_back(self) -> None:
        if self.step > 0:
            self.step -= 1
            self.error.clear()
            self.save_draft()
            self._show_step()

    def go_next(self) -> None:
        draft = self.draft()
        step = drop_in.STEPS[self.step]
        problem = drop_in.step_problem(step, draft)
        if problem:
            self.error.setText(self.tr(problem))
            return
        if step == "person" and not draft["person_id"] and not self._lookalikes_shown:
            alike = self._lookalikes()
            if alike:
                self._lookalikes_shown = True
                self._show_people(alike, prefix=self.tr("Looks like: "))
                self.error.setText(
                    self.tr(
                        "This may be someone already held: choose them in the list, or press "
                        "Next again to add a new person."
                    )
                )
                self.results.setFocus()
                return
        self.error.clear()
        if self.step < len(drop_in.STEPS) - 1:
            self.step += 1
            self.save_draft()
            self._show_step()
            return
        self.finish()

    def finish(self) -> None:
        self.save_draft()
        site = self.context.site
        try:
            done = drop_in.finish(
                self.context.db,
                self.draft(),
                draft_id=self.draft_id,
                worker_id=self.context.worker_id,
                site_id=self.context.site_id,
                site_code=site["code"] if site else None,
            )
        except drop_in.CaptureRefused as refused:
            self.step = drop_in.STEPS.index(refused.step)
            self._show_step()
            self.error.setText(self.tr(str(refused)))
            return
        self.draft_id = None
        self._done = True
        self.context.notify_changed()
        self.finished_capture.emit(done.client_id or "")
        self.accept()

    # -- closing keeps the draft -----------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self._keep()
        super().closeEvent(event)

    def reject(self) -> None:
        self._keep()
        super().reject()

    def _keep(self) -> None:
        if not self._done and (self.draft_id is not None or self._started()):
            self.save_draft()

    def _started(self) -> bool:
        draft = self.draft()
        return bool(
            draft["search"].strip()
            or draft["person_id"]
            or any(v.strip() for v in draft["new"].values())
        )
