"""Everything that changes a thread or a comment: post, reply, edit, delete, support, lock,
highlight and summarise. Views and the command line call these; nothing else writes them.

Each operation checks first and changes afterwards: a refusal raises :class:`FeedbackError` (or
the workflow engine's ``WorkflowError``) with nothing written. Each records history and commits.
Counts of visible comments change in SQL, in the same transaction; the subject's own domain
hears of them through ``signals.comments_counted``.
"""

from flask import current_app
from sqlalchemy import select
from sqlalchemy import update as sql_update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from consult.core import signals
from consult.core.history import record, utcnow
from consult.core.languages import CONTENT_LANGUAGES, detect_language
from consult.core.permissions import can
from consult.core.text import clean_text
from consult.core.workflow import perform
from consult.extensions import db
from consult.feedback import queries
from consult.feedback.models import (
    ALIGNMENTS,
    BODY_MAX,
    MAX_DEPTH,
    SUMMARY_MAX,
    Comment,
    CommentRevision,
    CommentSupport,
    Thread,
)
from consult.feedback.subjects import Discussion, kind_of
from consult.moderation.queries import posting_block
from consult.translations import operations as translations


class FeedbackError(Exception):
    """A refused change: ``code`` says why, ``field`` which form field it is about."""

    def __init__(self, code, field=None):
        super().__init__(code)
        self.code = code
        self.field = field


# Reading helpers ------------------------------------------------------------------------------


def discussion_of(subject, thread=None):
    """The subject with its thread (loaded unless given)."""
    return _ready(
        Discussion(kind_of(subject).name, subject, thread or queries.find_thread(subject))
    )


def _ready(discussion):
    """Load on the subject what its permissions ask for (again after a commit expired it)."""
    kind = kind_of(discussion.subject)
    if kind.prepare is not None:
        kind.prepare(discussion.subject)
    return discussion


def moderates(user, discussion):
    """Does ``user`` curate the discussion (its thread, or the one it would have)?"""
    thread = discussion.thread
    if thread is None:
        kind = kind_of(discussion.subject)
        thread = Thread(consultation_id=kind.consultation_id(discussion.subject))
    return can(user, "feedback.moderate", thread)


def _thread_for(discussion):
    """The discussion's thread, created on first use (the database keeps one per subject: a
    second creator at the same moment finds the first's)."""
    if discussion.thread is not None:
        return discussion.thread
    subject = discussion.subject
    kind = kind_of(subject)
    thread = Thread(
        object_type=subject.__tablename__,
        object_id=subject.id,
        consultation_id=kind.consultation_id(subject),
    )
    try:
        with db.session.begin_nested():
            db.session.add(thread)
    except IntegrityError:
        thread = queries.find_thread(subject)
    discussion.thread = thread
    return thread


def _count(thread, change):
    """Add ``change`` to the visible comments of ``thread`` and of its subject."""
    db.session.execute(
        sql_update(Thread)
        .where(Thread.id == thread.id)
        .values(comments_count=Thread.comments_count + change)
    )
    signals.comments_counted.send(
        current_app._get_current_object(),
        object_type=thread.object_type,
        object_id=thread.object_id,
        change=change,
    )


def _refuse_blocked(user):
    if posting_block(user) is not None:
        raise FeedbackError("blocked")


def _clean_body(body, field="body"):
    body = clean_text(body)
    if not body:
        raise FeedbackError("body_required", field)
    if len(body) > BODY_MAX:
        raise FeedbackError("body_too_long", field)
    return body


def _check_language(language):
    if language and language not in CONTENT_LANGUAGES:
        raise FeedbackError("unknown_language", "language")


def _language(language, text, default):
    _check_language(language)
    return language or detect_language(text, default)


def _default_language(thread):
    from consult.consultations.models import Consultation

    if thread.consultation_id is not None:
        consultation = db.session.get(Consultation, thread.consultation_id)
        if consultation is not None:
            return consultation.language
    return "el"


# Comments -------------------------------------------------------------------------------------


def post(
    discussion,
    author,
    body,
    alignment="neutral",
    *,
    parent=None,
    organisation_id=None,
    official=False,
    language=None,
):
    """``author`` comments on the discussion's subject, or replies to ``parent`` (three levels
    at most), possibly as an organisation they belong to, or as an official moderators' note."""
    _ready(discussion)
    _refuse_blocked(author)
    if not can(author, "feedback.comment", discussion):
        thread = discussion.thread
        locked = thread is not None and thread.is_locked
        raise FeedbackError("locked" if locked else "forbidden")
    if parent is not None:
        if discussion.thread is None or parent.thread_id != discussion.thread.id:
            raise FeedbackError("unknown_parent")
        if parent.depth >= MAX_DEPTH:
            raise FeedbackError("too_deep")
        if not parent.is_published or parent.is_hidden:
            raise FeedbackError("parent_gone")
    if alignment not in ALIGNMENTS:
        raise FeedbackError("unknown_alignment", "alignment")
    body = _clean_body(body)
    if organisation_id is not None and not queries.is_member(author, organisation_id):
        raise FeedbackError("not_member", "organisation")
    if official and not moderates(author, discussion):
        raise FeedbackError("forbidden")
    _check_language(language)
    thread = _thread_for(discussion)
    comment = Comment(
        thread_id=thread.id,
        parent_id=parent.id if parent is not None else None,
        root_id=(parent.root_id or parent.id) if parent is not None else None,
        depth=parent.depth + 1 if parent is not None else 0,
        consultation_id=thread.consultation_id,
        author_id=author.id,
        organisation_id=organisation_id,
        official=bool(official),
        alignment=alignment,
        language=_language(language, body, _default_language(thread)),
        body=body,
    )
    db.session.add(comment)
    db.session.flush()
    set_committed_value(comment, "thread", thread)
    _count(thread, +1)
    signals.wrote(comment)
    record(
        "comment.posted",
        comment,
        author,
        to_state=comment.state,
        thread_id=thread.id,
        organisation_id=organisation_id,
        official=comment.official,
    )
    db.session.commit()
    return comment


def edit(comment, actor, body, language=None):
    """The author changes their comment; the text it had is kept in its edit history, and its
    translations (which no longer match) are dropped. Returns whether anything changed."""
    _refuse_blocked(actor)
    if not can(actor, "comment.edit", comment):
        raise FeedbackError("forbidden")
    thread = db.session.get(Thread, comment.thread_id)
    if thread.is_locked:
        raise FeedbackError("locked")
    body = _clean_body(body)
    language = _language(language, body, comment.language)
    if body == comment.body and language == comment.language:
        return False
    db.session.add(
        CommentRevision(
            comment_id=comment.id,
            body=comment.body,
            language=comment.language,
            written_at=comment.edited_at or comment.created_at,
        )
    )
    translations.remove_all(comment)
    comment.body = body
    comment.language = language
    comment.edited_at = utcnow()
    record("comment.edited", comment, actor)
    signals.wrote(comment)
    db.session.commit()
    return True


def delete(comment, actor):
    """The author deletes their comment: its text, earlier texts and translations go; it shows
    as deleted where it has replies."""
    thread = db.session.get(Thread, comment.thread_id)
    was_counted = comment.is_published and not comment.is_hidden
    perform(comment, "delete", actor)
    comment.body = ""
    comment.deleted_at = utcnow()
    db.session.execute(
        CommentRevision.__table__.delete().where(CommentRevision.comment_id == comment.id)
    )
    translations.remove_all(comment)
    if was_counted:
        _count(thread, -1)
    db.session.commit()


def support(comment, user):
    """``user`` supports the comment, once (the database refuses a second)."""
    _refuse_blocked(user)
    if not can(user, "comment.support", comment):
        raise FeedbackError("forbidden")
    try:
        with db.session.begin_nested():
            db.session.add(CommentSupport(comment_id=comment.id, user_id=user.id))
    except IntegrityError:
        raise FeedbackError("already_supported") from None
    db.session.execute(
        sql_update(Comment)
        .where(Comment.id == comment.id)
        .values(supports_count=Comment.supports_count + 1)
    )
    db.session.commit()


def unsupport(comment, user):
    """``user`` takes their support back; returns whether they had given it."""
    removed = db.session.execute(
        CommentSupport.__table__.delete().where(
            CommentSupport.comment_id == comment.id, CommentSupport.user_id == user.id
        )
    ).rowcount
    if removed:
        db.session.execute(
            sql_update(Comment)
            .where(Comment.id == comment.id)
            .values(supports_count=Comment.supports_count - 1)
        )
    db.session.commit()
    return bool(removed)


# Curating -------------------------------------------------------------------------------------


def _require_moderator(actor, thread):
    if not can(actor, "feedback.moderate", thread):
        raise FeedbackError("forbidden")


def lock(discussion, actor, locked=True, reason=None):
    """A moderator locks the thread (no new comments, replies or edits) or unlocks it."""
    if not moderates(actor, discussion):
        raise FeedbackError("forbidden")
    thread = _thread_for(discussion)
    if thread.is_locked == locked:
        return False
    thread.locked_at = utcnow() if locked else None
    thread.locked_by_id = actor.id if locked else None
    reason = clean_text(reason) or None
    record("thread.locked" if locked else "thread.unlocked", thread, actor, comment=reason)
    db.session.commit()
    return True


def highlight(comment, actor, highlighted=True):
    """A moderator highlights a comment (or stops highlighting it)."""
    thread = db.session.get(Thread, comment.thread_id)
    _require_moderator(actor, thread)
    if not comment.is_published or comment.is_hidden:
        raise FeedbackError("not_visible")
    if comment.highlighted == highlighted:
        return False
    comment.highlighted = highlighted
    record("comment.highlighted" if highlighted else "comment.unhighlighted", comment, actor)
    db.session.commit()
    return True


def summarise(discussion, actor, text, language=None):
    """A moderator writes (or rewrites) the thread's summary; it covers the comments posted so
    far. An empty text removes it."""
    if not moderates(actor, discussion):
        raise FeedbackError("forbidden")
    text = clean_text(text)
    if len(text) > SUMMARY_MAX:
        raise FeedbackError("summary_too_long", "text")
    _check_language(language)
    thread = _thread_for(discussion)
    translations.remove_all(thread, "summary")
    if not text:
        thread.summary = thread.summary_language = thread.summary_until_id = None
        thread.summary_comments = 0
        thread.summarised_at = thread.summarised_by_id = None
        record("thread.summary_removed", thread, actor)
        db.session.commit()
        return thread
    thread.summary = text
    thread.summary_language = _language(language, text, _default_language(thread))
    thread.summary_until_id = db.session.scalar(
        select(db.func.max(Comment.id)).where(Comment.thread_id == thread.id)
    )
    thread.summary_comments = thread.comments_count
    thread.summarised_at = utcnow()
    thread.summarised_by_id = actor.id
    record("thread.summarised", thread, actor, language=thread.summary_language)
    signals.wrote(thread)
    db.session.commit()
    return thread


# Moderation -----------------------------------------------------------------------------------


@signals.transitioned.connect
def _count_moderated(_sender, obj, workflow, source, target, **_kwargs):
    """A published comment hidden or restored by the moderators leaves or rejoins the counts."""
    if workflow != "moderation" or not isinstance(obj, Comment) or not obj.is_published:
        return
    change = +1 if target == "visible" else -1 if source == "visible" else 0
    if change:
        _count(db.session.get(Thread, obj.thread_id), change)
