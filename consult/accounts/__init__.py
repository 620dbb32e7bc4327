"""Accounts: pseudonymous users, sign-in, roles, blocking."""
