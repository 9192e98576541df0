"""Areas as a hierarchy: a county covers its towns, a county pair covers both counties.

The hierarchy is data (resources/areas/areas.json), so head office can change it without a
new version of the app. Filtering the directory by an area shows the agencies that list that
area and those that list any area covering it: Plymouth shows Devon-wide and Devon and
Cornwall services as well as Plymouth's own.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from cass_desktop.app.resources import resource

# Kept small: the file is ours, but it is read as if it were not.
_MAX_BYTES = 256 * 1024
_MAX_AREAS = 5000
_MAX_NAME = 120


class AreaTree:
    """Which areas cover which; every name compared without regard to case or spacing."""

    def __init__(self, covers: Mapping[str, Iterable[str]]):
        self._names: dict[str, str] = {}  # key -> name as written
        self._children: dict[str, list[str]] = {}
        self._parents: dict[str, list[str]] = {}
        for parent, children in covers.items():
            p = self._add(parent)
            for child in children:
                c = self._add(child)
                if c != p and c not in self._children.setdefault(p, []):
                    self._children[p].append(c)
                    self._parents.setdefault(c, []).append(p)

    @staticmethod
    def key(name: str) -> str:
        return " ".join(name.split()).casefold()

    def _add(self, name: str) -> str:
        k = self.key(name)
        self._names.setdefault(k, " ".join(name.split()))
        return k

    def names(self) -> list[str]:
        """Every area the hierarchy knows, as written."""
        return list(self._names.values())

    def _walk(self, start: str, step: Mapping[str, list[str]]) -> list[str]:
        seen = [self.key(start)]
        at = 0
        while at < len(seen):  # breadth first; a loop in the data cannot run away
            for nxt in step.get(seen[at], ()):
                if nxt not in seen:
                    seen.append(nxt)
            at += 1
        return seen

    def covering(self, area: str) -> list[str]:
        """`area` and every area that covers it, nearest first (Plymouth, Devon-wide,
        Devon and Cornwall)."""
        return [self._names.get(k, area) for k in self._walk(area, self._parents)]

    def covered_by(self, area: str) -> list[str]:
        """`area` and every area under it."""
        return [self._names.get(k, area) for k in self._walk(area, self._children)]

    def parents(self, area: str) -> list[str]:
        return [self._names[k] for k in self._parents.get(self.key(area), ())]


def read_tree(path: Path) -> AreaTree:
    """The hierarchy in `path`; ValueError in plain words when it is not usable."""
    if path.stat().st_size > _MAX_BYTES:
        raise ValueError(f"{path.name} is too large to be a list of areas.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError(f"{path.name} is not a readable list of areas.") from None
    covers = data.get("covers") if isinstance(data, dict) else None
    if not isinstance(covers, dict):
        raise ValueError(f"{path.name} does not say which areas cover which.")
    clean: dict[str, list[str]] = {}
    count = 0
    for parent, children in covers.items():
        if not isinstance(children, list):
            raise ValueError(f"In {path.name}, what {parent} covers is not a list of areas.")
        names = [c for c in children if isinstance(c, str) and c.strip()]
        count += 1 + len(names)
        if count > _MAX_AREAS or any(len(n) > _MAX_NAME for n in [parent, *names]):
            raise ValueError(f"{path.name} holds more areas, or longer names, than it may.")
        clean[parent] = names
    return AreaTree(clean)


@functools.cache
def tree() -> AreaTree:
    """The hierarchy the app ships with; an empty one if the file cannot be used."""
    try:
        return read_tree(resource("areas", "areas.json"))
    except (OSError, ValueError):
        return AreaTree({})


def covering(area: str) -> list[str]:
    return tree().covering(area)
