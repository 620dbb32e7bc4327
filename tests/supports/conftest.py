"""Fixtures for supports: a consultation in its voting phase, a published proposal in it,
members, and helpers that compare the counters with the rows."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from consult.core.history import utcnow
from consult.extensions import db
from consult.proposals.models import Proposal
from consult.supports.models import Participation, Support


@pytest.fixture
def voting(make_consultation):
    return make_consultation(phase="voting")


@pytest.fixture
def proposal(voting, make_proposal):
    return make_proposal(voting)


@pytest.fixture
def member(make_user):
    return make_user(display_name="Marta")


def verify(user, days=30):
    """Make ``user`` a verified participant (as redeeming a code would)."""
    user.verified_until = utcnow() + timedelta(days=days)
    db.session.commit()
    return user


def rows_for(proposal):
    return db.session.scalar(
        select(func.count()).select_from(Support).where(Support.proposal_id == proposal.id)
    )


def assert_counters_match():
    """Every counter equals COUNT(*) of the rows it counts."""
    db.session.expire_all()
    drift = db.session.execute(
        select(Proposal.id, Proposal.supports_count).where(
            Proposal.supports_count
            != select(func.count())
            .select_from(Support)
            .where(Support.proposal_id == Proposal.id)
            .scalar_subquery()
        )
    ).all()
    assert drift == []
    people = db.session.execute(
        select(Participation.user_id, Participation.supports_used).where(
            Participation.supports_used
            != select(func.count())
            .select_from(Support)
            .where(
                Support.user_id == Participation.user_id,
                Support.consultation_id == Participation.consultation_id,
            )
            .scalar_subquery()
        )
    ).all()
    assert people == []
