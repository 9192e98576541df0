"""Where the app keeps its data by default (platformdirs' user data folder)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "CASS Desktop"
APP_AUTHOR = "CASS"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def demo_data_dir(data_dir: Path) -> Path:
    """The demo store lives beside the real one, never in it."""
    return data_dir / "demo"
