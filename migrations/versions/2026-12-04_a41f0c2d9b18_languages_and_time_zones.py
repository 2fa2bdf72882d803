"""languages and time zones

Each member reads the hub in a language of their choice and in their time zone; each wiki
page records the language it is written in. Existing rows are English; members' time zone
stays unset, which means "the browser's".

Revision ID: a41f0c2d9b18
Revises: 5c1d7a9e2b40
Create Date: 2026-12-04 21:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a41f0c2d9b18'
down_revision = '5c1d7a9e2b40'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=2), server_default='en', nullable=False))
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), nullable=True))
    with op.batch_alter_table('wiki_pages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=2), server_default='en', nullable=False))


def downgrade():
    with op.batch_alter_table('wiki_pages', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('timezone')
        batch_op.drop_column('language')
