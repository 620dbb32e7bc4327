"""Finding a subject's thread and what a thread is about, a comment's earlier texts and
organisation membership; the comment and summary content types."""

from flask import g, has_request_context, url_for
from sqlalchemy import and_, exists, select

from consult.core import content
from consult.core.moderated import may_see_hidden
from consult.core.permissions import can
from consult.extensions import db
from consult.feedback.models import Comment, CommentRevision, Thread
from consult.feedback.subjects import by_table
from consult.feedback.threads import load_comment
from consult.organisations.models import OrganisationMembership


def revisions_of(comment):
    """The comment's earlier texts, newest first."""
    return db.session.scalars(
        select(CommentRevision)
        .where(CommentRevision.comment_id == comment.id)
        .order_by(CommentRevision.replaced_at.desc(), CommentRevision.id.desc())
    ).all()


def find_thread(subject):
    """The subject's thread or None (none when :func:`remember_thread` gave it already)."""
    key = (subject.__tablename__, subject.id)
    known = g.get("_threads", {}) if has_request_context() else {}
    if key in known:
        return known.pop(key)
    return db.session.scalar(
        select(Thread).where(
            Thread.object_type == subject.__tablename__, Thread.object_id == subject.id
        )
    )


def remember_thread(subject, thread):
    """The subject's thread (or None), loaded with the subject: the next :func:`find_thread`
    of this request takes it without a statement."""
    if has_request_context():
        g.setdefault("_threads", {})[subject.__tablename__, subject.id] = thread


def thread_join(model):
    """The outer join condition of ``model``'s rows to their threads."""
    return and_(Thread.object_type == model.__tablename__, Thread.object_id == model.id)


def subject_of(thread):
    """The thread's subject, loaded as its permissions need."""
    return by_table(thread.object_type).load(thread.object_id)


def is_member(user, organisation_id):
    return db.session.scalar(
        select(
            exists().where(
                OrganisationMembership.user_id == user.id,
                OrganisationMembership.organisation_id == organisation_id,
            )
        )
    )


def _subject_readable(user, thread):
    subject = subject_of(thread)
    kind = by_table(thread.object_type)
    return subject is not None and can(user, f"{kind.name}.view", subject)


def _subject_url(thread, **kwargs):
    kind = by_table(thread.object_type)
    return url_for(kind.endpoint, **{kind.id_arg: thread.object_id}, **kwargs)


content.register(
    content.ContentType(
        "comment",
        Comment,
        load_comment,
        lambda user, comment: (
            comment.is_published
            and may_see_hidden(user, comment)
            and _subject_readable(user, comment.thread)
        ),
        lambda comment: _subject_url(
            comment.__dict__.get("thread") or db.session.get(Thread, comment.thread_id),
            _anchor=f"comment-{comment.id}",
        ),
    )
)
content.register(
    content.ContentType(
        "summary",
        Thread,
        lambda thread_id: db.session.get(Thread, thread_id),
        lambda user, thread: bool(thread.summary) and _subject_readable(user, thread),
        lambda thread: _subject_url(thread, _anchor="summary"),
    )
)
