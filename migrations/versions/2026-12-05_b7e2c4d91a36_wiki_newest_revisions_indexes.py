"""wiki newest revisions indexes

Recent changes, the wiki home's latest edits and the feed read a workspace's newest revisions
(or a section's, or an author's); history a page's; "what links here" a page's linking pages
newest first. Each revision now carries its page's workspace and section, so that an index
gives the newest ones without sorting all of them, whatever the wiki's size. A branch's pages
(siblings, children, a section's top level) are indexed with their deletion time, by title and
by last change, and a page's children by title whatever their section: the live ones are read
in order, and counted, from the index alone. Deleted pages' links are removed (restoring a
page stores its links again): a page's backlinks are counted from the index of links alone.
Going down keeps them removed; a page restored then gets its links at its next save.

SQLite cannot add a NOT NULL column with a foreign key in place: the revisions table is
rebuilt. Foreign keys are on (and cannot be switched off inside the migration's transaction),
so dropping the old table sets every page's current revision to NULL (ON DELETE SET NULL):
the pages' current revisions are kept aside and put back once the new table holds the rows.

Revision ID: b7e2c4d91a36
Revises: 744c8aa23f39
Create Date: 2026-12-05 10:20:00.000000

"""
from contextlib import contextmanager

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e2c4d91a36'
down_revision = '744c8aa23f39'
branch_labels = None
depends_on = None


@contextmanager
def keeping_current_revisions():
    """Rebuild wiki_revisions inside: the pages' current revisions survive it."""
    sqlite = op.get_bind().dialect.name == 'sqlite'
    if sqlite:
        op.execute(
            'CREATE TEMPORARY TABLE kept_current_revisions AS'
            ' SELECT id, current_revision_id FROM wiki_pages WHERE current_revision_id IS NOT NULL'
        )
    yield
    if sqlite:
        op.execute(
            'UPDATE wiki_pages SET current_revision_id = (SELECT kept.current_revision_id'
            ' FROM kept_current_revisions AS kept WHERE kept.id = wiki_pages.id)'
            ' WHERE id IN (SELECT id FROM kept_current_revisions)'
        )
        op.execute('DROP TABLE kept_current_revisions')


def upgrade():
    with op.batch_alter_table('wiki_revisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('workspace_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('section_id', sa.Integer(), nullable=True))
    op.execute(
        'UPDATE wiki_revisions SET'
        ' workspace_id = (SELECT wiki_pages.workspace_id FROM wiki_pages'
        ' WHERE wiki_pages.id = wiki_revisions.page_id),'
        ' section_id = (SELECT wiki_pages.section_id FROM wiki_pages'
        ' WHERE wiki_pages.id = wiki_revisions.page_id)'
    )
    with keeping_current_revisions(), op.batch_alter_table('wiki_revisions') as batch_op:
        batch_op.alter_column('workspace_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('section_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_wiki_revisions_workspace_id_workspaces'),
            'workspaces', ['workspace_id'], ['id'], ondelete='CASCADE',
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_wiki_revisions_section_id_wiki_sections'),
            'wiki_sections', ['section_id'], ['id'], ondelete='CASCADE',
        )
        batch_op.drop_index('ix_wiki_revisions_author_id')
        batch_op.drop_index('ix_wiki_revisions_created_at')
        batch_op.create_index(
            'ix_wiki_revisions_workspace_created', ['workspace_id', 'created_at', 'id'], unique=False
        )
        batch_op.create_index(
            'ix_wiki_revisions_section_created', ['section_id', 'created_at', 'id'], unique=False
        )
        batch_op.create_index(
            'ix_wiki_revisions_author_created', ['author_id', 'created_at', 'id'], unique=False
        )
    with op.batch_alter_table('wiki_pages', schema=None) as batch_op:
        batch_op.drop_index('ix_wiki_pages_section_parent_title')
        batch_op.drop_index('ix_wiki_pages_parent_id')
        batch_op.create_index(
            'ix_wiki_pages_children', ['parent_id', 'deleted_at', 'title_key', 'id'], unique=False
        )
        batch_op.create_index(
            'ix_wiki_pages_branch_title',
            ['section_id', 'parent_id', 'deleted_at', 'title_key', 'id'],
            unique=False,
        )
        batch_op.create_index(
            'ix_wiki_pages_branch_updated',
            ['section_id', 'parent_id', 'deleted_at', 'updated_at', 'id'],
            unique=False,
        )
    # A deleted page links nowhere now (its links come back when it is restored): a page's
    # backlinks are counted from the index of links alone.
    op.execute(
        'DELETE FROM wiki_page_links WHERE source_page_id IN'
        ' (SELECT id FROM wiki_pages WHERE deleted_at IS NOT NULL)'
    )
    with op.batch_alter_table('wiki_page_links', schema=None) as batch_op:
        batch_op.drop_index('ix_wiki_page_links_target_page_id')
        batch_op.create_index(
            'ix_wiki_page_links_target_source', ['target_page_id', 'source_page_id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('wiki_page_links', schema=None) as batch_op:
        batch_op.drop_index('ix_wiki_page_links_target_source')
        batch_op.create_index('ix_wiki_page_links_target_page_id', ['target_page_id'], unique=False)
    with op.batch_alter_table('wiki_pages', schema=None) as batch_op:
        batch_op.drop_index('ix_wiki_pages_branch_updated')
        batch_op.drop_index('ix_wiki_pages_branch_title')
        batch_op.drop_index('ix_wiki_pages_children')
        batch_op.create_index('ix_wiki_pages_parent_id', ['parent_id'], unique=False)
        batch_op.create_index(
            'ix_wiki_pages_section_parent_title', ['section_id', 'parent_id', 'title_key'], unique=False
        )
    with keeping_current_revisions(), op.batch_alter_table('wiki_revisions') as batch_op:
        batch_op.drop_index('ix_wiki_revisions_author_created')
        batch_op.drop_index('ix_wiki_revisions_section_created')
        batch_op.drop_index('ix_wiki_revisions_workspace_created')
        batch_op.create_index('ix_wiki_revisions_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_wiki_revisions_author_id', ['author_id'], unique=False)
        batch_op.drop_constraint(
            batch_op.f('fk_wiki_revisions_section_id_wiki_sections'), type_='foreignkey'
        )
        batch_op.drop_constraint(
            batch_op.f('fk_wiki_revisions_workspace_id_workspaces'), type_='foreignkey'
        )
        batch_op.drop_column('section_id')
        batch_op.drop_column('workspace_id')
