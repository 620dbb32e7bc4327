"""Feedback threads: comments on consultations, proposals and any later content type."""
