"""What amendments cite and what they led to: the proposals and outcomes a revision may cite,
the cited objects as readers see them, and the amendments that shaped a measure. A constant
number of statements whatever the plan holds."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from consult.actionplan.models import Amendment, ConsultationLink, PlanVersion, Revision
from consult.actionplan.queries import citations_of
from consult.extensions import db

CITABLE_PROPOSALS_MAX = 50


def history_of_measure(plan_id, key):
    """Every published amendment that shaped the measure ``key``, oldest first, each as
    ``(amendment, revision, version it produced)``, with the citations of all of them."""
    rows = db.session.execute(
        sa.select(Amendment, Revision, PlanVersion)
        .join(Revision, Amendment.revision_id == Revision.id)
        .join(PlanVersion, Revision.published_version_id == PlanVersion.id)
        .where(Revision.plan_id == plan_id, Amendment.measure_key == key)
        .order_by(PlanVersion.number)
    ).all()
    return rows, citations_of([amendment.id for amendment, *_rest in rows])


def _plan_consultations(plan_id):
    return sa.select(ConsultationLink.consultation_id).where(ConsultationLink.plan_id == plan_id)


def citable_proposals(plan_id, limit=CITABLE_PROPOSALS_MAX):
    """The published, visible proposals of the consultations about the plan, the most
    supported first (one statement)."""
    from consult.proposals.models import Proposal

    return db.session.scalars(
        sa.select(Proposal)
        .where(Proposal.consultation_id.in_(_plan_consultations(plan_id)), Proposal.listed())
        .order_by(Proposal.supports_count.desc(), Proposal.id)
        .limit(limit)
    ).all()


def citable_outcomes(plan_id):
    """The published outcomes of the consultations about the plan, with their consultations
    (one statement)."""
    from consult.consultations.models import Consultation
    from consult.outcomes.models import Outcome

    return db.session.execute(
        sa.select(Outcome, Consultation)
        .join(Consultation, Outcome.consultation_id == Consultation.id)
        .where(
            Outcome.consultation_id.in_(_plan_consultations(plan_id)),
            Outcome.state == "published",
        )
        .order_by(Outcome.published_at.desc())
    ).all()


def amendments_by_id(amendment_ids):
    """``{id: (amendment, revision)}`` (one statement)."""
    if not amendment_ids:
        return {}
    rows = db.session.execute(
        sa.select(Amendment, Revision)
        .join(Revision, Amendment.revision_id == Revision.id)
        .where(Amendment.id.in_(set(amendment_ids)))
    )
    return {amendment.id: (amendment, revision) for amendment, revision in rows}


def cited_objects(pairs):
    """``{(object type, id): object or None}`` for citations: the object while it is public
    (a listed proposal, a visible published comment with its thread, a published outcome),
    else None (one statement per type)."""
    from consult.feedback.models import Comment
    from consult.outcomes.models import Outcome
    from consult.proposals.models import Proposal

    wanted = {}
    for object_type, object_id in pairs:
        wanted.setdefault(object_type, set()).add(object_id)
    found = {pair: None for pair in pairs}
    if wanted.get("proposals"):
        for proposal in db.session.scalars(
            sa.select(Proposal).where(Proposal.id.in_(wanted["proposals"]), Proposal.listed())
        ):
            found["proposals", proposal.id] = proposal
    if wanted.get("comments"):
        for comment in db.session.scalars(
            sa.select(Comment)
            .where(
                Comment.id.in_(wanted["comments"]),
                Comment.state == "published",
                Comment.moderation == "visible",
            )
            .options(joinedload(Comment.thread))
        ):
            found["comments", comment.id] = comment
    if wanted.get("consultation_outcomes"):
        for outcome in db.session.scalars(
            sa.select(Outcome).where(
                Outcome.id.in_(wanted["consultation_outcomes"]), Outcome.state == "published"
            )
        ):
            found["consultation_outcomes", outcome.id] = outcome
    return found


def dispositions_of(proposal_ids):
    """``{proposal id: disposition}`` (one statement)."""
    from consult.outcomes.models import Disposition

    if not proposal_ids:
        return {}
    return {
        d.proposal_id: d
        for d in db.session.scalars(
            sa.select(Disposition).where(Disposition.proposal_id.in_(set(proposal_ids)))
        )
    }
