"""``flask workflow …``: the time-driven side of the workflows, for cron."""

import click
from flask.cli import AppGroup

from consult.consultations import operations as ops

workflow = AppGroup("workflow", help="Time-driven workflow transitions.")


@workflow.command("tick")
def tick():
    """Open and close consultations whose dates have come (run it every few minutes)."""
    result = ops.tick()
    for label, consultations in (("Opened", result.opened), ("Closed", result.closed)):
        for consultation in consultations:
            click.echo(f"{label} consultation {consultation.id}: {consultation.title}")
    if not result:
        click.echo("Nothing to open or close.")
