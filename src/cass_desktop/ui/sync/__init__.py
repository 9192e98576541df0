"""The sync screens."""
