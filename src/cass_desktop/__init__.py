"""CASS Desktop: an offline-first tool for court-based liaison and diversion work."""

__version__ = "0.1.0"
