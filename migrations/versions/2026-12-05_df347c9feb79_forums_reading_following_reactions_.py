"""forums: reading state, following, helpful reactions, answers

How far each member has read each topic (the position of the last post shown); who follows
a topic or a whole forum (one of the two, each once); which members found a post helpful
(its count is read from the primary key's index); and the reply marked as a topic's answer,
one a topic. New tables only: the existing forum tables are not rebuilt.

Revision ID: df347c9feb79
Revises: b7e2c4d91a36
Create Date: 2026-12-05 01:30:32.718563

"""

from alembic import op
import sqlalchemy as sa

import hub.database  # custom column types (UTCDateTime)


# revision identifiers, used by Alembic.
revision = "df347c9feb79"
down_revision = "b7e2c4d91a36"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "forum_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=True),
        sa.Column("forum_id", sa.Integer(), nullable=True),
        sa.Column("created_at", hub.database.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(topic_id IS NULL) <> (forum_id IS NULL)",
            name=op.f("ck_forum_subscriptions_topic_or_forum"),
        ),
        sa.ForeignKeyConstraint(
            ["forum_id"],
            ["forum_forums.id"],
            name=op.f("fk_forum_subscriptions_forum_id_forum_forums"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["forum_topics.id"],
            name=op.f("fk_forum_subscriptions_topic_id_forum_topics"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_forum_subscriptions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_subscriptions")),
        sa.UniqueConstraint("forum_id", "user_id", name=op.f("uq_forum_subscriptions_forum_id")),
        sa.UniqueConstraint("topic_id", "user_id", name=op.f("uq_forum_subscriptions_topic_id")),
    )
    with op.batch_alter_table("forum_subscriptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_forum_subscriptions_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "forum_topic_reads",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("last_position", sa.Integer(), nullable=False),
        sa.Column("read_at", hub.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["forum_topics.id"],
            name=op.f("fk_forum_topic_reads_topic_id_forum_topics"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_forum_topic_reads_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "topic_id", name=op.f("pk_forum_topic_reads")),
    )
    with op.batch_alter_table("forum_topic_reads", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_forum_topic_reads_topic_id"), ["topic_id"], unique=False
        )

    op.create_table(
        "forum_answers",
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("marked_by_id", sa.Integer(), nullable=True),
        sa.Column("marked_at", hub.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["marked_by_id"],
            ["users.id"],
            name=op.f("fk_forum_answers_marked_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["forum_posts.id"],
            name=op.f("fk_forum_answers_post_id_forum_posts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["forum_topics.id"],
            name=op.f("fk_forum_answers_topic_id_forum_topics"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("topic_id", name=op.f("pk_forum_answers")),
        sa.UniqueConstraint("post_id", name=op.f("uq_forum_answers_post_id")),
    )
    op.create_table(
        "forum_reactions",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", hub.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["forum_posts.id"],
            name=op.f("fk_forum_reactions_post_id_forum_posts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_forum_reactions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("post_id", "user_id", name=op.f("pk_forum_reactions")),
    )
    with op.batch_alter_table("forum_reactions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_forum_reactions_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("forum_reactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_reactions_user_id"))

    op.drop_table("forum_reactions")
    op.drop_table("forum_answers")
    with op.batch_alter_table("forum_topic_reads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_topic_reads_topic_id"))

    op.drop_table("forum_topic_reads")
    with op.batch_alter_table("forum_subscriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_subscriptions_user_id"))

    op.drop_table("forum_subscriptions")
