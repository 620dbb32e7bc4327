from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.history import utcnow
from consult.core.moderated import MODERATION_CHECK, Moderated
from consult.core.text import keep_folded
from consult.extensions import db

STATES = ("draft", "published", "evaluating", "accepted", "rejected", "withdrawn", "merged")
#: States in which a proposal is shown in lists and counted (while its moderation is visible).
VISIBLE_STATES = ("published", "evaluating", "accepted", "rejected")
TITLE_MAX, BODY_MAX = 150, 5000


class Proposal(Moderated, db.Model):
    kind = "proposal"
    __tablename__ = "proposals"
    __table_args__ = (
        sa.CheckConstraint(
            "state IN ('draft', 'published', 'evaluating', 'accepted', 'rejected', "
            "'withdrawn', 'merged')",
            name="known_state",
        ),
        sa.CheckConstraint(MODERATION_CHECK, name="known_moderation"),
        sa.CheckConstraint("length(title) BETWEEN 1 AND 150", name="title_length"),
        sa.CheckConstraint("length(body) <= 5000", name="body_length"),
        sa.CheckConstraint(
            "(state = 'merged') = (merged_into_id IS NOT NULL)", name="merged_has_target"
        ),
        sa.CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_self"),
        sa.CheckConstraint("supports_count >= 0 AND comments_count >= 0", name="counts"),
        sa.Index("ix_proposals_list", "consultation_id", "state", "published_at"),
        # The list's orders, newest and most supported (migration 0007).
        sa.Index("ix_proposals_newest", "consultation_id", "published_at", "id"),
        sa.Index(
            "ix_proposals_supported", "consultation_id", "supports_count", "published_at", "id"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE")
    )
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    #: The language the title and body are written in (detected, and correctable by the author).
    language: Mapped[str] = mapped_column(sa.String(8))
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    #: Markdown, shown through the one sanitiser.
    body: Mapped[str] = mapped_column(sa.Text)
    category: Mapped[str | None] = mapped_column(sa.String(80))
    state: Mapped[str] = mapped_column(sa.String(16), default="draft")
    #: The official answer of the moderators, in its own language.
    answer: Mapped[str | None] = mapped_column(sa.Text)
    answer_language: Mapped[str | None] = mapped_column(sa.String(8))
    answered_at: Mapped[datetime | None] = mapped_column()
    answered_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    #: Set when a moderator merged this proposal into another.
    merged_into_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("proposals.id", ondelete="SET NULL"), index=True
    )
    #: Kept in the same transaction as the supports and comments they count.
    supports_count: Mapped[int] = mapped_column(default=0)
    comments_count: Mapped[int] = mapped_column(default=0)
    #: Title and text folded for finding (``core.text.fold``), kept by the operations.
    search_text: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    consultation = relationship("Consultation", lazy="raise")
    author = relationship("User", foreign_keys=[author_id], lazy="raise")
    merged_into = relationship("Proposal", remote_side=[id], lazy="raise")

    @property
    def workflow(self):
        from consult.proposals.workflow import WORKFLOW

        return WORKFLOW

    @property
    def local_role_scope(self):
        """Local roles held on the proposal's consultation apply to it."""
        return ("consultations", self.consultation_id)

    def effective_state(self):
        return self.state

    @property
    def is_published(self):
        """Public, as far as its own workflow goes (moderation may still hide it)."""
        return self.state in VISIBLE_STATES

    @property
    def is_listed(self):
        """Shown in lists, results and exports, and counted."""
        return self.is_published and not self.is_hidden

    @classmethod
    def listed(cls):
        """The SQL condition of :attr:`is_listed`."""
        return sa.and_(cls.state.in_(VISIBLE_STATES), cls.moderation == "visible")

    def __repr__(self):
        return f"<Proposal {self.id} {self.state}>"


keep_folded(Proposal, "title", "body")
