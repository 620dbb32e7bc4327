from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.history import utcnow
from consult.extensions import db

#: Why a member flags content.
FLAG_REASONS = ("spam", "hate", "personal_info", "off_topic", "misinformation", "other")
#: Why a moderator decides: a flag reason when hiding, ``no_breach`` when restoring or dismissing.
DECISION_REASONS = (*FLAG_REASONS, "no_breach")
#: hide, restore, dismiss (the flags; the content stays or becomes visible), uphold (an appeal
#: refused), block and unblock (a person).
DECISION_ACTIONS = ("hide", "restore", "dismiss", "uphold", "block", "unblock")
DETAILS_MAX = 1000


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Flag(db.Model):
    """A member's report that content breaks the rules. One per person and item (the database
    refuses a second); resolved by the decision that answered it."""

    __tablename__ = "flags"
    __table_args__ = (
        sa.UniqueConstraint("object_type", "object_id", "user_id", name="once_per_person"),
        sa.CheckConstraint(_in("reason", FLAG_REASONS), name="known_reason"),
        sa.CheckConstraint("reason <> 'other' OR length(details) > 0", name="other_explained"),
        sa.CheckConstraint(f"length(details) <= {DETAILS_MAX}", name="details_length"),
        sa.Index("ix_flags_open", "decision_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The flagged item: a moderated table's name and the row's id.
    object_type: Mapped[str] = mapped_column(sa.String(32))
    object_id: Mapped[int] = mapped_column()
    consultation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(sa.String(24))
    details: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("moderation_decisions.id", ondelete="SET NULL")
    )

    user = relationship("User", lazy="raise")


class Decision(db.Model):
    """What a moderator decided about an item (or a person: ``object_type`` "users"), and why."""

    __tablename__ = "moderation_decisions"
    __table_args__ = (
        sa.CheckConstraint(_in("action", DECISION_ACTIONS), name="known_action"),
        sa.CheckConstraint(_in("reason", DECISION_REASONS), name="known_reason"),
        sa.CheckConstraint(f"length(text) <= {DETAILS_MAX}", name="text_length"),
        sa.Index("ix_moderation_decisions_object", "object_type", "object_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(sa.String(32))
    object_id: Mapped[int] = mapped_column()
    consultation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    moderator_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(12))
    reason: Mapped[str] = mapped_column(sa.String(24))
    text: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    moderator = relationship("User", lazy="raise")


class Appeal(db.Model):
    """The author's request to review a decision that hid their content: once per item, decided
    by a moderator other than the one who hid it."""

    __tablename__ = "moderation_appeals"
    __table_args__ = (
        sa.UniqueConstraint("object_type", "object_id", name="once_per_item"),
        sa.CheckConstraint("state IN ('open', 'granted', 'refused')", name="known_state"),
        sa.CheckConstraint("(state = 'open') = (decided_by_id IS NULL)", name="decided"),
        sa.CheckConstraint("decided_by_id <> hidden_by_id", name="another_moderator"),
        sa.CheckConstraint("decided_by_id <> author_id", name="not_the_author"),
        sa.CheckConstraint(f"length(text) BETWEEN 1 AND {DETAILS_MAX}", name="text_length"),
        sa.Index("ix_moderation_appeals_open", "state", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(sa.String(32))
    object_id: Mapped[int] = mapped_column()
    consultation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    #: The decision appealed, and the moderator who made it (who may not decide the appeal).
    decision_id: Mapped[int] = mapped_column(
        sa.ForeignKey("moderation_decisions.id", ondelete="CASCADE")
    )
    hidden_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(sa.Text)
    state: Mapped[str] = mapped_column(sa.String(8), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None] = mapped_column()
    #: The decision that answered it.
    answer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("moderation_decisions.id", ondelete="SET NULL")
    )

    decision = relationship("Decision", foreign_keys=[decision_id], lazy="raise")
    answer = relationship("Decision", foreign_keys=[answer_id], lazy="raise")


class Block(db.Model):
    """A moderator stops a person from posting (their content hidden), with a reason and an
    optional end. At most one block per person is in force (not lifted)."""

    __tablename__ = "moderation_blocks"
    __table_args__ = (
        sa.CheckConstraint(_in("reason", DECISION_REASONS), name="known_reason"),
        sa.CheckConstraint(f"length(text) <= {DETAILS_MAX}", name="text_length"),
        sa.CheckConstraint("ends_at IS NULL OR ends_at > created_at", name="ends_after_start"),
        sa.Index(
            "uq_moderation_blocks_in_force",
            "user_id",
            unique=True,
            sqlite_where=sa.text("lifted_at IS NULL"),
            postgresql_where=sa.text("lifted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    moderator_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(sa.String(24))
    text: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: None: until a moderator lifts it.
    ends_at: Mapped[datetime | None] = mapped_column()
    lifted_at: Mapped[datetime | None] = mapped_column()
    lifted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    user = relationship("User", foreign_keys=[user_id], lazy="raise")

    def in_force(self, now=None):
        now = now or utcnow()
        return self.lifted_at is None and (self.ends_at is None or self.ends_at > now)
