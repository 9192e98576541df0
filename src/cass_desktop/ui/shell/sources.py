"""Forgetting the source lines PySide6 reads (issue 12: peak memory).

PySide6 reads the source of every module imported after it (to tell whether the module uses
PySide6, for its optional "features") through Python's line cache, which then keeps every
line of every such module for the life of the process: 6 MB by the time the first window
shows, 14 MB once the Clients page is open. `forget_sources` empties the cache and makes
PySide6's check drop the lines it read as soon as it has looked at them. The line cache is
only a cache: a traceback reads the file again when it needs a line.
"""

from __future__ import annotations

import linecache
from types import ModuleType


def forget_sources() -> None:
    """Empty the line cache, and keep PySide6's check from filling it (once per process)."""
    linecache.clearcache()
    try:
        from shibokensupport import feature  # PySide6's own, present once PySide6 is imported
    except ImportError:
        return
    check = getattr(feature, "_mod_uses_pyside", None)
    if check is None or getattr(check, "forgets_sources", False):
        return

    def uses_pyside(module: ModuleType) -> bool:
        before = set(linecache.cache)
        try:
            return check(module)
        finally:
            for name in [name for name in linecache.cache if name not in before]:
                linecache.cache.pop(name, None)

    uses_pyside.forgets_sources = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside
