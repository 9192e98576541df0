"""The readable half of a subject access pack: a PDF of everything held about a person.

Laid out like the letters (the bundled DejaVu Sans, A4, the same margins, one layout at a
time under `pdf._LOCK`, the same bytes for the same contents): a heading, then a section for
each kind of record, each record as its fields' labels and values in words, then who looked
at or changed the record and when (the audit log). The file's title names no one.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from cass_desktop.letters import pdf
from cass_desktop.records.dates import show_date

# One record: its (label, value) lines. A section: its heading and records.
Record = list[tuple[str, str]]


@dataclass
class Contents:
    name: str
    reference: str
    made_on: str  # ISO date
    sections: list[tuple[str, list[Record]]] = field(default_factory=list)
    history: list[tuple[str, str, str]] = field(default_factory=list)  # when, who, what
    organisation: str = ""


INTRO = (
    "This is everything CASS Desktop holds about you, as you asked (a subject access "
    "request). Each part lists one kind of record, oldest first. The last part shows who "
    "looked at or changed your records, and when."
)


def build(contents: Contents) -> bytes:
    """The pack's PDF as bytes."""
    with pdf._LOCK:
        pdf.register_fonts()
        return _build(contents)


def _build(contents: Contents) -> bytes:
    out = io.BytesIO()
    body = ParagraphStyle("body", fontName=pdf.FONT, fontSize=10, leading=14)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=12)
    label = ParagraphStyle("label", parent=small, fontName=pdf.FONT_BOLD)
    title = ParagraphStyle("title", fontName=pdf.FONT_BOLD, fontSize=16, leading=20)
    heading = ParagraphStyle("heading", fontName=pdf.FONT_BOLD, fontSize=12, leading=16)
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=pdf.MARGIN_X,
        rightMargin=pdf.MARGIN_X,
        topMargin=pdf.LATER_TOP,
        bottomMargin=pdf.BOTTOM,
        title="Subject access pack",  # no names in the file's title
        author=contents.organisation or "CASS Desktop",
        creator="CASS Desktop",
        invariant=1,
    )
    width = pdf.TEXT_W
    story: list = [
        Paragraph("Information held about you", title),
        Spacer(1, 3 * mm),
        Paragraph(escape(f"{contents.name} ({contents.reference})"), body),
        Paragraph(escape(f"Made on {show_date(contents.made_on)}"), small),
        Spacer(1, 3 * mm),
        Paragraph(escape(INTRO), body),
    ]
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
    )
    for section, records in contents.sections:
        story += [Spacer(1, 6 * mm), CondPageBreak(30 * mm)]  # no heading alone at a foot
        story += [Paragraph(escape(section), heading), Spacer(1, 2 * mm)]
        if not records:
            story.append(Paragraph("None held.", small))
            continue
        for record in records:
            rows = [[Paragraph(escape(k), label), Paragraph(_lines(v), small)] for k, v in record]
            if not rows:
                continue
            table = Table(rows, colWidths=[0.3 * width, 0.7 * width])
            table.setStyle(grid)
            story += [table, Spacer(1, 3 * mm)]
    story += [Spacer(1, 6 * mm), CondPageBreak(30 * mm)]
    story.append(Paragraph("Who looked at or changed your records", heading))
    story.append(Spacer(1, 2 * mm))
    if contents.history:
        rows = [[Paragraph(h, label) for h in ("When", "Who", "What")]]
        rows += [[Paragraph(escape(c), small) for c in entry] for entry in contents.history]
        table = Table(rows, colWidths=[0.22 * width, 0.28 * width, 0.5 * width], repeatRows=1)
        grid_head = TableStyle(
            [*grid.getCommands(), ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9))]
        )
        table.setStyle(grid_head)
        story.append(table)
    else:
        story.append(Paragraph("Nothing recorded.", small))
    doc.build(story)
    return out.getvalue()


def _lines(text: str) -> str:
    return "<br/>".join(escape(line) for line in str(text).splitlines()) or " "
