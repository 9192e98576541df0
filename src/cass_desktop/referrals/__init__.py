"""Supported referrals: the rule on sharing information (consent) and checking, saving and
moving referrals on (saving). Re-exports nothing: import the module you mean. The records are
kept by data/referrals.py."""
