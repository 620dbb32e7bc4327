"""Indexes that cover the proposal list's orders: newest first (by publication, then id) and
most supported (by supports, publication, id), so that a page, and the page after a keyset
cursor, is an index range scan rather than a sort of the consultation's proposals.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("proposals") as batch_op:
        batch_op.drop_index("ix_proposals_supported")
        batch_op.create_index(
            "ix_proposals_supported", ["consultation_id", "supports_count", "published_at", "id"]
        )
        batch_op.create_index("ix_proposals_newest", ["consultation_id", "published_at", "id"])


def downgrade():
    with op.batch_alter_table("proposals") as batch_op:
        batch_op.drop_index("ix_proposals_newest")
        batch_op.drop_index("ix_proposals_supported")
        batch_op.create_index("ix_proposals_supported", ["consultation_id", "supports_count"])
