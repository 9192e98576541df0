"""The referrals screens."""
