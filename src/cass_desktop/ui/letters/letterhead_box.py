"""Settings ▸ Letters: the letterhead printed at the top of every letter, and a sample
letter to see it on."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cass_desktop import letters
from cass_desktop.ui.letters.letter_preview import LetterPreviewDialog
from cass_desktop.ui.shell import file_dialogs, style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.tasks import run_in_background

ERROR_STYLE = style.ERROR_STYLE
DONE_STYLE = style.DONE_STYLE


LOGO_FILTER = "Pictures (*.png *.jpg *.jpeg);;All files (*)"


class LetterheadBox(QGroupBox):
    """Settings ▸ Letters: the organisation's name, address, phone and logo printed at the
    top of every letter, and a sample letter to see them on."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Letters"))
        self.context = context
        self._shown: dict[str, str] = {}
        self.sample_preview: LetterPreviewDialog | None = None
        intro = QLabel(
            self.tr(
                "Printed at the top of every letter. Leave the address and phone empty to use "
                "this court's or drop-in's own."
            )
        )
        intro.setWordWrap(True)
        self.organisation = QLineEdit()
        self.organisation.setObjectName("letterOrganisation")
        self.address = QPlainTextEdit()
        self.address.setObjectName("letterAddress")
        self.address.setPlaceholderText(self.tr("One line each: building, street, town, postcode"))
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(84)
        self.phone = QLineEdit()
        self.phone.setObjectName("letterPhone")
        self.logo_label = QLabel()
        self.logo_label.setObjectName("letterLogo")
        self.logo_label.setWordWrap(True)
        self.logo_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_logo_button = QPushButton(self.tr("Choose logo…"))
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.clear_logo_button = QPushButton(self.tr("No logo"))
        self.clear_logo_button.clicked.connect(lambda: self._set_logo(""))
        self._logo = ""
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_label, 1)
        logo_row.addWidget(self.choose_logo_button)
        logo_row.addWidget(self.clear_logo_button)
        form = QFormLayout()
        form.addRow(self.tr("Organisation:"), self.organisation)
        form.addRow(self.tr("Address:"), self.address)
        form.addRow(self.tr("Phone:"), self.phone)
        form.addRow(self.tr("Logo:"), logo_row)
        self.save_button = QPushButton(self.tr("Save letterhead"))
        self.save_button.clicked.connect(self.save)
        self.sample_button = QPushButton(self.tr("Preview a sample letter"))
        self.sample_button.clicked.connect(self.preview_sample)
        self.message = QLabel()
        self.message.setObjectName("letterheadMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        for edit in (self.organisation, self.phone):
            edit.textChanged.connect(self._show_changed)
        self.address.textChanged.connect(self._show_changed)
        self.refresh()

    def refresh(self) -> None:
        """Show what is saved (unsaved typing is kept while the page is only refreshed)."""
        if self._changes():
            return
        head = letters.letterhead(self.context.db)
        self._shown = dict(head)
        self.organisation.setText(head.get("organisation", ""))
        self.address.setPlainText(head.get("address", ""))
        self.phone.setText(head.get("phone", ""))
        self._set_logo(head.get("logo_path", ""), changed=False)
        site = self.context.site or {}
        self.address.setPlaceholderText(
            site.get("address") or self.tr("One line each: building, street, town, postcode")
        )
        self.phone.setPlaceholderText(site.get("phone") or "")
        self._show_changed()

    def values(self) -> dict[str, str]:
        return {
            "organisation": self.organisation.text(),
            "address": self.address.toPlainText(),
            "phone": self.phone.text(),
            "logo_path": self._logo,
        }

    def _changes(self) -> dict[str, str]:
        if not self._shown:
            return {}
        return {k: v for k, v in self.values().items() if v.strip() != self._shown.get(k, "")}

    def _show_changed(self) -> None:
        self.save_button.setEnabled(bool(self._changes()))

    def _set_logo(self, path: str, *, changed: bool = True) -> None:
        self._logo = path
        self.logo_label.setText(path or self.tr("No logo"))
        self.clear_logo_button.setEnabled(bool(path))
        if changed:
            self._show_changed()

    def choose_logo(self) -> None:
        name = file_dialogs.open_file(
            self,
            self.context.db if self.context else None,
            self.tr("Choose the logo for letters"),
            self.tr(LOGO_FILTER),
            start=Path(self._logo).parent if self._logo else None,
        )
        if name:
            self._set_logo(name)

    def save(self) -> bool:
        """Save what changed; a logo that cannot be read is refused in plain words."""
        changes = self._changes()
        if not changes:
            return True
        try:
            letters.set_letterhead(self.context.db, **changes)
        except letters.LetterError as exc:
            self._say(str(exc), ERROR_STYLE)
            return False
        self._shown = {}
        self.refresh()
        self._say(self.tr("Saved. Letters made from now on use this letterhead."), DONE_STYLE)
        self.context.notify_changed()
        return True

    def preview_sample(self) -> None:
        """A letter to a made-up person, made from the current letterhead (saved first)."""
        if not self.save():
            return
        self.sample_button.setEnabled(False)
        context = self.context
        data_dir = context.store_file.parent
        head = letters.letterhead(context.db)
        site = dict(context.site or {})
        worker = dict(context.worker or {})

        def work(_progress) -> letters.Letter:
            return letters.sample_letter(head, site, worker, data_dir)

        def made(letter: letters.Letter) -> None:
            self.sample_preview = LetterPreviewDialog(context, self.window(), letter)
            self.sample_preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.sample_preview.destroyed.connect(lambda: setattr(self, "sample_preview", None))
            self.sample_preview.open()

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, letters.LetterError):
                raise exc
            self._say(str(exc), ERROR_STYLE)

        handle = run_in_background(self, work, made, on_error=failed)
        handle.finished.connect(lambda: self.sample_button.setEnabled(True))

    def _say(self, text: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)
        self.message.setVisible(bool(text))
