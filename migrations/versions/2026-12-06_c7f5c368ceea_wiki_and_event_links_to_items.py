"""wiki pages and events keep their [[kind:ID]] links to other packages' items

Each wiki page's current revision, and each event's description and outcomes, may name a
document, an event, a forum or a topic (``[[doc:12]]``): these two tables keep which, by
kind and id within the workspace, so that a document's page lists the pages and events that
link to it. New tables only. Their rows come from text the migration does not parse:
existing databases fill them with `flask --app wsgi hub rebuild-links` (once; safe to run
again); pages and events saved from now on keep them up to date.

Revision ID: c7f5c368ceea
Revises: 4d473b7660d9
Create Date: 2026-12-06 00:28:55.990825

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c7f5c368ceea"
down_revision = "4d473b7660d9"
branch_labels = None
depends_on = None


def _item_links_table(name: str, owner: str, owner_table: str) -> None:
    """A table of (owner, workspace, kind, item id) rows, found by item within a workspace."""
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(owner, sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("item_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            [owner],
            [f"{owner_table}.id"],
            name=op.f(f"fk_{name}_{owner}_{owner_table}"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f(f"fk_{name}_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint(owner, "kind", "item_id", name=op.f(f"uq_{name}_{owner}")),
    )
    op.create_index(f"ix_{name}_item", name, ["workspace_id", "kind", "item_id", owner])


def upgrade():
    _item_links_table("wiki_page_item_links", "page_id", "wiki_pages")
    _item_links_table("event_item_links", "event_id", "events")


def downgrade():
    for name in ("event_item_links", "wiki_page_item_links"):
        op.drop_index(f"ix_{name}_item", table_name=name)
        op.drop_table(name)
