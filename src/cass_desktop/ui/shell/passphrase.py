"""Passphrase screens: choosing one, unlocking the store at start-up, and changing it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.data import StoreError, open_store
from cass_desktop.data.passphrase import MIN_LENGTH, PassphraseError, new_passphrase_problem
from cass_desktop.maintenance import recovery
from cass_desktop.sites import laptop_people
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.whose_laptop import whose_laptop_label

ERROR_STYLE = style.ERROR_STYLE
DONE_STYLE = style.DONE_STYLE


def secret_field(placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field


def error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


def _known_words(context: AppContext) -> list[str]:
    """Names this store holds that a passphrase should not be made of."""
    site, worker = context.site, context.worker
    return [x["name"] for x in (site, worker) if x and x.get("name")]


class NewPassphraseFields(QWidget):
    """A new passphrase typed twice, with why it matters; `problem()` says what is wrong."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        changing: bool = False,
        words: Callable[[], list[str]] | None = None,
    ):
        super().__init__(parent)
        self.words = words or list  # what is typed elsewhere on the screen (names, the court)
        self.why = QLabel(
            self.tr(
                "Choose a passphrase that is hard to guess: a few uncommon words together, "
                "at least %1 characters (not a name, a date or a common password). It locks "
                "people's records on this laptop, so nobody can read them if the laptop is "
                "lost or stolen. It cannot be recovered if it is forgotten: keep it somewhere "
                "safe."
            ).replace("%1", str(MIN_LENGTH))
        )
        self.why.setWordWrap(True)
        self.first = secret_field(self.tr("At least %1 characters").replace("%1", str(MIN_LENGTH)))
        self.second = secret_field(self.tr("The same again"))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.why)
        if changing:
            form.addRow(self.tr("New passphrase:"), self.first)
            form.addRow(self.tr("New passphrase again:"), self.second)
        else:
            form.addRow(self.tr("Passphrase:"), self.first)
            form.addRow(self.tr("Passphrase again:"), self.second)

    def text(self) -> str:
        return self.first.text()

    def clear(self) -> None:
        """Forget what was typed (once it has been used, it is not kept on screen)."""
        self.first.clear()
        self.second.clear()

    def problem(self) -> str | None:
        """What is wrong with the passphrase typed (the app's and the command line's one
        rule: long enough, hard to guess, the same twice); None when it will do."""
        return new_passphrase_problem(self.first.text(), self.second.text(), words=self.words())


class UnlockWindow(QWidget):
    """Asks for the passphrase of a locked store; emits `unlocked(db)` once it opens."""

    unlocked = Signal(object)

    def __init__(self, store_file: Path, parent: QWidget | None = None, *, message: str = ""):
        super().__init__(parent)
        self.store_file = Path(store_file)
        self.setWindowTitle(self.tr("Unlock CASS Desktop"))
        self.resize(520, 260)
        heading = QLabel(self.tr("Unlock CASS Desktop"))
        heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        intro = QLabel(
            self.tr(
                "The records on this laptop are locked with a passphrase. Type it to open them."
            )
        )
        intro.setWordWrap(True)
        self.passphrase = secret_field(self.tr("Passphrase"))
        self.passphrase.returnPressed.connect(self.unlock)
        self.error = error_label("unlockError")
        self.error.setText(message)
        # Who unlocks, when more than one person uses the laptop (issue 13): only their own
        # passphrase is tried, and what they do is recorded under their name.
        self.person = QComboBox()
        self.person.setObjectName("unlockPerson")
        for person in laptop_people.people_in(self.store_file):
            self.person.addItem(person.shown_name, person.wrap_id)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        if recovery.has_recovery(self.store_file):
            lost = QLabel(
                self.tr(
                    "Forgotten it? Head office can give you its key file to set a new one "
                    "with: Recover with head office's key…"
                )
            )
        else:
            lost = QLabel(
                self.tr(
                    "Forgotten it? The passphrase cannot be recovered. Ask head office to set "
                    "this laptop up again; records already sent to head office are kept there."
                )
            )
        lost.setWordWrap(True)
        lost.setStyleSheet("color: #555;")
        self.recover_button = QPushButton(self.tr("Recover with head office's key…"))
        self.recover_button.setObjectName("recoverButton")
        self.recover_button.clicked.connect(self.recover)
        if not recovery.has_recovery(self.store_file):
            self.recover_button.hide()
        self.recover_dialog: QDialog | None = None
        form = QFormLayout()
        if self.person.count() > 1:
            form.addRow(self.tr("Name:"), self.person)
        else:
            self.person.hide()
        form.addRow(self.tr("Passphrase:"), self.passphrase)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(heading)
        layout.addWidget(whose_laptop_label(self.store_file))  # the court and the worker
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        layout.addWidget(lost)
        layout.addWidget(self.recover_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.passphrase.setFocus()

    def recover(self) -> None:
        self.recover_dialog = RecoverDialog(self.store_file, self)
        self.recover_dialog.accepted.connect(
            lambda: self.error.setText(self.tr("A new passphrase is set. Unlock with it now."))
        )
        self.recover_dialog.open()

    def unlock(self) -> None:
        key = self.passphrase.text()
        if not key:
            self.error.setText(self.tr("Type the passphrase first."))
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # unlocking takes a moment
        try:
            person = self.person.currentData() if self.person.count() > 1 else None
            db = open_store(self.store_file, key=key, create=False, person=person)
        except StoreError as exc:
            if "passphrase is wrong, or the file is damaged" in str(exc):
                self.error.setText(
                    self.tr("That passphrase is not right. Check Caps Lock and try again.")
                )
            else:
                self.error.setText(str(exc))
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.error.clear()
        self.passphrase.clear()
        self.unlocked.emit(db)


class _NewPassphraseDialog(QDialog):
    """A dialog that sets a new passphrase: what else it asks (laid out by `_lay_out`), the new
    passphrase twice, a problem line, Cancel and the button that sets it (`confirm`, which
    each dialog names for what it does)."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        name: str,
        changing: bool = False,
        words: Callable[[], list[str]] | None = None,
    ):
        super().__init__(parent)
        self.setObjectName(f"{name}Dialog")
        self.fields = NewPassphraseFields(changing=changing, words=words)
        self.error = error_label(f"{name}Error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)

    def _lay_out(self, *asks: QWidget | QFormLayout) -> None:
        layout = QVBoxLayout(self)
        for part in asks:
            if isinstance(part, QFormLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)
        layout.addWidget(self.fields)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def confirm(self) -> None:
        raise NotImplementedError

    def _shown(self, problem: str | None) -> bool:
        """Whether there was a problem with what was typed (then it is on the problem line)."""
        if problem:
            self.error.setText(problem)
        return bool(problem)

    def _refusal(self, exc: Exception) -> str:
        return str(exc)

    def _set_passphrase(
        self, change: Callable[[], object], refused: tuple[type[Exception], ...]
    ) -> bool:
        """Set it, the wait cursor up (key derivations); a refusal is shown on the problem
        line and the dialog stays open. What was typed is forgotten once it is used."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            change()
        except refused as exc:
            self.error.setText(self._refusal(exc))
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.fields.clear()
        self.accept()
        return True


class RecoverDialog(_NewPassphraseDialog):
    """A forgotten passphrase replaced with head office's key file (its age identity)."""

    def __init__(self, store_file: Path, parent: QWidget | None = None):
        super().__init__(parent, name="recover", changing=True)
        self.store_file = Path(store_file)
        self.setWindowTitle(self.tr("Recover with head office's key"))
        intro = QLabel(
            self.tr(
                "Head office gives you its key file (on a USB stick, by hand). Choose it, then "
                "choose a new passphrase. Head office never sees this laptop's records."
            )
        )
        intro.setWordWrap(True)
        self.identity: Path | None = None
        self.identity_label = QLabel(self.tr("No file chosen"))
        self.identity_label.setObjectName("recoverIdentity")
        self.choose_button = QPushButton(self.tr("Choose head office's key file…"))
        self.choose_button.clicked.connect(self.choose)
        self.person = QComboBox()
        for person in laptop_people.people_in(self.store_file):
            self.person.addItem(person.shown_name, person.wrap_id)
        self.ok_button.setText(self.tr("Set the new passphrase"))
        form = QFormLayout()
        form.addRow(self.tr("Head office's key:"), self.identity_label)
        form.addRow("", self.choose_button)
        if self.person.count() > 1:
            form.addRow(self.tr("Whose passphrase:"), self.person)
        else:
            self.person.hide()
        self._lay_out(intro, form)
        self.resize(560, 360)

    def choose(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Head office's key file"), "", self.tr("All files (*)")
        )
        if name:
            self.set_identity(Path(name))

    def set_identity(self, path: Path) -> None:
        self.identity = path
        self.identity_label.setText(path.name)

    def confirm(self) -> None:
        self.recover()

    def recover(self) -> None:
        if self.identity is None:
            self.error.setText(self.tr("Choose head office's key file first."))
            return
        if self._shown(self.fields.problem()):
            return
        self._set_passphrase(
            lambda: recovery.recover(
                self.store_file,
                self.identity,
                self.fields.text(),
                self.fields.second.text(),
                person=self.person.currentData(),
            ),
            (recovery.RecoveryError, PassphraseError),
        )


class ProtectDialog(_NewPassphraseDialog):
    """Lock a plain store with a new passphrase, in place."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent, name="protect", words=lambda: _known_words(context))
        self.context = context
        self.setWindowTitle(self.tr("Protect with a passphrase"))
        self.ok_button.setText(self.tr("Protect"))
        self._lay_out()
        self.resize(520, 240)

    def confirm(self) -> None:
        self.protect()

    def protect(self) -> None:
        if self._shown(self.fields.problem()):
            return
        self._set_passphrase(
            lambda: self.context.protect(self.fields.text()), (StoreError, PassphraseError)
        )


class ChangePassphraseDialog(_NewPassphraseDialog):
    """Change the passphrase of a locked store, asking the current one first."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent, name="change", changing=True, words=lambda: _known_words(context))
        self.context = context
        self.setWindowTitle(self.tr("Change passphrase"))
        self.current = secret_field(self.tr("The passphrase you unlock with now"))
        self.ok_button.setText(self.tr("Change passphrase"))
        current_form = QFormLayout()
        current_form.addRow(self.tr("Current passphrase:"), self.current)
        self._lay_out(current_form)
        self.resize(520, 280)

    def confirm(self) -> None:
        self.change()

    def change(self) -> None:
        if not self.current.text():
            self.error.setText(self.tr("Type the current passphrase first."))
            return
        if self._shown(self.fields.problem()):
            return
        if self.fields.text() == self.current.text():
            self.error.setText(
                self.tr(
                    "The new passphrase is the same as the current one. Choose a different "
                    "one; nothing has been changed."
                )
            )
            return
        if self._set_passphrase(  # two key derivations
            lambda: self.context.change_passphrase(self.current.text(), self.fields.text()),
            (StoreError, PassphraseError),
        ):
            self.current.clear()

    def _refusal(self, exc: Exception) -> str:
        if isinstance(exc, StoreError) and (
            "passphrase is wrong" in str(exc) or "current passphrase is wrong" in str(exc)
        ):
            return self.tr("The current passphrase is not right. Nothing has been changed.")
        return str(exc)


class PassphraseBox(QGroupBox):
    """The settings section: whether the store is locked, and protecting it or changing the
    passphrase."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(self.tr("Passphrase"), parent)
        self.setObjectName("passphraseBox")
        self.context = context
        self.state = QLabel()
        self.state.setObjectName("passphraseState")
        self.state.setWordWrap(True)
        self.protect_button = QPushButton(self.tr("Protect with a passphrase…"))
        self.protect_button.clicked.connect(self.protect)
        self.change_button = QPushButton(self.tr("Change passphrase…"))
        self.change_button.clicked.connect(self.change)
        self.message = QLabel()
        self.message.setObjectName("passphraseMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(DONE_STYLE)
        self.message.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.protect_button)
        buttons.addWidget(self.change_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.dialog: QDialog | None = None
        self.refresh()

    def refresh(self) -> None:
        if self.context.is_demo:
            self.state.setText(
                self.tr("The demo holds made-up people only, so it has no passphrase.")
            )
            self.protect_button.hide()
            self.change_button.hide()
            return
        locked = self.context.is_locked
        if locked:
            self.state.setText(
                self.tr(
                    "The records on this laptop are locked with a passphrase: nobody can read "
                    "them without it, even with the laptop's files. It is asked for each time "
                    "CASS Desktop opens."
                )
            )
        else:
            self.state.setText(
                self.tr(
                    "The records on this laptop are not protected: anyone who has the laptop "
                    "could read people's health and court details. Protect them with a "
                    "passphrase."
                )
            )
        self.state.setStyleSheet("" if locked else ERROR_STYLE)
        self.protect_button.setVisible(not locked)
        self.change_button.setVisible(locked)

    def protect(self) -> None:
        self.message.hide()
        self.dialog = ProtectDialog(self.context, self)
        self.dialog.accepted.connect(
            lambda: self._done(
                self.tr(
                    "The records are now locked with your passphrase. Keep it safe: it cannot "
                    "be recovered."
                )
            )
        )
        self.dialog.open()

    def change(self) -> None:
        self.message.hide()
        self.dialog = ChangePassphraseDialog(self.context, self)
        self.dialog.accepted.connect(
            lambda: self._done(
                self.tr("The passphrase has been changed. Use the new one from now.")
            )
        )
        self.dialog.open()

    def _done(self, text: str) -> None:
        self.refresh()
        self.message.setText(text)
        self.message.show()
