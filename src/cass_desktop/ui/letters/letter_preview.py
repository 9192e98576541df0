"""Preview a letter, print it, or save it as a PDF.

The letter arrives as PDF bytes (cass_desktop.letters makes it). The preview is a QPdfView;
printing renders each page with QPdfDocument at the printer's resolution onto the QPrinter,
so what prints is exactly what was previewed, whatever the printer driver makes of PDFs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEvent,
    QIODevice,
    QObject,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QKeySequence, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cass_desktop import letters
from cass_desktop.app import durable
from cass_desktop.data import referrals as referral_data
from cass_desktop.referrals.consent import SharingBlocked
from cass_desktop.ui.shell import file_dialogs, style
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.tasks import run_in_background, run_with_store

ERROR_STYLE = style.ERROR_STYLE
DONE_STYLE = style.DONE_STYLE

# A letter gains nothing printed above 600 dpi, and a page at 1200 dpi is 140 million pixels.
MAX_PRINT_DPI = 600
# A PDF file "printed to" keeps the pages as pictures: 300 dpi reads well and stays small.
MAX_FILE_DPI = 300
SAVE_FOLDER_SETTING = "letters_save_folder"  # where the last letter was saved, to start there
ZOOM_STEPS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)


def _tr(text: str) -> str:
    return QCoreApplication.translate("LetterPreview", text)


class PrintError(Exception):
    """Printing could not start or the letter could not be read; the message says why."""


def letter_document(pdf: bytes, parent: QObject | None = None) -> QPdfDocument:
    """A QPdfDocument over the letter's bytes, read from memory (never a temporary file)."""
    document = QPdfDocument(parent)
    buffer = QBuffer(document)  # the document owns its buffer, so it outlives every render
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)  # a complete in-memory device loads at once
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
        raise PrintError(
            _tr("The letter could not be read as a PDF, so it cannot be shown or printed.")
        )
    return document


def pages_to_print(printer: QPrinter, page_count: int, current_page: int = 0) -> list[int]:
    """The pages (counting from 0) the print dialog chose: all, a range, or the current one."""
    every = list(range(page_count))
    chosen = printer.printRange()
    if chosen == QPrinter.PrintRange.CurrentPage:
        return [min(max(current_page, 0), page_count - 1)] if page_count else []
    if chosen == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            return [page for page in every if ranges.contains(page + 1)]
        first, last = printer.fromPage(), printer.toPage()
        if first > 0:
            last = last or page_count
            return [page for page in every if first <= page + 1 <= last]
    return every


def print_letter(letter: letters.Letter, printer: QPrinter, *, current_page: int = 0) -> None:
    """Print the letter on `printer`, one letter page per sheet, honouring the chosen pages.

    Each page is rendered by QPdfDocument at the printer's resolution (capped, see
    MAX_PRINT_DPI) onto white, fitted to the paper. When the printer writes a PDF file, the
    letter's text is laid invisibly under each picture so the file can still be searched.
    """
    document = letter_document(letter.pdf)  # a letter that cannot be read starts no job
    try:
        pages = pages_to_print(printer, document.pageCount(), current_page)
        if not pages:
            raise PrintError(_tr("None of the pages chosen are in this letter."))
        job = PrintJob(printer)
        try:
            job.add_pages(document, pages)
        finally:
            job.finish()
    finally:
        _discard(document)


def _discard(document: QPdfDocument) -> None:
    document.close()
    document.deleteLater()


class PrintJob:
    """One print job: letters added one after another, each starting on a new sheet.

    Raises PrintError when the printer cannot start; `finish()` sends the job.
    """

    def __init__(self, printer: QPrinter):
        self.printer = printer
        self.sheets = 0
        printer.setFullPage(True)  # the letter carries its own margins
        self.painter = QPainter()
        if not self.painter.begin(printer):
            raise PrintError(
                _tr(
                    "The printer could not be started. Check it is switched on and connected, "
                    "then try again."
                )
            )

    def add(self, letter: letters.Letter) -> int:
        """Print every page of a letter; returns the number of sheets printed."""
        document = letter_document(letter.pdf)
        try:
            return self.add_pages(document, list(range(document.pageCount())))
        finally:
            _discard(document)

    def add_pages(self, document: QPdfDocument, pages: list[int]) -> int:
        """Print these pages (counting from 0) of a loaded letter, with the copies asked for
        when the printer cannot make them itself; returns the number of sheets printed."""
        printer = self.printer
        copies = 1
        if printer.copyCount() > 1 and not printer.supportsMultipleCopies():
            copies = printer.copyCount()
        if printer.collateCopies() or copies == 1:
            sheets = pages * copies
        else:
            sheets = [page for page in pages for _ in range(copies)]
        for page in sheets:
            if self.sheets and not printer.newPage():
                raise PrintError(
                    _tr("The printer stopped taking pages after sheet %1.").replace(
                        "%1", str(self.sheets)
                    )
                )
            _print_page(self.painter, printer, document, page)
            self.sheets += 1
        return len(sheets)

    def finish(self) -> None:
        if self.painter.isActive():
            self.painter.end()

    def abort(self) -> None:
        """Stop the job without sending what was printed so far (where the printer can)."""
        if self.painter.isActive():
            self.printer.abort()
            self.painter.end()


def _print_page(painter: QPainter, printer: QPrinter, document: QPdfDocument, page: int) -> None:
    paper = QRectF(0, 0, printer.width(), printer.height())
    painter.fillRect(paper, QColor("white"))  # the render is transparent: white paper first
    points = document.pagePointSize(page)
    fit = min(paper.width() / points.width(), paper.height() / points.height())
    target = QRectF(0, 0, points.width() * fit, points.height() * fit)
    target.moveCenter(paper.center())
    to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
    dpi = min(printer.resolution(), MAX_FILE_DPI if to_file else MAX_PRINT_DPI)
    if to_file:
        _draw_text_layer(painter, document, page, target, fit)
    size = QSize(
        max(1, round(points.width() * dpi / 72)), max(1, round(points.height() * dpi / 72))
    )
    image = document.render(page, size)
    with _painting(image) as on_white:  # white behind the ink, in place: no second copy
        on_white.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationOver)
        on_white.fillRect(image.rect(), QColor("white"))
    image.convertTo(QImage.Format.Format_RGB32)  # opaque: it hides the text layer beneath
    painter.drawImage(target, image)


def _draw_text_layer(
    painter: QPainter, document: QPdfDocument, page: int, target: QRectF, scale: float
) -> None:
    """Lay each line of the page's text where it sits on the page, under the picture that is
    drawn over it next: a PDF printed to file stays searchable and copyable."""
    text = document.getAllText(page).text()
    painter.save()
    painter.setPen(QColor("black"))
    start = 0
    for line in re.split(r"(\r\n|\n|\r)", text):
        length = len(line)
        if line.strip() and line not in ("\r\n", "\n", "\r"):
            bounds = document.getSelectionAtIndex(page, start, length).boundingRectangle()
            if bounds.isValid() and bounds.height() > 0:
                box = QRectF(
                    target.left() + bounds.left() * scale,
                    target.top() + bounds.top() * scale,
                    bounds.width() * scale,
                    bounds.height() * scale,
                )
                font = QFont("DejaVu Sans")
                font.setPixelSize(max(1, round(box.height() * 0.8)))
                painter.setFont(font)
                metrics = QFontMetricsF(font, painter.device())
                advance = metrics.horizontalAdvance(line) or 1.0
                painter.save()
                painter.translate(box.left(), box.bottom() - metrics.descent())
                painter.scale(box.width() / advance, 1.0)
                painter.drawText(QPointF(0, 0), line)
                painter.restore()
        start += length
    painter.restore()


@contextlib.contextmanager
def _painting(image: QImage):
    painter = QPainter(image)
    try:
        yield painter
    finally:
        painter.end()


def suggested_file_name(letter: letters.Letter) -> str:
    """A file name from the letter's title: 'Referral to Shelter Plymouth - Sian.pdf'."""
    name = re.sub(r'[\\/:*?"<>|\r\n\t]+', " ", letter.title or letter.template).strip()
    name = re.sub(r"\s+", " ", name)[:100].rstrip(" .")
    return f"{name or 'letter'}.pdf"


def new_printer() -> QPrinter:
    """A high-resolution printer set to A4, the paper letters are made for."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(True)
    return printer


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
        self.view.setStyleSheet("QPdfView { background: #8a8a8a; }")

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


# Making a letter from a referral -----------------------------------------------------------
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
