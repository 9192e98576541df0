"""The line each value of a JSON text starts on, by its path, so a problem can name its line.

`json` does not say where values were; this second, linear pass over text that has already
parsed does, and runs only when there is a problem to report.
"""

from __future__ import annotations

import json
import re

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},:]|[^\s\[\]{},:"]+', re.DOTALL)

Path = tuple[str | int, ...]


def lines_by_path(text: str) -> dict[Path, int]:
    """{path: line} for every value in `text` (a JSON document that parses)."""
    found: dict[Path, int] = {}
    # Each open container: [is_object, key or index, expecting a key].
    stack: list[list] = []
    line, last = 1, 0

    def start(at: int) -> None:
        path = tuple(entry[1] for entry in stack)
        found.setdefault(path, line)

    for token in _TOKEN.finditer(text):
        at = token.start()
        line += text.count("\n", last, at)
        last = at
        value = token.group()
        top = stack[-1] if stack else None
        if value in "{[":
            start(at)
            stack.append([value == "{", None if value == "{" else 0, value == "{"])
        elif value in "}]":
            stack.pop()
        elif value == ":":
            if top is not None:
                top[2] = False
        elif value == ",":
            if top is not None:
                if top[0]:
                    top[2] = True
                else:
                    top[1] += 1
        elif top is not None and top[0] and top[2]:
            top[1] = json.loads(value)
        else:
            start(at)
    return found


def line_for(lines: dict[Path, int], path: Path) -> int | None:
    """The line of `path`, or of the nearest enclosing value that has one."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]
