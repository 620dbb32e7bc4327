"""The Action Plan (plans, published versions, sections, measures), revisions with their
amendments and citations, consultations linked to sections and measures (instead of the free-text
plan reference), proposal dispositions and consultation outcomes; plan owners as a local role.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "action_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_plans")),
    )
    op.create_table(
        "plan_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_plan_versions_number_positive")),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["action_plans.id"],
            name=op.f("fk_plan_versions_plan_id_action_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_versions")),
        sa.UniqueConstraint("plan_id", "number", name="uq_plan_versions_number"),
    )
    op.create_table(
        "consultation_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(state = 'published') = (published_at IS NOT NULL)",
            name=op.f("ck_consultation_outcomes_published"),
        ),
        sa.CheckConstraint(
            "state IN ('draft', 'published')", name=op.f("ck_consultation_outcomes_known_state")
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_consultation_outcomes_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["users.id"],
            name=op.f("fk_consultation_outcomes_published_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_outcomes")),
        sa.UniqueConstraint(
            "consultation_id", name=op.f("uq_consultation_outcomes_consultation_id")
        ),
    )
    op.create_table(
        "consultation_plan_links",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("key", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('section', 'measure')", name=op.f("ck_consultation_plan_links_known_kind")
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_consultation_plan_links_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["action_plans.id"],
            name=op.f("fk_consultation_plan_links_plan_id_action_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "consultation_id", "plan_id", "kind", "key", name=op.f("pk_consultation_plan_links")
        ),
    )
    with op.batch_alter_table("consultation_plan_links") as batch_op:
        batch_op.create_index(
            "ix_consultation_plan_links_target", ["plan_id", "kind", "key"], unique=False
        )

    op.create_table(
        "plan_measures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("section_key", sa.Integer(), nullable=False),
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("responsible_body", sa.String(length=300), nullable=False),
        sa.Column("indicators", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("amendment_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "state IN ('active', 'retired')", name=op.f("ck_plan_measures_known_state")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["plan_versions.id"],
            name=op.f("fk_plan_measures_version_id_plan_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_measures")),
        sa.UniqueConstraint("version_id", "code", name="uq_plan_measures_code"),
        sa.UniqueConstraint("version_id", "key", name="uq_plan_measures_key"),
    )
    with op.batch_alter_table("plan_measures") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_measures_version_id"), ["version_id"], unique=False
        )

    op.create_table(
        "plan_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("base_version_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("published_version_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(state = 'published') = (published_version_id IS NOT NULL)",
            name=op.f("ck_plan_revisions_published_has_version"),
        ),
        sa.CheckConstraint(
            "state IN ('draft', 'public_review', 'approved', 'rejected', 'published')",
            name=op.f("ck_plan_revisions_known_state"),
        ),
        sa.ForeignKeyConstraint(
            ["base_version_id"],
            ["plan_versions.id"],
            name=op.f("fk_plan_revisions_base_version_id_plan_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"],
            ["users.id"],
            name=op.f("fk_plan_revisions_opened_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["action_plans.id"],
            name=op.f("fk_plan_revisions_plan_id_action_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["published_version_id"],
            ["plan_versions.id"],
            name=op.f("fk_plan_revisions_published_version_id_plan_versions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_revisions")),
        sa.UniqueConstraint(
            "published_version_id", name=op.f("uq_plan_revisions_published_version_id")
        ),
    )
    op.create_table(
        "plan_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["plan_versions.id"],
            name=op.f("fk_plan_sections_version_id_plan_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_sections")),
        sa.UniqueConstraint("version_id", "key", name="uq_plan_sections_key"),
        sa.UniqueConstraint("version_id", "number", name="uq_plan_sections_number"),
    )
    with op.batch_alter_table("plan_sections") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_sections_version_id"), ["version_id"], unique=False
        )

    op.create_table(
        "plan_amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("measure_key", sa.Integer(), nullable=True),
        sa.Column("section_key", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("responsible_body", sa.String(length=300), nullable=False),
        sa.Column("indicators", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("initiated_by_city", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind <> 'add' OR section_key IS NOT NULL",
            name=op.f("ck_plan_amendments_names_its_section"),
        ),
        sa.CheckConstraint(
            "kind = 'add' OR measure_key IS NOT NULL",
            name=op.f("ck_plan_amendments_names_its_measure"),
        ),
        sa.CheckConstraint(
            "kind = 'retire' OR length(title) > 0", name=op.f("ck_plan_amendments_has_a_text")
        ),
        sa.CheckConstraint(
            "kind IN ('add', 'change', 'retire')", name=op.f("ck_plan_amendments_known_kind")
        ),
        sa.CheckConstraint("length(reason) > 0", name=op.f("ck_plan_amendments_has_a_reason")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_plan_amendments_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["plan_revisions.id"],
            name=op.f("fk_plan_amendments_revision_id_plan_revisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_amendments")),
    )
    with op.batch_alter_table("plan_amendments") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_amendments_revision_id"), ["revision_id"], unique=False
        )
        batch_op.create_index(
            "uq_plan_amendments_one_per_measure",
            ["revision_id", "measure_key"],
            unique=True,
            sqlite_where=sa.text("kind <> 'add'"),
            postgresql_where=sa.text("kind <> 'add'"),
        )

    op.create_table(
        "proposal_dispositions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("disposition", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "disposition IN ('accepted', 'partly_accepted', 'rejected', 'merged', 'out_of_scope')",
            name=op.f("ck_proposal_dispositions_known_disposition"),
        ),
        sa.CheckConstraint(
            "length(reason) BETWEEN 1 AND 5000", name=op.f("ck_proposal_dispositions_reason_length")
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_proposal_dispositions_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_proposal_dispositions_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proposal_dispositions_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_dispositions")),
        sa.UniqueConstraint("proposal_id", name=op.f("uq_proposal_dispositions_proposal_id")),
    )
    with op.batch_alter_table("proposal_dispositions") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_dispositions_consultation_id"),
            ["consultation_id"],
            unique=False,
        )

    op.create_table(
        "plan_citations",
        sa.Column("amendment_id", sa.Integer(), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "object_type IN ('proposals', 'comments', 'consultation_outcomes')",
            name=op.f("ck_plan_citations_known_object"),
        ),
        sa.ForeignKeyConstraint(
            ["amendment_id"],
            ["plan_amendments.id"],
            name=op.f("fk_plan_citations_amendment_id_plan_amendments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "amendment_id", "object_type", "object_id", name=op.f("pk_plan_citations")
        ),
    )
    with op.batch_alter_table("plan_citations") as batch_op:
        batch_op.create_index(
            "ix_plan_citations_object", ["object_type", "object_id"], unique=False
        )

    with op.batch_alter_table("consultations") as batch_op:
        batch_op.drop_column("plan_reference")
    # The two links that go round in a circle, once both ends exist.
    with op.batch_alter_table("plan_versions") as batch_op:
        batch_op.create_foreign_key(
            op.f("fk_plan_versions_revision_id_plan_revisions"),
            "plan_revisions", ["revision_id"], ["id"], ondelete="SET NULL",
        )  # fmt: skip
    with op.batch_alter_table("plan_measures") as batch_op:
        batch_op.create_foreign_key(
            op.f("fk_plan_measures_amendment_id_plan_amendments"),
            "plan_amendments", ["amendment_id"], ["id"], ondelete="SET NULL",
        )  # fmt: skip
    with op.batch_alter_table("local_roles") as batch_op:
        batch_op.drop_constraint(op.f("ck_local_roles_known_local_role"), type_="check")
        batch_op.create_check_constraint(
            "known_local_role",
            "(object_type = 'consultations' AND role IN ('moderator'))"
            " OR (object_type = 'action_plans' AND role IN ('owner'))",
        )


def downgrade():
    op.execute("DELETE FROM local_roles WHERE object_type = 'action_plans'")
    with op.batch_alter_table("local_roles") as batch_op:
        batch_op.drop_constraint(op.f("ck_local_roles_known_local_role"), type_="check")
        batch_op.create_check_constraint(
            "known_local_role", "(object_type = 'consultations' AND role IN ('moderator'))"
        )
    with op.batch_alter_table("consultations") as batch_op:
        batch_op.add_column(
            sa.Column("plan_reference", sa.String(200), nullable=False, server_default="")
        )
    with op.batch_alter_table("plan_measures") as batch_op:
        batch_op.drop_constraint(
            op.f("fk_plan_measures_amendment_id_plan_amendments"), type_="foreignkey"
        )
    with op.batch_alter_table("plan_versions") as batch_op:
        batch_op.drop_constraint(
            op.f("fk_plan_versions_revision_id_plan_revisions"), type_="foreignkey"
        )
    # Dropping a table drops its indexes.
    for table in (
        "plan_citations",
        "proposal_dispositions",
        "plan_amendments",
        "plan_sections",
        "plan_revisions",
        "plan_measures",
        "consultation_plan_links",
        "consultation_outcomes",
        "plan_versions",
        "action_plans",
    ):
        op.drop_table(table)
