"""forums: moderation notes and reports

The notes a topic shows of what moderators did to it ("Locked by … on …"), and members'
reports of posts, open until a moderator handles them (the queue and the navigation's count
read a workspace's open reports from one index). New tables only.

Revision ID: c9b9ae7e11d1
Revises: 44558431b1ba
Create Date: 2026-12-05 02:16:38.886112

"""

from alembic import op
import sqlalchemy as sa

import hub.database  # custom column types (UTCDateTime)


# revision identifiers, used by Alembic.
revision = "c9b9ae7e11d1"
down_revision = "44558431b1ba"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "forum_moderation_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("moderator_id", sa.Integer(), nullable=True),
        sa.Column("created_at", hub.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["moderator_id"],
            ["users.id"],
            name=op.f("fk_forum_moderation_notes_moderator_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["forum_topics.id"],
            name=op.f("fk_forum_moderation_notes_topic_id_forum_topics"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_moderation_notes")),
    )
    with op.batch_alter_table("forum_moderation_notes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_forum_moderation_notes_topic_created", ["topic_id", "created_at"], unique=False
        )

    op.create_table(
        "forum_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_at", hub.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", hub.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolution", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["forum_posts.id"],
            name=op.f("fk_forum_reports_post_id_forum_posts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["users.id"],
            name=op.f("fk_forum_reports_reporter_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["users.id"],
            name=op.f("fk_forum_reports_resolved_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_forum_reports_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_reports")),
        sa.UniqueConstraint("post_id", "reporter_id", name=op.f("uq_forum_reports_post_id")),
    )
    with op.batch_alter_table("forum_reports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_forum_reports_open", ["workspace_id", "resolved_at", "created_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("forum_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_forum_reports_open")

    op.drop_table("forum_reports")
    with op.batch_alter_table("forum_moderation_notes", schema=None) as batch_op:
        batch_op.drop_index("ix_forum_moderation_notes_topic_created")

    op.drop_table("forum_moderation_notes")
