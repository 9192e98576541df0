"""Court lists: reading a list from HMCTS JSON, a CSV file or pasted text, and finding the
people a service already knows on it (pure Python)."""
