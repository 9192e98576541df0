"""The headoffice screens."""
