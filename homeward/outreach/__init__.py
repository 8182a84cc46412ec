"""Outreach: the message gateways for push campaigns and sign-in codes (issue 5)."""
