from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.history import utcnow
from consult.core.text import keep_folded
from consult.extensions import db

STATES = ("draft", "published", "open", "closed", "concluded", "archived")
#: Who may take part in a way: any signed-in member, or verified participants only.
AUDIENCES = ("members", "verified")
PHASES = ("information", "proposals", "voting", "review", "outcome")


class Consultation(db.Model):
    __tablename__ = "consultations"
    __table_args__ = (
        sa.CheckConstraint(
            "state IN ('draft', 'published', 'open', 'closed', 'concluded', 'archived')",
            name="known_state",
        ),
        sa.CheckConstraint("who_may_propose IN ('members', 'verified')", name="known_proposers"),
        sa.CheckConstraint("who_may_comment IN ('members', 'verified')", name="known_commenters"),
        sa.CheckConstraint("supports_per_person >= 0", name="supports_not_negative"),
        sa.CheckConstraint("who_may_support IN ('members', 'verified')", name="known_supporters"),
        sa.CheckConstraint(
            "support_threshold IS NULL OR support_threshold > 0", name="threshold_positive"
        ),
        sa.CheckConstraint(
            "opens_at <= proposals_start AND proposals_start < proposals_end"
            " AND proposals_start <= voting_start AND voting_start < voting_end"
            " AND proposals_end <= closes_at AND voting_end <= closes_at",
            name="phases_in_order",
        ),
        sa.CheckConstraint("flags_to_hide BETWEEN 1 AND 100", name="flags_to_hide_range"),
        sa.Index("ix_consultations_state_opens_at", "state", "opens_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The language the title, summary and body are written in.
    language: Mapped[str] = mapped_column(sa.String(8))
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.String(500))
    #: Markdown, shown through the one sanitiser.
    body: Mapped[str] = mapped_column(sa.Text)
    state: Mapped[str] = mapped_column(sa.String(16), default="draft")
    #: Start of the information phase: the consultation opens.
    opens_at: Mapped[datetime] = mapped_column()
    proposals_start: Mapped[datetime] = mapped_column()
    proposals_end: Mapped[datetime] = mapped_column()
    voting_start: Mapped[datetime] = mapped_column()
    voting_end: Mapped[datetime] = mapped_column()
    #: End of participation: the consultation closes and its review begins.
    closes_at: Mapped[datetime] = mapped_column(index=True)
    who_may_propose: Mapped[str] = mapped_column(sa.String(16), default="members")
    who_may_comment: Mapped[str] = mapped_column(sa.String(16), default="members")
    #: Supports each person may give in this consultation; 0 means no limit.
    supports_per_person: Mapped[int] = mapped_column(default=0)
    #: Who may support proposals: any member, or verified participants only.
    who_may_support: Mapped[str] = mapped_column(
        sa.String(16), default="members", server_default="members"
    )
    #: Whether supports are taken during the proposals phase too (not only while voting).
    supports_in_proposals_phase: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false()
    )
    #: Supports a proposal needs to be marked as having reached the threshold (None: no mark).
    support_threshold: Mapped[int | None] = mapped_column()
    #: Whether authors may support their own proposals.
    authors_may_support: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    #: Flags from distinct members that hide a proposal or comment until a moderator reviews it
    #: (a report of personal information hides it at the first).
    flags_to_hide: Mapped[int] = mapped_column(default=3, server_default="3")
    #: Categories proposals may be filed under, in the consultation's language.
    categories: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: Published (visible) proposals, kept in the same transaction as the proposals change.
    proposals_count: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    #: Title and text folded for finding (``core.text.fold``), kept by the operations.
    search_text: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    created_by = relationship("User", lazy="raise")

    @property
    def workflow(self):
        from consult.consultations.workflow import WORKFLOW

        return WORKFLOW

    @property
    def local_role_scope(self):
        """Local roles held on this consultation apply to it."""
        return ("consultations", self.id)

    def effective_state(self, now=None):
        """The state as of ``now``: a published consultation whose opening date has come is
        open, and one whose end has passed is closed, even before ``flask workflow tick`` runs."""
        now = now or utcnow()
        if self.state in ("published", "open") and now >= self.closes_at:
            return "closed"
        if self.state == "published" and now >= self.opens_at:
            return "open"
        return self.state

    def phase(self, now=None):
        """The phase people are in now: information, proposals, voting, review or outcome
        (None before it opens or while it is a draft)."""
        now = now or utcnow()
        state = self.effective_state(now)
        if state in ("concluded", "archived"):
            return "outcome"
        if state == "closed":
            return "review"
        if state != "open":
            return None
        if self.voting_start <= now < self.voting_end:
            return "voting"
        if self.proposals_start <= now < self.proposals_end:
            return "proposals"
        return "information"

    def __repr__(self):
        return f"<Consultation {self.id} {self.state}>"


keep_folded(Consultation, "title", "summary")
