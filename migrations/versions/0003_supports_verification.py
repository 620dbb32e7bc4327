"""Supports, participations, verification codes, and the consultation's support settings.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("consultations") as batch:
        batch.add_column(
            sa.Column("who_may_support", sa.String(16), nullable=False, server_default="members")
        )
        batch.add_column(
            sa.Column(
                "supports_in_proposals_phase", sa.Boolean(), nullable=False,
                server_default=sa.false(),
            )
        )  # fmt: skip
        batch.add_column(sa.Column("support_threshold", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("authors_may_support", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.create_check_constraint(
            "known_supporters", "who_may_support IN ('members', 'verified')"
        )
        batch.create_check_constraint(
            "threshold_positive", "support_threshold IS NULL OR support_threshold > 0"
        )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("verified_until", sa.DateTime(), nullable=True))
    with op.batch_alter_table("role_grants") as batch:
        batch.drop_constraint(op.f("ck_role_grants_known_role"), type_="check")
        batch.create_check_constraint("known_role", "role IN ('moderator', 'admin', 'verifier')")

    op.create_table(
        "supports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("assisted_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposals.id"],
            name=op.f("fk_supports_proposal_id_proposals"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_supports_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"], ["consultations.id"],
            name=op.f("fk_supports_consultation_id_consultations"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["assisted_by_id"], ["users.id"],
            name=op.f("fk_supports_assisted_by_id_users"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supports")),
        sa.UniqueConstraint("proposal_id", "user_id", name=op.f("uq_supports_proposal_id_user_id")),
    )  # fmt: skip
    op.create_index("ix_supports_consultation_user", "supports", ["consultation_id", "user_id"])
    op.create_table(
        "participations",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("supports_used", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("supports_used >= 0", name=op.f("ck_participations_not_negative")),
        sa.ForeignKeyConstraint(
            ["consultation_id"], ["consultations.id"],
            name=op.f("fk_participations_consultation_id_consultations"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"],
            name=op.f("fk_participations_user_id_users"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("consultation_id", "user_id", name=op.f("pk_participations")),
    )  # fmt: skip
    op.create_index(op.f("ix_participations_user_id"), "participations", ["user_id"])
    op.create_table(
        "verification_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("hint", sa.String(8), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("verified_days", sa.Integer(), nullable=False),
        sa.Column("redeemed_by_id", sa.Integer(), nullable=True),
        sa.Column("redeemed_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("verified_days > 0", name=op.f("ck_verification_codes_days_positive")),
        sa.ForeignKeyConstraint(
            ["issued_by_id"], ["users.id"], name=op.f("fk_verification_codes_issued_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["redeemed_by_id"], ["users.id"],
            name=op.f("fk_verification_codes_redeemed_by_id_users"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"], ["users.id"],
            name=op.f("fk_verification_codes_revoked_by_id_users"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_verification_codes_code_hash")),
    )  # fmt: skip
    op.create_index(
        op.f("ix_verification_codes_issued_by_id"), "verification_codes", ["issued_by_id"]
    )
    op.create_index(
        op.f("ix_verification_codes_redeemed_by_id"), "verification_codes", ["redeemed_by_id"]
    )


def downgrade():
    op.drop_index(op.f("ix_verification_codes_redeemed_by_id"), table_name="verification_codes")
    op.drop_index(op.f("ix_verification_codes_issued_by_id"), table_name="verification_codes")
    op.drop_table("verification_codes")
    op.drop_index(op.f("ix_participations_user_id"), table_name="participations")
    op.drop_table("participations")
    op.drop_index("ix_supports_consultation_user", table_name="supports")
    op.drop_table("supports")
    with op.batch_alter_table("role_grants") as batch:
        batch.drop_constraint(op.f("ck_role_grants_known_role"), type_="check")
        batch.create_check_constraint("known_role", "role IN ('moderator', 'admin')")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("verified_until")
    with op.batch_alter_table("consultations") as batch:
        batch.drop_constraint(op.f("ck_consultations_threshold_positive"), type_="check")
        batch.drop_constraint(op.f("ck_consultations_known_supporters"), type_="check")
        batch.drop_column("authors_may_support")
        batch.drop_column("support_threshold")
        batch.drop_column("supports_in_proposals_phase")
        batch.drop_column("who_may_support")
