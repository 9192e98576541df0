"""Laying a letter out as an A4 PDF with reportlab: letterhead, address block, body, signature.

Every page carries the confidentiality marking and "Page N of M"; the first page has the
letterhead, later pages a small running head. The fonts are the bundled DejaVu Sans (regular
and bold), which cover every name the service meets (Siân, Łukasz, Nguyễn); reportlab's own
fonts are Latin-1 only. `rl_config.invariant` makes the same letter, made twice, the same bytes.
The letterhead's logo is read and checked in logo.py.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import threading
from dataclasses import dataclass, field

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from cass_desktop.app.resources import resource
from cass_desktop.letters import logo
from cass_desktop.letters.errors import LetterError
from cass_desktop.letters.limits import LIMITS, TemplateLimit
from cass_desktop.letters.markup import Block, inline

rl_config.invariant = 1  # no creation time or random id in the file: same letter, same bytes

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}

PAGE_W, PAGE_H = A4
MARGIN_X = 20 * mm
FIRST_TOP = 50 * mm  # room for the letterhead on page 1
LATER_TOP = 24 * mm
BOTTOM = 26 * mm  # room for the confidentiality marking and page number
TEXT_W = PAGE_W - 2 * MARGIN_X
GREY = colors.Color(0.35, 0.35, 0.35)

_registered = False
# reportlab keeps fonts and documents in module-level state: letters made on background
# threads (previews, a day's batch) are laid out one at a time.
_LOCK = threading.RLock()


def register_fonts() -> None:
    """Register the bundled DejaVu Sans (once), with bold for **bold** and headings."""
    with _LOCK:
        if not _registered:
            _register()


def _register() -> None:
    global _registered
    for name, filename in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", filename))))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )
    _registered = True


@dataclass
class Layout:
    """Everything a letter's pages show, already in words."""

    title: str  # the PDF's title (kept free of names: it shows in file managers)
    organisation: str
    org_address: str = ""
    org_phone: str = ""
    logo_path: str = ""
    date_text: str = ""
    made_on: dt.date | None = None  # the PDF's creation date: the letter's own date
    reference: str = ""
    recipient: list[str] = field(default_factory=list)  # address lines; empty for a form
    blocks: list[Block] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)  # name, role, site, phone
    style: str = "standard"  # standard | easy-read
    confidential: str = ""


@functools.cache
def _styles(easy_read: bool) -> dict[str, ParagraphStyle]:
    """The paragraph styles, made once for each size (reportlab only reads them)."""
    size = 16 if easy_read else 10
    lead = size * (1.45 if easy_read else 1.4)
    body = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=size,
        leading=lead,
        spaceAfter=lead * (0.6 if easy_read else 0.5),
        splitLongWords=True,
        # Never a paragraph's last line alone at the top of a page, nor its first alone at the
        # foot of one.
        allowWidows=0,
        allowOrphans=0,
    )
    bullet = ParagraphStyle(
        "bullet",
        parent=body,
        leftIndent=size * 1.6,
        bulletIndent=size * 0.4,
        bulletFontName=FONT,
        bulletFontSize=size,
        spaceAfter=lead * 0.25,
    )
    return {
        "body": body,
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=size + (6 if easy_read else 3.5),
            leading=(size + (6 if easy_read else 3.5)) * 1.3,
            spaceAfter=lead * 0.7,
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=size + (2 if easy_read else 1),
            leading=(size + (2 if easy_read else 1)) * 1.4,
            spaceBefore=lead * 0.4,
            spaceAfter=lead * 0.3,
        ),
        "bullet": bullet,
        "box": ParagraphStyle(
            "box",
            parent=body,
            fontSize=size + (4 if easy_read else 0.5),
            leading=(size + (4 if easy_read else 0.5)) * 1.4,
            spaceAfter=0,
        ),
        "address": ParagraphStyle("address", parent=body, spaceAfter=0),
        "dateref": ParagraphStyle("dateref", parent=body, spaceAfter=0, alignment=TA_RIGHT),
        "signature": ParagraphStyle("signature", parent=body, spaceAfter=0),
        # the last bullet of a list, spaced like a paragraph below it
        "last_bullet": ParagraphStyle(
            "last", parent=bullet, spaceAfter=lead * (0.6 if easy_read else 0.5)
        ),
    }


def _lines_xml(lines: list[str]) -> str:
    return "<br/>".join(inline(_plain(line)) for line in lines if line)


def _plain(text: str) -> str:
    """Text from the store or settings printed as it is (no markup in it)."""
    return text.replace("\\", "\\\\").replace("*", "\\*")


@functools.cache
def _box_style(easy_read: bool) -> TableStyle:
    pad = 10 if easy_read else 7
    return TableStyle(
        [
            ("BOX", (0, 0), (-1, -1), 2 if easy_read else 1, colors.black),
            ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.95, 0.95, 0.95)),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad / 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad / 2),
            ("TOPPADDING", (0, 0), (0, 0), pad),
            ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
        ]
    )


# The address and date block: two columns, no padding, tops aligned.
_HEAD_STYLE = TableStyle(
    [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]
)


def _box(items: list[str], style: ParagraphStyle, easy_read: bool) -> Table:
    table = Table([[Paragraph(item, style)] for item in items], colWidths=[TEXT_W])
    table.setStyle(_box_style(easy_read))
    table.spaceAfter = style.leading
    table.spaceBefore = style.leading * 0.3
    return table


def _story(layout: Layout) -> list[Flowable]:
    easy = layout.style == "easy-read"
    st = _styles(easy)
    story: list[Flowable] = [NextPageTemplate("later")]
    right = [layout.date_text]
    if layout.reference:
        right.append(f"Reference: {layout.reference}")
    left = Paragraph(_lines_xml(layout.recipient), st["address"]) if layout.recipient else ""
    head = Table(
        [[left, Paragraph(_lines_xml(right), st["dateref"])]],
        colWidths=[TEXT_W * 0.5, TEXT_W * 0.5] if easy else [TEXT_W * 0.58, TEXT_W * 0.42],
    )
    head.setStyle(_HEAD_STYLE)
    story += [head, Spacer(1, 10 * mm if layout.recipient else 6 * mm)]

    for block in layout.blocks:
        if block.kind == "title":
            story.append(Paragraph(block.parts[0], st["title"]))
        elif block.kind == "heading":
            # A heading starts a new page rather than sit alone at the foot of one. (Not
            # keepWithNext: that moves a long paragraph after it whole onto the next page.)
            story.append(CondPageBreak(st["heading"].leading + 3 * st["body"].leading))
            story.append(Paragraph(block.parts[0], st["heading"]))
        elif block.kind == "para":
            story.append(Paragraph(block.parts[0], st["body"]))
        elif block.kind == "bullets":
            last = st["last_bullet"]
            story += [
                Paragraph(p, last if n == len(block.parts) - 1 else st["bullet"], bulletText="•")
                for n, p in enumerate(block.parts)
            ]
        elif block.kind == "box":
            # Kept on one page when it fits: a date and time, or a signature, never split.
            box: list[Flowable] = [_box(block.parts, st["box"], easy)]
            if isinstance(story[-1], Paragraph) and story[-1].style.name == "heading":
                box.insert(0, story.pop())  # and with the heading above it
            story.append(KeepTogether(box))
        elif block.kind == "page_break":
            story.append(PageBreak())

    if layout.signature:
        sign = [Spacer(1, 16 * mm if not easy else 10 * mm)]
        name, *rest = layout.signature
        sign.append(Paragraph(f"<b>{inline(_plain(name))}</b>", st["signature"]))
        sign += [Paragraph(inline(_plain(line)), st["signature"]) for line in rest if line]
        # Keep the signature with the sign-off above it ("Yours sincerely,").
        tail = [story.pop()] if isinstance(story[-1], Paragraph) else []
        story.append(KeepTogether(tail + sign))
    return story


class _Pages:
    """Draws the letterhead, running head and confidentiality marking of each page."""

    def __init__(self, layout: Layout):
        self.layout = layout
        self.logo = logo.read_logo(layout.logo_path) if layout.logo_path else None

    def first(self, canvas: rl_canvas.Canvas, doc: BaseDocTemplate) -> None:
        made_on = self.layout.made_on
        if made_on is not None:
            # Invariant mode dates every file 1 January 2000; the letter's own date (a day, no
            # time) keeps the same letter the same bytes, so a reprint matches its log.
            canvas.setDateFormatter(lambda *_: f"D:{made_on:%Y%m%d}")
        canvas.saveState()
        top = PAGE_H - 14 * mm
        right = PAGE_W - MARGIN_X
        text_w = TEXT_W
        if self.logo is not None:
            iw, ih = self.logo.size
            scale = min(48 * mm / iw, 24 * mm / ih)
            w, h = iw * scale, ih * scale
            self.logo.draw(canvas, MARGIN_X, top - h, w, h)
            text_w = TEXT_W - w - 6 * mm
        y = top - 15
        canvas.setFont(FONT_BOLD, 15)
        for line in simpleSplit(self.layout.organisation, FONT_BOLD, 15, text_w)[:2]:
            canvas.drawRightString(right, y, line)
            y -= 17
        canvas.setFont(FONT, 9)
        canvas.setFillColor(GREY)
        lines: list[str] = []
        for part in self.layout.org_address.splitlines():
            lines += simpleSplit(part.strip(), FONT, 9, text_w) if part.strip() else []
        if self.layout.org_phone:
            lines.append(f"Phone: {self.layout.org_phone}")
        for line in lines[:6]:
            canvas.drawRightString(right, y, line)
            y -= 11
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.8)
        rule = PAGE_H - FIRST_TOP + 6 * mm
        canvas.line(MARGIN_X, rule, right, rule)
        canvas.restoreState()
        self.footer(canvas)

    def later(self, canvas: rl_canvas.Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        y = PAGE_H - 15 * mm
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN_X, y, self.layout.organisation)
        if self.layout.reference:
            canvas.drawRightString(PAGE_W - MARGIN_X, y, f"Reference: {self.layout.reference}")
        canvas.setStrokeColor(GREY)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, y - 3 * mm, PAGE_W - MARGIN_X, y - 3 * mm)
        canvas.restoreState()
        self.footer(canvas)

    def footer(self, canvas: rl_canvas.Canvas) -> None:
        canvas.saveState()
        canvas.setStrokeColor(GREY)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, 19 * mm, PAGE_W - MARGIN_X, 19 * mm)
        canvas.setFont(FONT_BOLD, 8)
        y = 15 * mm
        for line in simpleSplit(self.layout.confidential, FONT_BOLD, 8, TEXT_W - 30 * mm)[:3]:
            canvas.drawString(MARGIN_X, y, line)
            y -= 10
        canvas.restoreState()


def _numbered_canvas(*args, **kwargs) -> rl_canvas.Canvas:
    return _NumberedCanvas(*args, **kwargs)


class _NumberedCanvas(rl_canvas.Canvas):
    """A canvas that holds its pages back until the end, to print "Page N of M" on each.

    It stops the letter once it is longer than `LIMITS.pages` (a template printing page
    breaks in a loop)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:
        if len(self._pages) >= LIMITS.pages:
            raise TemplateLimit(f"makes a letter of more than {LIMITS.pages} pages")
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.saveState()
            self.setFont(FONT, 9)
            self.drawRightString(PAGE_W - MARGIN_X, 15 * mm, f"Page {number} of {total}")
            self.restoreState()
            super().showPage()
        super().save()


def build(layout: Layout) -> bytes:
    """The letter as PDF bytes."""
    with _LOCK:
        register_fonts()
        return _build(layout)


def _build(layout: Layout) -> bytes:
    pages = _Pages(layout)
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=LATER_TOP,
        bottomMargin=BOTTOM,
        title=layout.title,
        author=layout.organisation,
        creator="CASS Desktop",
        subject=layout.title,
        invariant=1,
    )
    height_first = PAGE_H - FIRST_TOP - BOTTOM
    height_later = PAGE_H - LATER_TOP - BOTTOM
    doc.addPageTemplates(
        [
            PageTemplate(
                "first",
                [Frame(MARGIN_X, BOTTOM, TEXT_W, height_first, 0, 0, 0, 0, id="first")],
                onPage=pages.first,
            ),
            PageTemplate(
                "later",
                [Frame(MARGIN_X, BOTTOM, TEXT_W, height_later, 0, 0, 0, 0, id="later")],
                onPage=pages.later,
            ),
        ]
    )
    try:
        doc.build(_story(layout), canvasmaker=_numbered_canvas)
    except LayoutError:
        raise LetterError(
            "Part of this letter is too long to fit on one page (a single paragraph or box "
            "longer than a page). Shorten it or split it with blank lines; no letter was made."
        ) from None
    return out.getvalue()
