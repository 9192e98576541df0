"""How much work a letter template may do: the limits every letter is made within.

Templates come from outside the code (head office, a file in the data folder), and a template
is a small program: without limits one could loop for ever, or build text until the laptop runs
out of memory, and stop a whole day's batch of letters. A real letter needs a tiny fraction of
each limit (the standard letters take a handful of steps and make a few thousand characters),
so the limits are far above any real letter and far below what would hurt: a template that
breaks one is refused in well under a second.

The limits are counted, not timed, wherever they can be: the same template with the same
record is refused the same way on every laptop. The time limit is only a backstop.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """The limits one letter is made within. The defaults are `LIMITS`."""

    steps: int = 100_000  # loop rounds, calls and filters, counted together
    seconds: float = 2.0  # time to fill the template in (a backstop: the counts come first)
    output: int = 200_000  # characters of letter markup the template makes (about 50 pages)
    text: int = 200_000  # characters in any one piece of text it builds
    made: int = 2_000_000  # characters (and list items) it builds in all, kept or not
    depth: int = 30  # macros and recursive loops running inside one another
    range: int = 10_000  # numbers one range() gives
    number_bits: int = 4096  # size of a whole number * and ** may make (about 1,200 digits)
    width: int = 1_000  # padding: center, indent, format widths and precisions, wordwrap breaks
    template: int = 100_000  # characters of template text (the standard ones are about 3,000)
    pages: int = 50  # pages in the finished letter


LIMITS = Limits()


class TemplateLimit(Exception):
    """A template went past one of the limits. The message is words that follow the template's
    name and line: "goes round its loops too many times (more than 100,000 steps)"."""
