"""History (audit): who changed what, when, from which state to which, and why."""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.extensions import db


def utcnow():
    return datetime.now(UTC).replace(tzinfo=None)


class HistoryEntry(db.Model):
    __tablename__ = "history_entries"
    __table_args__ = (sa.Index("ix_history_entries_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    #: Who did it; empty for the system (a scheduled job, the command line without a user).
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: What was done, as a dotted name: ``user.role_granted``, ``organisation.created`` …
    action: Mapped[str] = mapped_column(sa.String(64))
    object_type: Mapped[str] = mapped_column(sa.String(32))
    object_id: Mapped[int] = mapped_column()
    from_state: Mapped[str | None] = mapped_column(sa.String(32))
    to_state: Mapped[str | None] = mapped_column(sa.String(32))
    #: Why, in the actor's words.
    comment: Mapped[str | None] = mapped_column(sa.Text)
    #: What changed, as small key/value pairs (never a password or a token).
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    actor = relationship("User", foreign_keys=[actor_id], lazy="raise")


#: What each action is called wherever history is shown (admin area, a consultation's or a
#: proposal's history). Each domain adds its own with :func:`label_actions`.
ACTION_LABELS = {}


def label_actions(labels):
    """Add ``{action: lazy label}`` to :data:`ACTION_LABELS` (each action labelled once)."""
    twice = set(labels) & set(ACTION_LABELS)
    if twice:
        raise ValueError(f"actions labelled twice: {sorted(twice)}")
    ACTION_LABELS.update(labels)


def init_app(app):
    @app.context_processor
    def history_labels():
        return {"action_labels": ACTION_LABELS}


def record(action, obj, actor=None, *, from_state=None, to_state=None, comment=None, **details):
    """Add a history entry for ``obj`` to the session (committed with the change it records)."""
    entry = HistoryEntry(
        action=action,
        object_type=obj.__tablename__,
        object_id=obj.id,
        actor_id=actor.id if actor is not None else None,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        details=details,
    )
    db.session.add(entry)
    return entry
