"""What a bundle file's name ends with: apart from bundle.py (reading one: zip, signatures and
every check) so that the status bar's count of the outbox, as the first window shows, imports
none of that."""

SUFFIX = ".cassbundle"
