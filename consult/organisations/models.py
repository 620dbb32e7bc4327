from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.history import utcnow
from consult.extensions import db


class Organisation(db.Model):
    __tablename__ = "organisations"
    __table_args__ = (sa.CheckConstraint("length(name) BETWEEN 2 AND 120", name="name_length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    #: The name folded for case and look-alike forms; unique so no body can pass as another.
    name_key: Mapped[str] = mapped_column(sa.String(120), unique=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships = relationship(
        "OrganisationMembership",
        back_populates="organisation",
        cascade="all, delete-orphan",
        lazy="raise",
    )


class OrganisationMembership(db.Model):
    __tablename__ = "organisation_memberships"

    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation = relationship("Organisation", back_populates="memberships", lazy="joined")
    user = relationship("User", lazy="joined")
