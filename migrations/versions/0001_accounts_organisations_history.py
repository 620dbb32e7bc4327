"""Accounts, roles, organisations and the history (audit) table.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("display_name", sa.String(40), nullable=False),
        sa.Column("display_name_key", sa.String(40), nullable=False),
        sa.Column("preferred_locale", sa.String(8), nullable=False),
        sa.Column("terms_version", sa.String(16), nullable=False),
        sa.Column("terms_accepted_at", sa.DateTime(), nullable=False),
        sa.Column("session_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("blocked_at", sa.DateTime(), nullable=True),
        sa.Column("block_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "length(display_name) BETWEEN 2 AND 40", name=op.f("ck_users_display_name_length")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
        sa.UniqueConstraint("display_name_key", name=op.f("uq_users_display_name_key")),
    )
    op.create_table(
        "role_grants",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("role IN ('moderator', 'admin')", name=op.f("ck_role_grants_known_role")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_role_grants_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["granted_by_id"],
            ["users.id"],
            name=op.f("fk_role_grants_granted_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("user_id", "role", name=op.f("pk_role_grants")),
    )
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("name_key", sa.String(120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "length(name) BETWEEN 2 AND 120", name=op.f("ck_organisations_name_length")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("name_key", name=op.f("uq_organisations_name_key")),
    )
    op.create_table(
        "organisation_memberships",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_memberships_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_organisation_memberships_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "organisation_id", "user_id", name=op.f("pk_organisation_memberships")
        ),
    )
    op.create_index(
        op.f("ix_organisation_memberships_user_id"), "organisation_memberships", ["user_id"]
    )
    op.create_table(
        "history_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("object_type", sa.String(32), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("from_state", sa.String(32), nullable=True),
        sa.Column("to_state", sa.String(32), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_history_entries_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history_entries")),
    )
    op.create_index(op.f("ix_history_entries_actor_id"), "history_entries", ["actor_id"])
    op.create_index(op.f("ix_history_entries_created_at"), "history_entries", ["created_at"])
    op.create_index(
        "ix_history_entries_object", "history_entries", ["object_type", "object_id"]
    )


def downgrade():
    op.drop_index("ix_history_entries_object", table_name="history_entries")
    op.drop_index(op.f("ix_history_entries_created_at"), table_name="history_entries")
    op.drop_index(op.f("ix_history_entries_actor_id"), table_name="history_entries")
    op.drop_table("history_entries")
    op.drop_index(
        op.f("ix_organisation_memberships_user_id"), table_name="organisation_memberships"
    )
    op.drop_table("organisation_memberships")
    op.drop_table("organisations")
    op.drop_table("role_grants")
    op.drop_table("users")
