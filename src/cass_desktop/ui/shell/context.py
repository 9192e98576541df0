"""What every view needs: the store, who is working where, and word that data changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlite_utils
from PySide6.QtCore import QObject, Signal

from cass_desktop.data import local, open_store, passphrase, sites
from cass_desktop.data.keyfile import StoreKey
from cass_desktop.data.store import window_cache
from cass_desktop.sites import laptop_people


class AppContext(QObject):
    """Shared by the main window and its views; views receive it instead of the whole app.

    `changed` is emitted after any write, so views showing the data can refresh;
    `client_requested` and `agency_requested` ask the main window to show a record.
    """

    changed = Signal()
    client_requested = Signal(str)
    agency_requested = Signal(str)

    def __init__(
        self,
        db: sqlite_utils.Database,
        store_file: Path,
        *,
        is_demo: bool = False,
    ):
        super().__init__()
        self.db = db
        self.store_file = store_file
        window_cache(db)  # the window's reads are small; background work has its own cache
        # A demo store says so in its own state, so it is shown as demo however it was
        # opened (from the first-run screen, or by --data-dir pointing at its folder).
        self.is_demo = is_demo or local.is_demo(db)

    @property
    def store_key(self) -> StoreKey | None:
        """The key the store was unlocked with (never the passphrase, which is not kept)."""
        return getattr(self.db, "store_key", None)

    def open_connection(self) -> sqlite_utils.Database:
        """A separate connection for a background thread (connections are not shared)."""
        return local.with_unlocker(
            open_store(self.store_file, key=self.store_key, create=False), self.db
        )

    @property
    def is_locked(self) -> bool:
        """Whether the store is protected by a passphrase."""
        return self.store_key is not None

    def protect(self, key: str) -> None:
        """Lock this plain store with a passphrase, in place. `self.db` stays the same object
        (it is reconnected to the locked store), so every view holding it carries on; raises
        StoreError or PassphraseError, changing nothing, if it cannot be done."""
        passphrase.encrypt_in_place(self.db, self.store_file, key)
        self.notify_changed()

    def change_passphrase(self, current: str, new: str) -> None:
        """Change the passphrase after checking the current one; raises StoreError or
        PassphraseError, changing nothing, when it is wrong or the new one will not do."""
        laptop_people.change_own_passphrase(self.db, self.store_file, current, new)
        self.notify_changed()

    @property
    def site_id(self) -> str | None:
        return local.get(self.db, "site_id")

    @property
    def worker_id(self) -> str | None:
        """Who is at the keyboard: whoever's passphrase unlocked (see
        laptop_people.current_worker_id)."""
        return laptop_people.current_worker_id(self.db)

    @property
    def site(self) -> dict[str, Any] | None:
        return sites.get_site(self.db, self.site_id) if self.site_id else None

    @property
    def worker(self) -> dict[str, Any] | None:
        return sites.get_worker(self.db, self.worker_id) if self.worker_id else None

    def notify_changed(self) -> None:
        self.changed.emit()

    def open_client(self, client_id: str) -> None:
        self.client_requested.emit(client_id)

    def open_agency(self, agency_id: str) -> None:
        self.agency_requested.emit(agency_id)
