"""What every domain shares: i18n, security headers, sanitising, history, mail, errors."""
