"""Modules that are made when imported but run only when first used.

sqlite-utils imports dateutil's date parser at its top for its command line's `--convert`
recipes, which this app never calls; it cost a tenth of the store's import (regular
expressions and classes built at import). `when_used` makes `from dateutil import parser` give a
module that runs the first time anything in it is used (importlib's LazyLoader), so nothing
that uses it changes. tests/ui/test_startup_imports.py checks the first window never runs it.

Only for modules nothing here calls from two threads at once: in Python 3.12.1 two threads
first touching a lazy module together can see it half made.
"""

from __future__ import annotations

import importlib.util
import sys


def when_used(name: str) -> None:
    """Import `name` now, to run when an attribute of it is first used."""
    if name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(name)
    except ImportError:  # its package is not installed: the real import will say so
        return
    if spec is None or spec.loader is None:
        return
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        # As the import system does for a submodule: so `from parent import child` finds it
        # without importing it again (which, in Python 3.12, would run it at once).
        setattr(sys.modules[parent], child, module)
