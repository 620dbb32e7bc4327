from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from consult.core.history import utcnow
from consult.extensions import db

DISPOSITIONS = ("accepted", "partly_accepted", "rejected", "merged", "out_of_scope")
REASON_MAX = 5000
SUMMARY_MAX = 20000


class Disposition(db.Model):
    """What the moderators decided about one published proposal in the review phase, and why."""

    __tablename__ = "proposal_dispositions"
    __table_args__ = (
        sa.CheckConstraint(
            "disposition IN ('accepted', 'partly_accepted', 'rejected', 'merged', 'out_of_scope')",
            name="known_disposition",
        ),
        sa.CheckConstraint("length(reason) BETWEEN 1 AND 5000", name="reason_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("proposals.id", ondelete="CASCADE"), unique=True
    )
    consultation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    disposition: Mapped[str] = mapped_column(sa.String(16))
    #: Why, in the moderators' words; translations through the shared content model.
    reason: Mapped[str] = mapped_column(sa.Text)
    language: Mapped[str] = mapped_column(sa.String(8))
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def local_role_scope(self):
        return ("consultations", self.consultation_id)


class Outcome(db.Model):
    """A consultation's "you said, we did": a summary, the dispositions and the participation
    figures, frozen when it is published."""

    __tablename__ = "consultation_outcomes"
    __table_args__ = (
        sa.CheckConstraint("state IN ('draft', 'published')", name="known_state"),
        sa.CheckConstraint("(state = 'published') = (published_at IS NOT NULL)", name="published"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), unique=True
    )
    state: Mapped[str] = mapped_column(sa.String(16), default="draft")
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    language: Mapped[str] = mapped_column(sa.String(8))
    #: People, proposals, supports, comments and languages used, counted at publication.
    figures: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column()
    published_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    @property
    def workflow(self):
        from consult.outcomes.workflow import WORKFLOW

        return WORKFLOW

    @property
    def local_role_scope(self):
        return ("consultations", self.consultation_id)

    def effective_state(self):
        return self.state
