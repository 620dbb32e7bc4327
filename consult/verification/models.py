from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.history import utcnow
from consult.extensions import db


class VerificationCode(db.Model):
    """A single-use code a verifier hands out on a printed slip. Only its hash is kept; no
    document number, phone number or real name is ever stored."""

    __tablename__ = "verification_codes"
    __table_args__ = (
        sa.CheckConstraint("verified_days > 0", name="days_positive"),
        sa.CheckConstraint(
            "NOT (redeemed_at IS NOT NULL AND revoked_at IS NOT NULL AND revoked_at < redeemed_at)",
            name="not_redeemed_after_revocation",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 of the code (hex); the code itself is shown once, on the slip.
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: The code's last characters, so the verifier can tell their slips apart.
    hint: Mapped[str] = mapped_column(sa.String(8))
    issued_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    #: How long redeeming the code verifies the participant for.
    verified_days: Mapped[int] = mapped_column(default=365)
    redeemed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    redeemed_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()
    revoked_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    issued_by = relationship("User", foreign_keys=[issued_by_id], lazy="raise")
    redeemed_by = relationship("User", foreign_keys=[redeemed_by_id], lazy="raise")
