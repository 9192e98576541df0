"""The shell screens."""
