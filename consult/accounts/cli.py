"""``flask users …``: account tasks for the command line."""

import click
from flask.cli import AppGroup

from consult.accounts import operations as ops
from consult.accounts.forms import PASSWORD_MAX, PASSWORD_MIN
from consult.core.i18n import LOCALES
from consult.core.text import has_forbidden_characters, normalise_name

users = AppGroup("users", help="Manage accounts.")


@users.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--display-name", prompt=True)
@click.option("--locale", default="el", type=click.Choice(sorted(LOCALES)), show_default=True)
@click.password_option()
def create_admin(email, display_name, locale, password):
    """Create an administrator account."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise click.BadParameter(
            f"use between {PASSWORD_MIN} and {PASSWORD_MAX} characters", param_hint="password"
        )
    name = normalise_name(display_name)
    if has_forbidden_characters(name) or not 2 <= len(name) <= 40:
        raise click.BadParameter("use 2 to 40 plain characters", param_hint="--display-name")
    if "@" not in email:
        raise click.BadParameter("not an email address", param_hint="--email")
    try:
        user = ops.create_admin(email, password, name, locale)
    except ops.AccountError as error:
        raise click.ClickException(f"not created: {error.code}") from error
    click.echo(f"Created administrator {user.display_name} <{user.email}>.")
