"""A rush of clicks at closing time, on PostgreSQL: many threads, each on its own connection,
released together by a barrier. One person, one support per proposal; never beyond the
limit; no error but the refusals; counters equal the rows afterwards."""

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import delete, func, select
from sqlalchemy.pool import NullPool

from consult.accounts import operations as accounts
from consult.accounts.models import User
from consult.consultations.models import Consultation
from consult.core.history import utcnow
from consult.extensions import db
from consult.proposals.models import Proposal
from consult.supports import operations as ops
from consult.supports.models import Participation, Support
from tests.conftest import database_url

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.no_transaction,
    pytest.mark.skipif(
        not database_url().startswith("postgresql"),
        reason="needs PostgreSQL; the PostgreSQL run executes it",
    ),
]

THREADS = 50


@pytest.fixture
def world(app):
    """Committed data of its own (a voting consultation, an author, a voter), deleted after."""
    made = {"users": [], "consultations": []}

    def consultation(**fields):
        now = utcnow()
        c = Consultation(
            language="en", title="Race", summary="Race", body="Race", state="open",
            opens_at=now - timedelta(days=20), proposals_start=now - timedelta(days=19),
            proposals_end=now - timedelta(days=10), voting_start=now - timedelta(days=2),
            voting_end=now + timedelta(days=5), closes_at=now + timedelta(days=6), **fields,
        )  # fmt: skip
        db.session.add(c)
        db.session.commit()
        made["consultations"].append(c.id)
        return c

    def user(name):
        u = accounts.register(f"{name}@race.example.org", "correct horse battery", name, "en", True)
        made["users"].append(u.id)
        return u

    def proposals(c, author, n):
        rows = [
            Proposal(consultation_id=c.id, author_id=author.id, language="en",
                     title=f"Race {i}", body="Why", state="published", published_at=utcnow())
            for i in range(n)
        ]  # fmt: skip
        db.session.add_all(rows)
        db.session.commit()
        return [p.id for p in rows]

    with app.test_request_context("/en/"):
        yield consultation, user, proposals
        db.session.rollback()
        ids, users = made["consultations"], made["users"]
        db.session.execute(delete(Support).where(Support.consultation_id.in_(ids)))
        db.session.execute(delete(Participation).where(Participation.consultation_id.in_(ids)))
        db.session.execute(delete(Proposal).where(Proposal.consultation_id.in_(ids)))
        db.session.execute(delete(Consultation).where(Consultation.id.in_(ids)))
        db.session.execute(delete(User).where(User.id.in_(users)))
        db.session.commit()


def race(app, user_id, proposal_ids):
    """Each proposal id on its own thread and connection, all released at once; returns the
    outcomes ("ok" or a refusal code) and anything else that was raised."""
    engine = sa.create_engine(database_url(), poolclass=NullPool)
    original = db.session
    db.session = sa.orm.scoped_session(sa.orm.sessionmaker(bind=engine))
    barrier = threading.Barrier(len(proposal_ids))
    outcomes, failures = [], []

    def click(proposal_id):
        with app.test_request_context("/en/"):
            try:
                user = db.session.get(User, user_id)
                proposal = db.session.get(Proposal, proposal_id)
                ops.consultation_of(proposal)
                db.session.commit()  # the connection is ready; the transaction starts anew
            finally:
                barrier.wait()
            try:
                ops.support(user, proposal)
                outcomes.append("ok")
            except ops.SupportError as error:
                outcomes.append(error.code)
            except Exception as error:  # noqa: BLE001  (anything else would be a 500)
                failures.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=click, args=(pid,)) for pid in proposal_ids]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        db.session = original
        engine.dispose()
    return outcomes, failures


def counters_match(consultation_id):
    stored = dict(
        db.session.execute(
            select(Proposal.id, Proposal.supports_count).where(
                Proposal.consultation_id == consultation_id
            )
        ).all()
    )
    counted = dict(
        db.session.execute(
            select(Support.proposal_id, func.count())
            .where(Support.consultation_id == consultation_id)
            .group_by(Support.proposal_id)
        ).all()
    )
    assert stored == {pid: counted.get(pid, 0) for pid in stored}
    used = db.session.execute(
        select(Participation.user_id, Participation.supports_used).where(
            Participation.consultation_id == consultation_id
        )
    ).all()
    rows = dict(
        db.session.execute(
            select(Support.user_id, func.count())
            .where(Support.consultation_id == consultation_id)
            .group_by(Support.user_id)
        ).all()
    )
    assert {uid: n for uid, n in used} == rows


def test_fifty_clicks_by_one_person_on_one_proposal_make_one_support(app, world):
    consultation, user, proposals = world
    c = consultation()
    voter = user("voter-one")
    (proposal_id,) = proposals(c, user("author-one"), 1)
    outcomes, failures = race(app, voter.id, [proposal_id] * THREADS)
    assert failures == []
    assert outcomes.count("ok") == 1
    assert set(outcomes) == {"ok", "already_supported"}
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Support).where(
        Support.proposal_id == proposal_id)) == 1  # fmt: skip
    counters_match(c.id)


@pytest.mark.parametrize("limit", [5, 25])
def test_a_person_with_a_limit_firing_at_twice_as_many_proposals_gets_the_limit(app, world, limit):
    consultation, user, proposals = world
    c = consultation(supports_per_person=limit)
    voter = user(f"voter-limit-{limit}")
    ids = proposals(c, user(f"author-limit-{limit}"), 2 * limit)
    outcomes, failures = race(app, voter.id, ids)
    assert failures == []
    assert outcomes.count("ok") == limit
    assert outcomes.count("limit_reached") == limit
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Support).where(
        Support.user_id == voter.id)) == limit  # fmt: skip
    counters_match(c.id)
