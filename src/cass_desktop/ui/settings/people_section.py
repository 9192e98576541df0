"""Settings ▸ People on this laptop: who can unlock it (each with their own name and
passphrase), adding and removing a person, and how long the app waits idle before it locks.
Changing one's own passphrase is Settings ▸ Passphrase."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.data import StoreError
from cass_desktop.data.passphrase import PassphraseError
from cass_desktop.sites import laptop_people
from cass_desktop.sites.laptop_people import PeopleError
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.passphrase import NewPassphraseFields, error_label, secret_field


class _WithYourPassphrase(QDialog):
    """A change to who can unlock this laptop, confirmed with the passphrase you unlocked with:
    its words, what else it asks (`asks`), Your passphrase, a problem line, Cancel and the
    button that makes the change (`confirm`, which each dialog names for what it does)."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None,
        *,
        name: str,
        words: str,
        ok_text: str,
        asks: tuple[QWidget | QFormLayout, ...] = (),
    ):
        super().__init__(parent)
        self.setObjectName(f"{name}Dialog")
        self.context = context
        text = QLabel(words)
        text.setWordWrap(True)
        self.yours = secret_field(self.tr("The passphrase you unlocked with"))
        self.error = error_label(f"{name}Error")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Your passphrase:"), self.yours)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        for part in asks:
            if isinstance(part, QFormLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def confirm(self) -> None:
        raise NotImplementedError

    def _change(self, change, refused: tuple[type[Exception], ...]) -> bool:
        """Make the change (the wait cursor up: key derivations, or every page rewritten);
        a refusal is shown on the problem line and the dialog stays open."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            change()
        except refused as exc:
            self.error.setText(str(exc))
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.yours.clear()
        self.context.notify_changed()
        self.accept()
        return True


class AddPersonDialog(_WithYourPassphrase):
    """A new person types their name and their own passphrase; you confirm with yours."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        self.added: laptop_people.Person | None = None
        self.name = QLineEdit()
        self.name.setObjectName("newPersonName")
        self.fields = NewPassphraseFields(words=lambda: [self.name.text()])
        form = QFormLayout()
        form.addRow(QApplication.translate("AddPersonDialog", "Their name:"), self.name)
        super().__init__(
            context,
            parent,
            name="addPerson",
            words=QApplication.translate(
                "AddPersonDialog",
                "The new person types their own name and passphrase: they unlock this laptop "
                "with it, and what they do is recorded under their name. Then type your own "
                "passphrase to confirm.",
            ),
            ok_text=QApplication.translate("AddPersonDialog", "Add person"),
            asks=(form, self.fields),
        )
        self.setWindowTitle(self.tr("Add a person to this laptop"))
        self.name.setPlaceholderText(self.tr("As it should appear on letters"))
        self.yours.setObjectName("yourPassphrase")
        self.resize(560, 360)

    def confirm(self) -> None:
        self.add()

    def add(self) -> None:
        if not self.name.text().strip():
            self.error.setText(self.tr("Enter the person's name."))
            return
        problem = self.fields.problem()
        if problem:
            self.error.setText(problem)
            return

        def change() -> None:
            self.added = laptop_people.add_person(
                self.context.db,
                self.context.store_file,
                self.yours.text(),
                self.name.text(),
                self.fields.text(),
                self.fields.second.text(),
            )
            self.fields.clear()

        self._change(change, (PeopleError, PassphraseError))


class RemovePersonDialog(_WithYourPassphrase):
    """Confirm, with your passphrase, that a person's passphrase no longer unlocks."""

    def __init__(
        self, context: AppContext, person: laptop_people.Person, parent: QWidget | None = None
    ):
        self.person = person
        super().__init__(
            context,
            parent,
            name="removePerson",
            words=QApplication.translate(
                "RemovePersonDialog",
                "%1's passphrase will no longer unlock this laptop. What they did stays "
                "recorded under their name. If they may have a copy of the laptop's files or "
                "of a backup, their old passphrase still opens that copy: tell head office.",
            ).replace("%1", person.shown_name),
            ok_text=QApplication.translate("RemovePersonDialog", "Remove %1").replace(
                "%1", person.shown_name
            ),
        )
        self.setWindowTitle(self.tr("Remove a person"))
        self.yours.setObjectName("removeYourPassphrase")
        self.yours.returnPressed.connect(self.remove)
        self.resize(520, 220)

    def confirm(self) -> None:
        self.remove()

    def remove(self) -> None:
        def change() -> None:
            laptop_people.remove_person(
                self.context.db, self.context.store_file, self.person.wrap_id, self.yours.text()
            )

        self._change(change, (PeopleError,))


class ChangeKeyDialog(_WithYourPassphrase):
    """Re-encrypt the store with a new key, after someone who may have copied it has gone."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        self.changed: laptop_people.KeyChanged | None = None
        super().__init__(
            context,
            parent,
            name="changeKey",
            words=QApplication.translate(
                "ChangeKeyDialog",
                "Use this after removing someone who may have copied this laptop's files: the "
                "records are locked again with a new key, so an old copy of the key file no "
                "longer opens them. Only your passphrase (and head office's recovery key) is "
                "kept; everyone else on this laptop must be added again. It takes a moment "
                "for every 20 MB of records. Backups made before still open with the "
                "passphrases of their day.",
            ),
            ok_text=QApplication.translate("ChangeKeyDialog", "Change the key"),
        )
        self.setWindowTitle(self.tr("Change the store key"))
        self.yours.setObjectName("changeKeyPassphrase")
        self.resize(560, 260)

    def confirm(self) -> None:
        self.change()

    def change(self) -> None:
        def change() -> None:
            self.changed = laptop_people.change_store_key(
                self.context.db, self.context.store_file, self.yours.text()
            )

        self._change(change, (PeopleError, StoreError))


class PeopleBox(QGroupBox):
    """The People on this laptop section of Settings."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(self.tr("People on this laptop"), parent)
        self.setObjectName("peopleBox")
        self.context = context
        intro = QLabel(
            self.tr(
                "Everyone who uses this laptop has their own name and passphrase. Whoever "
                "unlocks is the one whose name goes on what is done. The app locks itself "
                "when nobody has used it for a while, and with Ctrl+L."
            )
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("peopleList")
        self.list.setMaximumHeight(120)
        self.add_button = QPushButton(self.tr("Add a person…"))
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(self.tr("Remove…"))
        self.remove_button.clicked.connect(self.remove)
        self.change_key_button = QPushButton(self.tr("Change the store key…"))
        self.change_key_button.clicked.connect(self.change_key)
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        self.minutes = QSpinBox()
        self.minutes.setObjectName("lockMinutes")
        self.minutes.setRange(0, laptop_people.MAX_LOCK_MINUTES)
        self.minutes.setSpecialValueText(self.tr("never"))
        self.minutes.setSuffix(self.tr(" minutes"))
        self.minutes.setValue(laptop_people.lock_minutes(context.db))
        self.minutes.valueChanged.connect(self._minutes_changed)
        self.message = QLabel()
        self.message.setObjectName("peopleMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(style.DONE_STYLE)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.change_key_button)
        idle = QHBoxLayout()
        idle.addWidget(QLabel(self.tr("Lock when nobody has used it for:")))
        idle.addWidget(self.minutes)
        idle.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addLayout(idle)
        layout.addWidget(self.message)
        self.dialog: QDialog | None = None
        context.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        usable = laptop_people.has_people(self.context.db) and not self.context.is_demo
        if not usable:
            self.hide()
            return
        if self.isHidden() and self.parentWidget() is not None:
            self.show()
        self.list.clear()
        for person in laptop_people.people(self.context.db, self.context.store_file):
            text = person.shown_name
            if person.is_current:
                text += self.tr(" (you)")
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, person)
        self._enable()

    def _selected(self) -> laptop_people.Person | None:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _enable(self) -> None:
        chosen = self._selected()
        self.remove_button.setEnabled(chosen is not None and not chosen.is_current)

    def _minutes_changed(self, value: int) -> None:
        laptop_people.set_lock_minutes(self.context.db, value)
        locker = getattr(self.window(), "locker", None)
        if locker is not None:
            locker.restart()

    def add(self) -> None:
        self.message.clear()
        self.dialog = AddPersonDialog(self.context, self)
        self.dialog.accepted.connect(
            lambda: self.message.setText(
                self.tr("%1 can now unlock this laptop with their own passphrase.").replace(
                    "%1", self.dialog.added.name if self.dialog.added else ""
                )
            )
        )
        self.dialog.open()

    def remove(self) -> None:
        chosen = self._selected()
        if chosen is None or chosen.is_current:
            return
        self.message.clear()
        self.dialog = RemovePersonDialog(self.context, chosen, self)
        self.dialog.accepted.connect(
            lambda: self.message.setText(
                self.tr("%1 can no longer unlock this laptop.").replace("%1", chosen.shown_name)
            )
        )
        self.dialog.open()

    def change_key(self) -> None:
        self.message.clear()
        self.dialog = ChangeKeyDialog(self.context, self)

        def done() -> None:
            changed = self.dialog.changed
            text = self.tr("The records are locked with a new key.")
            if changed and changed.removed:
                text += " " + self.tr("Add again: %1.").replace("%1", ", ".join(changed.removed))
            self.message.setText(text)

        self.dialog.accepted.connect(done)
        self.dialog.open()
