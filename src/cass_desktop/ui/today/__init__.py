"""The today screens."""
