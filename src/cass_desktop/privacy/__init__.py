"""A person's rights over what is held about them: the subject access pack
(`subject_access`) and the retention review (`retention`). Erasure is to come: it needs the
change log's purge (issue 13)."""
