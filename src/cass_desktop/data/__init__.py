"""The store: opening, migrations, every SQL statement, the change log and search."""

from cass_desktop.data.store import StoreError, open_store, store_path

__all__ = ["StoreError", "open_store", "store_path"]
