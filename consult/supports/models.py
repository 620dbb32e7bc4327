from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.history import utcnow
from consult.extensions import db


class Support(db.Model):
    """One person's support for one proposal. Every column of the unique key is NOT NULL: a
    nullable column in it is how duplicate endorsements got into Decidim (CVE-2023-47634)."""

    __tablename__ = "supports"
    __table_args__ = (
        sa.UniqueConstraint("proposal_id", "user_id"),
        sa.Index("ix_supports_consultation_user", "consultation_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("proposals.id", ondelete="CASCADE"), nullable=False
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    #: The proposal's consultation, kept here so the per-person limit counts without a join.
    consultation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), nullable=False
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The verifier who recorded it for a participant present with them (assisted participation).
    assisted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    proposal = relationship("Proposal", lazy="raise")
    user = relationship("User", foreign_keys=[user_id], lazy="raise")
    assisted_by = relationship("User", foreign_keys=[assisted_by_id], lazy="raise")


class Participation(db.Model):
    """A person's standing in one consultation: the row a support locks so that the per-person
    limit holds under concurrent clicks."""

    __tablename__ = "participations"
    __table_args__ = (sa.CheckConstraint("supports_used >= 0", name="not_negative"),)

    consultation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    supports_used: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
