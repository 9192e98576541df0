"""The day's list as a one-page sheet for a clipboard (A4 landscape), marked confidential.

Every listed case by time and courtroom, with what the worker needs before approaching a
known person. A youth case or a case under a reporting restriction shows initials only (the
sheet leaves the app: it may be left on a bench), and says why. A longer list is set in a
smaller type to stay on one page; past the smallest type it runs on, each page marked.
The same sheet made twice from the same day is the same bytes (`rl_config.invariant`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from cass_desktop.court.day_list import DayRow, before_approaching
from cass_desktop.letters import pdf
from cass_desktop.records.vocab import OUTCOMES, label

CONFIDENTIAL = (
    "CONFIDENTIAL: personal information. Keep it with you; shred it at the end of the day."
)
_PAGE = landscape(A4)
_MARGIN = 10 * mm
# Type sizes tried, largest first, until the sheet fits on one page.
_SIZES = (9.0, 8.0, 7.0, 6.5, 6.0)


def _row_cells(row: DayRow, style: ParagraphStyle) -> list[object]:
    flags = []
    if row.youth:
        flags.append("YOUTH")
    if row.restricted and not row.youth:
        flags.append("RESTRICTED")
    if row.in_custody:
        flags.append("custody")
    if row.seen_today:
        flags.append("seen today")
    if row.known:
        notes = "; ".join(before_approaching(row.person))
        who = f"Known ({(row.person or {}).get('reference') or ''})"
    else:
        notes, who = "not known to the service: approach them", "Not known"
    if row.hearing and row.hearing.get("outcome"):
        outcome = label(OUTCOMES, row.hearing["outcome"])
    elif row.hearing:
        outcome = "no outcome yet"
    else:
        outcome = ""
    texts = [
        row.time or "",
        row.courtroom,
        row.sheet_name,
        row.case_number if not (row.restricted or row.youth) else "",
        ", ".join(flags),
        who,
        notes,
        outcome,
    ]
    return [Paragraph(escape(t), style) for t in texts]


def build(
    rows: Sequence[DayRow],
    *,
    court: str,
    day_text: str,
    organisation: str = "",
    made_at: str = "",
) -> bytes:
    """The sheet as PDF bytes."""
    with pdf._LOCK:
        pdf.register_fonts()
        for size in _SIZES:
            data, pages = _build(rows, court, day_text, organisation, made_at, size)
            if pages == 1:
                return data
        return data


def _build(
    rows: Sequence[DayRow],
    court: str,
    day_text: str,
    organisation: str,
    made_at: str,
    size: float,
) -> tuple[bytes, int]:
    out = io.BytesIO()
    pages = [0]
    style = ParagraphStyle("cell", fontName=pdf.FONT, fontSize=size, leading=size * 1.2)
    bold = ParagraphStyle("head", parent=style, fontName=pdf.FONT_BOLD)
    title = ParagraphStyle("title", fontName=pdf.FONT_BOLD, fontSize=13, leading=16)
    doc = SimpleDocTemplate(
        out,
        pagesize=_PAGE,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN + 6 * mm,
        bottomMargin=_MARGIN + 4 * mm,
        title="Day's list",  # no names in the file's title
        author=organisation or "CASS Desktop",
        creator="CASS Desktop",
        invariant=1,
    )
    width = _PAGE[0] - 2 * _MARGIN
    fractions = (0.05, 0.07, 0.14, 0.09, 0.09, 0.08, 0.38, 0.10)
    headings = [
        "Time",
        "Room",
        "Name",
        "Case",
        "Flags",
        "Known?",
        "Before approaching",
        "Outcome",
    ]
    data = [[Paragraph(h, bold) for h in headings]]
    data += [_row_cells(r, style) for r in rows]
    table = Table(data, colWidths=[f * width for f in fractions], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    restricted = sum(1 for r in rows if r.restricted or r.youth)
    note = (
        f"{len(rows)} listed. Youth cases and cases under a reporting restriction ({restricted}) "
        "show initials only and no case number."
    )
    story = [
        Paragraph(escape(f"Day's list: {court}, {day_text}"), title),
        Paragraph(escape(note), style),
        Spacer(1, 2 * mm),
        table,
    ]

    def on_page(canvas, document) -> None:
        pages[0] = document.page
        canvas.saveState()
        canvas.setFont(pdf.FONT_BOLD, 8)
        canvas.setFillColor(colors.Color(0.6, 0, 0))
        canvas.drawString(_MARGIN, _PAGE[1] - _MARGIN, CONFIDENTIAL)
        canvas.setFont(pdf.FONT, 7)
        canvas.setFillColor(colors.black)
        footer = f"{organisation} · made {made_at}".strip(" ·")
        canvas.drawString(_MARGIN, _MARGIN, footer)
        canvas.drawRightString(_PAGE[0] - _MARGIN, _MARGIN, f"Page {document.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue(), pages[0]
