"""Keeping an installation healthy: the self-check a bundled build runs (selfcheck); later,
backups and integrity checks."""
