"""What the main window's pages share: reloading when data changes, but only when seen."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent


class RefreshWhenShown:
    """Mixed into a page (before QWidget): data changed while it is hidden is reloaded when
    it is next shown, not at once, so a save on one page does not reload every page.

    The page connects `context.changed` to `_data_changed`, and its `refresh()` clears
    `_stale`. A page starts stale: it is filled when first shown.
    """

    _stale = True

    def _needs_refresh(self) -> bool:
        return self._stale

    def _data_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._needs_refresh():
            self.refresh()
