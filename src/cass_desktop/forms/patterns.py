"""Patterns a text answer must match, in a small language that always matches in linear time.

A pattern in a definition from head office is hostile until checked, and Python's `re`
backtracks: `(a+)+$` can hang a laptop on a 30-character answer. So patterns are a subset of
regular expressions (characters, `.`, `\\d \\w \\s` and their capitals, classes `[A-Z0-9 ]`,
each optionally followed by `? * + {n} {n,} {n,m}`; `^` and `$` allowed at the ends; no groups,
alternatives or back-references), matched by walking a set of positions (a Thompson NFA):
time is the answer's length times the pattern's, whatever the input.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass

from cass_desktop.forms.limits import MAX_PATTERN

MAX_REPEAT = 100
MAX_STEPS = 300  # positions after expanding {n,m}

_ATOM = re.compile(
    r"""
    \\[dDwWsS]                  # a class escape
  | \\[^A-Za-z0-9]              # an escaped punctuation character
  | \[\^?\]?(?:\\.|[^\]\\])*\]  # a character class
  | [^\\\[\](){}|*+?^$]         # a plain character, or .
    """,
    re.VERBOSE,
)
_QUANTIFIER = re.compile(r"\?|\*|\+|\{(\d{1,6})(?:(,)(\d{1,6})?)?\}")

ONE, OPTIONAL, STAR = 0, 1, 2


class PatternError(ValueError):
    """A pattern outside the language; the message says what to change."""


@dataclass(frozen=True)
class Pattern:
    text: str
    steps: tuple[tuple[Callable[[str], bool], int], ...]

    def matches(self, answer: str) -> bool:
        steps = self.steps
        end = len(steps)
        current = _closure({0}, steps)
        for char in answer:
            following: set[int] = set()
            for at in current:
                if at < end and steps[at][0](char):
                    following.add(at if steps[at][1] == STAR else at + 1)
            if not following:
                return False
            current = _closure(following, steps)
        return end in current


def _closure(positions: set[int], steps: tuple[tuple[Callable[[str], bool], int], ...]) -> set[int]:
    """Positions reachable by skipping optional and repeated steps."""
    result = set(positions)
    todo = list(positions)
    while todo:
        at = todo.pop()
        if at < len(steps) and steps[at][1] != ONE and at + 1 not in result:
            result.add(at + 1)
            todo.append(at + 1)
    return result


def _predicate(atom: str) -> Callable[[str], bool]:
    if atom == ".":
        return lambda char: char != "\n"
    # One character against one atom: Python's re cannot backtrack on that. A warning (such
    # as "possible nested set" for `[[]`) means the atom is not what it seems: refuse it.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return re.compile(atom).fullmatch  # type: ignore[return-value]
        except (FutureWarning, DeprecationWarning) as exc:
            raise re.error(str(exc)) from None


def compile_pattern(text: str) -> Pattern:
    """The pattern, or PatternError naming what is not allowed."""
    if len(text) > MAX_PATTERN:
        raise PatternError(f"is longer than {MAX_PATTERN} characters")
    body = text.removeprefix("^")
    if body.endswith("$") and not body.endswith("\\$"):
        body = body[:-1]
    steps: list[tuple[Callable[[str], bool], int]] = []
    at = 0
    while at < len(body):
        atom = _ATOM.match(body, at)
        if atom is None:
            char = body[at]
            if char in "()":
                raise PatternError("uses a group ( ): patterns here have no groups")
            if char == "|":
                raise PatternError("uses | (alternatives): use a choice question instead")
            if char == "\\":
                raise PatternError(f"uses {body[at : at + 2]}, which is not allowed here")
            if char in "*+?{":
                raise PatternError(f"has {char} with nothing before it to repeat")
            raise PatternError(f"has “{char}” where it cannot be")
        try:
            predicate = _predicate(atom.group())
        except re.error as exc:
            raise PatternError(f"has a mistake in “{atom.group()}” ({exc.msg})") from None
        at = atom.end()
        low, high = 1, 1  # high None: any number
        quantifier = _QUANTIFIER.match(body, at)
        if quantifier:
            q = quantifier.group()
            if q == "?":
                low, high = 0, 1
            elif q == "*":
                low, high = 0, None
            elif q == "+":
                low, high = 1, None
            else:
                low = int(quantifier.group(1))
                high = None if quantifier.group(2) else low
                if quantifier.group(3) is not None:
                    high = int(quantifier.group(3))
            if (high is not None and high < low) or low > MAX_REPEAT or (high or 0) > MAX_REPEAT:
                raise PatternError(f"has {q}: repeats must be in order and at most {MAX_REPEAT}")
            at = quantifier.end()
            if at < len(body) and body[at] in "*+?{":
                raise PatternError("repeats a repeat (like a** or a+?): say it once")
        steps += [(predicate, ONE)] * low
        if high is None:
            steps.append((predicate, STAR))
        else:
            steps += [(predicate, OPTIONAL)] * (high - low)
        if len(steps) > MAX_STEPS:
            raise PatternError(f"is too long once its repeats are counted (over {MAX_STEPS})")
    return Pattern(text, tuple(steps))
