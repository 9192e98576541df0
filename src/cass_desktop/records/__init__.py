"""What each record holds and may hold, between app/ and data/: every synced field declared
once (schema), the vocabularies and their words (vocab), the per-field value checks (values)
and how dates are typed, stored and shown (dates). Pure Python; imports only app/."""
