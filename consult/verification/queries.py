"""What the verification pages list, each page in a constant number of statements."""

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased

from consult.accounts.models import User
from consult.consultations.models import Consultation
from consult.core.history import utcnow
from consult.core.pagination import paginate
from consult.extensions import db
from consult.proposals.models import Proposal
from consult.supports.models import Support
from consult.supports.operations import SUPPORTABLE_STATES
from consult.verification.models import VerificationCode

#: The most proposals the assistance page offers at once.
PROPOSALS_MAX = 500


def codes_page(user, page, everyone=False):
    """Codes ``user`` issued (every code when ``everyone``), newest first, as rows of (code,
    issuer's public name, redeemer's public name)."""
    issuer, redeemer = aliased(User), aliased(User)
    stmt = (
        select(VerificationCode, issuer.display_name, redeemer.display_name)
        .join(issuer, VerificationCode.issued_by_id == issuer.id)
        .outerjoin(redeemer, VerificationCode.redeemed_by_id == redeemer.id)
        .order_by(VerificationCode.issued_at.desc(), VerificationCode.id.desc())
    )
    if not everyone:
        stmt = stmt.where(VerificationCode.issued_by_id == user.id)
    return paginate(stmt, page, rows=True)


def supportable_proposals(now=None):
    """``[(consultation title, [(proposal id, proposal title)])]``: proposals that take supports
    now, grouped by consultation (one statement)."""
    now = now or utcnow()
    open_now = and_(
        Consultation.state.in_(("published", "open")),
        Consultation.opens_at <= now,
        Consultation.closes_at > now,
    )
    taking = or_(
        and_(Consultation.voting_start <= now, Consultation.voting_end > now),
        and_(
            Consultation.supports_in_proposals_phase.is_(True),
            Consultation.proposals_start <= now,
            Consultation.proposals_end > now,
            # The voting phase wins where the two overlap.
            or_(Consultation.voting_start > now, Consultation.voting_end <= now),
        ),
    )
    rows = db.session.execute(
        select(Consultation.id, Consultation.title, Proposal.id, Proposal.title)
        .join(Proposal, Proposal.consultation_id == Consultation.id)
        .where(open_now, taking, Proposal.state.in_(SUPPORTABLE_STATES))
        .where(Proposal.moderation == "visible")
        .order_by(Consultation.title, Consultation.id, Proposal.title, Proposal.id)
        .limit(PROPOSALS_MAX)
    ).all()
    groups = {}
    for consultation_id, consultation_title, proposal_id, proposal_title in rows:
        groups.setdefault((consultation_id, consultation_title), []).append(
            (proposal_id, proposal_title)
        )
    return [(title, proposals) for (_id, title), proposals in groups.items()]


def assisted_page(page, consultation_id=None):
    """Every assisted support, newest first, as rows of (when, proposal id, proposal title,
    consultation id, consultation title, verifier's public name, participant's public name)."""
    verifier, participant = aliased(User), aliased(User)
    stmt = (
        select(
            Support.created_at,
            Proposal.id,
            Proposal.title,
            Consultation.id,
            Consultation.title,
            verifier.display_name,
            participant.display_name,
        )
        .join(Proposal, Support.proposal_id == Proposal.id)
        .join(Consultation, Support.consultation_id == Consultation.id)
        .join(verifier, Support.assisted_by_id == verifier.id)
        .join(participant, Support.user_id == participant.id)
        .order_by(Support.created_at.desc(), Support.id.desc())
    )
    if consultation_id is not None:
        stmt = stmt.where(Support.consultation_id == consultation_id)
    return paginate(stmt, page, rows=True)


def assisted_consultations():
    """``[(id, title)]`` of the consultations that have assisted supports (one statement)."""
    return db.session.execute(
        select(Consultation.id, Consultation.title)
        .where(
            Consultation.id.in_(
                select(Support.consultation_id).where(Support.assisted_by_id.is_not(None))
            )
        )
        .order_by(Consultation.title, Consultation.id)
    ).all()
