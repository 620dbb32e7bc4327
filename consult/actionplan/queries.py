"""Read-only queries of the Action Plan: versions and their contents, revisions and their
amendments with what they cite, and the chain that shaped a measure (the diff between two
versions is in ``actionplan.diff``, the content types in ``actionplan.content_types``). A
constant number of statements whatever the plan holds."""

import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import g, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session, aliased, joinedload

from consult.actionplan.models import (
    ActionPlan,
    Amendment,
    Citation,
    ConsultationLink,
    Measure,
    PlanSection,
    PlanVersion,
    Revision,
)
from consult.extensions import db


def plans():
    return db.session.scalars(sa.select(ActionPlan).order_by(ActionPlan.id)).all()


def remember_versions(plan_id, versions):
    """The plan's versions, loaded with it: this request's :func:`current_version`,
    :func:`versions_of` and :func:`version` take them from here (until something is written)."""
    if has_request_context():
        g.setdefault("_plan_versions", {})[plan_id] = sorted(versions, key=lambda v: v.number)


def _known_versions(plan_id):
    return g.get("_plan_versions", {}).get(plan_id) if has_request_context() else None


@event.listens_for(Session, "after_flush")
def _forget_versions(_session, _context):
    if has_request_context():
        g.pop("_plan_versions", None)


def current_version(plan_id):
    """The plan's latest published version."""
    known = _known_versions(plan_id)
    if known is not None:
        return known[-1] if known else None
    return db.session.scalar(
        sa.select(PlanVersion)
        .where(PlanVersion.plan_id == plan_id)
        .order_by(PlanVersion.number.desc())
        .limit(1)
    )


def versions_of(plan_id):
    known = _known_versions(plan_id)
    if known is not None:
        return list(known)
    return db.session.scalars(
        sa.select(PlanVersion).where(PlanVersion.plan_id == plan_id).order_by(PlanVersion.number)
    ).all()


def version(plan_id, number):
    known = _known_versions(plan_id)
    if known is not None:
        return next((v for v in known if v.number == number), None)
    return db.session.scalar(
        sa.select(PlanVersion).where(PlanVersion.plan_id == plan_id, PlanVersion.number == number)
    )


def plan_with_versions(plan_id):
    """The plan with its versions (one statement), or None."""
    rows = db.session.execute(
        sa.select(ActionPlan, PlanVersion)
        .outerjoin(PlanVersion, PlanVersion.plan_id == ActionPlan.id)
        .where(ActionPlan.id == plan_id)
    ).all()
    if not rows:
        return None
    remember_versions(plan_id, [v for _plan, v in rows if v is not None])
    return rows[0][0]


@dataclass
class Contents:
    version: PlanVersion
    #: Sections by number, each with its measures by code.
    sections: list = field(default_factory=list)
    measures: dict = field(default_factory=dict)

    def measure(self, key):
        return next((m for ms in self.measures.values() for m in ms if m.key == key), None)

    def section(self, key):
        return next((s for s in self.sections if s.key == key), None)


def _code_order(code):
    return tuple(int(part) for part in re.findall(r"\d+", code))


def contents(version):
    """The version's sections and measures (one statement: a measure always belongs to a
    section of its version, which ``operations.amend`` and ``publish`` check)."""
    rows = db.session.execute(
        sa.select(PlanSection, Measure)
        .outerjoin(
            Measure,
            sa.and_(
                Measure.version_id == PlanSection.version_id,
                Measure.section_key == PlanSection.key,
            ),
        )
        .where(PlanSection.version_id == version.id)
        .order_by(PlanSection.number)
    ).all()
    sections = list({section.id: section for section, _measure in rows}.values())
    measures = [measure for _section, measure in rows if measure is not None]
    by_section = {section.key: [] for section in sections}
    for measure in sorted(measures, key=lambda m: _code_order(m.code)):
        by_section.setdefault(measure.section_key, []).append(measure)
    return Contents(version, sections, by_section)


def amendments_count(revision):
    return db.session.scalar(sa.select(sa.func.count()).where(Amendment.revision_id == revision.id))


def amendments_of(revision):
    """The revision's amendments, in the order they were written, with their citations as
    ``{amendment id: [(object type, id)]}`` (two statements)."""
    amendments = db.session.scalars(
        sa.select(Amendment)
        .where(Amendment.revision_id == revision.id)
        .order_by(Amendment.created_at, Amendment.id)
    ).all()
    return amendments, citations_of([a.id for a in amendments])


def citations_of(amendment_ids):
    found = {amendment_id: [] for amendment_id in amendment_ids}
    if amendment_ids:
        for row in db.session.scalars(
            sa.select(Citation).where(Citation.amendment_id.in_(amendment_ids))
        ):
            found[row.amendment_id].append((row.object_type, row.object_id))
    return found


def revisions_of(plan_id):
    return db.session.scalars(
        sa.select(Revision).where(Revision.plan_id == plan_id).order_by(Revision.id.desc())
    ).all()


# Traceability ---------------------------------------------------------------------------------


def links_of(consultation_id):
    """The sections and measures a consultation is about, as ``[(plan_id, kind, key)]``."""
    return db.session.execute(
        sa.select(ConsultationLink.plan_id, ConsultationLink.kind, ConsultationLink.key).where(
            ConsultationLink.consultation_id == consultation_id
        )
    ).all()


def consultations_about(plan_id, kind, key):
    """The consultations about a section or measure (by key)."""
    from consult.consultations.models import Consultation

    return db.session.scalars(
        sa.select(Consultation)
        .join(ConsultationLink, ConsultationLink.consultation_id == Consultation.id)
        .where(
            ConsultationLink.plan_id == plan_id,
            ConsultationLink.kind == kind,
            ConsultationLink.key == key,
            Consultation.state != "draft",
        )
        .order_by(Consultation.opens_at.desc())
    ).all()


# Discussions ----------------------------------------------------------------------------------


def comment_counts(kind_table, object_ids):
    """``{id: visible comments}`` of the threads on these objects (one statement)."""
    from consult.feedback.models import Thread

    if not object_ids:
        return {}
    rows = db.session.execute(
        sa.select(Thread.object_id, Thread.comments_count).where(
            Thread.object_type == kind_table, Thread.object_id.in_(object_ids)
        )
    )
    return dict(rows.all())


# Pages ----------------------------------------------------------------------------------------


def consultations_about_all(plan_id):
    """``{(kind, key): [consultation]}``: the public consultations about each section and
    measure of the plan, newest first (one statement)."""
    from consult.consultations.models import Consultation

    found = {}
    rows = db.session.execute(
        sa.select(ConsultationLink.kind, ConsultationLink.key, Consultation)
        .join(Consultation, ConsultationLink.consultation_id == Consultation.id)
        .where(ConsultationLink.plan_id == plan_id, Consultation.state != "draft")
        .order_by(Consultation.opens_at.desc(), Consultation.id)
    )
    for kind, key, consultation in rows:
        found.setdefault((kind, key), []).append(consultation)
    return found


def retired_in(version):
    """``{measure key: number of the version that retired it}`` for the measures retired in
    ``version`` or before (one statement)."""
    rows = db.session.execute(
        sa.select(Measure.key, sa.func.min(PlanVersion.number))
        .join(PlanVersion, Measure.version_id == PlanVersion.id)
        .where(
            PlanVersion.plan_id == version.plan_id,
            PlanVersion.number <= version.number,
            Measure.state == "retired",
        )
        .group_by(Measure.key)
    )
    return dict(rows.all())


def _first_row_stmt(plan_id, key):
    return (
        sa.select(Measure)
        .join(PlanVersion, Measure.version_id == PlanVersion.id)
        .where(PlanVersion.plan_id == plan_id, Measure.key == key)
        .order_by(PlanVersion.number)
        .limit(1)
    )


def first_row(plan_id, key):
    """The measure ``key`` as it first appeared (its row in the earliest version that has it):
    the subject its feedback thread hangs on, so that the thread survives new versions."""
    return db.session.scalar(_first_row_stmt(plan_id, key))


def first_row_with_thread(plan_id, key, section_key):
    """:func:`first_row`, its thread (or None) and the public consultations about the measure
    then those about its section (each newest first), in one statement."""
    from consult.consultations.models import Consultation
    from consult.feedback.models import Thread
    from consult.feedback.queries import thread_join

    first = _first_row_stmt(plan_id, key).subquery()
    row = aliased(Measure, first)
    about = sa.and_(
        ConsultationLink.plan_id == plan_id,
        sa.or_(
            sa.and_(ConsultationLink.kind == "measure", ConsultationLink.key == key),
            sa.and_(ConsultationLink.kind == "section", ConsultationLink.key == section_key),
        ),
    )
    found = db.session.execute(
        sa.select(row, Thread, ConsultationLink.kind, Consultation)
        .select_from(row)
        .outerjoin(Thread, thread_join(row))
        .outerjoin(ConsultationLink, about)
        .outerjoin(
            Consultation,
            sa.and_(
                Consultation.id == ConsultationLink.consultation_id,
                Consultation.state != "draft",
            ),
        )
        .order_by(Consultation.opens_at.desc())
    ).all()
    if not found:
        return None, None, []
    consultations = [
        c for kind in ("measure", "section") for _r, _t, k, c in found if k == kind and c
    ]
    return found[0][0], found[0][1], consultations


def measure_row(measure_id):
    """A measure row with its version (one statement), or None."""
    return db.session.scalars(
        sa.select(Measure).where(Measure.id == measure_id).options(joinedload(Measure.version))
    ).one_or_none()


@dataclass
class Target:
    """A section or measure of a plan's current version that a consultation is about."""

    plan: ActionPlan
    version: PlanVersion
    kind: str
    row: object


def targets_of(consultation_id):
    """What the consultation is about, as :class:`Target` in each plan's current version,
    sections first then measures, in their order."""
    links = links_of(consultation_id)
    targets = []
    for plan_id in sorted({plan_id for plan_id, _kind, _key in links}):
        plan = db.session.get(ActionPlan, plan_id)
        current = contents(current_version(plan_id))
        wanted = {(kind, key) for pid, kind, key in links if pid == plan_id}
        for section in current.sections:
            if ("section", section.key) in wanted:
                targets.append(Target(plan, current.version, "section", section))
        for section in current.sections:
            for measure in current.measures.get(section.key, []):
                if ("measure", measure.key) in wanted:
                    targets.append(Target(plan, current.version, "measure", measure))
    return targets


def targets_shown(consultation_id, locale):
    """What the consultation is about, each :class:`Target` with its title in the reader's
    language (one statement for the titles)."""
    from consult.translations.display import localize_all

    targets = targets_of(consultation_id)
    titles = localize_all([t.row for t in targets], locale, {"title": None})
    return [(target, shown.title) for target, shown in zip(targets, titles, strict=True)]


def current_contents():
    """Each plan with the contents of its current version (what a consultation can be
    about)."""
    found = []
    for plan in plans():
        version = current_version(plan.id)
        if version is not None:
            found.append((plan, contents(version)))
    return found
