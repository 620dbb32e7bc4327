"""Proposals: ideas people submit in a consultation, with their own workflow."""
