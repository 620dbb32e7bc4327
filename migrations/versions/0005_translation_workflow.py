"""The translation workflow: translators and their languages, reviewed translations, background
jobs (machine translation), what is read most, and folded text for finding (accents and case).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _fold(text):
    """As ``consult.core.text.fold`` was when this revision was written."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _fill_search_text():
    """Fold what is already written, in batches (the operations keep it from now on)."""
    bind = op.get_bind()
    sources = {
        "proposals": ("title", "body"),
        "consultations": ("title", "summary"),
        "content_translations": ("text",),
        "users": ("display_name", "email"),
    }
    for table, columns in sources.items():
        t = sa.table(table, sa.column("id"), sa.column("search_text"), *map(sa.column, columns))
        last = 0
        while True:
            rows = bind.execute(
                sa.select(t.c.id, *(t.c[c] for c in columns))
                .where(t.c.id > last)
                .order_by(t.c.id)
                .limit(1000)
            ).all()
            if not rows:
                break
            for row in rows:
                text = "\n".join(value or "" for value in row[1:])
                bind.execute(sa.update(t).where(t.c.id == row[0]).values(search_text=_fold(text)))
            last = rows[-1][0]


def upgrade():
    op.create_table(
        "content_reads",
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("reads", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("reads >= 0", name=op.f("ck_content_reads_reads_not_negative")),
        sa.PrimaryKeyConstraint("object_type", "object_id", name=op.f("pk_content_reads")),
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("run_after", sa.DateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "state IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_jobs_known_state")
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_jobs_attempts_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.create_index("ix_jobs_due", ["state", "run_after"], unique=False)
        batch_op.create_index(
            "uq_jobs_pending_key",
            ["key"],
            unique=True,
            sqlite_where=sa.text("state = 'queued'"),
            postgresql_where=sa.text("state = 'queued'"),
        )

    op.create_table(
        "translator_languages",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_translator_languages_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "locale", name=op.f("pk_translator_languages")),
    )
    with op.batch_alter_table("consultations") as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), server_default="", nullable=False))

    with op.batch_alter_table("content_translations") as batch_op:
        batch_op.add_column(sa.Column("reviewed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("search_text", sa.Text(), server_default="", nullable=False))

    with op.batch_alter_table("proposals") as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), server_default="", nullable=False))

    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(
            sa.Column("reading_languages", sa.JSON(), server_default="[]", nullable=False)
        )
        batch_op.add_column(sa.Column("search_text", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("role_grants") as batch_op:
        batch_op.drop_constraint(op.f("ck_role_grants_known_role"), type_="check")
        batch_op.create_check_constraint(
            "known_role", "role IN ('moderator', 'admin', 'verifier', 'translator')"
        )
    _fill_search_text()


def downgrade():
    with op.batch_alter_table("role_grants") as batch_op:
        batch_op.drop_constraint(op.f("ck_role_grants_known_role"), type_="check")
        batch_op.create_check_constraint("known_role", "role IN ('moderator', 'admin', 'verifier')")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("search_text")
        batch_op.drop_column("reading_languages")
    with op.batch_alter_table("proposals") as batch_op:
        batch_op.drop_column("search_text")
    with op.batch_alter_table("content_translations") as batch_op:
        batch_op.drop_column("search_text")
        batch_op.drop_column("reviewed_at")
    with op.batch_alter_table("consultations") as batch_op:
        batch_op.drop_column("search_text")
    # Dropping a table drops its indexes.
    for table in ("translator_languages", "jobs", "content_reads"):
        op.drop_table(table)
