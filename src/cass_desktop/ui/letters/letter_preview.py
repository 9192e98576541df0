"""Preview a letter, print it, or save it as a PDF.

The letter arrives as PDF bytes (cass_desktop.letters makes it); the preview is a QPdfView,
and printing goes through ui/letters/printing.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QObject,
    QPointF,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cass_desktop import letters
from cass_desktop.app import durable
from cass_desktop.ui.letters.printing import PrintError, letter_document, new_printer, print_letter
from cass_desktop.ui.shell import file_dialogs, style
from cass_desktop.ui.shell.context import AppContext

ERROR_STYLE = style.ERROR_STYLE
DONE_STYLE = style.DONE_STYLE
SAVE_FOLDER_SETTING = "letters_save_folder"  # where the last letter was saved, to start there
ZOOM_STEPS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)


def suggested_file_name(letter: letters.Letter) -> str:
    """A file name from the letter's title: 'Referral to Shelter Plymouth - Sian.pdf'."""
    name = re.sub(r'[\\/:*?"<>|\r\n\t]+', " ", letter.title or letter.template).strip()
    name = re.sub(r"\s+", " ", name)[:100].rstrip(" .")
    return f"{name or 'letter'}.pdf"


class LetterPreviewDialog(QDialog):
    """Shows the letter's pages before it goes anywhere; Print… and Save as PDF….

    A letter made without logging is logged against its referral the first time it is
    printed or saved (`letter_logged` then fires with the log record's id).
    """

    letter_logged = Signal(str)

    def __init__(self, context: AppContext | None, parent: QWidget | None, letter: letters.Letter):
        super().__init__(parent)
        self.context = context
        self.letter = letter
        self.printer: QPrinter | None = None  # kept, so the next print remembers the choice
        self.saved_to: Path | None = None
        self.setWindowTitle(self.tr("Letter preview — %1").replace("%1", letter.title))
        screen = (parent.screen() if parent is not None else None) or QApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        # Tall enough to read a page, but never taller than a court laptop's 768-pixel screen.
        self.resize(820, min(980, room.height() - 60) if room is not None else 980)

        self.document = letter_document(letter.pdf, self)
        pages = self.document.pageCount()

        # The reference is never broken across lines ("PLY-" / "TKDG-AG9B"): its hyphens do
        # not break.
        heading = QLabel(letter.title.replace("-", "\u2011"))
        heading.setObjectName("letterTitle")
        heading.setWordWrap(True)
        heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        # What the worker reads is the letter's title and its length; which template file and
        # version made it is for whoever looks after the templates (in the tooltip).
        detail = QLabel(
            self.tr("1 page") if pages == 1 else self.tr("%n pages").replace("%n", str(pages))
        )
        detail.setToolTip(
            self.tr("Made from template %1, version %2")
            .replace("%1", letter.template)
            .replace("%2", str(letter.version))
        )
        detail.setObjectName("letterDetail")
        detail.setStyleSheet("color: #555;")

        self.view = QPdfView()
        self.view.setObjectName("letterView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setDocument(self.document)
        self.view.setStyleSheet(f"QPdfView {{ background: {style.PAGE_BACKGROUND}; }}")

        self.previous_button = QPushButton(self.tr("◀ Previous page"))
        self.previous_button.setShortcut(QKeySequence(QKeySequence.StandardKey.MoveToPreviousPage))
        self.previous_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button = QPushButton(self.tr("Next page ▶"))
        self.next_button.setShortcut(QKeySequence(QKeySequence.StandardKey.MoveToNextPage))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.page_spin = QSpinBox()
        self.page_spin.setObjectName("pageNumber")
        self.page_spin.setRange(1, pages)
        self.page_spin.setAccessibleName(self.tr("Page number"))
        self.page_spin.valueChanged.connect(lambda value: self.go_to_page(value - 1))
        self.page_count_label = QLabel(self.tr("of %1").replace("%1", str(pages)))

        self.fit_width_button = QPushButton(self.tr("Fit width"))
        self.fit_width_button.setCheckable(True)
        self.fit_width_button.clicked.connect(self.fit_width)
        self.whole_page_button = QPushButton(self.tr("Whole page"))
        self.whole_page_button.setCheckable(True)
        self.whole_page_button.clicked.connect(self.whole_page)
        self.zoom_out_button = QPushButton(self.tr("−"))
        self.zoom_out_button.setAccessibleName(self.tr("Zoom out"))
        self.zoom_out_button.setToolTip(self.tr("Zoom out"))
        self.zoom_out_button.setShortcut(QKeySequence(QKeySequence.StandardKey.ZoomOut))
        self.zoom_out_button.clicked.connect(lambda: self.zoom_by(-1))
        self.zoom_in_button = QPushButton(self.tr("+"))
        self.zoom_in_button.setAccessibleName(self.tr("Zoom in"))
        self.zoom_in_button.setToolTip(self.tr("Zoom in"))
        self.zoom_in_button.setShortcut(QKeySequence(QKeySequence.StandardKey.ZoomIn))
        self.zoom_in_button.clicked.connect(lambda: self.zoom_by(1))
        for button in (self.zoom_out_button, self.zoom_in_button):
            button.setFixedWidth(36)
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoom")
        self.zoom_label.setMinimumWidth(48)

        navigation = QHBoxLayout()
        navigation.addWidget(self.previous_button)
        navigation.addWidget(QLabel(self.tr("Page")))
        navigation.addWidget(self.page_spin)
        navigation.addWidget(self.page_count_label)
        navigation.addWidget(self.next_button)
        navigation.addStretch(1)
        navigation.addWidget(self.fit_width_button)
        navigation.addWidget(self.whole_page_button)
        navigation.addWidget(self.zoom_out_button)
        navigation.addWidget(self.zoom_label)
        navigation.addWidget(self.zoom_in_button)

        self.message = QLabel()
        self.message.setObjectName("previewMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.gaps = self._gaps_label(letter)

        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setDefault(True)
        self.print_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.print_button.clicked.connect(self.print_with_dialog)
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.save_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.save_button.clicked.connect(self.save_with_dialog)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.print_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(detail)
        layout.addWidget(self.gaps)
        layout.addLayout(navigation)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        navigator = self.view.pageNavigator()
        navigator.currentPageChanged.connect(self._show_page)
        self.view.zoomModeChanged.connect(lambda _mode: self._show_zoom())
        self.view.zoomFactorChanged.connect(lambda _factor: self._show_zoom())
        self.view.viewport().installEventFilter(self)
        self._show_page(0)
        self._show_zoom()

    # Pages and zoom ---------------------------------------------------------------------
    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        page = min(max(page, 0), self.page_count - 1)
        if page != self.current_page():
            self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        self._show_page(page)

    def _show_page(self, page: int) -> None:
        self.page_spin.blockSignals(True)
        self.page_spin.setValue(page + 1)
        self.page_spin.blockSignals(False)
        self.previous_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < self.page_count - 1)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def whole_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)

    def zoom_by(self, steps: int) -> None:
        """Zoom in or out one step from what is shown now (fitted zooms included)."""
        now = self._shown_zoom()
        if steps > 0:
            chosen = next((z for z in ZOOM_STEPS if z > now + 0.01), ZOOM_STEPS[-1])
        else:
            chosen = next((z for z in reversed(ZOOM_STEPS) if z < now - 0.01), ZOOM_STEPS[0])
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(chosen)
        self._show_zoom()

    def _shown_zoom(self) -> float:
        """The scale pages are shown at, 1.0 being the paper's size on screen."""
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.Custom:
            return self.view.zoomFactor()
        points = self.document.pagePointSize(max(self.current_page(), 0))
        screen = self.view.screen()
        dpi = screen.logicalDotsPerInch() if screen else 96.0
        natural_width = points.width() * dpi / 72
        natural_height = points.height() * dpi / 72
        viewport = self.view.viewport().size()
        margins = self.view.documentMargins()
        width = viewport.width() - margins.left() - margins.right()
        height = viewport.height() - margins.top() - margins.bottom()
        if natural_width <= 0 or width <= 0:
            return 1.0
        if mode == QPdfView.ZoomMode.FitToWidth:
            return width / natural_width
        return min(width / natural_width, height / natural_height)

    def _show_zoom(self) -> None:
        mode = self.view.zoomMode()
        self.fit_width_button.setChecked(mode == QPdfView.ZoomMode.FitToWidth)
        self.whole_page_button.setChecked(mode == QPdfView.ZoomMode.FitInView)
        self.zoom_label.setText(f"{round(self._shown_zoom() * 100)}%")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._show_zoom()  # a fitted zoom changes with the space it has
        return super().eventFilter(watched, event)

    # Printing and saving ----------------------------------------------------------------
    def print_with_dialog(self) -> bool:
        """Print… : the system print dialog, then the chosen pages on the chosen printer."""
        if self.printer is None:
            self.printer = new_printer()
        self.printer.setDocName(self.letter.title)
        dialog = QPrintDialog(self.printer, self)
        dialog.setWindowTitle(self.tr("Print %1").replace("%1", self.letter.title))
        dialog.setMinMax(1, self.page_count)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.print_to(self.printer)

    def print_to(self, printer: QPrinter) -> bool:
        """Print on a printer already chosen; says what happened under the pages."""
        try:
            print_letter(self.letter, printer, current_page=max(self.current_page(), 0))
        except PrintError as exc:
            self._say(str(exc), ERROR_STYLE)
            return False
        self.log_sent()
        where = printer.printerName() or printer.outputFileName()
        self._say(
            self.tr("Sent to %1.").replace("%1", where) if where else self.tr("Printed."),
            DONE_STYLE,
        )
        return True

    def save_with_dialog(self) -> Path | None:
        """Save as PDF…: the letter exactly as made, so its hash matches the letters log."""
        name = file_dialogs.save_file(
            self,
            self.context.db if self.context else None,
            self.tr("Save the letter as a PDF"),
            suggested_file_name(self.letter),
            self.tr("PDF documents (*.pdf)"),
            key=SAVE_FOLDER_SETTING,
            remember=False,  # once the letter is written there
        )
        if not name:
            return None
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".pdf")
        return self.save_to(path)

    def save_to(self, path: Path) -> Path | None:
        try:
            durable.write_atomically(path, self.letter.pdf)
        except OSError as exc:
            self._say(
                self.tr("The letter could not be saved to %1: %2")
                .replace("%1", str(path))
                .replace("%2", exc.strerror or str(exc)),
                ERROR_STYLE,
            )
            return None
        self.saved_to = path
        self.log_sent()
        if self.context is not None:
            file_dialogs.remember_folder(self.context.db, path.parent, SAVE_FOLDER_SETTING)
        self._say(self.tr("Saved to %1.").replace("%1", str(path)), DONE_STYLE)
        return path

    def log_sent(self) -> None:
        """Log the letter against its referral, once, when it is printed or saved: the log
        says which template and version made it and the PDF's hash. A letter already logged
        when made, or a sample with no referral, is not logged again."""
        letter = self.letter
        if self.context is None or letter.letter_id or not letter.referral_id:
            return
        letter_id = letters.log_letter(self.context.db, letter)
        self.letter = dataclasses.replace(letter, letter_id=letter_id)
        self.context.notify_changed()
        self.letter_logged.emit(letter_id)

    def _gaps_label(self, letter: letters.Letter) -> QLabel:
        """What the letter lacks that its reader will need, said plainly above the letter so
        it is read before printing (letters/gaps.py); hidden when nothing is missing."""
        label = QLabel()
        label.setObjectName("letterGaps")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setStyleSheet(style.STRONG_WARNING_STYLE)
        if letter.gaps:
            label.setText(self.tr("Before you print: %1").replace("%1", " ".join(letter.gaps)))
        label.setVisible(bool(letter.gaps))
        return label

    def _say(self, text: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)
        self.message.setVisible(bool(text))
