"""toolkit: self-assessment questionnaires, assessments, shares and section scores

The questionnaires as loaded (their definition kept as JSON), members' assessments with
their answers, the members each is shared with, and the scores stored when one is
submitted (history and the workspace's aggregate figures read them). New tables only.

Revision ID: 4d473b7660d9
Revises: 01e0bed27213
Create Date: 2026-12-05 22:07:15.053171

"""
from alembic import op
import sqlalchemy as sa

import hub.database  # custom column types (UTCDateTime)


# revision identifiers, used by Alembic.
revision = '4d473b7660d9'
down_revision = '01e0bed27213'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('toolkit_questionnaires',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=63), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('loaded_at', hub.database.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_toolkit_questionnaires')),
    sa.UniqueConstraint('key', 'version', name=op.f('uq_toolkit_questionnaires_key'))
    )
    op.create_table('toolkit_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', name='assessmentstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('gate_answers', sa.JSON(), nullable=False),
    sa.Column('overall_score', sa.Float(), nullable=True),
    sa.Column('level', sa.String(length=16), nullable=True),
    sa.Column('copied_from_id', sa.Integer(), nullable=True),
    sa.Column('created_at', hub.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hub.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', hub.database.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_toolkit_assessments_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['copied_from_id'], ['toolkit_assessments.id'], name=op.f('fk_toolkit_assessments_copied_from_id_toolkit_assessments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['questionnaire_id'], ['toolkit_questionnaires.id'], name=op.f('fk_toolkit_assessments_questionnaire_id_toolkit_questionnaires')),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_toolkit_assessments_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_toolkit_assessments'))
    )
    with op.batch_alter_table('toolkit_assessments', schema=None) as batch_op:
        batch_op.create_index('ix_toolkit_assessments_author', ['workspace_id', 'author_id', 'id'], unique=False)
        batch_op.create_index('ix_toolkit_assessments_history', ['workspace_id', 'author_id', 'status', 'submitted_at'], unique=False)
        batch_op.create_index('ix_toolkit_assessments_status', ['workspace_id', 'questionnaire_id', 'status'], unique=False)

    op.create_table('toolkit_section_scores',
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.String(length=63), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['toolkit_assessments.id'], name=op.f('fk_toolkit_section_scores_assessment_id_toolkit_assessments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assessment_id', 'section_id', name=op.f('pk_toolkit_section_scores'))
    )
    op.create_table('toolkit_shares',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', hub.database.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['toolkit_assessments.id'], name=op.f('fk_toolkit_shares_assessment_id_toolkit_assessments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_toolkit_shares_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_toolkit_shares')),
    sa.UniqueConstraint('assessment_id', 'user_id', name=op.f('uq_toolkit_shares_assessment_id'))
    )
    with op.batch_alter_table('toolkit_shares', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_toolkit_shares_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('toolkit_shares', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_toolkit_shares_user_id'))

    op.drop_table('toolkit_shares')
    op.drop_table('toolkit_section_scores')
    with op.batch_alter_table('toolkit_assessments', schema=None) as batch_op:
        batch_op.drop_index('ix_toolkit_assessments_status')
        batch_op.drop_index('ix_toolkit_assessments_history')
        batch_op.drop_index('ix_toolkit_assessments_author')

    op.drop_table('toolkit_assessments')
    op.drop_table('toolkit_questionnaires')
