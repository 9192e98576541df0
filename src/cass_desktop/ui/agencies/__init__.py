"""The agencies screens."""
