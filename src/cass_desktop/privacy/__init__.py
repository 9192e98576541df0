"""A person's rights over what is held about them: the subject access pack
(`subject_access`), the retention review (`retention`) and erasure (`erasure`, over the change
log's purge in data/purge.py)."""
