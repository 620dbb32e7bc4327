"""Verification of participants in person, by single-use codes; no personal data is kept."""
