"""What goes wrong with a form, as plain sentences that name the file, line and field.

A definition is checked whole: every problem found is kept, and the definition is refused if
there is any, so nothing is ever half-loaded. Answers are checked the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

# Enough to fix a file in one go without burying the first mistake.
MAX_PROBLEMS = 100


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong: where (`field “q9”`), what (a sentence), and the line when known.

    `path` is where in the JSON it is (keys and list positions), used to find the line.
    """

    where: str
    message: str
    path: tuple[str | int, ...] = ()
    line: int | None = None

    def describe(self, label: str = "") -> str:
        """The problem as one line: `phq-9.json, line 12: field “q9”: ...`."""
        place = label
        if self.line is not None:
            place = f"{place}, line {self.line}" if place else f"line {self.line}"
        parts = [p for p in (place, self.where) if p]
        return ": ".join([*parts, self.message])


class FormError(Exception):
    """Anything forms cannot do, said in plain words a worker or form author can act on."""


class DefinitionError(FormError):
    """A form definition that was refused, with every problem found in it.

    `label` names where it came from (a file name, or head office's form and version).
    """

    def __init__(self, label: str, problems: list[Problem]):
        self.label = label
        self.problems = problems
        count = len(problems)
        first = problems[0].describe(label) if problems else label
        more = f" (and {count - 1} more problem{'s' if count > 2 else ''})" if count > 1 else ""
        super().__init__(f"The form {label} was refused: {first}{more}")

    def lines(self) -> list[str]:
        """Every problem, one per line, as the `forms check` command prints them."""
        return [p.describe(self.label) for p in self.problems]


class AnswersError(FormError):
    """Answers that do not fit their form: every problem, each naming the question."""

    def __init__(self, form: str, problems: list[Problem]):
        self.form = form
        self.problems = problems
        first = problems[0].describe() if problems else ""
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"The answers to {form} cannot be used: {first}{more}")

    def lines(self) -> list[str]:
        return [p.describe() for p in self.problems]
