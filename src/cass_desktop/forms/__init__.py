"""Assessment forms as data: definitions checked whole, scored deterministically.

Definitions are JSON (docs/forms.md). Pure Python: no Qt, no SQL, no store.
"""
