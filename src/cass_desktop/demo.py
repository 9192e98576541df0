"""Scaffold: realistic synthetic data for exploring the app (being written)."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from cass_desktop.setup import set_up_device


def generate(
    db: sqlite_utils.Database,
    *,
    clients: int,
    seed: int = 1,
    progress: Callable[[int, int, str], None] | None = None,
) -> None:
    set_up_device(db, "Plymouth Magistrates' Court", "Demo Worker")
