"""While the program runs, a locked store about to be updated to this version's schema is
first backed up whole (maintenance/backups.py's `before_migrations`).

A module of its own so that the program can run inside `backing_up_before_updates` from its
first line (cli.main) without importing the backups module (zip files, the audit log, sync's
tables) at start-up: it is imported only when a store has a migration pending, which is rare.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from cass_desktop.data import store as _store


def before_migrations(db, store_file: Path, first_pending: str) -> Path:
    """backups.before_migrations, imported when first called."""
    from cass_desktop.maintenance import backups

    return backups.before_migrations(db, store_file, first_pending)


@contextlib.contextmanager
def backing_up_before_updates() -> Iterator[None]:
    """While inside, a locked store about to be migrated is first backed up by
    `before_migrations` (data/store asks). The program runs inside it (cli.main); set
    explicitly rather than on import, so whether a store is backed up never depends on which
    modules happen to be loaded."""
    previous = _store.before_migrations
    _store.before_migrations = before_migrations
    try:
        yield
    finally:
        _store.before_migrations = previous
