"""Moderation operations, called directly: flags and the threshold that hides an item until it
is reviewed, decisions (single and bulk, all or none), local moderators' scope, appeals decided
by another moderator, blocks and their end, and the queries that read the record. Every refusal
writes nothing."""

from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import func, select, update

from consult.accounts import operations as accounts
from consult.consultations import operations as consultations
from consult.core.history import HistoryEntry, utcnow
from consult.extensions import db
from consult.feedback import operations as fb
from consult.feedback.models import Comment, CommentRevision, CommentSupport, Thread
from consult.moderation import operations as mod
from consult.moderation import queries as mq
from consult.moderation.models import DETAILS_MAX, Appeal, Block, Decision, Flag
from consult.proposals import operations as proposals
from consult.translations.models import ContentTranslation

TABLES = (
    Thread,
    Comment,
    CommentRevision,
    CommentSupport,
    ContentTranslation,
    HistoryEntry,
    Flag,
    Decision,
    Appeal,
    Block,
)


def rows():
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in TABLES
    }


def refused(code, call):
    """``call()`` raises ``ModerationError`` with ``code`` and writes nothing."""
    before = rows()
    with pytest.raises(mod.ModerationError) as raised:
        call()
    assert raised.value.code == code
    assert rows() == before
    return raised.value


class World:
    pass


@pytest.fixture
def world(ctx, make_user, make_consultation, make_proposal):
    w = World()
    w.consultation = make_consultation()
    w.author = make_user(display_name="Author")
    w.proposal = make_proposal(w.consultation, w.author)
    w.discussion = fb.discussion_of(w.proposal)
    w.comment = fb.post(w.discussion, w.author, "A comment to flag", language="en")
    w.members = [make_user() for _ in range(4)]
    w.m1 = make_user(roles=("moderator",), display_name="Moderator One")
    w.m2 = make_user(roles=("moderator",), display_name="Moderator Two")
    return w


def fresh(obj):
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def proposals_count(consultation):
    return fresh(consultation).proposals_count


# Flags ----------------------------------------------------------------------------------------


def test_a_flag_is_recorded_once_per_person(world):
    a, b, *_ = world.members
    mod.flag(world.comment, a, "spam")
    [flag] = db.session.scalars(select(Flag)).all()
    assert (flag.object_type, flag.object_id, flag.user_id, flag.reason) == (
        "comments",
        world.comment.id,
        a.id,
        "spam",
    )
    assert flag.consultation_id == world.consultation.id and flag.decision_id is None
    refused("already_flagged", lambda: mod.flag(world.comment, a, "hate"))
    mod.flag(world.comment, b, "hate")
    assert world.comment.moderation == "visible"


def test_nobody_flags_their_own_content(world):
    refused("own_content", lambda: mod.flag(world.comment, world.author, "spam"))
    refused("own_content", lambda: mod.flag(world.proposal, world.author, "spam"))


def test_other_needs_details(world):
    a = world.members[0]
    error = refused("text_required", lambda: mod.flag(world.comment, a, "other", "  "))
    assert error.field == "details"
    refused("unknown_reason", lambda: mod.flag(world.comment, a, "boring"))
    refused("text_too_long", lambda: mod.flag(world.comment, a, "spam", "d" * (DETAILS_MAX + 1)))
    mod.flag(world.comment, a, "other", "Advertises a paid service")
    assert db.session.scalar(select(Flag.details)) == "Advertises a paid service"


def test_a_blocked_person_may_not_flag(world):
    a = world.members[0]
    mod.block(a, world.m1, "spam")
    refused("blocked", lambda: mod.flag(world.comment, a, "spam"))


def test_hidden_deleted_and_anonymous_flags_are_refused(world, make_proposal):
    a, b = world.members[:2]
    mod.decide([world.comment], world.m1, "hide", "spam")
    refused("forbidden", lambda: mod.flag(world.comment, a, "hate"))
    gone = fb.post(world.discussion, b, "Deleted soon")
    fb.delete(gone, b)
    refused("forbidden", lambda: mod.flag(gone, a, "spam"))
    draft = make_proposal(world.consultation, state="draft")
    refused("forbidden", lambda: mod.flag(draft, a, "spam"))


def test_a_pending_item_may_still_be_flagged(world):
    a, b = world.members[:2]
    mod.flag(world.comment, a, "personal_info")
    assert world.comment.moderation == "pending"
    mod.flag(world.comment, b, "spam")
    assert db.session.scalar(select(func.count()).select_from(Flag)) == 2
    assert world.comment.moderation == "pending"


def test_the_threshold_holds_a_proposal_for_review_and_it_leaves_the_count(world):
    a, b, c, _ = world.members
    assert world.consultation.flags_to_hide == 3
    assert proposals_count(world.consultation) == 1
    mod.flag(world.proposal, a, "spam")
    mod.flag(world.proposal, b, "off_topic")
    assert fresh(world.proposal).moderation == "visible"
    assert proposals_count(world.consultation) == 1
    mod.flag(world.proposal, c, "spam")
    proposal = fresh(world.proposal)
    assert (proposal.moderation, proposal.hidden_reason) == ("pending", "flagged")
    assert proposals_count(world.consultation) == 0
    entry = db.session.scalar(select(HistoryEntry).where(HistoryEntry.action == "moderation.hold"))
    assert (entry.object_type, entry.object_id, entry.actor_id) == ("proposals", proposal.id, None)


def test_a_consultation_sets_its_own_threshold(world):
    world.consultation.flags_to_hide = 2
    db.session.commit()
    a, b = world.members[:2]
    mod.flag(world.comment, a, "spam")
    assert world.comment.moderation == "visible"
    mod.flag(world.comment, b, "spam")
    assert (world.comment.moderation, world.comment.hidden_reason) == ("pending", "flagged")


def test_dismissed_flags_no_longer_count_towards_the_threshold(world):
    a, b, c, d = world.members
    mod.flag(world.comment, a, "spam")
    mod.flag(world.comment, b, "spam")
    mod.decide([world.comment], world.m1, "dismiss", "no_breach")
    mod.flag(world.comment, c, "spam")
    assert world.comment.moderation == "visible"
    mod.flag(world.comment, d, "spam")
    assert world.comment.moderation == "visible"


def test_personal_information_hides_at_the_first_flag(world):
    mod.flag(world.proposal, world.members[0], "personal_info", "My phone number")
    proposal = fresh(world.proposal)
    assert (proposal.moderation, proposal.hidden_reason) == ("pending", "personal_info")
    assert proposals_count(world.consultation) == 0


# Decisions ------------------------------------------------------------------------------------


def flag_three(item, members):
    for member, reason in zip(members, ("spam", "hate", "spam"), strict=False):
        mod.flag(item, member, reason)


def test_hiding_resolves_the_flags_and_leaves_the_queue(world):
    flag_three(world.comment, world.members)
    assert world.comment.moderation == "pending"
    page = mq.queue_page(1)
    assert page.total == 1
    [entry] = page.items
    assert entry.key == f"comments:{world.comment.id}" and entry.item.id == world.comment.id
    assert entry.reasons == {"spam": 2, "hate": 1}
    [decision] = mod.decide([world.comment], world.m1, "hide", "hate", "Insults")
    assert (decision.action, decision.reason, decision.text) == ("hide", "hate", "Insults")
    assert decision.moderator_id == world.m1.id
    assert (world.comment.moderation, world.comment.hidden_reason) == ("hidden", "hate")
    assert set(db.session.scalars(select(Flag.decision_id))) == {decision.id}
    assert mq.queue_page(1).total == 0
    assert mq.open_counts() == (0, 0)


def test_restoring_a_held_proposal_brings_it_back_to_the_count(world):
    flag_three(world.proposal, world.members)
    assert proposals_count(world.consultation) == 0
    [decision] = mod.decide([world.proposal], world.m1, "restore", "no_breach")
    proposal = fresh(world.proposal)
    assert (proposal.moderation, proposal.hidden_reason) == ("visible", None)
    assert proposals_count(world.consultation) == 1
    assert decision.action == "restore"
    assert mq.queue_page(1).total == 0


def test_dismissing_flags_on_a_visible_item_keeps_it_and_empties_the_queue(world):
    mod.flag(world.comment, world.members[0], "spam")
    assert mq.queue_page(1).total == 1
    mod.decide([world.comment], world.m1, "dismiss", "no_breach", "Not spam")
    assert world.comment.moderation == "visible"
    assert mq.queue_page(1).total == 0
    assert db.session.scalar(select(Flag.decision_id)) is not None


def test_dismissing_on_a_hidden_item_leaves_it_hidden(world):
    mod.decide([world.comment], world.m1, "hide", "spam")
    mod.decide([world.comment], world.m1, "dismiss", "no_breach")
    assert (world.comment.moderation, world.comment.hidden_reason) == ("hidden", "spam")


def test_hiding_needs_a_breach_and_a_known_reason_and_action(world):
    refused("hide_needs_breach", lambda: mod.decide([world.comment], world.m1, "hide", "no_breach"))
    refused("unknown_reason", lambda: mod.decide([world.comment], world.m1, "hide", "rude"))
    refused("unknown_action", lambda: mod.decide([world.comment], world.m1, "erase", "spam"))
    refused("nothing_chosen", lambda: mod.decide([], world.m1, "hide", "spam"))
    refused(
        "text_too_long",
        lambda: mod.decide([world.comment], world.m1, "hide", "spam", "t" * (DETAILS_MAX + 1)),
    )
    refused("forbidden", lambda: mod.decide([world.comment], world.members[0], "hide", "spam"))
    assert world.comment.moderation == "visible"


def test_a_bulk_decision_covers_every_item(world, make_proposal):
    other = make_proposal(world.consultation)
    for item in (world.comment, world.proposal, other):
        mod.flag(item, world.members[0], "spam")
    assert mq.open_counts() == (3, 0)
    decisions = mod.decide([world.comment, world.proposal, other], world.m1, "hide", "spam")
    assert len(decisions) == 3
    assert {fresh(i).moderation for i in (world.comment, world.proposal, other)} == {"hidden"}
    assert proposals_count(world.consultation) == 0
    assert mq.queue_page(1).total == 0


def test_a_bulk_decision_is_all_or_none(world, make_user, make_consultation, make_proposal):
    local = make_user()
    consultations.grant_local_moderator(world.consultation, local, world.m1)
    elsewhere = make_proposal(make_consultation())
    for item in (world.comment, world.proposal, elsewhere):
        mod.flag(item, world.members[0], "spam")
    refused("forbidden", lambda: mod.decide([world.comment, world.proposal, elsewhere], local,
                                            "hide", "spam"))  # fmt: skip
    assert {fresh(i).moderation for i in (world.comment, world.proposal, elsewhere)} == {"visible"}
    assert mq.queue_page(1).total == 3


def test_a_local_moderator_decides_their_consultations_items_only(
    world, make_user, make_consultation, make_proposal
):
    local = make_user()
    consultations.grant_local_moderator(world.consultation, local, world.m1)
    elsewhere = make_proposal(make_consultation())
    mod.flag(elsewhere, world.members[0], "spam")
    mod.flag(world.comment, world.members[0], "spam")
    scope = [world.consultation.id]
    assert mq.queue_page(1, consultation_ids=scope).total == 1
    assert mq.open_counts(scope) == (1, 0)
    mod.decide([world.comment], local, "hide", "spam")
    assert world.comment.moderation == "hidden"
    refused("forbidden", lambda: mod.decide([elsewhere], local, "hide", "spam"))
    # Nor do they block people (a global moderator's power).
    refused("forbidden", lambda: mod.block(world.author, local, "spam"))


def test_a_local_role_granted_later_counts_from_then_on(world, make_user):
    local = make_user()
    refused("forbidden", lambda: mod.decide([world.comment], local, "hide", "spam"))
    consultations.grant_local_moderator(world.consultation, local, world.m1)
    g.pop("_local_roles", None)  # a new request would see the role
    mod.decide([world.comment], local, "hide", "spam")
    assert world.comment.moderation == "hidden"


def test_a_moderator_hides_a_moderator_hidden_item_again_with_a_new_reason(world):
    mod.decide([world.comment], world.m1, "hide", "spam")
    mod.decide([world.comment], world.m2, "hide", "hate")
    assert (world.comment.moderation, world.comment.hidden_reason) == ("hidden", "hate")


# Appeals --------------------------------------------------------------------------------------


def hide_and_appeal(world, item=None):
    item = item or world.comment
    mod.decide([item], world.m1, "hide", "spam", "Advertising")
    mod.appeal(item, world.author, "It was a link to a free course.")
    return db.session.scalar(select(Appeal))


def test_the_author_appeals_once(world):
    appeal = hide_and_appeal(world)
    assert (appeal.state, appeal.author_id, appeal.hidden_by_id) == (
        "open",
        world.author.id,
        world.m1.id,
    )
    assert appeal.decision_id == db.session.scalar(select(Decision.id))
    assert appeal.consultation_id == world.consultation.id
    assert mq.open_counts() == (0, 1)
    [(listed, item, decision)] = mq.open_appeals()
    assert (listed.id, item.id, decision.action) == (appeal.id, world.comment.id, "hide")
    refused("already_appealed", lambda: mod.appeal(world.comment, world.author, "Again"))


def test_only_the_author_appeals_what_a_decision_hid(world):
    member = world.members[0]
    refused("not_hidden", lambda: mod.appeal(world.comment, world.author, "Why?"))
    flag_three(world.comment, world.members)
    assert world.comment.moderation == "pending"
    refused("not_hidden", lambda: mod.appeal(world.comment, world.author, "Why?"))
    mod.decide([world.comment], world.m1, "hide", "spam")
    refused("forbidden", lambda: mod.appeal(world.comment, member, "Unfair"))
    refused("forbidden", lambda: mod.appeal(world.comment, world.m2, "Unfair"))
    refused("text_required", lambda: mod.appeal(world.comment, world.author, "  "))


def test_content_hidden_by_a_block_cannot_be_appealed(world):
    mod.block(world.author, world.m1, "spam")
    assert world.comment.hidden_reason == "author_blocked"
    refused("nothing_to_appeal", lambda: mod.appeal(world.comment, world.author, "Unfair"))


def test_content_hidden_by_a_block_after_an_earlier_hide_was_reversed_cannot_be_appealed(world):
    mod.decide([world.comment], world.m1, "hide", "spam")
    mod.decide([world.comment], world.m2, "restore", "no_breach")
    mod.block(world.author, world.m1, "spam")
    assert world.comment.hidden_reason == "author_blocked"
    refused("nothing_to_appeal", lambda: mod.appeal(world.comment, world.author, "Unfair"))


def test_the_moderator_who_hid_it_and_the_author_may_not_decide_the_appeal(world, make_user):
    appeal = hide_and_appeal(world)
    refused("own_decision", lambda: mod.decide_appeal(appeal, world.m1, True, "no_breach"))
    refused("forbidden", lambda: mod.decide_appeal(appeal, world.author, True, "no_breach"))
    # Even an author who moderates may not decide their own appeal.
    accounts.grant_role(world.author, "moderator", None)
    refused("own_decision", lambda: mod.decide_appeal(appeal, world.author, True, "no_breach"))
    assert appeal.state == "open" and world.comment.moderation == "hidden"


def test_a_granted_appeal_restores_the_item(world):
    appeal = hide_and_appeal(world, world.proposal)
    assert proposals_count(world.consultation) == 0
    decision = mod.decide_appeal(appeal, world.m2, True, "no_breach", "A genuine course")
    assert (appeal.state, appeal.decided_by_id, appeal.answer_id) == (
        "granted",
        world.m2.id,
        decision.id,
    )
    assert decision.action == "restore" and appeal.decided_at is not None
    proposal = fresh(world.proposal)
    assert (proposal.moderation, proposal.hidden_reason) == ("visible", None)
    assert proposals_count(world.consultation) == 1
    assert mq.open_counts() == (0, 0)
    refused("already_decided", lambda: mod.decide_appeal(appeal, world.m2, False, "spam"))


def test_a_refused_appeal_keeps_the_item_hidden(world):
    appeal = hide_and_appeal(world)
    refused("hide_needs_breach", lambda: mod.decide_appeal(appeal, world.m2, False, "no_breach"))
    refused("unknown_reason", lambda: mod.decide_appeal(appeal, world.m2, False, "meh"))
    decision = mod.decide_appeal(appeal, world.m2, False, "hate", "Insulting wording")
    assert decision.action == "uphold" and appeal.state == "refused"
    assert (world.comment.moderation, world.comment.hidden_reason) == ("hidden", "hate")
    [hidden] = mq.hidden_content_of(world.author)
    assert hidden.decision.id == decision.id and hidden.appeal.state == "refused"


def test_a_local_moderator_of_another_consultation_may_not_decide_the_appeal(
    world, make_user, make_consultation
):
    appeal = hide_and_appeal(world)
    local = make_user()
    consultations.grant_local_moderator(make_consultation(), local, world.m1)
    refused("forbidden", lambda: mod.decide_appeal(appeal, local, True, "no_breach"))


# Blocks ---------------------------------------------------------------------------------------


def test_a_block_hides_everything_the_person_wrote_and_stops_them_posting(world, make_proposal):
    member = world.members[0]
    other = fb.post(world.discussion, member, "Someone else")
    reply = fb.post(world.discussion, world.author, "Reply", parent=world.comment)
    second = make_proposal(world.consultation, world.author)
    assert proposals_count(world.consultation) == 2
    block = mod.block(world.author, world.m1, "hate", "Repeated insults")
    assert block.in_force() and block.moderator_id == world.m1.id
    for item in (world.comment, reply, world.proposal, second):
        item = fresh(item)
        assert (item.moderation, item.hidden_reason) == ("hidden", "author_blocked")
    assert proposals_count(world.consultation) == 0
    assert mq.posting_block(world.author).id == block.id
    assert mq.posting_block(member) is None
    with pytest.raises(fb.FeedbackError) as error:
        fb.post(world.discussion, world.author, "Still here")
    assert error.value.code == "blocked"
    with pytest.raises(proposals.ProposalError) as error:
        proposals.create(world.consultation, world.author, "A new idea", "Why it matters")
    assert error.value.code == "blocked"
    refused("blocked", lambda: mod.flag(other, world.author, "spam"))
    decision = db.session.scalar(select(Decision).where(Decision.action == "block"))
    assert (decision.object_type, decision.object_id, decision.reason) == (
        "users",
        world.author.id,
        "hate",
    )


def test_a_block_refuses_a_past_end_a_second_block_and_the_wrong_people(world, make_user):
    refused(
        "ends_in_past",
        lambda: mod.block(world.author, world.m1, "spam", ends_at=utcnow() - timedelta(hours=1)),
    )
    refused("hide_needs_breach", lambda: mod.block(world.author, world.m1, "no_breach"))
    refused("forbidden", lambda: mod.block(world.author, world.members[0], "spam"))
    refused("forbidden", lambda: mod.block(world.m1, world.m1, "spam"))
    admin = make_user(roles=("admin",))
    refused("forbidden", lambda: mod.block(admin, world.m1, "spam"))
    refused("not_blocked", lambda: mod.unblock(world.author, world.m1))
    mod.block(world.author, world.m1, "spam", ends_at=utcnow() + timedelta(days=7))
    refused("already_blocked", lambda: mod.block(world.author, world.m2, "hate"))
    assert world.comment.moderation == "hidden"


def test_unblocking_restores_only_what_the_block_hid(world, make_proposal):
    spam = fb.post(world.discussion, world.author, "Buy now!")
    mod.decide([spam], world.m1, "hide", "spam")
    mod.flag(world.proposal, world.members[0], "personal_info")
    assert fresh(world.proposal).moderation == "pending"
    mod.block(world.author, world.m1, "spam")
    assert fresh(spam).hidden_reason == "spam"
    mod.unblock(world.author, world.m2, "no_breach", "Mistaken identity")
    assert fresh(world.comment).moderation == "visible"
    assert fresh(world.proposal).moderation == "visible"
    spam = fresh(spam)
    assert (spam.moderation, spam.hidden_reason) == ("hidden", "spam")
    assert mq.posting_block(world.author) is None
    block = db.session.scalar(select(Block))
    assert block.lifted_at is not None and block.lifted_by_id == world.m2.id
    assert fb.post(world.discussion, world.author, "Back again").state == "published"
    assert proposals_count(world.consultation) == 1


def expire(block):
    """Move a block into the past, as if its end had come."""
    db.session.execute(
        update(Block)
        .where(Block.id == block.id)
        .values(
            created_at=utcnow() - timedelta(days=3),
            ends_at=utcnow() - timedelta(minutes=1),
        )
    )
    db.session.commit()


def test_posting_resumes_at_the_end_and_lift_expired_restores_the_content(world, make_user):
    other = make_user()
    lasting = mod.block(other, world.m1, "spam")
    block = mod.block(world.author, world.m1, "spam", ends_at=utcnow() + timedelta(days=1))
    expire(block)
    assert mq.posting_block(world.author) is None
    assert fresh(world.comment).moderation == "hidden"
    assert mod.lift_expired() == 1
    assert fresh(world.comment).moderation == "visible"
    assert fresh(block).lifted_at is not None and fresh(block).lifted_by_id is None
    assert fresh(lasting).lifted_at is None
    assert mod.lift_expired() == 0


def test_lift_expired_looks_ahead_when_told_the_time(world):
    mod.block(world.author, world.m1, "spam", ends_at=utcnow() + timedelta(days=1))
    assert mod.lift_expired(utcnow()) == 0
    assert mod.lift_expired(utcnow() + timedelta(days=2)) == 1
    assert fresh(world.comment).moderation == "visible"


def test_the_command_line_lifts_expired_blocks(app, world):
    block = mod.block(world.author, world.m1, "spam", ends_at=utcnow() + timedelta(days=1))
    expire(block)
    result = app.test_cli_runner().invoke(args=["moderation", "lift-expired"])
    assert result.exit_code == 0, result.output
    assert "1 block(s) lifted." in result.output
    assert fresh(block).lifted_at is not None
    assert fresh(world.comment).moderation == "visible"


def test_a_new_block_after_an_expired_one_lifts_it_first(world):
    first = mod.block(world.author, world.m1, "spam", ends_at=utcnow() + timedelta(days=1))
    expire(first)
    second = mod.block(world.author, world.m2, "hate")
    assert fresh(first).lifted_at is not None
    assert second.in_force()
    assert fresh(world.comment).hidden_reason == "author_blocked"


# Queries --------------------------------------------------------------------------------------


def test_the_logs_and_the_item_record_say_who_did_what(world):
    a, b = world.members[:2]
    mod.flag(world.comment, a, "spam")
    mod.flag(world.comment, b, "other", "Odd")
    mod.decide([world.comment], world.m1, "hide", "spam", "Advertising")
    mod.block(world.members[3], world.m2, "hate")
    log = mq.log_page(1)
    assert [(d.action, name) for d, name in log.items] == [
        ("block", "Moderator Two"),
        ("hide", "Moderator One"),
    ]
    scoped = mq.log_page(1, [world.consultation.id])
    assert [d.action for d, _name in scoped.items] == ["hide"]
    flags = mq.flags_log_page(1)
    assert [(f.reason, name) for f, name in flags.items] == [
        ("other", b.display_name),
        ("spam", a.display_name),
    ]
    assert mq.flags_log_page(1, [world.consultation.id + 1000]).total == 0
    flags, decisions = mq.item_record(world.comment)
    assert [(f.user_id, name) for f, name in flags] == [
        (a.id, a.display_name),
        (b.id, b.display_name),
    ]
    assert [(d.action, d.text, name) for d, name in decisions] == [
        ("hide", "Advertising", "Moderator One")
    ]


def test_the_queue_filters_by_reason_and_lists_the_oldest_first(world, make_proposal):
    later = make_proposal(world.consultation)
    mod.flag(world.comment, world.members[0], "spam")
    mod.flag(later, world.members[1], "hate")
    mod.flag(later, world.members[2], "spam")
    page = mq.queue_page(1)
    assert [e.object_type for e in page.items] == ["comments", "proposals"]
    assert [e.item.author.id for e in page.items] == [world.author.id, later.author_id]
    hate = mq.queue_page(1, reason="hate")
    assert [e.object_id for e in hate.items] == [later.id]
    # Every open flag of the item is listed, not only the ones of the chosen reason.
    assert hate.items[0].reasons == {"hate": 1, "spam": 1}
    assert mq.queue_page(1, reason="nonsense").total == 2


def test_hidden_content_of_tells_the_author_what_and_why(world, make_proposal):
    assert mq.hidden_content_of(world.author) == []
    mod.decide([world.comment], world.m1, "hide", "spam")
    mod.appeal(world.comment, world.author, "Unfair")
    mod.flag(world.proposal, world.members[0], "personal_info")
    found = {(h.item.__tablename__, h.item.id): h for h in mq.hidden_content_of(world.author)}
    assert set(found) == {("comments", world.comment.id), ("proposals", world.proposal.id)}
    hidden = found[("comments", world.comment.id)]
    assert hidden.decision.reason == "spam" and hidden.appeal.text == "Unfair"
    pending = found[("proposals", world.proposal.id)]
    assert pending.decision is None and pending.appeal is None
    assert pending.item.hidden_reason == "personal_info"
    assert mq.hidden_content_of(world.members[0]) == []


def test_the_public_report_counts_hidden_items_by_reason_and_type(world, make_proposal):
    extra = [make_proposal(world.consultation) for _ in range(2)]
    other_comment = fb.post(world.discussion, world.members[1], "Another", language="en")
    mod.decide([world.comment, other_comment], world.m1, "hide", "spam")
    mod.decide([extra[0]], world.m1, "hide", "hate")
    mod.flag(extra[1], world.members[0], "personal_info")
    mod.flag(world.proposal, world.members[0], "spam")  # below the threshold: not counted
    counts, decisions = mq.report(world.consultation)
    assert counts["comments"] == {"spam": 2}
    assert counts["proposals"] == {"hate": 1, "personal_info": 1}
    assert decisions == {"hide": 3}


def test_posting_block_ignores_lifted_and_ended_blocks(world):
    assert mq.posting_block(world.author) is None
    block = mod.block(world.author, world.m1, "spam", ends_at=utcnow() + timedelta(hours=2))
    assert mq.posting_block(world.author).id == block.id
    assert mq.posting_block(world.author, now=utcnow() + timedelta(hours=3)) is None
    mod.unblock(world.author, world.m1)
    assert mq.posting_block(world.author) is None
