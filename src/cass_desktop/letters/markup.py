"""The small markup letter templates write, and its parsing into blocks for the PDF.

    # Title of the letter (once, near the top)
    ## A heading
    A paragraph: lines next to each other join into one; a blank line starts the next.
    - a bullet point (indent a following line by two spaces to continue it)
    > a boxed panel: date, time and place, big and clear.
    > Each `>` line is a line of its own in the box.
    ---   (on its own line) start a new page
    **bold words**

A backslash makes the next character plain: `\\*` prints a star, `\\#` at the start of a line
prints a hash instead of starting a heading. Values the template prints (`{{ client.name }}`)
are escaped like this automatically, so a name or a reason can never change the layout; line
breaks in them are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape as xml_escape

LINE_BREAK = "\u2028"  # a line break inside a value: kept, but never a new block
_LEADING = ("#", "-", ">")


def escape(value: Any) -> str:
    """A value as literal text in the markup (used for every `{{ ... }}` the template prints)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        value = "Yes" if value else "No"
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace("*", "\\*")
    text = text.replace("\n", LINE_BREAK)
    if text.startswith(_LEADING):
        text = "\\" + text
    return text


@dataclass
class Block:
    kind: str  # title | heading | para | bullets | box | page_break
    parts: list[str] = field(default_factory=list)  # reportlab paragraph XML, one per item


def inline(text: str) -> str:
    """One line or paragraph of markup as reportlab paragraph XML: escapes, **bold**, breaks."""
    if "\\" not in text and "*" not in text and "\0" not in text:
        return _xml(text)  # nothing to interpret: most lines
    pieces: list[str] = []  # literal text pieces and "**" markers
    literal: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            literal.append(text[i + 1])
            i += 2
            continue
        if text.startswith("**", i):
            pieces.append("".join(literal))
            pieces.append("**")
            literal = []
            i += 2
            continue
        literal.append(ch)
        i += 1
    pieces.append("".join(literal))
    markers = [n for n, p in enumerate(pieces) if p == "**" and n % 2 == 1]
    if len(markers) % 2:  # an unmatched ** is printed as it is
        pieces[markers[-1]] = "\0**"
    out: list[str] = []
    bold = False
    for n, piece in enumerate(pieces):
        if piece == "**" and n % 2 == 1:
            out.append("</b>" if bold else "<b>")
            bold = not bold
        else:
            out.append(_xml(piece.replace("\0", "")))
    return "".join(out)


def _xml(text: str) -> str:
    return xml_escape(text).replace(LINE_BREAK, "<br/>")


def parse(text: str) -> list[Block]:
    """The rendered template as blocks, in order."""
    blocks: list[Block] = []
    para: list[str] = []
    bullets: list[list[str]] = []
    box: list[list[str]] = []

    def flush_para() -> None:
        if para:
            blocks.append(Block("para", [inline(" ".join(para))]))
            para.clear()

    def flush_bullets() -> None:
        if bullets:
            blocks.append(Block("bullets", [inline(" ".join(item)) for item in bullets]))
            bullets.clear()

    def flush_box() -> None:
        items = [inline(" ".join(lines)) for lines in box if lines]
        if items:
            blocks.append(Block("box", items))
        box.clear()

    def flush() -> None:
        flush_para()
        flush_bullets()
        flush_box()

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if stripped == "---":
            flush()
            blocks.append(Block("page_break"))
        elif stripped.startswith("## "):
            flush()
            blocks.append(Block("heading", [inline(stripped[3:].strip())]))
        elif stripped.startswith("# "):
            flush()
            blocks.append(Block("title", [inline(stripped[2:].strip())]))
        elif stripped.startswith(">"):
            flush_para()
            flush_bullets()
            content = stripped[1:].strip()
            if content:
                box.append([content])
        elif stripped.startswith("- "):
            flush_para()
            flush_box()
            bullets.append([stripped[2:].strip()])
        elif bullets:
            bullets[-1].append(stripped)  # a bullet continued on the next line
        else:
            flush_bullets()
            flush_box()
            para.append(stripped)
    flush()
    return blocks
