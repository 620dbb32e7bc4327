"""Consultations, proposals, local roles and content translations.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "consultations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("plan_reference", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("opens_at", sa.DateTime(), nullable=False),
        sa.Column("proposals_start", sa.DateTime(), nullable=False),
        sa.Column("proposals_end", sa.DateTime(), nullable=False),
        sa.Column("voting_start", sa.DateTime(), nullable=False),
        sa.Column("voting_end", sa.DateTime(), nullable=False),
        sa.Column("closes_at", sa.DateTime(), nullable=False),
        sa.Column("who_may_propose", sa.String(length=16), nullable=False),
        sa.Column("who_may_comment", sa.String(length=16), nullable=False),
        sa.Column("supports_per_person", sa.Integer(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("proposals_count", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "state IN ('draft', 'published', 'open', 'closed', 'concluded', 'archived')",
            name=op.f("ck_consultations_known_state"),
        ),
        sa.CheckConstraint(
            "who_may_comment IN ('members', 'verified')",
            name=op.f("ck_consultations_known_commenters"),
        ),
        sa.CheckConstraint(
            "who_may_propose IN ('members', 'verified')",
            name=op.f("ck_consultations_known_proposers"),
        ),
        sa.CheckConstraint(
            "opens_at <= proposals_start AND proposals_start < proposals_end"
            " AND proposals_start <= voting_start AND voting_start < voting_end"
            " AND proposals_end <= closes_at AND voting_end <= closes_at",
            name=op.f("ck_consultations_phases_in_order"),
        ),
        sa.CheckConstraint(
            "supports_per_person >= 0", name=op.f("ck_consultations_supports_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_consultations_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultations")),
    )
    op.create_index(op.f("ix_consultations_closes_at"), "consultations", ["closes_at"])
    op.create_index("ix_consultations_state_opens_at", "consultations", ["state", "opens_at"])

    op.create_table(
        "content_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("translator_id", sa.Integer(), nullable=True),
        sa.Column("review_state", sa.String(length=16), nullable=False),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "origin IN ('author', 'human', 'machine')",
            name=op.f("ck_content_translations_known_origin"),
        ),
        sa.CheckConstraint(
            "review_state IN ('unreviewed', 'reviewed')",
            name=op.f("ck_content_translations_known_review"),
        ),
        sa.CheckConstraint("length(text) > 0", name=op.f("ck_content_translations_not_empty")),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"],
            ["users.id"],
            name=op.f("fk_content_translations_reviewed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["translator_id"],
            ["users.id"],
            name=op.f("fk_content_translations_translator_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_translations")),
        sa.UniqueConstraint(
            "object_type",
            "object_id",
            "field",
            "locale",
            name=op.f("uq_content_translations_object_type_object_id_field_locale"),
        ),
    )
    op.create_table(
        "local_roles",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(object_type = 'consultations' AND role IN ('moderator'))",
            name=op.f("ck_local_roles_known_local_role"),
        ),
        sa.ForeignKeyConstraint(
            ["granted_by_id"],
            ["users.id"],
            name=op.f("fk_local_roles_granted_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_local_roles_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint(
            "user_id", "role", "object_type", "object_id", name=op.f("pk_local_roles")
        ),
    )
    op.create_index("ix_local_roles_object", "local_roles", ["object_type", "object_id"])

    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=150), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=80), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answer_language", sa.String(length=8), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("supports_count", sa.Integer(), nullable=False),
        sa.Column("comments_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(state = 'merged') = (merged_into_id IS NOT NULL)",
            name=op.f("ck_proposals_merged_has_target"),
        ),
        sa.CheckConstraint(
            "state IN ('draft', 'published', 'evaluating', 'accepted', 'rejected', "
            "'withdrawn', 'merged')",
            name=op.f("ck_proposals_known_state"),
        ),
        sa.CheckConstraint("length(body) <= 5000", name=op.f("ck_proposals_body_length")),
        sa.CheckConstraint(
            "length(title) BETWEEN 1 AND 150", name=op.f("ck_proposals_title_length")
        ),
        sa.CheckConstraint(
            "merged_into_id IS NULL OR merged_into_id <> id", name=op.f("ck_proposals_not_self")
        ),
        sa.CheckConstraint(
            "supports_count >= 0 AND comments_count >= 0", name=op.f("ck_proposals_counts")
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["users.id"],
            name=op.f("fk_proposals_answered_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_proposals_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_proposals_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"],
            ["proposals.id"],
            name=op.f("fk_proposals_merged_into_id_proposals"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
    )
    op.create_index(op.f("ix_proposals_author_id"), "proposals", ["author_id"])
    op.create_index("ix_proposals_list", "proposals", ["consultation_id", "state", "published_at"])
    op.create_index(op.f("ix_proposals_merged_into_id"), "proposals", ["merged_into_id"])
    op.create_index("ix_proposals_supported", "proposals", ["consultation_id", "supports_count"])


def downgrade():
    op.drop_index("ix_proposals_supported", table_name="proposals")
    op.drop_index(op.f("ix_proposals_merged_into_id"), table_name="proposals")
    op.drop_index("ix_proposals_list", table_name="proposals")
    op.drop_index(op.f("ix_proposals_author_id"), table_name="proposals")
    op.drop_table("proposals")
    op.drop_index("ix_local_roles_object", table_name="local_roles")
    op.drop_table("local_roles")
    op.drop_table("content_translations")
    op.drop_index("ix_consultations_state_opens_at", table_name="consultations")
    op.drop_index(op.f("ix_consultations_closes_at"), table_name="consultations")
    op.drop_table("consultations")
