"""What a capability raises when a record as typed cannot be saved: every problem with it,
one plain sentence each, so the dialog can show them all at once and nothing is saved."""

from __future__ import annotations


class RecordInvalid(ValueError):
    """What needs putting right before the record can be saved: one plain sentence each."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems
