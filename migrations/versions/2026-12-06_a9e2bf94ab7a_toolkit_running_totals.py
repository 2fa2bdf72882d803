"""toolkit: running totals for the administrators' figures

Per workspace and questionnaire key: counts of drafts, submissions and contributing
members; per section (and the overall score) the sum and count of submitted scores and
their contributing members; submissions per month; and which members contributed to each,
so that a member counts once. wiki.toolkit.services adds to them from now on; the upgrade
fills them from the assessments already there.

Revision ID: a9e2bf94ab7a
Revises: c7f5c368ceea
Create Date: 2026-12-06 00:39:36.234111

"""
from collections import defaultdict

from alembic import op
import sqlalchemy as sa

import hub.database  # custom column types (UTCDateTime)


# revision identifiers, used by Alembic.
revision = 'a9e2bf94ab7a'
down_revision = 'c7f5c368ceea'
branch_labels = None
depends_on = None


# The tables as this revision knows them (not the models, which may change later).
questionnaires = sa.table('toolkit_questionnaires', sa.column('id'), sa.column('key'))
assessments = sa.table(
    'toolkit_assessments',
    sa.column('id'),
    sa.column('workspace_id'),
    sa.column('author_id'),
    sa.column('questionnaire_id'),
    sa.column('status'),
    sa.column('overall_score'),
    sa.column('submitted_at', hub.database.UTCDateTime()),
)
section_scores = sa.table(
    'toolkit_section_scores', sa.column('assessment_id'), sa.column('section_id'), sa.column('score')
)
#: As in wiki.toolkit.models.
ANY_SUBMISSION = '*'
OVERALL = '*overall'


def fill_totals():
    """The totals of the assessments already there, as the services would have kept them."""
    connection = op.get_bind()
    keys = dict(connection.execute(sa.select(questionnaires.c.id, questionnaires.c.key)).all())
    counts = defaultdict(lambda: {'drafts': 0, 'submitted': 0})
    sums = defaultdict(lambda: [0, 0.0])
    contributors = set()
    months = defaultdict(int)
    submitted = {}
    for row in connection.execute(sa.select(assessments)):
        where = (row.workspace_id, keys[row.questionnaire_id])
        if row.status != 'submitted':
            counts[where]['drafts'] += 1
            continue
        counts[where]['submitted'] += 1
        contributors.add((*where, ANY_SUBMISSION, row.author_id))
        submitted[row.id] = (where, row.author_id)
        months[(*where, row.submitted_at.date().replace(day=1))] += 1
        if row.overall_score is not None:
            sums[(*where, OVERALL)][0] += 1
            sums[(*where, OVERALL)][1] += row.overall_score
            contributors.add((*where, OVERALL, row.author_id))
    for row in connection.execute(
        sa.select(section_scores).where(section_scores.c.score.is_not(None))
    ):
        if row.assessment_id not in submitted:
            continue
        where, author_id = submitted[row.assessment_id]
        sums[(*where, row.section_id)][0] += 1
        sums[(*where, row.section_id)][1] += row.score
        contributors.add((*where, row.section_id, author_id))
    members = defaultdict(int)
    for workspace_id, key, part, _author in contributors:
        members[(workspace_id, key, part)] += 1
    rows = {
        'toolkit_totals': [
            {
                'workspace_id': workspace_id,
                'questionnaire_key': key,
                **count,
                'contributors': members[(workspace_id, key, ANY_SUBMISSION)],
            }
            for (workspace_id, key), count in counts.items()
        ],
        'toolkit_score_totals': [
            {
                'workspace_id': workspace_id,
                'questionnaire_key': key,
                'part': part,
                'counted': counted,
                'score_sum': total,
                'contributors': members[(workspace_id, key, part)],
            }
            for (workspace_id, key, part), (counted, total) in sums.items()
        ],
        'toolkit_completions': [
            {'workspace_id': workspace_id, 'questionnaire_key': key, 'month': month, 'submitted': count}
            for (workspace_id, key, month), count in months.items()
        ],
        'toolkit_contributors': [
            {'workspace_id': workspace_id, 'questionnaire_key': key, 'part': part, 'author_id': author}
            for workspace_id, key, part, author in contributors
        ],
    }
    for name, values in rows.items():
        if values:
            table = sa.table(name, *(sa.column(column) for column in values[0]))
            connection.execute(table.insert(), values)


def upgrade():
    op.create_table('toolkit_completions',
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_key', sa.String(length=63), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('submitted', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_toolkit_completions_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workspace_id', 'questionnaire_key', 'month', name=op.f('pk_toolkit_completions'))
    )
    op.create_table('toolkit_contributors',
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_key', sa.String(length=63), nullable=False),
    sa.Column('part', sa.String(length=63), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_toolkit_contributors_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_toolkit_contributors_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workspace_id', 'questionnaire_key', 'part', 'author_id', name=op.f('pk_toolkit_contributors'))
    )
    op.create_table('toolkit_score_totals',
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_key', sa.String(length=63), nullable=False),
    sa.Column('part', sa.String(length=63), nullable=False),
    sa.Column('counted', sa.Integer(), nullable=False),
    sa.Column('score_sum', sa.Float(), nullable=False),
    sa.Column('contributors', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_toolkit_score_totals_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workspace_id', 'questionnaire_key', 'part', name=op.f('pk_toolkit_score_totals'))
    )
    op.create_table('toolkit_totals',
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_key', sa.String(length=63), nullable=False),
    sa.Column('drafts', sa.Integer(), nullable=False),
    sa.Column('submitted', sa.Integer(), nullable=False),
    sa.Column('contributors', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_toolkit_totals_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workspace_id', 'questionnaire_key', name=op.f('pk_toolkit_totals'))
    )
    fill_totals()


def downgrade():
    op.drop_table('toolkit_totals')
    op.drop_table('toolkit_score_totals')
    op.drop_table('toolkit_contributors')
    op.drop_table('toolkit_completions')
