"""Head office's work: devices, conflicts, possible duplicates, refused changes and proposals."""
