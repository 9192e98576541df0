"""The court screens."""
