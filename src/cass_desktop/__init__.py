"""CASS Desktop: an offline-first tool for court-based liaison and diversion work."""

from cass_desktop.app.lazy_imports import when_used as _when_used

__version__ = "0.1.0"
# The day this version was made (move it on with the version): a computer whose clock says an
# earlier day is wrong, and is told so at start (sync.clocks.startup_warning).
RELEASE_DATE = "2026-12-01"

# Before anything imports sqlite-utils: its date parser runs only if it is ever used.
_when_used("dateutil.parser")
