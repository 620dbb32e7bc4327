"""The database itself refuses what the operations refuse, should anything write rows directly:
one flag per person and item, one support per person and comment, replies at most three levels
deep and always with a parent, one appeal per item decided by another moderator, one block in
force per person."""

from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from consult.core.history import utcnow
from consult.extensions import db
from consult.feedback import operations as fb
from consult.feedback.models import Comment, CommentSupport
from consult.moderation import operations as mod
from consult.moderation.models import Appeal, Block, Decision, Flag


@pytest.fixture
def world(ctx, make_user, make_consultation, make_proposal):
    class World:
        pass

    w = World()
    w.consultation = make_consultation()
    w.author, w.member, w.m1, w.m2 = (
        make_user(),
        make_user(),
        make_user(roles=("moderator",)),
        make_user(roles=("moderator",)),
    )
    w.proposal = make_proposal(w.consultation, w.author)
    w.discussion = fb.discussion_of(w.proposal)
    w.comment = fb.post(w.discussion, w.author, "A comment", language="en")
    return w


def refused_by_the_database(*rows):
    """Adding ``rows`` fails at the flush; the session is rolled back for what follows."""
    db.session.add_all(rows)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def flag_row(world, user, reason="spam", **fields):
    return Flag(
        object_type="comments",
        object_id=world.comment.id,
        consultation_id=world.consultation.id,
        user_id=user.id,
        reason=reason,
        **fields,
    )


def test_a_person_flags_an_item_once(world):
    db.session.add(flag_row(world, world.member))
    db.session.commit()
    refused_by_the_database(flag_row(world, world.member, "hate"))
    db.session.add(flag_row(world, world.m1))
    db.session.commit()


def test_other_needs_details_in_the_database_too(world):
    refused_by_the_database(flag_row(world, world.member, "other", details=""))


def test_a_person_supports_a_comment_once(world):
    db.session.add(CommentSupport(comment_id=world.comment.id, user_id=world.member.id))
    db.session.commit()
    refused_by_the_database(CommentSupport(comment_id=world.comment.id, user_id=world.member.id))


def comment_row(world, **fields):
    values = {
        "thread_id": world.discussion.thread.id,
        "consultation_id": world.consultation.id,
        "author_id": world.member.id,
        "language": "en",
        "body": "Direct",
        **fields,
    }
    return Comment(**values)


def test_replies_nest_at_most_three_levels(world):
    top = world.comment
    refused_by_the_database(comment_row(world, depth=4, parent_id=top.id, root_id=top.id))
    refused_by_the_database(comment_row(world, depth=-1))
    db.session.add(comment_row(world, depth=3, parent_id=top.id, root_id=top.id))
    db.session.commit()


def test_replies_have_a_parent_and_top_level_comments_none(world):
    top = world.comment
    refused_by_the_database(comment_row(world, depth=1, root_id=top.id))
    refused_by_the_database(comment_row(world, depth=0, parent_id=top.id))
    refused_by_the_database(comment_row(world, depth=1, parent_id=top.id))  # and a root


def hide(world):
    [decision] = mod.decide([world.comment], world.m1, "hide", "spam")
    return decision


def appeal_row(world, decision, **fields):
    return Appeal(
        object_type="comments",
        object_id=world.comment.id,
        consultation_id=world.consultation.id,
        author_id=world.author.id,
        decision_id=decision.id,
        hidden_by_id=world.m1.id,
        text="Please look again",
        **fields,
    )


def test_an_item_is_appealed_once(world):
    decision = hide(world)
    db.session.add(appeal_row(world, decision))
    db.session.commit()
    refused_by_the_database(appeal_row(world, decision))


def test_an_appeal_is_decided_by_another_moderator(world):
    decision = hide(world)
    answer = Decision(object_type="comments", object_id=world.comment.id, moderator_id=world.m1.id,
                      action="restore", reason="no_breach")  # fmt: skip
    db.session.add(answer)
    db.session.commit()
    decided = {"state": "granted", "decided_at": utcnow(), "answer_id": answer.id}
    refused_by_the_database(appeal_row(world, decision, decided_by_id=world.m1.id, **decided))
    refused_by_the_database(appeal_row(world, decision, decided_by_id=world.author.id, **decided))
    refused_by_the_database(appeal_row(world, decision, state="granted"))  # decided by nobody
    db.session.add(appeal_row(world, decision, decided_by_id=world.m2.id, **decided))
    db.session.commit()


def block_row(world, **fields):
    return Block(user_id=world.member.id, moderator_id=world.m1.id, reason="spam", **fields)


def test_one_block_in_force_per_person(world):
    db.session.add(block_row(world))
    db.session.commit()
    refused_by_the_database(block_row(world, ends_at=utcnow() + timedelta(days=1)))
    # Lifted blocks stay on record beside the one in force.
    db.session.add(block_row(world, lifted_at=utcnow(), lifted_by_id=world.m1.id))
    db.session.commit()


def test_a_block_ends_after_it_starts(world):
    now = utcnow()
    refused_by_the_database(block_row(world, created_at=now, ends_at=now - timedelta(hours=1)))
