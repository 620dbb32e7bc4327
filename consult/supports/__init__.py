"""Supports (votes): one person, one support per proposal, within the consultation's rules."""
