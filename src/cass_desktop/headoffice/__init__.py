"""Head office's work: devices, conflicts, possible duplicates, refused changes and proposals."""


class ReviewError(ValueError):
    """A review action that cannot be done; the message says why in plain words."""
