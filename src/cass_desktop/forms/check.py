"""Reading a raw JSON definition key by key, collecting every problem rather than stopping.

The loader and the condition reader both use this: each getter returns the value when it has
the right type and size, or records a problem (naming where it is) and returns None.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from cass_desktop.forms.errors import MAX_PROBLEMS, Problem
from cass_desktop.forms.limits import MAX_ID

Path = tuple[str | int, ...]

ID = re.compile(rf"^[a-z0-9][a-z0-9_-]{{0,{MAX_ID - 1}}}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

_TYPE_NAMES = {
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    str: "text",
    list: "a list [ ]",
    dict: "an object { }",
    type(None): "null",
}


def type_name(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


class TooMany(Exception):
    """Raised once MAX_PROBLEMS are collected: the rest would bury the first."""


class Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: Path, where: str, message: str) -> None:
        problem = Problem(where, message, path)
        if problem in self.problems:  # a missing key found by two checks is one problem
            return
        self.problems.append(problem)
        if len(self.problems) >= MAX_PROBLEMS:
            raise TooMany

    def keys(
        self,
        raw: dict[str, Any],
        path: Path,
        where: str,
        allowed: Iterable[str],
        required: Iterable[str] = (),
    ) -> None:
        """Unknown keys are refused: a typo (`requred`) must not pass silently."""
        allowed = set(allowed)
        for key in raw:
            if key not in allowed:
                self.add((*path, key), where, f"has an unknown key “{key[:MAX_ID]}”")
        for key in required:
            if raw.get(key) is None:
                self.add(path, where, f"needs “{key}”")

    def object(self, value: Any, path: Path, where: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.add(path, where, f"should be an object {{ }}, not {type_name(value)}")
        return None

    def array(
        self, raw: dict[str, Any], key: str, path: Path, where: str, most: int
    ) -> list[Any] | None:
        value = raw.get(key)
        if value is None:
            return None
        if not isinstance(value, list):
            self.add((*path, key), where, f"“{key}” should be a list [ ], not {type_name(value)}")
            return None
        if len(value) > most:
            self.add((*path, key), where, f"“{key}” has {len(value)} entries; at most {most}")
            return None
        return value

    def text(
        self,
        raw: dict[str, Any],
        key: str,
        path: Path,
        where: str,
        most: int,
        *,
        required: bool = False,
        lines: bool = False,
    ) -> str | None:
        value = raw.get(key)
        if value is None:
            if required:
                self.add(path, where, f"needs “{key}”")
            return None
        if not isinstance(value, str):
            self.add((*path, key), where, f"“{key}” should be text, not {type_name(value)}")
            return None
        if len(value) > most:
            self.add((*path, key), where, f"“{key}” is {len(value)} characters; at most {most}")
            return None
        if _CONTROL.search(value.replace("\n", "") if lines else value):
            self.add((*path, key), where, f"“{key}” holds control characters")
            return None
        if required and not value.strip():
            self.add((*path, key), where, f"“{key}” is empty")
            return None
        return value

    def integer(
        self,
        raw: dict[str, Any],
        key: str,
        path: Path,
        where: str,
        low: int,
        high: int,
        *,
        required: bool = False,
    ) -> int | None:
        value = raw.get(key)
        if value is None:
            if required:
                self.add(path, where, f"needs “{key}”")
            return None
        if type(value) is not int:
            self.add(
                (*path, key), where, f"“{key}” should be a whole number, not {type_name(value)}"
            )
            return None
        if not low <= value <= high:
            self.add((*path, key), where, f"“{key}” is {value}; it must be {low} to {high}")
            return None
        return value

    def flag(self, raw: dict[str, Any], key: str, path: Path, where: str) -> bool | None:
        value = raw.get(key)
        if value is None:
            return None
        if type(value) is not bool:
            self.add(
                (*path, key), where, f"“{key}” should be true or false, not {type_name(value)}"
            )
            return None
        return value

    def ident(
        self, raw: dict[str, Any], key: str, path: Path, where: str, *, required: bool = True
    ) -> str | None:
        value = raw.get(key)
        if value is None:
            if required:
                self.add(path, where, f"needs “{key}”")
            return None
        if not isinstance(value, str) or not ID.match(value):
            shown = value[:MAX_ID] if isinstance(value, str) else type_name(value)
            self.add(
                (*path, key),
                where,
                f"“{key}” is “{shown}”; it must be lower-case letters, digits, - and _, "
                f"starting with a letter or digit, at most {MAX_ID} long",
            )
            return None
        return value
