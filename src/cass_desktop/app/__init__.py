"""Process plumbing, the lowest layer: where the data folder is, bundled resources, the crash
log and durable (atomic, private) file writes. Imports nothing else of cass_desktop."""
