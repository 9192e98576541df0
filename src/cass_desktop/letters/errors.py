"""The one error letters raise: a plain sentence a court worker can act on."""

from __future__ import annotations


class LetterError(Exception):
    """A letter that cannot be made; the message says why in plain words.

    For a mistake in a template, `template` names it (its file, or head office's template) and
    `line` is the line of the template the mistake is on, when known.
    """

    def __init__(self, message: str, *, template: str | None = None, line: int | None = None):
        super().__init__(message)
        self.template = template
        self.line = line
