"""Sites: the courts and drop-ins, and setting this store up for one (a laptop at a court) or
as head office (setup). The records are kept by data/sites.py."""
