"""Finding bundled resources (forms, templates, icons, fonts): the one way to do it.

Installed, the resources are inside the package (`cass_desktop/resources`, from a wheel or the
PyInstaller bundle); run from a source checkout, they are the repository's `resources/`.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resource_dir() -> Path:
    """The folder holding the resources, wherever the app is running from."""
    import importlib.resources  # (here: the first window asks for no resource)

    packaged = Path(str(importlib.resources.files("cass_desktop"))) / "resources"
    if packaged.is_dir():
        return packaged
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        # A PyInstaller bundle: build.spec places resources/ at cass_desktop/resources.
        return Path(frozen_root) / "cass_desktop" / "resources"
    return Path(__file__).resolve().parents[3] / "resources"


def resource(*parts: str) -> Path:
    """One resource file or folder, by its path under resources/; FileNotFoundError if absent."""
    path = resource_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"resource missing: {'/'.join(parts)}")
    return path
