"""People: their names compared and normalised, and who may already be held (pure Python)."""
