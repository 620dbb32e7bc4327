"""Read-only queries behind the results page and the support buttons; each runs a constant
number of SQL statements whatever the data holds."""

from dataclasses import dataclass

from sqlalchemy import distinct, func, null, select, union_all

from consult.core.history import utcnow
from consult.core.pagination import paginate
from consult.extensions import db
from consult.proposals.models import Proposal
from consult.supports import operations as ops
from consult.supports.models import Participation, Support

RESULTS_PER_PAGE = 50
EXPORT_COLUMNS = ("rank", "id", "title", "language", "state", "supports", "threshold_reached")


def results_status(consultation, now=None):
    """ "live" while supports are taken, "final" once voting has ended, "not_started" before."""
    now = now or utcnow()
    if ops.supports_open(consultation, now):
        return "live"
    if consultation.phase(now) in ("review", "outcome") or now >= consultation.voting_end:
        return "final"
    return "not_started"


def _ranking(consultation):
    return (
        select(Proposal)
        .where(Proposal.consultation_id == consultation.id, Proposal.listed())
        .order_by(Proposal.supports_count.desc(), Proposal.published_at, Proposal.id)
    )


def results_page(consultation, page):
    """One page of the ranking: visible proposals by supports (two statements)."""
    return paginate(_ranking(consultation), page, per_page=RESULTS_PER_PAGE)


def threshold_reached(consultation, count):
    threshold = consultation.support_threshold
    return threshold is not None and count >= threshold


def export_rows(consultation):
    """Every visible proposal's tally, ranked: never who supported it."""
    stmt = _ranking(consultation).with_only_columns(
        Proposal.id, Proposal.title, Proposal.language, Proposal.state, Proposal.supports_count
    )
    for pid, title, language, state, count in db.session.execute(stmt):
        yield {
            "id": pid,
            "title": title,
            "language": language,
            "state": state,
            "supports": count,
            "threshold_reached": threshold_reached(consultation, count),
        }


def participants_count(consultation):
    """How many people support at least one proposal of the consultation."""
    return db.session.scalar(
        select(func.count(distinct(Support.user_id))).where(
            Support.consultation_id == consultation.id
        )
    )


@dataclass(frozen=True)
class Mine:
    """What the current person sees of their own supports in a consultation."""

    supported: set
    used: int
    left: int | None
    signed_in: bool


def participant_view(user, consultation, proposal_ids):
    """Which of ``proposal_ids`` ``user`` supports and how many supports they have left (one
    statement when signed in, none otherwise)."""
    if not getattr(user, "is_authenticated", False):
        return Mine(set(), 0, ops.supports_left(consultation, 0), False)
    # One statement: the count of supports used, and the ids supported among these.
    used_rows = select(Participation.supports_used.label("used"), null().label("proposal_id"))
    used_rows = used_rows.where(
        Participation.consultation_id == consultation.id, Participation.user_id == user.id
    )
    supported_rows = select(null(), Support.proposal_id).where(
        Support.user_id == user.id, Support.proposal_id.in_(list(proposal_ids))
    )
    used, supported = 0, set()
    stmt = union_all(used_rows, supported_rows) if proposal_ids else used_rows
    for count, proposal_id in db.session.execute(stmt):
        if proposal_id is None:
            used = count or 0
        else:
            supported.add(proposal_id)
    return Mine(
        supported,
        used,
        ops.supports_left(consultation, used),
        True,
    )
