"""The admin area: accounts, roles, blocking, organisations and the history (audit) log."""
