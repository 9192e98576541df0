"""What a printer made: a PDF printer offscreen, and pages compared as pictures (where the ink
is), so printing can be checked to give the same pages as the letter."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtGui import QImage, QTransform
from PySide6.QtPrintSupport import QPrinter

from cass_desktop.ui.letters.printing import new_printer


def pdf_grey_pages(path: Path, dpi: int = 72) -> list[QImage]:
    """Each page of a PDF as a grey image (pdftoppm), to compare what prints."""
    folder = path.parent / f"{path.stem}-pages"
    folder.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(path), str(folder / "p")], check=True
    )
    return [QImage(str(p)) for p in sorted(folder.glob("p-*.png"))]


def ink_bands(image: QImage, *, columns: bool = False) -> list[tuple[int, int]]:
    """The runs of rows (or columns) holding any ink: where the lines of text and rules sit.

    Comparing these between the letter and what printed shows the same things in the same
    places at the same scale, without depending on how two renderers smooth their edges.
    """
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    if columns:
        grey = grey.transformed(QTransform().rotate(90))
    inked = [min(bytes(grey.constScanLine(y))[: grey.width()]) < 200 for y in range(grey.height())]
    bands: list[tuple[int, int]] = []
    for y, dark in enumerate(inked):
        if dark and bands and bands[-1][1] == y - 1:
            bands[-1] = (bands[-1][0], y)
        elif dark:
            bands.append((y, y))
    return bands


def same_places(before: list[tuple[int, int]], after: list[tuple[int, int]]) -> bool:
    """The same bands, each edge within a pixel."""
    return len(before) == len(after) and all(
        abs(a0 - b0) <= 1 and abs(a1 - b1) <= 1
        for (a0, a1), (b0, b1) in zip(before, after, strict=True)
    )


def ink(image: QImage) -> int:
    """How many pixels are clearly darker than paper."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return sum(
        sum(1 for p in bytes(grey.constScanLine(y))[: grey.width()] if p < 128)
        for y in range(grey.height())
    )


def pdf_printer(path: Path) -> QPrinter:
    """The kind of printer the print dialog gives, writing a PDF file instead of paper."""
    printer = new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer
