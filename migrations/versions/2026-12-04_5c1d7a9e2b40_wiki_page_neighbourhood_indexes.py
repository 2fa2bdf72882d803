"""wiki page neighbourhood indexes

The sidebar reads a page's siblings in title order, the section page a section's top-level
pages, and the wiki home each section's latest pages: with thousands of pages in a section,
these indexes find the few shown without sorting the section.

Revision ID: 5c1d7a9e2b40
Revises: e3caf1134a07
Create Date: 2026-12-04 20:35:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5c1d7a9e2b40'
down_revision = 'e3caf1134a07'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('wiki_pages', schema=None) as batch_op:
        batch_op.create_index(
            'ix_wiki_pages_section_parent_title', ['section_id', 'parent_id', 'title_key'], unique=False
        )
        batch_op.create_index(
            'ix_wiki_pages_section_updated', ['section_id', 'updated_at'], unique=False
        )


def downgrade():
    with op.batch_alter_table('wiki_pages', schema=None) as batch_op:
        batch_op.drop_index('ix_wiki_pages_section_updated')
        batch_op.drop_index('ix_wiki_pages_section_parent_title')
