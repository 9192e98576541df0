"""Helpers shared by the tests: stores and offices (stores), bundles taken apart and remade
(bundles), PDFs read back (pdf), letters' referrals (letters), forms (forms, form_answers),
typing into widgets (qt) and crowds of people (people). No test imports another test module:
what two tests share lives here; fixtures live in conftest.py files."""
