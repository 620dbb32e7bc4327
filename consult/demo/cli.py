"""``flask demo load``: fill an empty database with demo content."""

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from consult.accounts.models import User
from consult.demo import content

demo = AppGroup("demo", help="Demo content.")


@demo.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has accounts.")
def load(if_empty):
    """Create the demo accounts and content, and print how to sign in."""
    from consult.extensions import db

    if if_empty and db.session.scalar(select(func.count()).select_from(User)):
        click.echo("The database has content already; demo content not loaded.")
        return
    accounts = content.load()
    click.echo("Demo accounts (email / password):")
    for role, email, password in accounts:
        click.echo(f"  {role:<22} {email:<28} {password}")
