"""Agencies: the directory of services people are referred to, and reading it from a CSV file
(csv_import). The records themselves are kept by data/agencies.py."""
