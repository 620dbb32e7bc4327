import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.history import utcnow
from consult.core.text import keep_folded
from consult.extensions import db


def new_session_token():
    return secrets.token_urlsafe(24)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint("length(display_name) BETWEEN 2 AND 40", name="display_name_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased, so that uniqueness ignores case.
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    #: The public name: a pseudonym, never asked to be a real name.
    display_name: Mapped[str] = mapped_column(sa.String(40))
    #: The display name folded for case and look-alike forms; unique so nobody can pass as another.
    display_name_key: Mapped[str] = mapped_column(sa.String(40), unique=True)
    preferred_locale: Mapped[str] = mapped_column(sa.String(8))
    terms_version: Mapped[str] = mapped_column(sa.String(16))
    terms_accepted_at: Mapped[datetime] = mapped_column()
    #: Part of the session cookie; changing it signs the account out everywhere.
    session_token: Mapped[str] = mapped_column(sa.String(64), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    blocked_at: Mapped[datetime | None] = mapped_column()
    #: Until when the account is a verified participant (verified in person, by a code).
    verified_until: Mapped[datetime | None] = mapped_column()
    block_reason: Mapped[str | None] = mapped_column(sa.Text)
    #: Other languages the person reads, in order: content not in their interface language is
    #: shown in the first of these it exists in, before falling back to the original.
    reading_languages: Mapped[list] = mapped_column(sa.JSON, default=list, server_default="[]")
    #: Public name and email folded for finding (``core.text.fold``), kept on every write.
    search_text: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    roles = relationship(
        "RoleGrant",
        back_populates="user",
        lazy="selectin",
        cascade="all, delete-orphan",
        foreign_keys="RoleGrant.user_id",
    )

    def get_id(self):
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self):
        return self.blocked_at is None

    @property
    def is_verified_participant(self):
        return self.verified_until is not None and self.verified_until > utcnow()

    @property
    def role_names(self):
        return {grant.role for grant in self.roles}

    def has_role(self, role):
        return role in self.role_names

    def __repr__(self):
        return f"<User {self.id} {self.display_name!r}>"


#: Roles beyond "member", which every account has.
ROLES = ("moderator", "admin", "verifier", "translator")


keep_folded(User, "display_name", "email")


class RoleGrant(db.Model):
    __tablename__ = "role_grants"
    __table_args__ = (
        sa.CheckConstraint(
            "role IN ('moderator', 'admin', 'verifier', 'translator')", name="known_role"
        ),
    )

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    user = relationship("User", back_populates="roles", foreign_keys=[user_id])


#: Roles granted on one object rather than everywhere: object type -> the roles it knows.
LOCAL_ROLES = {"consultations": ("moderator",), "action_plans": ("owner",)}


class LocalRole(db.Model):
    """A role held on one object only (e.g. a moderator of just this consultation)."""

    __tablename__ = "local_roles"
    __table_args__ = (
        sa.CheckConstraint(
            "(object_type = 'consultations' AND role IN ('moderator'))"
            " OR (object_type = 'action_plans' AND role IN ('owner'))",
            name="known_local_role",
        ),
        sa.Index("ix_local_roles_object", "object_type", "object_id"),
    )

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    object_type: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    object_id: Mapped[int] = mapped_column(primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    user = relationship("User", foreign_keys=[user_id], lazy="raise")
