"""Feedback threads and comments; flags, moderation decisions, appeals and blocks; the
moderation state of proposals and the consultation's flag threshold.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "moderation_blocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("moderator_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=True),
        sa.Column("lifted_at", sa.DateTime(), nullable=True),
        sa.Column("lifted_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "reason IN ('spam', 'hate', 'personal_info', 'off_topic', 'misinformation', 'other',"
            " 'no_breach')",
            name=op.f("ck_moderation_blocks_known_reason"),
        ),
        sa.CheckConstraint(
            "ends_at IS NULL OR ends_at > created_at",
            name=op.f("ck_moderation_blocks_ends_after_start"),
        ),
        sa.CheckConstraint("length(text) <= 1000", name=op.f("ck_moderation_blocks_text_length")),
        sa.ForeignKeyConstraint(
            ["lifted_by_id"],
            ["users.id"],
            name=op.f("fk_moderation_blocks_lifted_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["moderator_id"],
            ["users.id"],
            name=op.f("fk_moderation_blocks_moderator_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_moderation_blocks_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_blocks")),
    )
    with op.batch_alter_table("moderation_blocks") as batch_op:
        batch_op.create_index(batch_op.f("ix_moderation_blocks_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            "uq_moderation_blocks_in_force",
            ["user_id"],
            unique=True,
            sqlite_where=sa.text("lifted_at IS NULL"),
            postgresql_where=sa.text("lifted_at IS NULL"),
        )

    op.create_table(
        "moderation_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=True),
        sa.Column("moderator_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "action IN ('hide', 'restore', 'dismiss', 'uphold', 'block', 'unblock')",
            name=op.f("ck_moderation_decisions_known_action"),
        ),
        sa.CheckConstraint(
            "reason IN ('spam', 'hate', 'personal_info', 'off_topic', 'misinformation', 'other',"
            " 'no_breach')",
            name=op.f("ck_moderation_decisions_known_reason"),
        ),
        sa.CheckConstraint(
            "length(text) <= 1000", name=op.f("ck_moderation_decisions_text_length")
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_moderation_decisions_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["moderator_id"],
            ["users.id"],
            name=op.f("fk_moderation_decisions_moderator_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_decisions")),
    )
    with op.batch_alter_table("moderation_decisions") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_moderation_decisions_consultation_id"), ["consultation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_moderation_decisions_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_moderation_decisions_moderator_id"), ["moderator_id"], unique=False
        )
        batch_op.create_index(
            "ix_moderation_decisions_object", ["object_type", "object_id"], unique=False
        )

    op.create_table(
        "threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=True),
        sa.Column("locked_at", sa.DateTime(), nullable=True),
        sa.Column("locked_by_id", sa.Integer(), nullable=True),
        sa.Column("comments_count", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("summary_language", sa.String(length=8), nullable=True),
        sa.Column("summary_until_id", sa.Integer(), nullable=True),
        sa.Column("summary_comments", sa.Integer(), nullable=False),
        sa.Column("summarised_at", sa.DateTime(), nullable=True),
        sa.Column("summarised_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("comments_count >= 0", name=op.f("ck_threads_counts")),
        sa.CheckConstraint("length(summary) <= 5000", name=op.f("ck_threads_summary_length")),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_threads_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["locked_by_id"],
            ["users.id"],
            name=op.f("fk_threads_locked_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["summarised_by_id"],
            ["users.id"],
            name=op.f("fk_threads_summarised_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_threads")),
        sa.UniqueConstraint("object_type", "object_id", name="one_per_subject"),
    )
    with op.batch_alter_table("threads") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_threads_consultation_id"), ["consultation_id"], unique=False
        )

    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("root_id", sa.Integer(), nullable=True),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("official", sa.Boolean(), nullable=False),
        sa.Column("highlighted", sa.Boolean(), nullable=False),
        sa.Column("alignment", sa.String(length=10), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("supports_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("edited_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("moderation", sa.String(length=8), server_default="visible", nullable=False),
        sa.Column("hidden_reason", sa.String(length=24), nullable=True),
        sa.CheckConstraint(
            "alignment IN ('in_favour', 'against', 'neutral')",
            name=op.f("ck_comments_known_alignment"),
        ),
        sa.CheckConstraint(
            "moderation IN ('visible', 'pending', 'hidden')",
            name=op.f("ck_comments_known_moderation"),
        ),
        sa.CheckConstraint(
            "state = 'deleted' OR length(body) >= 1", name=op.f("ck_comments_body_required")
        ),
        sa.CheckConstraint(
            "state IN ('published', 'deleted')", name=op.f("ck_comments_known_state")
        ),
        sa.CheckConstraint(
            "(depth = 0) = (parent_id IS NULL)", name=op.f("ck_comments_replies_have_parent")
        ),
        sa.CheckConstraint(
            "(depth = 0) = (root_id IS NULL)", name=op.f("ck_comments_replies_have_root")
        ),
        sa.CheckConstraint("depth BETWEEN 0 AND 3", name=op.f("ck_comments_depth")),
        sa.CheckConstraint("length(body) <= 2000", name=op.f("ck_comments_body_length")),
        sa.CheckConstraint("supports_count >= 0", name=op.f("ck_comments_counts")),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_comments_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_comments_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_comments_organisation_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["comments.id"],
            name=op.f("fk_comments_parent_id_comments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["root_id"],
            ["comments.id"],
            name=op.f("fk_comments_root_id_comments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_comments_thread_id_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
    )
    with op.batch_alter_table("comments") as batch_op:
        batch_op.create_index(batch_op.f("ix_comments_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_comments_consultation_id"), ["consultation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_comments_root_id"), ["root_id"], unique=False)
        batch_op.create_index(
            "ix_comments_supported", ["thread_id", "depth", "supports_count"], unique=False
        )
        batch_op.create_index(
            "ix_comments_thread", ["thread_id", "depth", "created_at"], unique=False
        )

    op.create_table(
        "flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "reason <> 'other' OR length(details) > 0", name=op.f("ck_flags_other_explained")
        ),
        sa.CheckConstraint(
            "reason IN ('spam', 'hate', 'personal_info', 'off_topic', 'misinformation', 'other')",
            name=op.f("ck_flags_known_reason"),
        ),
        sa.CheckConstraint("length(details) <= 1000", name=op.f("ck_flags_details_length")),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_flags_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["moderation_decisions.id"],
            name=op.f("fk_flags_decision_id_moderation_decisions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_flags_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flags")),
        sa.UniqueConstraint("object_type", "object_id", "user_id", name="once_per_person"),
    )
    with op.batch_alter_table("flags") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_flags_consultation_id"), ["consultation_id"], unique=False
        )
        batch_op.create_index("ix_flags_open", ["decision_id", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_flags_user_id"), ["user_id"], unique=False)

    op.create_table(
        "moderation_appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("hidden_by_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("answer_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(state = 'open') = (decided_by_id IS NULL)", name=op.f("ck_moderation_appeals_decided")
        ),
        sa.CheckConstraint(
            "state IN ('open', 'granted', 'refused')",
            name=op.f("ck_moderation_appeals_known_state"),
        ),
        sa.CheckConstraint(
            "decided_by_id <> author_id", name=op.f("ck_moderation_appeals_not_the_author")
        ),
        sa.CheckConstraint(
            "decided_by_id <> hidden_by_id", name=op.f("ck_moderation_appeals_another_moderator")
        ),
        sa.CheckConstraint(
            "length(text) BETWEEN 1 AND 1000", name=op.f("ck_moderation_appeals_text_length")
        ),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["moderation_decisions.id"],
            name=op.f("fk_moderation_appeals_answer_id_moderation_decisions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_moderation_appeals_author_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_moderation_appeals_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_moderation_appeals_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["moderation_decisions.id"],
            name=op.f("fk_moderation_appeals_decision_id_moderation_decisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["hidden_by_id"],
            ["users.id"],
            name=op.f("fk_moderation_appeals_hidden_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_appeals")),
        sa.UniqueConstraint("object_type", "object_id", name="once_per_item"),
    )
    with op.batch_alter_table("moderation_appeals") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_moderation_appeals_consultation_id"), ["consultation_id"], unique=False
        )
        batch_op.create_index("ix_moderation_appeals_open", ["state", "created_at"], unique=False)

    op.create_table(
        "comment_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.Column("replaced_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name=op.f("fk_comment_revisions_comment_id_comments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment_revisions")),
    )
    with op.batch_alter_table("comment_revisions") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_comment_revisions_comment_id"), ["comment_id"], unique=False
        )

    op.create_table(
        "comment_supports",
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name=op.f("fk_comment_supports_comment_id_comments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_comment_supports_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("comment_id", "user_id", name=op.f("pk_comment_supports")),
    )
    with op.batch_alter_table("comment_supports") as batch_op:
        batch_op.create_index(batch_op.f("ix_comment_supports_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("consultations") as batch_op:
        batch_op.add_column(
            sa.Column("flags_to_hide", sa.Integer(), server_default="3", nullable=False)
        )
        batch_op.create_check_constraint("flags_to_hide_range", "flags_to_hide BETWEEN 1 AND 100")

    with op.batch_alter_table("proposals") as batch_op:
        batch_op.add_column(
            sa.Column("moderation", sa.String(length=8), server_default="visible", nullable=False)
        )
        batch_op.add_column(sa.Column("hidden_reason", sa.String(length=24), nullable=True))
        batch_op.create_check_constraint(
            "known_moderation", "moderation IN ('visible', 'pending', 'hidden')"
        )


def downgrade():
    with op.batch_alter_table("proposals") as batch_op:
        batch_op.drop_constraint(op.f("ck_proposals_known_moderation"), type_="check")
        batch_op.drop_column("hidden_reason")
        batch_op.drop_column("moderation")
    with op.batch_alter_table("consultations") as batch_op:
        batch_op.drop_constraint(op.f("ck_consultations_flags_to_hide_range"), type_="check")
        batch_op.drop_column("flags_to_hide")
    # Dropping a table drops its indexes.
    for table in (
        "comment_supports",
        "comment_revisions",
        "moderation_appeals",
        "flags",
        "comments",
        "threads",
        "moderation_decisions",
        "moderation_blocks",
    ):
        op.drop_table(table)
