"""The Action Plan's content types (see ``core.content``): revisions, amendments, measures and
sections — how the pages that deal with content generically load one, whether a person may
read it, and the page it is read on. Registered when the app is built (``consult.create_app``)."""

from flask import url_for

from consult.actionplan.models import Amendment, Measure, PlanSection, PlanVersion, Revision
from consult.actionplan.queries import measure_row
from consult.core import content
from consult.core.permissions import can
from consult.extensions import db


def _load_amendment(amendment_id):
    amendment = db.session.get(Amendment, amendment_id)
    if amendment is not None:
        db.session.get(Revision, amendment.revision_id)
    return amendment


content.register(
    content.ContentType(
        "revision",
        Revision,
        lambda revision_id: db.session.get(Revision, revision_id),
        lambda user, revision: can(user, "revision.view", revision),
        lambda revision: url_for("actionplan.revision", revision_id=revision.id),
    )
)
content.register(
    content.ContentType(
        "amendment",
        Amendment,
        _load_amendment,
        lambda user, amendment: can(user, "amendment.view", amendment),
        lambda amendment: url_for("actionplan.amendment", amendment_id=amendment.id),
    )
)


def _measure_url(measure):
    version = measure.__dict__.get("version") or db.session.get(PlanVersion, measure.version_id)
    return url_for(
        "actionplan.measure", plan_id=version.plan_id, key=measure.key, version=version.number
    )


def _section_url(section):
    version = db.session.get(PlanVersion, section.version_id)
    return url_for(
        "actionplan.version",
        plan_id=version.plan_id,
        number=version.number,
        _anchor=f"section-{section.key}",
    )


content.register(
    content.ContentType(
        "measure",
        Measure,
        measure_row,
        lambda user, measure: can(user, "measure.view", measure),
        _measure_url,
    )
)
content.register(
    content.ContentType(
        "section",
        PlanSection,
        lambda section_id: db.session.get(PlanSection, section_id),
        lambda user, section: can(user, "plan.view", section),
        _section_url,
    )
)
