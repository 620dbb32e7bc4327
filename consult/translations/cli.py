"""``flask translations machine``: queue machine translation of what readers see and lacks it
(after turning machine translation on, or adding a target language)."""

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from consult.extensions import db
from consult.translations import machine
from consult.translations.kinds import kinds

translations = AppGroup("translations", help="Content translations.")


@translations.command("machine")
def queue_machine_translations():
    """Queue a machine-translation job for every piece of content readers see."""
    if machine.provider() is None:
        raise click.ClickException("Machine translation is off: set MT_URL first.")
    queued = 0
    for kind in kinds().values():
        for obj in db.session.scalars(sa.select(kind.model).where(kind.public(kind.model))):
            queued += machine.request_translation(obj) is not None
    db.session.commit()
    click.echo(f"{queued} job(s) queued.")
