"""forums, topics, posts and post revisions

The forums of each workspace, their topics and posts, and the earlier versions of edited
posts. Counts and last-post pointers are stored; the listing index serves the topic list
(pinned first, then by last activity) and (topic, position) a topic's pages. The last-post
foreign keys are added once forum_posts exists (the tables point at each other).

Revision ID: 744c8aa23f39
Revises: a41f0c2d9b18
Create Date: 2026-12-04 22:27:36.187687

"""

from alembic import op
import sqlalchemy as sa

import hub.database  # custom column types (UTCDateTime)


# revision identifiers, used by Alembic.
revision = "744c8aa23f39"
down_revision = "a41f0c2d9b18"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "forum_forums",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("archived_at", hub.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", hub.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("topic_count", sa.Integer(), nullable=False),
        sa.Column("post_count", sa.Integer(), nullable=False),
        sa.Column("last_post_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_forum_forums_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_forums")),
    )
    with op.batch_alter_table("forum_forums", schema=None) as batch_op:
        batch_op.create_index(
            "ix_forum_forums_workspace_position", ["workspace_id", "position"], unique=False
        )

    op.create_table(
        "forum_topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", hub.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("post_count", sa.Integer(), nullable=False),
        sa.Column("last_position", sa.Integer(), nullable=False),
        sa.Column("view_count", sa.Integer(), nullable=False),
        sa.Column("last_post_id", sa.Integer(), nullable=True),
        sa.Column("last_post_at", hub.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", hub.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_forum_topics_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["forum_id"],
            ["forum_forums.id"],
            name=op.f("fk_forum_topics_forum_id_forum_forums"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_topics")),
    )
    with op.batch_alter_table("forum_topics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_forum_topics_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            "ix_forum_topics_listing", ["forum_id", "pinned", "last_post_at", "id"], unique=False
        )

    op.create_table(
        "forum_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("form_token", sa.String(length=64), nullable=True),
        sa.Column("created_at", hub.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("edited_at", hub.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", hub.database.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_forum_posts_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["forum_topics.id"],
            name=op.f("fk_forum_posts_topic_id_forum_topics"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_posts")),
        sa.UniqueConstraint("author_id", "form_token", name=op.f("uq_forum_posts_author_id")),
        sa.UniqueConstraint("topic_id", "position", name=op.f("uq_forum_posts_topic_id")),
    )
    with op.batch_alter_table("forum_posts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_forum_posts_author_created", ["author_id", "created_at"], unique=False
        )

    for table in ("forum_forums", "forum_topics"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_last_post_id_forum_posts"),
                "forum_posts",
                ["last_post_id"],
                ["id"],
                ondelete="SET NULL",
            )

    op.create_table(
        "forum_post_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("written_at", hub.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("replaced_at", hub.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("editor_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["editor_id"],
            ["users.id"],
            name=op.f("fk_forum_post_revisions_editor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["forum_posts.id"],
            name=op.f("fk_forum_post_revisions_post_id_forum_posts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_post_revisions")),
    )
    with op.batch_alter_table("forum_post_revisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_forum_post_revisions_post_id"), ["post_id"], unique=False
        )


def downgrade():
    for table in ("forum_topics", "forum_forums"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(
                batch_op.f(f"fk_{table}_last_post_id_forum_posts"), type_="foreignkey"
            )

    with op.batch_alter_table("forum_post_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_post_revisions_post_id"))

    op.drop_table("forum_post_revisions")
    with op.batch_alter_table("forum_posts", schema=None) as batch_op:
        batch_op.drop_index("ix_forum_posts_author_created")

    op.drop_table("forum_posts")
    with op.batch_alter_table("forum_topics", schema=None) as batch_op:
        batch_op.drop_index("ix_forum_topics_listing")
        batch_op.drop_index(batch_op.f("ix_forum_topics_author_id"))

    op.drop_table("forum_topics")
    with op.batch_alter_table("forum_forums", schema=None) as batch_op:
        batch_op.drop_index("ix_forum_forums_workspace_position")

    op.drop_table("forum_forums")
