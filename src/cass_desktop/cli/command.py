"""What every command module uses: the parser class, the plain-words error, argument types."""

from __future__ import annotations

import argparse


class UsageError(Exception):
    """A command that cannot be done as asked; the message says why in plain words."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one clear line, not a usage dump
        self.exit(2, f"cass-desktop: {message} (see cass-desktop --help)\n")


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def yes_no(question: str) -> bool:
    """Ask a yes/no question on the terminal."""
    answer = input(f"{question} (y/n) ").strip().casefold()
    return answer in ("y", "yes")
