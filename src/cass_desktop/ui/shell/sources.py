"""PySide6's check of every module imported after it, made cheap (issue 12: start-up and peak
memory).

For its optional "features" (`from __feature__ import snake_case`, which this program never
uses) PySide6 asks of every module imported after it whether it uses PySide6, and answers by
reading the module's source through Python's line cache, which then kept every line of every
such module for the life of the process (6 MB by the time the first window shows, 14 MB once
the Clients page is open), and read and searched about ninety files before the first window.
`forget_sources` empties the line cache and puts a check in its place that reads no file: a
module uses PySide6 when it holds a PySide6 class or module (every module of ours that does
imports from it). The answer only matters to modules that select a feature; a traceback still
reads the file when it needs a line.
"""

from __future__ import annotations

import linecache
from types import ModuleType


def uses_pyside(module: ModuleType) -> bool:
    """Whether `module` holds a PySide6 class or module among its names (reads no file)."""
    if type(module) is not ModuleType:  # (a module made to run when first used: not run here)
        return False
    for value in list(vars(module).values()):
        if isinstance(value, type):
            owner = value.__module__
        elif type(value) is ModuleType:  # (not a module waiting to run: touching it would)
            owner = value.__name__
        else:
            continue
        if isinstance(owner, str) and owner.startswith("PySide6"):
            return True
    return False


def forget_sources() -> None:
    """Empty the line cache, and keep PySide6's check from reading sources (once per
    process)."""
    linecache.clearcache()
    try:
        from shibokensupport import feature  # PySide6's own, present once PySide6 is imported
    except ImportError:
        return
    if getattr(feature, "_mod_uses_pyside", None) is not None:
        feature._mod_uses_pyside = uses_pyside
