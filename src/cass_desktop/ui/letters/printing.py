"""Printing a letter: each page rendered with QPdfDocument at the printer's resolution onto
the QPrinter, so what prints is exactly what was previewed, whatever the printer driver makes
of PDFs."""

from __future__ import annotations

import contextlib
import re

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QObject,
    QPointF,
    QRectF,
    QSize,
)
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from cass_desktop import letters

# A letter gains nothing printed above 600 dpi, and a page at 1200 dpi is 140 million pixels.
MAX_PRINT_DPI = 600
# A PDF file "printed to" keeps the pages as pictures: 300 dpi reads well and stays small.
MAX_FILE_DPI = 300


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


def new_printer() -> QPrinter:
    """A high-resolution printer set to A4, the paper letters are made for."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(True)
    return printer
