"""Double clicks on PostgreSQL: several threads, each on its own connection, released together
by a barrier, flag the same item or support the same comment as the same person. The database
keeps one row; every other click is refused cleanly; the counter equals the rows."""

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
from consult.feedback import operations as fb
from consult.feedback.models import Comment, CommentSupport, Thread
from consult.moderation import operations as mod
from consult.moderation.models import Flag
from consult.proposals.models import Proposal
from tests.conftest import database_url

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.no_transaction,
    pytest.mark.skipif(
        not database_url().startswith("postgresql"),
        reason="needs PostgreSQL; the PostgreSQL run executes it",
    ),
]

THREADS = 8


@pytest.fixture
def world(app):
    """Committed data of its own (a consultation, a proposal with a comment, an author and a
    clicker), deleted afterwards. Returns ``(comment id, clicker id)``."""
    made = {"users": [], "consultation": None}
    with app.test_request_context("/en/"):
        now = utcnow()
        consultation = Consultation(
            language="en", title="Clicks", summary="Clicks", body="Clicks", state="open",
            opens_at=now - timedelta(days=5), proposals_start=now - timedelta(days=4),
            proposals_end=now + timedelta(days=10), voting_start=now + timedelta(days=12),
            voting_end=now + timedelta(days=20), closes_at=now + timedelta(days=21),
        )  # fmt: skip
        db.session.add(consultation)
        db.session.commit()
        made["consultation"] = consultation.id
        stamp = utcnow().strftime("%H%M%S%f")
        author, clicker = (
            accounts.register(f"{name}-{stamp}@clicks.example.org", "correct horse battery",
                              name, "en", True)
            for name in ("author", "clicker")
        )  # fmt: skip
        made["users"] = [author.id, clicker.id]
        proposal = Proposal(
            consultation_id=consultation.id, author_id=author.id, language="en", title="Clicks",
            body="Why", state="published", published_at=now,
        )  # fmt: skip
        db.session.add(proposal)
        db.session.commit()
        comment = fb.post(fb.discussion_of(proposal), author, "Click me", language="en")
        ids = (comment.id, clicker.id)
        db.session.remove()
    yield ids
    with app.test_request_context("/en/"):
        cid, users = made["consultation"], made["users"]
        db.session.execute(delete(Flag).where(Flag.consultation_id == cid))
        thread_ids = select(Thread.id).where(Thread.consultation_id == cid)
        comment_ids = select(Comment.id).where(Comment.thread_id.in_(thread_ids))
        db.session.execute(delete(CommentSupport).where(CommentSupport.comment_id.in_(comment_ids)))
        db.session.execute(delete(Comment).where(Comment.thread_id.in_(thread_ids)))
        db.session.execute(delete(Thread).where(Thread.consultation_id == cid))
        db.session.execute(delete(Proposal).where(Proposal.consultation_id == cid))
        db.session.execute(delete(Consultation).where(Consultation.id == cid))
        db.session.execute(delete(User).where(User.id.in_(users)))
        db.session.commit()
        db.session.remove()


def race(app, user_id, comment_id, action, refusal):
    """``action(comment, user)`` on THREADS threads at once; returns the outcomes ("ok" or a
    refusal code) and anything else that was raised."""
    engine = sa.create_engine(database_url(), poolclass=NullPool)
    original = db.session
    db.session = sa.orm.scoped_session(sa.orm.sessionmaker(bind=engine))
    barrier = threading.Barrier(THREADS)
    outcomes, failures = [], []

    def click():
        with app.test_request_context("/en/"):
            try:
                user = db.session.get(User, user_id)
                comment = db.session.get(Comment, comment_id)
                db.session.commit()  # the connection is ready; the transaction starts anew
            finally:
                barrier.wait()
            try:
                action(comment, user)
                outcomes.append("ok")
            except refusal as error:
                outcomes.append(error.code)
            except Exception as error:  # noqa: BLE001  (anything else would be a 500)
                failures.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=click) for _ in range(THREADS)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        db.session = original
        engine.dispose()
    return outcomes, failures


def test_one_person_flagging_an_item_at_once_from_many_tabs_makes_one_flag(app, world):
    comment_id, clicker_id = world
    outcomes, failures = race(
        app, clicker_id, comment_id, lambda c, u: mod.flag(c, u, "spam"), mod.ModerationError
    )
    assert failures == []
    assert outcomes.count("ok") == 1
    assert set(outcomes) == {"ok", "already_flagged"}
    with app.test_request_context("/en/"):
        flags = db.session.scalar(
            select(func.count()).select_from(Flag).where(Flag.object_id == comment_id,
                                                         Flag.object_type == "comments")
        )  # fmt: skip
        assert flags == 1
        db.session.remove()


def test_one_person_supporting_a_comment_at_once_from_many_tabs_supports_it_once(app, world):
    comment_id, clicker_id = world
    outcomes, failures = race(app, clicker_id, comment_id, fb.support, fb.FeedbackError)
    assert failures == []
    assert outcomes.count("ok") == 1
    assert set(outcomes) == {"ok", "already_supported"}
    with app.test_request_context("/en/"):
        supports = db.session.scalar(
            select(func.count()).select_from(CommentSupport).where(
                CommentSupport.comment_id == comment_id)
        )  # fmt: skip
        assert supports == 1
        assert db.session.get(Comment, comment_id).supports_count == 1
        db.session.remove()
