"""The letterhead's logo: the picture checked, then read and compressed once for every letter
that prints it (pdf.py draws it at the top of a letter's first page)."""

from __future__ import annotations

import copy
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.utils import ImageReader, _digester
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen import canvas as rl_canvas

from cass_desktop.letters.errors import LetterError

_LOCK = threading.RLock()  # the logos read, shared by letters made on other threads


def check_logo(path: str) -> ImageReader:
    """The logo picture, read; LetterError in plain words when it cannot be."""
    try:
        reader = ImageReader(str(Path(path)))
        reader.getSize()
    except Exception:
        raise _unreadable(path) from None
    return reader


def _unreadable(path: str) -> LetterError:
    return LetterError(
        f"The logo picture set for letters ({path}) cannot be read. Choose it again in "
        "Settings, or clear it; no letter was made."
    )


@dataclass(frozen=True)
class Logo:
    """The letterhead's logo, read and compressed once for every letter that prints it.

    Drawing it is canvas.drawImage(reader, mask="auto") with the image object made once: the
    same name, stream and soft mask, so the PDF's bytes are the ones drawImage makes."""

    name: str
    size: tuple[int, int]
    image: pdfdoc.PDFImageXObject
    smask: pdfdoc.PDFImageXObject | None

    def draw(self, canvas: rl_canvas.Canvas, x: float, y: float, w: float, h: float) -> None:
        doc = canvas._doc
        canvas._currentPageHasImages = 1
        reg_name = doc.getXObjectName(self.name)
        if doc.idToObject.get(reg_name) is None:  # first time in this letter
            image = copy.copy(self.image)  # each document numbers its own objects
            canvas._setXObjects(image)
            doc.Reference(image, reg_name)
            doc.addForm(self.name, image)
            if self.smask is not None:
                mask_name = doc.getXObjectName(self.smask.name)
                if doc.idToObject.get(mask_name) is None:
                    smask = copy.copy(self.smask)
                    canvas._setXObjects(smask)
                    image.smask = doc.Reference(smask, mask_name)
                else:
                    image.smask = pdfdoc.PDFObjectReference(mask_name)
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(w, h)
        canvas._code.append(f"/{reg_name} Do")
        canvas.restoreState()
        canvas._formsinuse.append(self.name)


# Logos read, by file, its modification time and size (a new picture is read afresh).
_LOGOS: dict[tuple[str, int, int], Logo] = {}


def read_logo(path: str) -> Logo:
    """The logo at `path`, read once; LetterError in plain words when it cannot be read."""
    try:
        found = os.stat(path)
    except OSError:
        raise _unreadable(path) from None
    key = (path, found.st_mtime_ns, found.st_size)
    with _LOCK:
        logo = _LOGOS.get(key)
        if logo is not None:
            return logo
        reader = check_logo(path)
        try:
            raw = reader.getRGBData()
            alpha = reader._dataA
            name = _digester(raw + (alpha.getRGBData() if alpha else b"auto"))
            image = pdfdoc.PDFImageXObject(name, reader, mask="auto")
        except Exception:  # a picture that opens but cannot be decoded
            raise _unreadable(path) from None
        image.name = name
        smask = image.__dict__.pop("_smask", None)
        logo = Logo(name, reader.getSize(), image, smask)
        for old in [k for k in _LOGOS if k[0] == path]:
            del _LOGOS[old]
        _LOGOS[key] = logo
        return logo
