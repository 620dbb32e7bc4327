"""Everything that writes supports: support, withdraw, and moving supports when proposals merge.
Views, the verification desk (assisted supports) and the command line call these.

Integrity lives in the database. The unique key on (proposal, user) refuses a second support.
Each support then adds one to the participant's row for the consultation (``participations``)
in an upsert that creates it when missing and, on PostgreSQL, locks it, so one person's
concurrent supports queue behind each other and the per-person limit is checked on the figure
counted inside that lock (SQLite serialises writes anyway). Counters change in SQL
(``x = x + 1``) in the same transaction as the row they count; ``flask supports recount``
repairs any drift.

History: ordinary supports are many and private, so they are not recorded; an assisted support
(recorded by a verifier for someone present with them) is, as ``support.assisted`` on the
support, with the verifier as the actor and no participant named in what the history shows.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from consult.core import signals
from consult.core.history import label_actions, record, utcnow
from consult.extensions import db
from consult.proposals.models import Proposal
from consult.proposals.operations import consultation_of
from consult.supports.models import Participation, Support

#: The proposal states that take supports (and allow withdrawing one).
SUPPORTABLE_STATES = ("published", "evaluating")

label_actions({"support.assisted": _l("Support recorded with assistance")})


class SupportError(Exception):
    """A refused support or withdrawal, with nothing written. ``code`` says why; for
    ``phase_closed``, ``starts`` and ``ends`` say when supports are taken."""

    def __init__(self, code, starts=None, ends=None):
        super().__init__(code)
        self.code = code
        self.starts = starts
        self.ends = ends


@dataclass(frozen=True)
class Tally:
    """After a support or withdrawal: the proposal's supports, and the person's supports used
    in the consultation and left (None: no limit)."""

    supports_count: int
    supports_used: int
    supports_left: int | None
    supported: bool


# Rules ----------------------------------------------------------------------------------------


def support_window(consultation):
    """``(starts, ends)``: when the consultation takes supports."""
    starts = (
        consultation.proposals_start
        if consultation.supports_in_proposals_phase
        else consultation.voting_start
    )
    return starts, consultation.voting_end


def supports_open(consultation, now=None):
    """Does the consultation take supports now (its voting phase, or its proposals phase too
    when it says so)?"""
    phase = consultation.phase(now)
    return phase == "voting" or (phase == "proposals" and consultation.supports_in_proposals_phase)


def refusal(user, proposal, now=None, *, withdrawing=False):
    """Why ``user`` may not support ``proposal`` (or withdraw their support) now, as a
    :class:`SupportError`, or None. Checks what needs no lock: the limit and duplicates are
    checked inside the operation."""
    if getattr(user, "blocked_at", None) is not None:
        return SupportError("blocked")
    if not getattr(user, "is_authenticated", False):
        return SupportError("not_signed_in")
    consultation = consultation_of(proposal)
    if proposal.state not in SUPPORTABLE_STATES or proposal.is_hidden:
        return SupportError("proposal_not_supportable")
    if not supports_open(consultation, now):
        return SupportError("phase_closed", *support_window(consultation))
    if withdrawing:
        return None
    if consultation.who_may_support == "verified" and not user.is_verified_participant:
        return SupportError("not_verified")
    if not consultation.authors_may_support and proposal.author_id == user.id:
        return SupportError("own_proposal")
    return None


def supports_left(consultation, used):
    limit = consultation.supports_per_person
    return None if not limit else max(limit - used, 0)


# Writing --------------------------------------------------------------------------------------


def _insert_for(dialect):
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def _count_participation(consultation_id, user_id, change):
    """Add ``change`` to the person's supports used in the consultation and return the new
    figure (None when they have no row to take from). A support creates the row if need be, in
    one ``INSERT … ON CONFLICT DO UPDATE``. The row stays locked until the commit, so that one
    person's supports are counted one at a time: the limit holds under concurrent requests."""
    if change > 0:
        insert = _insert_for(db.session.get_bind().dialect.name)
        stmt = insert(Participation).values(
            consultation_id=consultation_id,
            user_id=user_id,
            supports_used=change,
            created_at=utcnow(),
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[Participation.consultation_id, Participation.user_id],
            set_={"supports_used": Participation.supports_used + change},
        )
    else:
        stmt = (
            update(Participation)
            .where(
                Participation.consultation_id == consultation_id,
                Participation.user_id == user_id,
            )
            .values(supports_used=Participation.supports_used + change)
            .execution_options(synchronize_session=False)
        )
    return db.session.execute(stmt.returning(Participation.supports_used)).scalar_one_or_none()


def _count_proposal(proposal_id, change):
    """Add ``change`` to the proposal's supports; the new figure, or None when the proposal
    no longer takes supports."""
    return db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal_id, Proposal.state.in_(SUPPORTABLE_STATES))
        .values(supports_count=Proposal.supports_count + change)
        .returning(Proposal.supports_count)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()


def _start_writing():
    """On SQLite, end the transaction that read so far: the next statement (the upsert, a
    write) then opens a new one and waits its turn for the write lock (``busy_timeout``),
    whereas a reading transaction that another connection wrote past fails at once with
    "database is locked". On PostgreSQL the reads and writes stay in one transaction."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.commit()


def _refuse(code):
    db.session.rollback()
    raise SupportError(code)


def support(user, proposal, *, assisted_by=None):
    """``user`` supports ``proposal`` (``assisted_by``: the verifier recording it for someone
    present with them). Returns a :class:`Tally`; raises :class:`SupportError` with nothing
    written."""
    consultation = consultation_of(proposal)
    problem = refusal(user, proposal)
    if problem is not None:
        raise problem
    # Everything needed below, read now: nothing is read again before the lock is held.
    user_id, proposal_id, consultation_id = user.id, proposal.id, consultation.id
    limit = consultation.supports_per_person
    assisted_by_id = assisted_by.id if assisted_by is not None else None
    _start_writing()
    # Three statements: the support (its unique key refuses a second one), the person's count
    # (locked: the limit), the proposal's count.
    row = Support(
        proposal_id=proposal_id,
        user_id=user_id,
        consultation_id=consultation_id,
        assisted_by_id=assisted_by_id,
    )
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        _refuse("already_supported")
    used = _count_participation(consultation_id, user_id, +1)
    if limit and used > limit:
        _refuse("limit_reached")
    count = _count_proposal(proposal_id, +1)
    if count is None:
        _refuse("proposal_not_supportable")
    if assisted_by_id is not None:
        record(
            "support.assisted",
            row,
            assisted_by,
            proposal_id=proposal_id,
            consultation_id=consultation_id,
        )
    db.session.commit()
    set_committed_value(proposal, "supports_count", count)
    return Tally(count, used, None if not limit else max(limit - used, 0), True)


def withdraw(user, proposal):
    """``user`` withdraws their support of ``proposal`` while supports are taken. Returns a
    :class:`Tally`; raises :class:`SupportError` with nothing written."""
    consultation = consultation_of(proposal)
    problem = refusal(user, proposal, withdrawing=True)
    if problem is not None:
        raise problem
    user_id, proposal_id, consultation_id = user.id, proposal.id, consultation.id
    limit = consultation.supports_per_person
    _start_writing()
    # The person's count first (locked), then the support: a support of the same proposal
    # at the same moment either comes after this (and finds none to conflict with) or waits
    # for it at its own insert; neither waits for the other's lock in turn.
    used = _count_participation(consultation_id, user_id, -1)
    removed = (
        used is not None
        and db.session.execute(
            delete(Support)
            .where(Support.proposal_id == proposal_id, Support.user_id == user_id)
            .execution_options(synchronize_session=False)
        ).rowcount
    )
    if not removed:
        _refuse("not_supported")
    count = _count_proposal(proposal_id, -1)
    if count is None:
        _refuse("proposal_not_supportable")
    db.session.commit()
    set_committed_value(proposal, "supports_count", count)
    return Tally(count, used, None if not limit else max(limit - used, 0), False)


# Reading --------------------------------------------------------------------------------------


def supported_ids(user, proposal_ids):
    """The ids among ``proposal_ids`` that ``user`` supports (one statement)."""
    if not getattr(user, "is_authenticated", False) or not proposal_ids:
        return set()
    return set(
        db.session.scalars(
            select(Support.proposal_id).where(
                Support.user_id == user.id, Support.proposal_id.in_(list(proposal_ids))
            )
        )
    )


def supports_used(user, consultation):
    """How many supports ``user`` has given in ``consultation`` (one statement)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    used = db.session.scalar(
        select(Participation.supports_used).where(
            Participation.consultation_id == consultation.id, Participation.user_id == user.id
        )
    )
    return used or 0


# Merging --------------------------------------------------------------------------------------


@signals.proposal_merged.connect
def move_supports(_sender, proposal, target, actor=None, **_extra):
    """Supports of a merged proposal move to its target, in the merge's transaction. Someone who
    supports both keeps one support (of the target) and gets the other back."""
    both = and_(
        Support.proposal_id == proposal.id,
        Support.user_id.in_(select(Support.user_id).where(Support.proposal_id == target.id)),
    )
    doubled = select(Support.user_id).where(both)
    db.session.execute(
        update(Participation)
        .where(
            Participation.consultation_id == proposal.consultation_id,
            Participation.user_id.in_(doubled),
        )
        .values(supports_used=Participation.supports_used - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(delete(Support).where(both).execution_options(synchronize_session=False))
    db.session.execute(
        update(Support)
        .where(Support.proposal_id == proposal.id)
        .values(proposal_id=target.id)
        .execution_options(synchronize_session=False)
    )
    count = db.session.scalar(
        select(func.count()).select_from(Support).where(Support.proposal_id == target.id)
    )
    for obj, value in ((target, count), (proposal, 0)):
        db.session.execute(
            update(Proposal)
            .where(Proposal.id == obj.id)
            .values(supports_count=value)
            .execution_options(synchronize_session=False)
        )
        set_committed_value(obj, "supports_count", value)
