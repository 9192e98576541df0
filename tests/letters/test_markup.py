"""The letter markup: what templates write, and values that can never change the layout."""

from __future__ import annotations

from cass_desktop.letters.markup import escape, inline, parse


def kinds(text: str) -> list[str]:
    return [b.kind for b in parse(text)]


def test_blocks_of_a_small_letter():
    text = (
        "# Title\n\nDear Zoë,\nsecond line joins.\n\n## Heading\n\n- one\n- two\n  continued\n\n"
        "> **Date:** 27 November 2026\n> **Time:** 10:30am\n\n---\n\nAfter the break.\n"
    )
    blocks = parse(text)
    assert [b.kind for b in blocks] == [
        "title",
        "para",
        "heading",
        "bullets",
        "box",
        "page_break",
        "para",
    ]
    assert blocks[1].parts == ["Dear Zoë, second line joins."]
    assert blocks[3].parts == ["one", "two continued"]
    assert blocks[4].parts == ["<b>Date:</b> 27 November 2026", "<b>Time:</b> 10:30am"]


def test_bold_and_xml_characters():
    assert inline("**Tom & Jerry** <b>") == "<b>Tom &amp; Jerry</b> &lt;b&gt;"
    assert inline("an odd ** star") == "an odd ** star"
    assert inline(r"a \*star\* and a \\ backslash") == r"a *star* and a \ backslash"


def test_a_value_cannot_make_bold_headings_or_bullets():
    reason = "- not a bullet\n## not a heading\n**not bold** & <not a tag>\n\nnew line"
    text = f"{escape(reason)}\n"
    blocks = parse(text)
    assert [b.kind for b in blocks] == ["para"]
    assert blocks[0].parts == [
        "- not a bullet<br/>## not a heading<br/>**not bold** &amp; &lt;not a tag&gt;"
        "<br/><br/>new line"
    ]


def test_a_value_cannot_break_a_page_or_open_a_box():
    assert kinds(escape("---") + "\n") == ["para"]
    assert kinds(escape("> boxed?") + "\n") == ["para"]
    assert kinds("# " + escape("# Title") + "\n") == ["title"]


def test_empty_values_print_nothing():
    assert escape(None) == ""
    assert escape(True) == "Yes"
    assert escape(12) == "12"
