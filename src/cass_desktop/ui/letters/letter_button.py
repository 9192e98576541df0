"""The "Letter…" button: the letters that can be made for the chosen referral, made in the
background and opened in the preview."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QApplication,
    QMenu,
    QMessageBox,
    QPushButton,
    QWidget,
)

from cass_desktop.data import referrals as referral_data
from cass_desktop.referrals.consent import SharingBlocked
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.tasks import run_with_store

if TYPE_CHECKING:
    from cass_desktop.ui.letters.letter_preview import LetterPreviewDialog

# The letters package (jinja2, reportlab), the preview and printing (QtPdf, QtPrintSupport) are
# imported when the menu is first opened, not with a person's page, which took half a second
# longer to open the first time with them.

ERROR_STYLE = style.ERROR_STYLE
DONE_STYLE = style.DONE_STYLE


class LetterButton(QPushButton):
    """ "Letter…": a menu of the letters that can be made for the chosen referral. Choosing
    one makes it in the background and opens the preview; a letter that cannot be made (no
    consent recorded, a broken template) is explained instead.

    `referral_id` is asked for the referral each time (the row chosen in a list, say).
    """

    letter_shown = Signal(object)  # the LetterPreviewDialog opened
    letter_refused = Signal(str)  # why the letter could not be made

    def __init__(
        self,
        context: AppContext,
        referral_id: Callable[[], str | None],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setText(self.tr("Letter…"))
        self.setToolTip(self.tr("Preview, print or save a letter for this referral"))
        self.context = context
        self._referral_id = referral_id
        self.preview: LetterPreviewDialog | None = None
        self.problem_box: QMessageBox | None = None
        self._making = False
        self.setMenu(QMenu(self))
        self.menu().aboutToShow.connect(self.fill_menu)

    def fill_menu(self) -> None:
        """The templates available here; the appointment letter only once an appointment is
        recorded."""
        from cass_desktop import letters

        menu = self.menu()
        menu.clear()
        referral_id = self._referral_id()
        row = referral_data.get(self.context.db, referral_id) if referral_id else None
        if row is None:
            hint = menu.addAction(self.tr("Choose a referral in the list first"))
            hint.setEnabled(False)
            return
        data_dir = self.context.store_file.parent
        for info in letters.available_templates(self.context.db, data_dir):
            action = menu.addAction(info.title)
            action.setData(info.name)
            if info.name == "appointment-easy-read" and not row.get("appointment_at"):
                action.setEnabled(False)
                action.setText(
                    self.tr("%1 (record the appointment first)").replace("%1", info.title)
                )
            action.triggered.connect(lambda _=False, name=info.name: self.make(name))

    def make(self, template: str) -> None:
        from cass_desktop import letters
        from cass_desktop.ui.letters.letter_preview import LetterPreviewDialog
        from cass_desktop.ui.letters.printing import PrintError

        referral_id = self._referral_id()
        if referral_id is None or self._making:
            return
        self._making = True
        self.setEnabled(False)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        context = self.context
        data_dir = context.store_file.parent

        def work(db, _progress) -> letters.Letter:
            # logged when printed or saved, not when only looked at
            return letters.make_letter(db, referral_id, template, data_dir=data_dir, log=False)

        def made(letter: letters.Letter) -> None:
            self.preview = LetterPreviewDialog(context, self.window(), letter)
            self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.preview.destroyed.connect(self._forget_preview)
            self.preview.open()
            self.letter_shown.emit(self.preview)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, SharingBlocked | letters.LetterError | PrintError):
                raise exc
            self._explain(str(exc))

        def finished() -> None:
            self._making = False
            self.setEnabled(True)
            QApplication.restoreOverrideCursor()

        handle = run_with_store(self, context, work, made, on_error=failed)
        handle.finished.connect(finished)

    def _forget_preview(self) -> None:
        self.preview = None

    def _explain(self, reason: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("The letter cannot be made"),
            reason,
            QMessageBox.StandardButton.Ok,
            self.window(),
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda: setattr(self, "problem_box", None))
        self.problem_box = box
        box.open()
        self.letter_refused.emit(reason)


# The letterhead, in Settings ---------------------------------------------------------------
