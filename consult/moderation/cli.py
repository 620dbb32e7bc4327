"""``flask moderation lift-expired``: lift the blocks whose end has passed (run it from cron,
e.g. every ten minutes; posting is allowed again at the end date whether or not it has run, and
the content the block hid comes back when it runs)."""

import click
from flask.cli import AppGroup

from consult.moderation import operations as ops

moderation = AppGroup("moderation", help="Moderation: blocks that ran out.")


@moderation.command("lift-expired")
def lift_expired():
    """Lift the blocks whose end date has passed; their hidden content comes back."""
    lifted = ops.lift_expired()
    click.echo(f"{lifted} block(s) lifted.")
