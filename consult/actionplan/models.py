"""The Action Plan as published versions. A version's sections and measures are its own rows,
written once when the version is published and never changed (``_immutable``); a measure keeps
its ``key`` and its number across versions, so that "measure 3.2" means the same measure in the
consultation draft and in every later text."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.history import utcnow
from consult.extensions import db

MEASURE_STATES = ("active", "retired")
AMENDMENT_KINDS = ("add", "change", "retire")
CITABLE = ("proposals", "comments", "consultation_outcomes")
TITLE_MAX, TEXT_MAX, BODY_MAX = 300, 20000, 300


class ActionPlan(db.Model):
    __tablename__ = "action_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    language: Mapped[str] = mapped_column(sa.String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def local_role_scope(self):
        """Plan owners hold their role on the plan."""
        return ("action_plans", self.id)


class PlanVersion(db.Model):
    """A published text of the plan. Version n + 1 comes from one revision of version n: the
    database refuses a second (unique number), so two revisions of the same base cannot both be
    published."""

    __tablename__ = "plan_versions"
    __table_args__ = (
        sa.UniqueConstraint("plan_id", "number", name="uq_plan_versions_number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("action_plans.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column()
    language: Mapped[str] = mapped_column(sa.String(8))
    #: What this version is (an introduction, its objectives); Markdown.
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    #: The revision it was published from (None for the first version).
    revision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("plan_revisions.id", ondelete="SET NULL", use_alter=True)
    )
    published_at: Mapped[datetime] = mapped_column(default=utcnow)

    plan = relationship("ActionPlan", lazy="raise")

    @property
    def local_role_scope(self):
        return ("action_plans", self.plan_id)


class PlanSection(db.Model):
    __tablename__ = "plan_sections"
    __table_args__ = (
        sa.UniqueConstraint("version_id", "key", name="uq_plan_sections_key"),
        sa.UniqueConstraint("version_id", "number", name="uq_plan_sections_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("plan_versions.id", ondelete="CASCADE"), index=True
    )
    #: The section's identity across versions, and its stable number.
    key: Mapped[int] = mapped_column()
    number: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    language: Mapped[str] = mapped_column(sa.String(8))


class Measure(db.Model):
    __tablename__ = "plan_measures"
    __table_args__ = (
        sa.UniqueConstraint("version_id", "key", name="uq_plan_measures_key"),
        sa.UniqueConstraint("version_id", "code", name="uq_plan_measures_code"),
        sa.CheckConstraint("state IN ('active', 'retired')", name="known_state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("plan_versions.id", ondelete="CASCADE"), index=True
    )
    section_key: Mapped[int] = mapped_column()
    #: The measure's identity across versions, and its stable number ("3.2").
    key: Mapped[int] = mapped_column()
    code: Mapped[str] = mapped_column(sa.String(16))
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    responsible_body: Mapped[str] = mapped_column(sa.String(BODY_MAX), default="")
    indicators: Mapped[str] = mapped_column(sa.Text, default="")
    state: Mapped[str] = mapped_column(sa.String(8), default="active")
    language: Mapped[str] = mapped_column(sa.String(8))
    #: The amendment that made it what it is in this version (None: unchanged from the one
    #: before, or first published so).
    amendment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("plan_amendments.id", ondelete="SET NULL", use_alter=True)
    )

    version = relationship("PlanVersion", lazy="raise")

    @property
    def local_role_scope(self):
        return None

    @property
    def is_retired(self):
        return self.state == "retired"


@event.listens_for(PlanVersion, "before_update")
@event.listens_for(PlanSection, "before_update")
@event.listens_for(Measure, "before_update")
def _immutable(_mapper, _connection, target):
    """A published version, its sections and its measures are never changed, by anyone."""
    raise PublishedIsFinal(target)


class PublishedIsFinal(Exception):
    def __init__(self, target):
        super().__init__(f"{target!r} belongs to a published version and cannot change")


class Revision(db.Model):
    """A proposed next text of the plan: amendments to a base version."""

    __tablename__ = "plan_revisions"
    __table_args__ = (
        sa.CheckConstraint(
            "state IN ('draft', 'public_review', 'approved', 'rejected', 'published')",
            name="known_state",
        ),
        sa.CheckConstraint(
            "(state = 'published') = (published_version_id IS NOT NULL)",
            name="published_has_version",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("action_plans.id", ondelete="CASCADE"))
    base_version_id: Mapped[int] = mapped_column(sa.ForeignKey("plan_versions.id"))
    state: Mapped[str] = mapped_column(sa.String(16), default="draft")
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    #: Why this revision, in the plan owner's words (Markdown).
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    language: Mapped[str] = mapped_column(sa.String(8))
    opened_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_version_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("plan_versions.id", ondelete="SET NULL"), unique=True
    )

    base_version = relationship("PlanVersion", foreign_keys=[base_version_id], lazy="raise")

    @property
    def workflow(self):
        from consult.actionplan.workflow import REVISION

        return REVISION

    @property
    def local_role_scope(self):
        return ("action_plans", self.plan_id)

    def effective_state(self):
        return self.state


class Amendment(db.Model):
    """One change a revision makes: add a measure to a section, change a measure's text, or
    retire a measure. It cites what motivated it, or says the municipality initiated it."""

    __tablename__ = "plan_amendments"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('add', 'change', 'retire')", name="known_kind"),
        sa.CheckConstraint("kind = 'add' OR measure_key IS NOT NULL", name="names_its_measure"),
        sa.CheckConstraint("kind <> 'add' OR section_key IS NOT NULL", name="names_its_section"),
        sa.CheckConstraint("kind = 'retire' OR length(title) > 0", name="has_a_text"),
        sa.CheckConstraint("length(reason) > 0", name="has_a_reason"),
        sa.Index(
            "uq_plan_amendments_one_per_measure",
            "revision_id",
            "measure_key",
            unique=True,
            sqlite_where=sa.text("kind <> 'add'"),
            postgresql_where=sa.text("kind <> 'add'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(
        sa.ForeignKey("plan_revisions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(8))
    #: The measure changed or retired; for an added one, set when the revision is published.
    measure_key: Mapped[int | None] = mapped_column()
    #: Where an added measure goes.
    section_key: Mapped[int | None] = mapped_column()
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    responsible_body: Mapped[str] = mapped_column(sa.String(BODY_MAX), default="")
    indicators: Mapped[str] = mapped_column(sa.Text, default="")
    #: Why: the plan owner's words (always), with citations unless the city initiated it.
    reason: Mapped[str] = mapped_column(sa.Text)
    initiated_by_city: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(sa.String(8))
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    revision = relationship("Revision", lazy="raise")

    @property
    def local_role_scope(self):
        return None


class Citation(db.Model):
    """What an amendment cites: a proposal, a comment or a consultation's outcome."""

    __tablename__ = "plan_citations"
    __table_args__ = (
        sa.CheckConstraint(
            "object_type IN ('proposals', 'comments', 'consultation_outcomes')",
            name="known_object",
        ),
        sa.Index("ix_plan_citations_object", "object_type", "object_id"),
    )

    amendment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("plan_amendments.id", ondelete="CASCADE"), primary_key=True
    )
    object_type: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    object_id: Mapped[int] = mapped_column(primary_key=True)


class ConsultationLink(db.Model):
    """A consultation is about these sections and measures of a plan (by their stable keys)."""

    __tablename__ = "consultation_plan_links"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('section', 'measure')", name="known_kind"),
        sa.Index("ix_consultation_plan_links_target", "plan_id", "kind", "key"),
    )

    consultation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True
    )
    plan_id: Mapped[int] = mapped_column(
        sa.ForeignKey("action_plans.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    key: Mapped[int] = mapped_column(primary_key=True)
