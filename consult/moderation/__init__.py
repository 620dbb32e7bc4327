"""Moderation: flags, the queue, decisions, appeals, blocks and the public report."""
