"""Outgoing mail: printed to the log unless MAIL_URL names an SMTP server."""

import logging
import smtplib
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from flask import current_app

log = logging.getLogger("consult.mail")


def send_mail(to, subject, body):
    """Send a plain-text message (in development it is written to the log)."""
    app = current_app
    msg = EmailMessage()
    msg["From"] = app.config["MAIL_FROM"]
    msg["To"] = to
    msg["Subject"] = subject
    msg.set_content(body)
    url = app.config.get("MAIL_URL")
    if not url:
        log.info("Mail to %s: %s\n%s", to, subject, body)
        return
    parts = urlsplit(url)
    smtp_cls = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    with smtp_cls(parts.hostname, parts.port or (465 if parts.scheme == "smtps" else 587)) as smtp:
        if parts.scheme == "smtp+starttls":
            smtp.starttls()
        if parts.username:
            smtp.login(unquote(parts.username), unquote(parts.password or ""))
        smtp.send_message(msg)
