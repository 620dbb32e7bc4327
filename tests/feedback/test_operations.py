"""Feedback operations, called directly: posting, replying, posting as an organisation or as
the moderators, locked threads, editing, deleting, comment supports, curating a thread (lock,
highlight, summary and its translations), and the counts of visible comments, which stay equal
to the rows through every change, moderation included. Every refusal writes nothing."""

import pytest
from sqlalchemy import func, select

from consult.consultations import operations as consultations
from consult.core.history import HistoryEntry
from consult.core.workflow import WorkflowError
from consult.extensions import db
from consult.feedback import operations as fb
from consult.feedback import queries as feedback_queries
from consult.feedback.models import (
    BODY_MAX,
    SUMMARY_MAX,
    Comment,
    CommentRevision,
    CommentSupport,
    Thread,
)
from consult.moderation import operations as mod
from consult.moderation.models import Appeal, Block, Decision, Flag
from consult.organisations import operations as organisations
from consult.translations import operations as translations
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
    """How many rows each table the feedback and moderation domains write holds."""
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in TABLES
    }


class World:
    pass


@pytest.fixture
def world(ctx, make_user, make_consultation, make_proposal):
    w = World()
    w.consultation = make_consultation()
    w.author = make_user(display_name="Proposal author")
    w.proposal = make_proposal(w.consultation, w.author)
    w.alice, w.bob, w.carol = (make_user() for _ in range(3))
    w.moderator = make_user(roles=("moderator",))
    w.other_moderator = make_user(roles=("moderator",))
    w.discussion = fb.discussion_of(w.proposal)
    return w


def visible_comments(thread):
    return db.session.scalar(
        select(func.count())
        .select_from(Comment)
        .where(
            Comment.thread_id == thread.id,
            Comment.state == "published",
            Comment.moderation == "visible",
        )
    )


def assert_counts(world, expected):
    """The thread's and the proposal's counters equal the visible comments, and ``expected``."""
    db.session.expire_all()
    thread = db.session.get(Thread, world.discussion.thread.id)
    assert visible_comments(thread) == expected
    assert thread.comments_count == expected
    assert world.proposal.comments_count == expected


def refused(error_class, code, call):
    """``call()`` raises ``error_class`` with ``code`` and writes nothing."""
    before = rows()
    with pytest.raises(error_class) as raised:
        call()
    assert raised.value.code == code
    assert rows() == before
    return raised.value


# Posting ---------------------------------------------------------------------------------------


def test_a_first_comment_opens_the_thread_and_is_counted(world):
    comment = fb.post(world.discussion, world.alice, "Good idea, **really**.", "in_favour")
    thread = world.discussion.thread
    assert (thread.object_type, thread.object_id) == ("proposals", world.proposal.id)
    assert thread.consultation_id == world.consultation.id
    assert (comment.depth, comment.parent_id, comment.root_id) == (0, None, None)
    assert (comment.alignment, comment.state, comment.moderation) == (
        "in_favour",
        "published",
        "visible",
    )
    assert comment.consultation_id == world.consultation.id
    assert comment.body == "Good idea, **really**."
    assert_counts(world, 1)
    entry = db.session.scalar(
        select(HistoryEntry).where(
            HistoryEntry.action == "comment.posted", HistoryEntry.object_id == comment.id
        )
    )
    assert entry.actor_id == world.alice.id


def test_the_language_is_detected_unless_given(world):
    greek = fb.post(
        world.discussion, world.alice, "Συμφωνώ απόλυτα με αυτή την πρόταση για τη στέγαση."
    )
    given = fb.post(world.discussion, world.bob, "Short.", language="fr")
    assert greek.language == "el"
    assert given.language == "fr"


def test_a_consultation_has_its_own_thread(world):
    discussion = fb.discussion_of(world.consultation)
    comment = fb.post(discussion, world.alice, "A question about the timetable.", "neutral")
    assert discussion.thread.object_type == "consultations"
    assert discussion.thread.object_id == world.consultation.id
    assert discussion.thread.id != getattr(world.discussion.thread, "id", None)
    assert comment.consultation_id == world.consultation.id
    assert fb.discussion_of(world.consultation).thread.comments_count == 1


def test_replies_nest_three_levels_and_a_fourth_is_refused(world):
    top = fb.post(world.discussion, world.alice, "Top")
    first = fb.post(world.discussion, world.bob, "First reply", "against", parent=top)
    second = fb.post(world.discussion, world.carol, "Second reply", parent=first)
    third = fb.post(world.discussion, world.alice, "Third reply", parent=second)
    assert [c.depth for c in (top, first, second, third)] == [0, 1, 2, 3]
    assert {c.root_id for c in (first, second, third)} == {top.id}
    assert (first.parent_id, second.parent_id, third.parent_id) == (top.id, first.id, second.id)
    refused(
        fb.FeedbackError,
        "too_deep",
        lambda: fb.post(world.discussion, world.bob, "Fourth", parent=third),
    )
    # A reply at any shallower level is still fine.
    assert fb.post(world.discussion, world.bob, "Another", parent=second).depth == 3
    assert_counts(world, 5)


def test_a_member_posts_as_an_organisation_they_belong_to(world, make_user):
    admin = make_user(roles=("admin",))
    org = organisations.create(admin, "Solidarity Network", "Helps newcomers.")
    organisations.add_member(org, world.alice, admin)
    comment = fb.post(world.discussion, world.alice, "We can help.", organisation_id=org.id)
    assert comment.organisation_id == org.id and comment.author_id == world.alice.id
    error = refused(
        fb.FeedbackError,
        "not_member",
        lambda: fb.post(world.discussion, world.bob, "Me too.", organisation_id=org.id),
    )
    assert error.field == "organisation"


def test_official_notes_are_the_moderators(world, make_user):
    note = fb.post(world.discussion, world.moderator, "Please stay on topic.", official=True)
    assert note.official is True
    local = make_user()
    consultations.grant_local_moderator(world.consultation, local, world.moderator)
    assert fb.post(world.discussion, local, "A local note.", official=True).official is True
    refused(
        fb.FeedbackError,
        "forbidden",
        lambda: fb.post(world.discussion, world.alice, "I am official", official=True),
    )
    assert fb.post(world.discussion, world.alice, "Just me.").official is False


def test_a_locked_thread_refuses_members_but_not_moderators(world):
    top = fb.post(world.discussion, world.alice, "Before the lock")
    refused(fb.FeedbackError, "forbidden", lambda: fb.lock(world.discussion, world.alice))
    assert fb.lock(world.discussion, world.moderator, reason="Heated") is True
    assert world.discussion.thread.is_locked
    assert world.discussion.thread.locked_by_id == world.moderator.id
    assert fb.lock(world.discussion, world.moderator) is False  # already locked
    refused(fb.FeedbackError, "locked", lambda: fb.post(world.discussion, world.bob, "Hello?"))
    refused(
        fb.FeedbackError,
        "locked",
        lambda: fb.post(world.discussion, world.bob, "Reply?", parent=top),
    )
    refused(fb.FeedbackError, "locked", lambda: fb.edit(top, world.alice, "Changed"))
    note = fb.post(world.discussion, world.moderator, "Locked: too heated.", official=True)
    assert note.official
    assert fb.post(world.discussion, world.other_moderator, "Agreed.", parent=note).depth == 1
    assert fb.lock(world.discussion, world.moderator, locked=False) is True
    assert not world.discussion.thread.is_locked
    assert fb.post(world.discussion, world.bob, "Thanks").state == "published"
    actions = db.session.scalars(
        select(HistoryEntry.action).where(HistoryEntry.object_type == "threads")
    ).all()
    assert actions == ["thread.locked", "thread.unlocked"]


def test_a_lock_before_any_comment_opens_the_thread(world):
    assert world.discussion.thread is None
    fb.lock(world.discussion, world.moderator)
    assert world.discussion.thread.is_locked
    refused(fb.FeedbackError, "locked", lambda: fb.post(world.discussion, world.bob, "Hi"))


# Editing and deleting -------------------------------------------------------------------------


def test_an_edit_keeps_the_earlier_text_and_drops_the_translations(world):
    comment = fb.post(world.discussion, world.alice, "First text", language="en")
    translations.save(comment, "body", "el", "Πρώτο κείμενο", world.moderator)
    db.session.commit()
    assert fb.edit(comment, world.alice, "Second text") is True
    assert comment.body == "Second text" and comment.edited_at is not None
    [revision] = db.session.scalars(select(CommentRevision)).all()
    assert (revision.body, revision.language, revision.comment_id) == (
        "First text",
        "en",
        comment.id,
    )
    assert revision.written_at == comment.created_at
    assert translations.find(comment, "body", "el") is None
    fb.edit(comment, world.alice, "Third text")
    bodies = [r.body for r in db.session.scalars(select(CommentRevision).order_by("id"))]
    assert bodies == ["First text", "Second text"]
    # The same text again changes nothing.
    before = rows()
    assert fb.edit(comment, world.alice, "Third text") is False
    assert rows() == before


def test_only_the_author_edits_a_visible_comment(world):
    comment = fb.post(world.discussion, world.alice, "Mine")
    refused(fb.FeedbackError, "forbidden", lambda: fb.edit(comment, world.bob, "Yours"))
    refused(fb.FeedbackError, "forbidden", lambda: fb.edit(comment, world.moderator, "Ours"))
    mod.flag(comment, world.bob, "personal_info")
    assert comment.moderation == "pending"
    refused(fb.FeedbackError, "forbidden", lambda: fb.edit(comment, world.alice, "Fixed"))
    assert comment.body == "Mine"


def test_deleting_removes_text_revisions_and_translations_but_keeps_replies(world):
    top = fb.post(world.discussion, world.alice, "Original", language="en")
    reply = fb.post(world.discussion, world.bob, "A reply", parent=top)
    fb.edit(top, world.alice, "Edited")
    translations.save(top, "body", "el", "Επεξεργασμένο", world.moderator)
    db.session.commit()
    assert_counts(world, 2)
    fb.delete(top, world.alice)
    assert (top.state, top.body) == ("deleted", "")
    assert top.deleted_at is not None
    assert db.session.scalar(select(func.count()).select_from(CommentRevision)) == 0
    assert translations.find(top, "body", "el") is None
    db.session.expire_all()
    assert db.session.get(Comment, reply.id).state == "published"
    assert db.session.get(Comment, reply.id).parent_id == top.id
    assert_counts(world, 1)
    entry = db.session.scalar(select(HistoryEntry).where(HistoryEntry.action == "comment.delete"))
    assert (entry.object_id, entry.from_state, entry.to_state) == (top.id, "published", "deleted")


def test_only_the_author_deletes_and_only_once(world):
    comment = fb.post(world.discussion, world.alice, "Mine")
    refused(WorkflowError, "forbidden", lambda: fb.delete(comment, world.bob))
    refused(WorkflowError, "forbidden", lambda: fb.delete(comment, world.moderator))
    fb.delete(comment, world.alice)
    refused(WorkflowError, "wrong_state", lambda: fb.delete(comment, world.alice))
    assert_counts(world, 0)


def test_a_deleted_or_hidden_comment_takes_no_replies(world):
    gone = fb.post(world.discussion, world.alice, "Soon gone")
    fb.delete(gone, world.alice)
    refused(
        fb.FeedbackError,
        "parent_gone",
        lambda: fb.post(world.discussion, world.bob, "Reply", parent=gone),
    )
    hidden = fb.post(world.discussion, world.alice, "Soon hidden")
    mod.flag(hidden, world.carol, "personal_info")
    refused(
        fb.FeedbackError,
        "parent_gone",
        lambda: fb.post(world.discussion, world.bob, "Reply", parent=hidden),
    )


# Supports -------------------------------------------------------------------------------------


def test_a_comment_is_supported_once_per_person_and_not_by_its_author(world):
    comment = fb.post(world.discussion, world.alice, "Support me")
    fb.support(comment, world.bob)
    fb.support(comment, world.carol)
    assert comment.supports_count == 2
    refused(fb.FeedbackError, "already_supported", lambda: fb.support(comment, world.bob))
    refused(fb.FeedbackError, "forbidden", lambda: fb.support(comment, world.alice))
    assert comment.supports_count == 2
    assert fb.unsupport(comment, world.bob) is True
    assert fb.unsupport(comment, world.bob) is False
    assert comment.supports_count == 1
    supporters = db.session.scalars(select(CommentSupport.user_id)).all()
    assert supporters == [world.carol.id]


def test_deleted_and_hidden_comments_take_no_supports(world):
    deleted = fb.post(world.discussion, world.alice, "Deleted")
    fb.delete(deleted, world.alice)
    refused(fb.FeedbackError, "forbidden", lambda: fb.support(deleted, world.bob))
    hidden = fb.post(world.discussion, world.alice, "Hidden")
    mod.decide([hidden], world.moderator, "hide", "spam")
    refused(fb.FeedbackError, "forbidden", lambda: fb.support(hidden, world.bob))


# Curating -------------------------------------------------------------------------------------


def test_moderators_highlight_visible_comments(world):
    comment = fb.post(world.discussion, world.alice, "Insightful")
    refused(fb.FeedbackError, "forbidden", lambda: fb.highlight(comment, world.bob))
    assert fb.highlight(comment, world.moderator) is True
    assert comment.highlighted is True
    assert fb.highlight(comment, world.moderator) is False
    assert fb.highlight(comment, world.moderator, highlighted=False) is True
    assert comment.highlighted is False
    deleted = fb.post(world.discussion, world.bob, "Gone")
    fb.delete(deleted, world.bob)
    refused(fb.FeedbackError, "not_visible", lambda: fb.highlight(deleted, world.moderator))
    hidden = fb.post(world.discussion, world.bob, "Hidden")
    mod.decide([hidden], world.moderator, "hide", "off_topic")
    refused(fb.FeedbackError, "not_visible", lambda: fb.highlight(hidden, world.moderator))


def test_a_summary_covers_the_comments_so_far_and_an_empty_one_removes_it(world):
    first = fb.post(world.discussion, world.alice, "One")
    second = fb.post(world.discussion, world.bob, "Two", parent=first)
    thread = fb.summarise(world.discussion, world.moderator, "People agree, mostly.", "en")
    assert thread.summary == "People agree, mostly." and thread.summary_language == "en"
    assert thread.summary_until_id == second.id
    assert thread.summary_comments == 2
    assert thread.summarised_by_id == world.moderator.id and thread.summarised_at is not None
    later = fb.post(world.discussion, world.carol, "Three")
    assert later.id > thread.summary_until_id
    translations.submit(thread, "summary", "el", "Οι περισσότεροι συμφωνούν.", world.moderator)
    # Rewriting covers the later comment too and drops the translations of the old text.
    fb.summarise(world.discussion, world.moderator, "Everyone agrees now.", "en")
    assert thread.summary_until_id == later.id and thread.summary_comments == 3
    assert translations.find(thread, "summary", "el") is None
    translations.submit(thread, "summary", "ar", "الجميع متفقون الآن.", world.moderator)
    fb.summarise(world.discussion, world.moderator, "   ")
    assert thread.summary is None and thread.summary_language is None
    assert thread.summary_until_id is None and thread.summary_comments == 0
    assert thread.summarised_at is None and thread.summarised_by_id is None
    assert translations.find(thread, "summary", "ar") is None
    actions = db.session.scalars(
        select(HistoryEntry.action)
        .where(HistoryEntry.object_type == "threads")
        .order_by(HistoryEntry.id)
    ).all()
    assert actions[-1] == "thread.summary_removed"


def test_summary_translations(world):
    fb.post(world.discussion, world.alice, "One")
    thread = fb.summarise(world.discussion, world.moderator, "A short summary.", "en")
    saved = translations.submit(thread, "summary", "fr", "Un court résumé.", world.moderator)
    assert (saved.field, saved.locale, saved.text) == ("summary", "fr", "Un court résumé.")
    assert saved.translator_id == world.moderator.id
    again = translations.submit(thread, "summary", "fr", "Un bref résumé.", world.moderator)
    assert again.id == saved.id and again.text == "Un bref résumé."


def test_a_local_moderator_curates_their_consultations_threads_only(world, make_user):
    local = make_user()
    consultations.grant_local_moderator(world.consultation, local, world.moderator)
    comment = fb.post(world.discussion, world.alice, "Hello")
    assert fb.highlight(comment, local) is True
    assert fb.lock(world.discussion, local) is True
    other = fb.discussion_of(world.consultation)
    assert fb.summarise(other, local, "Local summary", "en").summary == "Local summary"


def test_a_local_moderator_of_another_consultation_may_not_curate(
    world, make_user, make_consultation
):
    elsewhere = make_consultation()
    local = make_user()
    consultations.grant_local_moderator(elsewhere, local, world.moderator)
    comment = fb.post(world.discussion, world.alice, "Hello")
    refused(fb.FeedbackError, "forbidden", lambda: fb.highlight(comment, local))
    refused(fb.FeedbackError, "forbidden", lambda: fb.lock(world.discussion, local))
    refused(
        fb.FeedbackError, "forbidden", lambda: fb.summarise(world.discussion, local, "No", "en")
    )


# Blocked authors ------------------------------------------------------------------------------


def test_a_blocked_person_may_not_post_reply_edit_or_support(world):
    theirs = fb.post(world.discussion, world.alice, "Before the block")
    other = fb.post(world.discussion, world.bob, "Someone else's")
    mod.block(world.alice, world.moderator, "spam")
    refused(fb.FeedbackError, "blocked", lambda: fb.post(world.discussion, world.alice, "Hi"))
    refused(
        fb.FeedbackError,
        "blocked",
        lambda: fb.post(world.discussion, world.alice, "Hi", parent=other),
    )
    refused(fb.FeedbackError, "blocked", lambda: fb.edit(theirs, world.alice, "Changed"))
    refused(fb.FeedbackError, "blocked", lambda: fb.support(other, world.alice))
    mod.unblock(world.alice, world.moderator)
    assert fb.post(world.discussion, world.alice, "Back").state == "published"


# Counters -------------------------------------------------------------------------------------


def test_the_counters_follow_posts_deletes_moderation_and_blocks(world):
    a1 = fb.post(world.discussion, world.alice, "Alice one")
    a2 = fb.post(world.discussion, world.alice, "Alice two", parent=a1)
    b1 = fb.post(world.discussion, world.bob, "Bob one")
    c1 = fb.post(world.discussion, world.carol, "Carol one", parent=b1)
    assert_counts(world, 4)
    fb.delete(c1, world.carol)
    assert_counts(world, 3)
    mod.decide([b1], world.moderator, "hide", "spam")
    assert_counts(world, 2)
    mod.decide([b1], world.moderator, "restore", "no_breach")
    assert_counts(world, 3)
    # Held for review, then dismissed.
    mod.flag(b1, world.carol, "personal_info")
    assert_counts(world, 2)
    mod.decide([b1], world.moderator, "dismiss", "no_breach")
    assert_counts(world, 3)
    # Hidden by a moderator, then the author blocked: counted once, not twice.
    mod.decide([a2], world.moderator, "hide", "off_topic")
    assert_counts(world, 2)
    mod.block(world.alice, world.moderator, "spam")
    assert_counts(world, 1)
    # A hidden comment deleted by its author: no second change.
    mod.decide([b1], world.moderator, "hide", "spam")
    assert_counts(world, 0)
    fb.delete(b1, world.bob)
    assert_counts(world, 0)
    mod.unblock(world.alice, world.moderator)
    # a1 comes back; a2 stays hidden (a moderator hid it); b1 is deleted.
    assert_counts(world, 1)
    assert db.session.get(Comment, a2.id).moderation == "hidden"


def test_a_deleted_comment_of_a_blocked_author_is_not_counted_back(world):
    kept = fb.post(world.discussion, world.alice, "Kept")
    gone = fb.post(world.discussion, world.alice, "Gone")
    fb.delete(gone, world.alice)
    assert_counts(world, 1)
    mod.block(world.alice, world.moderator, "spam")
    assert_counts(world, 0)
    mod.unblock(world.alice, world.moderator)
    assert_counts(world, 1)
    assert db.session.get(Comment, kept.id).moderation == "visible"


# Every refusal, with nothing written ------------------------------------------------------------


def _thread_with_top(world):
    return fb.post(world.discussion, world.alice, "Top", language="en")


REFUSALS = {
    "unknown_alignment": lambda w, top: fb.post(w.discussion, w.bob, "Hi", "maybe"),
    "body_required": lambda w, top: fb.post(w.discussion, w.bob, "  \r\n "),
    "body_too_long": lambda w, top: fb.post(w.discussion, w.bob, "x" * (BODY_MAX + 1)),
    "unknown_language": lambda w, top: fb.post(w.discussion, w.bob, "Hi there", language="xx"),
    "edit_body_required": lambda w, top: fb.edit(top, w.alice, ""),
    "edit_body_too_long": lambda w, top: fb.edit(top, w.alice, "y" * (BODY_MAX + 1)),
    "edit_unknown_language": lambda w, top: fb.edit(top, w.alice, "New", language="xx"),
    "summary_too_long": lambda w, top: fb.summarise(
        w.discussion, w.moderator, "z" * (SUMMARY_MAX + 1)
    ),
    "summary_unknown_language": lambda w, top: fb.summarise(
        w.discussion, w.moderator, "A summary", "xx"
    ),
    "summary_forbidden": lambda w, top: fb.summarise(w.discussion, w.bob, "My summary", "en"),
}
CODES = {
    "edit_body_required": "body_required",
    "edit_body_too_long": "body_too_long",
    "edit_unknown_language": "unknown_language",
    "summary_unknown_language": "unknown_language",
    "summary_forbidden": "forbidden",
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_each_refusal_writes_nothing(world, case):
    top = _thread_with_top(world)
    refused(fb.FeedbackError, CODES.get(case, case), lambda: REFUSALS[case](world, top))
    assert top.body == "Top"


@pytest.mark.parametrize("case", ["unknown_alignment", "unknown_language", "body_required"])
def test_a_refused_first_comment_opens_no_thread(world, case):
    """Before the first comment there is no thread: a refusal must not leave one behind."""
    refused(fb.FeedbackError, CODES.get(case, case), lambda: REFUSALS[case](world, None))
    assert feedback_queries.find_thread(world.proposal) is None


def test_a_refused_summary_opens_no_thread(world):
    refused(
        fb.FeedbackError,
        "unknown_language",
        lambda: fb.summarise(world.discussion, world.moderator, "A summary", "xx"),
    )
    assert feedback_queries.find_thread(world.proposal) is None


#: Refused summary translations: the code, and what the refusal is about.
SUMMARY_TRANSLATION_REFUSALS = {
    "no_summary": ("el", "Περίληψη", "moderator", "no_original", "summary"),
    "translate_forbidden": ("el", "Περίληψη", "bob", "forbidden", None),
    "same_language": ("en", "Same language", "moderator", "same_language", "locale"),
    "unknown_language": ("xx", "Unknown", "moderator", "unknown_language", "locale"),
    "empty": ("el", "   ", "moderator", "empty", "summary"),
    "too_long": ("el", "w" * (SUMMARY_MAX + 1), "moderator", "too_long", "summary"),
}


@pytest.mark.parametrize("case", sorted(SUMMARY_TRANSLATION_REFUSALS))
def test_a_refused_summary_translation_writes_nothing(world, case):
    locale, text, who, code, field = SUMMARY_TRANSLATION_REFUSALS[case]
    _thread_with_top(world)
    thread = world.discussion.thread
    if case != "no_summary":
        fb.summarise(world.discussion, world.moderator, "The summary.", "en")
    error = refused(
        translations.TranslationError,
        code,
        lambda: translations.submit(thread, "summary", locale, text, getattr(world, who)),
    )
    assert error.field == field


def test_a_reply_to_a_comment_of_another_thread_is_refused(world, make_proposal):
    elsewhere = fb.discussion_of(make_proposal(world.consultation))
    theirs = fb.post(elsewhere, world.alice, "Elsewhere")
    _thread_with_top(world)
    refused(
        fb.FeedbackError,
        "unknown_parent",
        lambda: fb.post(world.discussion, world.bob, "Reply", parent=theirs),
    )


def test_no_comment_where_the_subject_takes_none(world, make_consultation, make_proposal):
    closed = make_consultation(phase="review", state="closed")
    discussion = fb.discussion_of(make_proposal(closed))
    refused(fb.FeedbackError, "forbidden", lambda: fb.post(discussion, world.bob, "Late"))
    draft = fb.discussion_of(make_proposal(world.consultation, state="draft"))
    refused(fb.FeedbackError, "forbidden", lambda: fb.post(draft, world.bob, "Early"))
    hidden = make_proposal(world.consultation)
    mod.decide([hidden], world.moderator, "hide", "spam")
    refused(
        fb.FeedbackError, "forbidden", lambda: fb.post(fb.discussion_of(hidden), world.bob, "No")
    )
