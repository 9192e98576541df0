"""Finding bundled resources (forms, templates, icons, fonts): the one way to do it.

Installed, the resources are inside the package (`cass_desktop/resources`, from a wheel or the
PyInstaller bundle); run from a source checkout, they are the repository's `resources/`.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path


def resource_dir() -> Path:
    packaged = Path(str(importlib.resources.files("cass_desktop"))) / "resources"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Path:
    path = resource_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"resource missing: {'/'.join(parts)}")
    return path
