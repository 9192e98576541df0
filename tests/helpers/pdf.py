"""Reading a PDF back, as poppler's pdftotext and pdfinfo see it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdftotext, pdftoppm) is not installed",
)


def _file(pdf: bytes | Path, folder: Path | None, name: str) -> Path:
    """The PDF as a file: itself, or its bytes written into `folder` first."""
    if isinstance(pdf, Path):
        return pdf
    if folder is None:
        raise ValueError("a PDF given as bytes needs a folder to be written into")
    path = folder / name
    path.write_bytes(pdf)
    return path


def pdf_text(pdf: bytes | Path, folder: Path | None = None) -> str:
    """The text of a PDF (a file, or its bytes written into `folder`), as pdftotext reads it:
    reading order, not layout; pages end with a form feed."""
    source = _file(pdf, folder, "letter-for-text.pdf")
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(source), "-"], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def pdf_words(pdf: bytes | Path, folder: Path | None = None) -> str:
    """The text of a PDF with every run of white space made a single space."""
    return " ".join(pdf_text(pdf, folder).split())


def pdf_pages(pdf: bytes | Path, folder: Path | None = None) -> int:
    """The number of pages, as pdfinfo counts them."""
    source = _file(pdf, folder, "letter-for-pages.pdf")
    done = subprocess.run(["pdfinfo", str(source)], capture_output=True, check=True, text=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])
