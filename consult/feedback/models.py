from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.history import utcnow
from consult.core.moderated import MODERATION_CHECK, Moderated
from consult.extensions import db

BODY_MAX = 2000
SUMMARY_MAX = 5000
#: A top-level comment has depth 0; replies nest three levels below it.
MAX_DEPTH = 3
ALIGNMENTS = ("in_favour", "against", "neutral")
COMMENT_STATES = ("published", "deleted")


class Thread(db.Model):
    """The discussion of one subject, linked generically: ``(object_type, object_id)`` names a
    consultation, a proposal or any later content type (its table name and id)."""

    __tablename__ = "threads"
    __table_args__ = (
        sa.UniqueConstraint("object_type", "object_id", name="one_per_subject"),
        sa.CheckConstraint("comments_count >= 0", name="counts"),
        sa.CheckConstraint("length(summary) <= 5000", name="summary_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(sa.String(32))
    object_id: Mapped[int] = mapped_column()
    #: The consultation the subject belongs to (its local moderators moderate the thread).
    consultation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    locked_at: Mapped[datetime | None] = mapped_column()
    locked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    #: Published, visible comments: kept in the same transaction as the comments.
    comments_count: Mapped[int] = mapped_column(default=0)
    #: The moderators' summary (Markdown), in its own language; translations through the shared
    #: content model (field "summary").
    summary: Mapped[str | None] = mapped_column(sa.Text)
    summary_language: Mapped[str | None] = mapped_column(sa.String(8))
    #: The summary covers the comments up to this one (by id, in the order they were posted).
    summary_until_id: Mapped[int | None] = mapped_column()
    summary_comments: Mapped[int] = mapped_column(default=0)
    summarised_at: Mapped[datetime | None] = mapped_column()
    summarised_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def language(self):
        return self.summary_language

    @property
    def local_role_scope(self):
        return ("consultations", self.consultation_id) if self.consultation_id else None

    @property
    def is_locked(self):
        return self.locked_at is not None

    def __repr__(self):
        return f"<Thread {self.id} {self.object_type}:{self.object_id}>"


class Comment(Moderated, db.Model):
    kind = "comment"
    __tablename__ = "comments"
    __table_args__ = (
        sa.CheckConstraint(MODERATION_CHECK, name="known_moderation"),
        sa.CheckConstraint("state IN ('published', 'deleted')", name="known_state"),
        sa.CheckConstraint(
            "alignment IN ('in_favour', 'against', 'neutral')", name="known_alignment"
        ),
        sa.CheckConstraint("depth BETWEEN 0 AND 3", name="depth"),
        sa.CheckConstraint("(depth = 0) = (parent_id IS NULL)", name="replies_have_parent"),
        sa.CheckConstraint("(depth = 0) = (root_id IS NULL)", name="replies_have_root"),
        sa.CheckConstraint("length(body) <= 2000", name="body_length"),
        sa.CheckConstraint("state = 'deleted' OR length(body) >= 1", name="body_required"),
        sa.CheckConstraint("supports_count >= 0", name="counts"),
        sa.Index("ix_comments_thread", "thread_id", "depth", "created_at"),
        sa.Index("ix_comments_supported", "thread_id", "depth", "supports_count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(sa.ForeignKey("threads.id", ondelete="CASCADE"))
    #: The comment this replies to, and the top-level comment of its conversation (so a page of
    #: top-level comments loads all its replies in one query).
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("comments.id", ondelete="CASCADE"))
    root_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    depth: Mapped[int] = mapped_column(default=0)
    #: Copied from the thread: the consultation whose moderators moderate it.
    consultation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    #: Posted as this organisation (the author is one of its members).
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL")
    )
    #: An official note of the moderators, badged as such.
    official: Mapped[bool] = mapped_column(default=False)
    highlighted: Mapped[bool] = mapped_column(default=False)
    alignment: Mapped[str] = mapped_column(sa.String(10), default="neutral")
    language: Mapped[str] = mapped_column(sa.String(8))
    #: Markdown, shown through the one sanitiser; empty once deleted.
    body: Mapped[str] = mapped_column(sa.Text)
    state: Mapped[str] = mapped_column(sa.String(16), default="published")
    supports_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column()
    deleted_at: Mapped[datetime | None] = mapped_column()

    thread = relationship("Thread", lazy="raise")
    author = relationship("User", foreign_keys=[author_id], lazy="raise")
    organisation = relationship("Organisation", lazy="raise")

    @property
    def workflow(self):
        from consult.feedback.workflow import WORKFLOW

        return WORKFLOW

    @property
    def local_role_scope(self):
        return ("consultations", self.consultation_id) if self.consultation_id else None

    def effective_state(self):
        return self.state

    @property
    def is_published(self):
        return self.state == "published"

    def __repr__(self):
        return f"<Comment {self.id} {self.state}/{self.moderation}>"


class CommentRevision(db.Model):
    """An earlier text of an edited comment (the edit history, shown to readers)."""

    __tablename__ = "comment_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(sa.Text)
    language: Mapped[str] = mapped_column(sa.String(8))
    #: When this text was written (posted or last edited) and when it was replaced.
    written_at: Mapped[datetime] = mapped_column()
    replaced_at: Mapped[datetime] = mapped_column(default=utcnow)


class CommentSupport(db.Model):
    __tablename__ = "comment_supports"

    comment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
