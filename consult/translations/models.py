from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.history import utcnow
from consult.core.text import keep_folded
from consult.extensions import db

#: Where a translation came from.
ORIGINS = ("author", "human", "machine")
REVIEW_STATES = ("unreviewed", "reviewed")


class ContentTranslation(db.Model):
    """One field of one object in one other language (``proposals`` 7 ``title`` in ``ar``)."""

    __tablename__ = "content_translations"
    __table_args__ = (
        sa.UniqueConstraint("object_type", "object_id", "field", "locale"),
        sa.CheckConstraint("origin IN ('author', 'human', 'machine')", name="known_origin"),
        sa.CheckConstraint("review_state IN ('unreviewed', 'reviewed')", name="known_review"),
        sa.CheckConstraint("length(text) > 0", name="not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(sa.String(32))
    object_id: Mapped[int] = mapped_column()
    #: The translated field: title, summary, body, answer …
    field: Mapped[str] = mapped_column(sa.String(32))
    locale: Mapped[str] = mapped_column(sa.String(8))
    text: Mapped[str] = mapped_column(sa.Text)
    origin: Mapped[str] = mapped_column(sa.String(16))
    #: The person who wrote it (None for a machine translation).
    translator_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    review_state: Mapped[str] = mapped_column(sa.String(16), default="unreviewed")
    reviewed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    reviewed_at: Mapped[datetime | None] = mapped_column()
    #: The text folded for finding (case, accents: ``core.text.fold``).
    search_text: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    translator = relationship("User", foreign_keys=[translator_id], lazy="raise")
    reviewer = relationship("User", foreign_keys=[reviewed_by_id], lazy="raise")

    @property
    def is_machine_unreviewed(self):
        return self.origin == "machine" and self.review_state == "unreviewed"


class TranslatorLanguage(db.Model):
    """A language a translator translates into (they declare it; the worklist follows it)."""

    __tablename__ = "translator_languages"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


keep_folded(ContentTranslation, "text")
